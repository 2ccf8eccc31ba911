package web

import (
	"fmt"
	"github.com/klantpuls/klantpuls/internal/cx"
	"net/url"
	"slices"
	"strconv"
	"strings"
)

// Every paged list (the customer list, the backlog's breaches, the drill-down, Opvolging,
// Risico, Feedback) reads its sort, dir and page here and shows its pages with one pager
// (pagerOf and templates/pager.html), so a URL means the same on each: pages count from 1, dir
// is asc or desc, and a value a list does not have is refused with an error that names the
// parameter — never silently replaced by the default. Refusing is what the lists did already
// for every bad page and for all but one bad sort or dir, and what a link that asks for
// something the list cannot do deserves: a clear answer rather than a different list.

// sortKey is one way a list sorts: the key the URL names it by, the word of its column's
// header, and the direction it sorts in when the URL names none (the highest revenue, the
// latest contact first).
type sortKey struct {
	Key, Word string
	Desc      bool
}

// listOrder is how a list is ordered and which of its pages shows.
type listOrder struct {
	Sort string
	Desc bool
	Page int // from 1
}

// paramError is a URL parameter a page cannot read; the page says so in its own language.
type paramError struct{ Param, Value, Choices string }

func (e *paramError) Error() string {
	if e.Param == "page" {
		return fmt.Sprintf("page: %q is not a page number (%s)", e.Value, e.Choices)
	}
	return fmt.Sprintf("%s: %q is not one of %s", e.Param, e.Value, e.Choices)
}

// in is the refusal in the page's language, naming the parameter and its choices.
func (e *paramError) in(d *dashPage) error {
	if d == nil { // the API, which refuses in English
		return cx.Errorf(cx.EINVALID, "%s", e)
	}
	return errBadParam(d, e.Param, e.Value, e.Choices)
}

// readListOrder reads sort, dir and page. sorts are the list's ways to sort and def the key it
// sorts by when the URL names none. Without sorts the list checks the sort itself (the
// drill-down, whose columns depend on its metric): any sort is read, "" for none, and dir is
// asc unless it says desc.
func readListOrder(q url.Values, sorts []sortKey, def string) (listOrder, *paramError) {
	o := listOrder{Sort: strings.TrimSpace(q.Get("sort"))}
	if len(sorts) > 0 {
		if o.Sort == "" {
			o.Sort = def
		}
		i := slices.IndexFunc(sorts, func(s sortKey) bool { return s.Key == o.Sort })
		if i < 0 {
			keys := make([]string, len(sorts))
			for j, s := range sorts {
				keys[j] = s.Key
			}
			return o, &paramError{"sort", o.Sort, strings.Join(keys, ", ")}
		}
		o.Desc = sorts[i].Desc
	}
	switch d := q.Get("dir"); d {
	case "":
	case "asc", "desc":
		o.Desc = d == "desc"
	default:
		return o, &paramError{"dir", d, "asc, desc"}
	}
	var bad *paramError
	o.Page, bad = readPage(q)
	return o, bad
}

// maxPageNumber bounds a page number, so the offset of its first row stays far from
// overflowing.
const maxPageNumber = 1_000_000

// readPage reads the page of a list: 1 to maxPageNumber, 1 when the URL names none.
func readPage(q url.Values) (int, *paramError) {
	s := q.Get("page")
	if s == "" {
		return 1, nil
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < 1 || n > maxPageNumber {
		return 1, &paramError{"page", s, fmt.Sprintf("1–%d", maxPageNumber)}
	}
	return n, nil
}

// direction is the dir parameter of an order.
func direction(desc bool) string {
	if desc {
		return "desc"
	}
	return "asc"
}

// pageCount is how many pages of size rows total rows fill: at least one, empty or not.
func pageCount(total, size int) int { return max(1, (total+size-1)/size) }

// pager is a paged list's way through its pages, which the "pager" partial shows when there is
// more than one: links to the page before and after ("" at either end), where the list is
// ("pagina 2 van 5") and its words, in the page's language. A list embeds it.
type pager struct {
	Prev, Next, PageOf               string
	PagerLabel, PrevLabel, NextLabel string
}

// pagerOf is the pager of page n of pages; link is a page's URL. A page past the last (the list
// has shortened since its link was made) links back to the last.
func pagerOf(p *page, n, pages int, link func(page int) string) pager {
	pg := pager{PageOf: fmt.Sprintf(p.T("pager_page_of"), p.Num(n), p.Num(pages)),
		PagerLabel: p.T("pager_pages"), PrevLabel: p.T("pager_prev"), NextLabel: p.T("pager_next")}
	if n > 1 {
		pg.Prev = link(min(n-1, pages))
	}
	if n < pages {
		pg.Next = link(n + 1)
	}
	return pg
}
