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
	pages := pageCount(len(list), breachesPerPage)
	page := min(o.Page, pages)
	start := (page - 1) * breachesPerPage
	return list[start:min(start+breachesPerPage, len(list))], pages, page
}
