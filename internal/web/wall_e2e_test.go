package web

import (
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/klantpuls/klantpuls/internal/browsertest"
)

// TestWallSaysItsUpdateInTheAccountsTime: the wall says when its figures were last fetched
// ("bijgewerkt 14:05"). The server writes the first in the account's time zone (Europe/Amsterdam);
// after a live update app.js wrote the screen's own clock — a television or media player on the
// floor set to UTC or elsewhere showed another hour than the one the page came with, and than the
// clock on the wall beside it. The screen here runs in New York; the time it says after an update
// must be Amsterdam's.
func TestWallSaysItsUpdateInTheAccountsTime(t *testing.T) {
	needFrontEnd(t)
	b := browsertest.New(t)
	ts := dashServer(t)
	admin := ts.login("admin@example.com")
	res := admin.form("POST", "/tokens/walls", url.Values{"name": {"Muur support"}, "pages": {"overview"}})
	m := regexp.MustCompile(`/tv/connect#([A-Za-z0-9_-]{20,})`).FindStringSubmatch(res.body)
	if m == nil {
		t.Fatalf("no wall link: %d", res.status)
	}
	tab := b.Tab(t)
	browsertest.Run(t, tab, browsertest.ReducedMotion(),
		browsertest.TimeZone("America/New_York"),
		chromedp.Navigate(ts.url+"/tv/connect?lang=nl#"+m[1]), chromedp.WaitVisible(chromedp.CSS("body.tv #tile-csat")))
	first := browsertest.Value(t, tab, chromedp.Evaluate[string](`document.getElementById('live-status').textContent`))
	// The live stream open (app.js startLive marks the body): a guessed half second was too
	// short on a loaded CI machine, as it was for the dashboard's live tests.
	browsertest.Run(t, tab, chromedp.Poll[chromedp.Void](`document.body.dataset.liveOpen === 'true'`))
	before := time.Now()
	if res := ts.withToken("adminWrite").postJSON("/api/v1/responses", `{"response_id":"R9","survey":"csat","score":5,"submitted_at":"2026-03-20 10:00","ticket_id":"T3"}`); res.status != http.StatusOK {
		t.Fatalf("ingest: %d", res.status)
	}
	browsertest.Run(t, tab, chromedp.Poll[chromedp.Void](`document.querySelector('#tile-csat + p.value').textContent.includes('66,7%')`))
	browsertest.Run(t, tab, chromedp.Poll[chromedp.Void](`document.getElementById('live-status').textContent !== `+strconv.Quote(first)))
	after := time.Now()
	got := browsertest.Value(t, tab, chromedp.Evaluate[string](`document.getElementById('live-status').textContent`))
	ams := ts.app.Config.Timezone
	var want []string
	for _, at := range []time.Time{before, after} {
		want = append(want, "bijgewerkt "+at.In(ams).Format("15:04"))
	}
	if got != want[0] && got != want[1] {
		t.Errorf("after a live update the wall says %q, want one of %q (Amsterdam's time)", got, want)
	}
}
