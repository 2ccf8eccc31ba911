package web

import (
	"strings"
	"testing"
)

// TestOverviewIsOneQuery: the overview's tiles, the period they compare with and their
// sparklines come from one pass over the engine, whatever the period. (It took a query for
// the period, one for the period before and one per sparkline point: 33 for a month.)
func TestOverviewIsOneQuery(t *testing.T) {
	ts := dashServer(t)
	admin := ts.login("admin@example.com")
	for _, view := range []string{"period=week", "period=month", "period=quarter", "period=year",
		"period=custom&from=2025-01-01&to=2026-04-01", "period=month&channel=chat"} {
		before := ts.app.Engine().Passes()
		if res := admin.get("/?" + view); res.status != 200 {
			t.Fatalf("%s: %d", view, res.status)
		}
		if n := ts.app.Engine().Passes() - before; n != 1 {
			t.Errorf("%s: %d passes over the engine, want 1", view, n)
		}
	}
}

// TestOverviewNamesTheDaysItMeasures: on 25 March the overview's tiles measure 1–25 March
// (overviewQuery), so its heading says so; a past period and the other pages name the period.
func TestOverviewNamesTheDaysItMeasures(t *testing.T) {
	ts := dashServer(t)
	admin := ts.login("admin@example.com")
	for _, c := range []struct{ name, path, want string }{
		{"this month, nl", "/?period=month&lang=nl", "1 mrt 2026 – 25 mrt 2026 (t/m vandaag)"},
		{"this month, en", "/?period=month&lang=en", "1 Mar 2026 – 25 Mar 2026 (up to today)"},
		{"February, over", "/?period=custom&from=2026-02-01&to=2026-03-01&lang=nl", "1 feb 2026 – 28 feb 2026"},
		{"the service page's month", "/service?period=month&lang=nl", "1 mrt 2026 – 31 mrt 2026"},
	} {
		t.Run(c.name, func(t *testing.T) {
			page := admin.get(c.path).body
			if want := `<span class="period">` + c.want + `</span>`; !strings.Contains(page, want) {
				i := strings.Index(page, `<span class="period">`)
				t.Errorf("heading %.80s, want %s", page[max(i, 0):], want)
			}
		})
	}
}
