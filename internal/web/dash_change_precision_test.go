package web

import (
	"strings"
	"testing"
	"time"
)

// TestDurationChangeAtItsValuesPrecision: a change is shown at the precision of the figure it
// changes, as Duration shows it — to the minute from a minute, to the second under one. March's
// one ticket was solved in 1 u 00 m (3,600 business seconds), the previous 31 days' in 59 m
// 13 s, shown "59 m": the tile said "▲ 47 s" beside "1 u 00 m", a precision its figure does
// not have; it says "▲ 1 m", the difference of the figures shown. Its first reply came after
// 40 s against 20 s before: shown "40 s" and "20 s", a change of 20 s, which the tile showed
// as no change ("→ 0 s"), rounded to a minute its figures are not shown in.
func TestDurationChangeAtItsValuesPrecision(t *testing.T) {
	ts := startServer(t, func(o *Options) { o.Now = func() time.Time { return time.Date(2026, 4, 10, 12, 0, 0, 0, time.UTC) } })
	// Tuesdays, within the business hours.
	if res := ts.withToken("adminWrite").postJSON("/api/v1/tickets", `[
		{"ticket_id":"T1","created_at":"2026-02-10 10:00:00","first_reply_at":"2026-02-10 10:00:20","solved_at":"2026-02-10 10:59:13","channel":"email"},
		{"ticket_id":"T2","created_at":"2026-03-10 10:00:00","first_reply_at":"2026-03-10 10:00:40","solved_at":"2026-03-10 11:00:00","channel":"email"}]`); res.status != 200 {
		t.Fatalf("tickets: %d %s", res.status, res.body)
	}
	admin := ts.login("admin@example.com")
	page := admin.get("/?period=custom&from=2026-03-01&to=2026-04-01&lang=nl").body
	for _, c := range []struct{ tile, value, change string }{
		{"resolution", "1 u 00 m", "▲ 1 m"},
		{"first_response", "40 s", "▲ 20 s"},
	} {
		got := tileText(page, c.tile)
		if !strings.Contains(got, c.value) || !strings.Contains(got, c.change) {
			t.Errorf("%s tile %q, want %s with %s", c.tile, got, c.value, c.change)
		}
	}
}
