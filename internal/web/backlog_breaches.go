package web

import (
	"cmp"
	"fmt"
	"net/url"
	"slices"

	"github.com/klantpuls/klantpuls/internal/engine"
)

// breachesPerPage is how many breaches the list shows at a time, as the follow-up list does.
const breachesPerPage = 50

// breachOrder is how the list of breaches is ordered and which page of it shows, read from the
// URL: sort (late, the default, or created), dir (desc, the default: the latest or newest
// first, or asc) and page (from 1; past the last page shows the last).
type breachOrder struct {
	Sort string
	Desc bool
	Page int
}

// paramError is a URL parameter a page cannot read; the page says so in its own language.
type paramError struct{ Param, Value, Choices string }

func (e *paramError) Error() string {
	return fmt.Sprintf("%s: %q is not one of %s", e.Param, e.Value, e.Choices)
}

func breachOrderOf(q url.Values) (breachOrder, *paramError) {
	o := breachOrder{Sort: "late", Desc: true, Page: 1}
	switch s := q.Get("sort"); s {
	case "", "late":
	case "created":
		o.Sort = s
	default:
		return o, &paramError{"sort", s, "late, created"}
	}
	switch d := q.Get("dir"); d {
	case "", "desc":
	case "asc":
		o.Desc = false
	default:
		return o, &paramError{"dir", d, "asc, desc"}
	}
	var ok bool
	if o.Page, ok = pageFromOne(q.Get("page")); !ok {
		return o, &paramError{"page", q.Get("page"), fmt.Sprintf("1–%d", maxPageNumber)}
	}
	return o, nil
}

// arrange sorts the breaches (ties broken by creation, then ticket id, so a page holds the same
// rows every time) and cuts out the order's page. It returns the page's rows, the number of
// pages and the page shown.
func (o breachOrder) arrange(list []engine.Breach) ([]engine.Breach, int, int) {
	slices.SortFunc(list, func(a, b engine.Breach) int {
		c := 0
		if o.Sort == "late" {
			c = cmp.Compare(a.Late, b.Late)
		}
		if c == 0 {
			c = a.Created.Compare(b.Created)
		}
		if o.Desc {
			c = -c
		}
		return cmp.Or(c, cmp.Compare(a.Ticket, b.Ticket))
	})
	pages := max(1, (len(list)+breachesPerPage-1)/breachesPerPage)
	page := min(o.Page, pages)
	start := (page - 1) * breachesPerPage
	return list[start:min(start+breachesPerPage, len(list))], pages, page
}
