package web

import (
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/klantpuls/klantpuls/internal/browsertest"
)

// TestEmptyChartsSayNoData: on a fresh database, in headless Chromium, the charts of Service
// (tickets per channel, contacts per hour of the week) and Klanten (churn, retention) say
// "Geen gegevens in deze periode" where they would draw nothing. The volume chart's data had no
// series at all (null), app.js stopped on it ("Cannot read properties of null"), and the page
// showed blank space where the charts belong, with nothing saying why; the customers' charts
// drew empty axes.
func TestEmptyChartsSayNoData(t *testing.T) {
	needFrontEnd(t)
	ts := startServer(t, func(o *Options) { o.Now = func() time.Time { return time.Date(2026, 4, 10, 12, 0, 0, 0, time.UTC) } })
	b := browsertest.New(t)
	tab := b.Tab(t)
	console := browsertest.ConsoleErrors(t, tab)
	loginInChromium(t, tab, ts, "admin@example.com")
	for _, c := range []struct {
		path, section string
		charts        int // the charts of the section, each of which has to say so
	}{
		{"/service?lang=nl", "h-volume", 1},
		{"/service?lang=nl", "h-heat", 1},
		{"/customers?lang=nl", "h-base", 2},
	} {
		browsertest.Run(t, tab, chromedp.Navigate(ts.url+c.path), chromedp.WaitVisible(chromedp.CSS("main h1")))
		section := `document.getElementById('` + c.section + `').closest('section')`
		text := browsertest.Value(t, tab, chromedp.Evaluate[string](section+`.innerText`))
		drawn := browsertest.Value(t, tab, chromedp.Evaluate[int](section+`.querySelectorAll('.chart[data-chart]').length`))
		if said := strings.Count(text, "Geen gegevens in deze periode"); said != c.charts || drawn != 0 {
			t.Errorf("%s, %s: %d charts, \"Geen gegevens in deze periode\" %d times in %q; want no chart, and that said %d times",
				c.path, c.section, drawn, said, text, c.charts)
		}
	}
	console.Check(t)
}
