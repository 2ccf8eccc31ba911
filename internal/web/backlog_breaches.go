package web

import (
	"cmp"
	"net/url"
	"slices"

	"github.com/klantpuls/klantpuls/internal/engine"
)

// breachesPerPage is how many breaches the list shows at a time, as the follow-up list does.
const breachesPerPage = 50

// breachOrder is how the list of breaches is ordered and which page of it shows, read from the
// URL as every list reads it (readListOrder): sort (late, the default, or created), dir (desc,
// the default: the latest or newest first, or asc) and page (from 1; past the last page shows
// the last).
type breachOrder listOrder

// breachSorts are the list's sortable columns, each sorting the latest or newest first.
var breachSorts = []sortKey{{"late", "fl_late", true}, {"created", "fl_created", true}}

func breachOrderOf(q url.Values) (breachOrder, *paramError) {
	o, bad := readListOrder(q, breachSorts, "late")
	return breachOrder(o), bad
}

// compare is the list's order: ties broken by creation, then ticket id, so a page holds the
// same rows every time.
func (o breachOrder) compare(a, b engine.Breach) int {
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
}

// sort puts every breach in the list's order (the download).
func (o breachOrder) sort(list []engine.Breach) { slices.SortFunc(list, o.compare) }

// arrange cuts out the order's page of the breaches in the list's order. It returns the page's
// rows, the number of pages and the page shown (past the last page: the last). list is
// reordered, not sorted: a year's breaches are a hundred thousand at a million tickets, and
// sorting them all for a page of 50 was a fifth of the page's time.
func (o breachOrder) arrange(list []engine.Breach) ([]engine.Breach, int, int) {
	pages := pageCount(len(list), breachesPerPage)
	page := min(o.Page, pages)
	start := (page - 1) * breachesPerPage
	end := min(start+breachesPerPage, len(list))
	return firstInOrder(list, end, o.compare)[start:], pages, page
}

// firstInOrder is the first k of list in cmp's order (a total order), sorted: a bounded heap
// of the k first so far over the list, which it reorders. With k near the list's length a
// sort is as quick.
func firstInOrder[T any](list []T, k int, cmp func(a, b T) int) []T {
	if k*4 >= len(list) {
		slices.SortFunc(list, cmp)
		return list[:k]
	}
	// list[:k] is a heap with the last in order at its root.
	down := func(i int) {
		for {
			c := 2*i + 1
			if c >= k {
				return
			}
			if c+1 < k && cmp(list[c+1], list[c]) > 0 {
				c++
			}
			if cmp(list[c], list[i]) <= 0 {
				return
			}
			list[i], list[c] = list[c], list[i]
			i = c
		}
	}
	for i := k/2 - 1; i >= 0; i-- {
		down(i)
	}
	for j := k; j < len(list); j++ {
		if k > 0 && cmp(list[j], list[0]) < 0 {
			list[0], list[j] = list[j], list[0]
			down(0)
		}
	}
	slices.SortFunc(list[:k], cmp)
	return list[:k]
}
