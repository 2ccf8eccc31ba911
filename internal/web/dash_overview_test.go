package web

import "testing"

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
