package web

import (
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/klantpuls/klantpuls/internal/app"
	"github.com/klantpuls/klantpuls/internal/cx"
	"github.com/klantpuls/klantpuls/internal/engine"
	"github.com/klantpuls/klantpuls/internal/metric"
)

// The customer list under the Klanten page: search by name, e-mail or customer id, sort by
// name, revenue over the CLV's window, last contact or NPS class, 50 a page. The app searches,
// sorts, counts and cuts the page (app Customers); only the page comes here.

const customerListSize = 50

// maxSearch is the longest search, in characters.
const maxSearch = 200

type customerList struct {
	Search    string
	Sort, Dir string
	Count     string // "12 klanten"
	Rows      []customerListRow
	Heads     []sortHead
	pager
}

type customerListRow struct {
	ID, Href, Name, Email, Revenue, LastContact, NPS string
}

// sortHead is a sortable column's header: its link sorts by it (the other way round when the
// list is sorted by it already).
type sortHead struct {
	Label, Href, Title string
	Sort               string // aria-sort: ascending, descending or none
}

// customerSorts are the list's sortable columns, in the order shown, with the direction a
// first click sorts in: the highest revenue, the latest contact and promoters first.
var customerSorts = []sortKey{
	{"name", "cl_name", false}, {"revenue", "cl_revenue", true}, {"last_contact", "cl_last_contact", true}, {"nps", "cl_nps_class", true},
}

// listRequest is what the URL asks of the customer list.
type listRequest struct {
	Search, Sort, Dir string
	Desc              bool
	Page              int // from 1
}

// readListRequest reads the list's parameters: q, and sort (name, revenue, last_contact, nps;
// revenue when none), dir (asc, desc; each column's first direction when none) and page (from
// 1) as every list reads them (readListOrder). A search, sort, dir or page the list does not
// have returns the key of the words that say so, with the value.
func readListRequest(q url.Values) (req listRequest, problem, value string) {
	req = listRequest{Search: strings.TrimSpace(q.Get("q"))}
	// A NUL or broken UTF-8 is no text PostgreSQL takes; a search of a page's length is no name.
	if !cx.IsText(req.Search) || utf8.RuneCountInString(req.Search) > maxSearch {
		return listRequest{}, "cl_bad_search", ""
	}
	o, bad := readListOrder(q, customerSorts, "revenue")
	if bad != nil {
		return listRequest{}, "cl_bad_" + bad.Param, bad.Value
	}
	req.Sort, req.Desc, req.Dir, req.Page = o.Sort, o.Desc, direction(o.Desc), o.Page
	return req, "", ""
}

// customerList reads the page of the list the URL asks for. A sort or page the list does not
// have is cx.EINVALID, said in the page's language.
func (s *Server) customerList(r *http.Request, d *dashPage) (*customerList, error) {
	v := d.View
	req, problem, value := readListRequest(r.URL.Query())
	switch problem {
	case "cl_bad_search":
		return nil, cx.Errorf(cx.EINVALID, d.T(problem), maxSearch)
	case "cl_bad_sort", "cl_bad_dir":
		return nil, cx.Errorf(cx.EINVALID, d.T(problem), value)
	case "cl_bad_page":
		return nil, cx.Errorf(cx.EINVALID, d.T(problem), value, maxPageNumber)
	}
	cl := &customerList{Search: req.Search, Sort: req.Sort, Dir: req.Dir}
	desc, page := req.Desc, req.Page
	// The view's segment narrows the list; channel, team and agent are no customer's. The
	// revenue is the page's CLV's: over the year up to today while the period runs.
	year := v.measured()
	rows, total, err := s.app.Customers(r.Context(), app.CustomerQuery{Search: cl.Search, Segment: v.Filter[engine.BySegment], Sort: app.CustomerSort(cl.Sort),
		Descending: desc, RevenueFrom: metric.CLVWindowStart(year.From, year.To), RevenueTo: year.To,
		Limit: customerListSize, Offset: (page - 1) * customerListSize})
	if err != nil {
		return nil, err
	}
	cl.Count = d.Count(total, "customers")
	link := func(pairs ...string) string {
		return v.link("/customers", append([]string{"q", cl.Search, "sort", cl.Sort, "dir", cl.Dir}, pairs...)...) + "#h-list"
	}
	at := func(n int) string { return link("page", strconv.Itoa(n)) } // a page of the list as searched and sorted
	// A customer's page keeps the view and leads back to this page of the list.
	back := at(page)
	l, loc := v.Lang, s.app.Config.Timezone
	for _, c := range rows {
		row := customerListRow{ID: c.ID, Href: d.Link(customerURL(c.ID), "back", back), Name: c.Name, Email: c.Email,
			Revenue: l.Money(d.Currency, c.Revenue), LastContact: "–", NPS: "–"}
		if strings.TrimSpace(c.Name) == "" { // no name, or no customer row yet
			row.Name = "–"
		}
		if !c.LastContact.IsZero() {
			row.LastContact = v.date(c.LastContact.In(loc))
		}
		if c.NPS != nil {
			row.NPS = fmt.Sprintf("%s (%d)", d.T(metric.NPSClassName(*c.NPS)), *c.NPS)
		}
		cl.Rows = append(cl.Rows, row)
	}
	cl.pager = pagerOf(d.page, page, pageCount(total, customerListSize), at)
	for _, c := range customerSorts {
		h := sortHead{Label: d.T(c.Word), Sort: "none"}
		dir := direction(c.Desc)
		if c.Key == cl.Sort {
			h.Sort = map[bool]string{true: "descending", false: "ascending"}[desc]
			dir = direction(!desc)
		}
		h.Href = link("sort", c.Key, "dir", dir, "page", "")
		h.Title = fmt.Sprintf(d.T("cl_sort_by"), h.Label) + " (" + d.T(map[string]string{"asc": "cl_ascending", "desc": "cl_descending"}[dir]) + ")"
		cl.Heads = append(cl.Heads, h)
	}
	return cl, nil
}
