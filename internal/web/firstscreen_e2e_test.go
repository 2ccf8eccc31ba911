package web

import (
	"fmt"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/klantpuls/klantpuls/internal/browsertest"
)

// TestFirstScreenInChromium opens the overview of a demo year that ends today, without a
// period, at a desktop's 1440 and a phone's 390 pixels, and the customers page with its churn
// and retention charts, with a screenshot of each (artifacts/screenshots): the first screen
// has figures, changes are coloured, and no chart runs past today.
func TestFirstScreenInChromium(t *testing.T) {
	needFrontEnd(t)
	if testing.Short() {
		t.Skip("a demo year")
	}
	b := browsertest.New(t)
	ts := demoServer(t)
	tab := b.Tab(t)
	console := browsertest.ConsoleErrors(t, tab)
	browsertest.Run(t, tab, browsertest.ReducedMotion(),
		chromedp.Navigate(ts.url+"/login?lang=nl"), chromedp.WaitVisible(chromedp.CSS("#email")),
		chromedp.SendKeys(chromedp.CSS("#email"), "manager@example.com"),
		chromedp.SendKeys(chromedp.CSS("#password"), testPassword),
		chromedp.Submit(chromedp.CSS("#password")), chromedp.WaitVisible(chromedp.CSS("main#main h1")))
	for _, width := range []int64{1440, 390} {
		t.Run(fmt.Sprint(width), func(t *testing.T) {
			browsertest.Run(t, tab, chromedp.EmulateViewport(width, 900),
				chromedp.Navigate(ts.url+"/?lang=nl"), chromedp.WaitVisible(chromedp.CSS(".tiles")))
			if got := browsertest.Value(t, tab, chromedp.Text(chromedp.CSS("main h1 .period"))); got != "1 nov 2026 – 30 nov 2026" {
				t.Errorf("first screen period %q", got)
			}
			// Every tile with a change shows it in a colour class; none is left without one.
			classes := browsertest.Value(t, tab, chromedp.Evaluate[string](
				`[...document.querySelectorAll('.tile .change')].map(e => e.className).join(',')`))
			if classes == "" || strings.Contains(classes+",", "change,") {
				t.Errorf("change classes %q", classes)
			}
			browsertest.Screenshot(t, tab, fmt.Sprintf("firstscreen-overview-%d", width))
			browsertest.Accessible(t, tab, "/")
		})
	}
	t.Run("customers charts", func(t *testing.T) {
		browsertest.Run(t, tab, chromedp.EmulateViewport(1440, 900),
			chromedp.Navigate(ts.url+"/customers?period=quarter&lang=nl"), chromedp.WaitVisible(chromedp.CSS(".chart[data-chart=line] svg")))
		if n := browsertest.Value(t, tab, chromedp.Evaluate[int](`document.querySelectorAll('.chart[data-chart=line]').length`)); n != 2 {
			t.Errorf("%d line charts, want churn and retention apart", n)
		}
		browsertest.Screenshot(t, tab, "firstscreen-customers-quarter")
		browsertest.Run(t, tab, chromedp.Navigate(ts.url+"/service?period=quarter&lang=nl"), chromedp.WaitVisible(chromedp.CSS(".chart[data-chart=stacked] svg")))
		browsertest.Screenshot(t, tab, "firstscreen-service-quarter")
		browsertest.Run(t, tab, chromedp.Navigate(ts.url+"/team?period=month&lang=nl"), chromedp.WaitVisible(chromedp.CSS("table")))
		browsertest.Screenshot(t, tab, "firstscreen-team-month")
		browsertest.Run(t, tab, chromedp.Navigate(ts.url+"/?period=month&lang=nl&print=1"), chromedp.WaitVisible(chromedp.CSS(".tiles")))
		browsertest.Screenshot(t, tab, "firstscreen-overview-print")
	})
	// The demo's story (demo.StoryMonth: October 2026 for data up to 2 December) is what the
	// Why page must show a lead: delivery first among what moves NPS, "vertraagd" among the
	// terms that came up, an example comment one click away.
	t.Run("why story", func(t *testing.T) {
		browsertest.Run(t, tab, chromedp.EmulateViewport(1440, 900),
			chromedp.Navigate(ts.url+"/why?period=custom&from=2026-10-01&to=2026-11-01&lang=nl"),
			chromedp.WaitVisible(chromedp.CSS("#h-terms")))
		if first := browsertest.Value(t, tab, chromedp.Text(chromedp.CSS(`section[aria-labelledby="h-drivers-nps"] tbody th`))); !strings.Contains(first, "Levering") {
			t.Errorf("first NPS driver %q, want the theme Levering", first)
		}
		terms := browsertest.Value(t, tab, chromedp.Text(chromedp.CSS(`section[aria-labelledby="h-terms"] tbody`)))
		if !strings.Contains(terms, "vertraagd") { // this small demo's month has too few texts for the carrier's name
			t.Errorf("emerging terms %q, want vertraagd", terms)
		}
		browsertest.Run(t, tab, chromedp.Click(chromedp.CSS(`section[aria-labelledby="h-drivers-nps"] tbody th button`)),
			chromedp.WaitVisible(chromedp.CSS(`#ex-nps-0 li`)))
		browsertest.Screenshot(t, tab, "why-story")
		browsertest.Accessible(t, tab, "/why")
	})
	console.Check(t)
}
