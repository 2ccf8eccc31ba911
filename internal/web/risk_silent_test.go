package web

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/klantpuls/klantpuls/internal/cx"
)

// TestSilentChurnersMostOrderDaysFirst: Risico's silent churners show how many order days each
// had, and the one with the most comes first. By hand, as of the shop's last record, 1 Dec 2026
// (plantedChurnShop; Risico scores as of the data's end): "vast" ordered on 1, 11, 21 and 31 Jan
// and 10 Feb 2026 (5 order days, 10 apart; 10 Feb to 1 Dec is 18 + 275 + 1 = 294 days, 29.4
// intervals); "kort" on 1, 3 and 5 Mar (3 order days, 2 apart; 5 Mar to 1 Dec is 26 + 244 + 1 =
// 271 days, 135.5 intervals). Ranked by intervals alone, "kort" came first.
func TestSilentChurnersMostOrderDaysFirst(t *testing.T) {
	ams, _ := time.LoadLocation("Europe/Amsterdam")
	acq := time.Date(2025, 1, 15, 9, 0, 0, 0, ams)
	extra := []cx.Record{&cx.Customer{ID: "vast", AcquiredAt: acq}, &cx.Customer{ID: "kort", AcquiredAt: acq}}
	for k := range 5 {
		extra = append(extra, &cx.Order{ID: fmt.Sprint("vast-", k), CustomerID: "vast",
			OrderedAt: time.Date(2026, 1, 1+10*k, 12, 0, 0, 0, ams), Amount: 25})
	}
	for k := range 3 {
		extra = append(extra, &cx.Order{ID: fmt.Sprint("kort-", k), CustomerID: "kort",
			OrderedAt: time.Date(2026, 3, 1+2*k, 12, 0, 0, 0, ams), Amount: 25})
	}
	ts, _ := plantedChurnServer(t, extra...)
	for _, lang := range []struct{ code, heading, vast, kort string }{
		{"nl", "Besteldagen", "10 feb 2026|294|10|5", "5 mrt 2026|271|2|3"},
		{"en", "Order days", "10 Feb 2026|294|10|5", "5 Mar 2026|271|2|3"},
	} {
		page := ts.login("admin@example.com").get("/risico?lang=" + lang.code)
		table := page.body[strings.Index(page.body, `<table class="silent">`):]
		table = table[:strings.Index(table, "</table>")]
		if !strings.Contains(table, `<th scope="col">`+lang.heading+`</th></tr>`) {
			t.Errorf("%s: the silent churners' last column is not %q:\n%s", lang.code, lang.heading, table)
		}
		var order []string
		cells := map[string]string{}
		for _, m := range regexp.MustCompile(`<tr><th scope="row"><a [^>]*>([^<]+)</a></th><td>[^<]*</td><td>([^<]*)</td><td>([^<]*)</td><td>([^<]*)</td><td>([^<]*)</td></tr>`).FindAllStringSubmatch(table, -1) {
			order = append(order, m[1])
			cells[m[1]] = strings.Join(m[2:], "|")
		}
		if cells["vast"] != lang.vast || cells["kort"] != lang.kort {
			t.Errorf("%s: vast %q, kort %q; want %q and %q", lang.code, cells["vast"], cells["kort"], lang.vast, lang.kort)
		}
		if i, j := slices.Index(order, "vast"), slices.Index(order, "kort"); i < 0 || j < 0 || i > j {
			t.Errorf("%s: the list reads %q, want vast (5 order days) before kort (3)", lang.code, order)
		}
	}
}
