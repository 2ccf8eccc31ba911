package web

import (
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/klantpuls/klantpuls/internal/browsertest"
)

// TestTeamSortPutsAgentsWithoutAFigureLast: in headless Chromium, the team page sorted by IQS
// either way lists the agents without reviews last, as every sortable table does ("no data is
// not small", app.js): ascending must open on the weakest reviewed agent, not on Anna, who was
// never reviewed.
func TestTeamSortPutsAgentsWithoutAFigureLast(t *testing.T) {
	needFrontEnd(t)
	ts := dashServer(t)
	// Bram's review scores 50, Kees's 100 (Toon on the default 1–5 scale); Anna has none.
	if res := ts.withToken("adminWrite").postJSON("/api/v1/reviews", `[{"review_id":"V1","criterion":"Toon","reviewed_at":"2026-03-03 10:00","agent":"Bram","rating":3},
		{"review_id":"V2","criterion":"Toon","reviewed_at":"2026-03-04 10:00","agent":"Kees","rating":5}]`); res.status != 200 {
		t.Fatal(res.body)
	}
	b := browsertest.New(t)
	tab := b.Tab(t)
	console := browsertest.ConsoleErrors(t, tab)
	loginInChromium(t, tab, ts, "manager@example.com")
	browsertest.Run(t, tab, chromedp.Navigate(ts.url+"/team?period=month&lang=nl"),
		chromedp.WaitVisible(chromedp.CSS("table.sortable th button")))
	names := func() string {
		return browsertest.Value(t, tab, chromedp.Evaluate[string](`[...document.querySelectorAll('table.sortable tbody tr')].map(r => r.cells[0].textContent).join(',')`))
	}
	iqs := `table.sortable th:nth-child(5) button`
	browsertest.Run(t, tab, chromedp.Click(chromedp.CSS(iqs)))
	if got, want := names(), "Bram,Kees,Anna"; got != want {
		t.Errorf("IQS ascending: %s, want %s", got, want)
	}
	browsertest.Run(t, tab, chromedp.Click(chromedp.CSS(iqs)))
	if got, want := names(), "Kees,Bram,Anna"; got != want {
		t.Errorf("IQS descending: %s, want %s", got, want)
	}
	console.Check(t)
}
