package web

import (
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/klantpuls/klantpuls/internal/browsertest"
)

// TestRiskPageInChromium opens the Risico page of a demo year at a desktop's width, with a
// screenshot (artifacts/screenshots), and holds it to the accessibility checks every page meets.
func TestRiskPageInChromium(t *testing.T) {
	needFrontEnd(t)
	if testing.Short() {
		t.Skip("a demo year")
	}
	b := browsertest.New(t)
	ts := demoServer(t)
	tab := b.Tab(t)
	browsertest.ConsoleErrors(t, tab)
	browsertest.Run(t, tab, browsertest.ReducedMotion(), chromedp.EmulateViewport(1440, 900),
		chromedp.Navigate(ts.url+"/login?lang=nl"), chromedp.WaitVisible(chromedp.CSS("#email")),
		chromedp.SendKeys(chromedp.CSS("#email"), "manager@example.com"),
		chromedp.SendKeys(chromedp.CSS("#password"), testPassword),
		chromedp.Submit(chromedp.CSS("#password")), chromedp.WaitVisible(chromedp.CSS("main#main h1")),
		chromedp.Navigate(ts.url+"/risico?lang=nl"), chromedp.WaitVisible(chromedp.CSS("table.risk")))
	if n := browsertest.Value(t, tab, chromedp.Evaluate[int](`document.querySelectorAll('table.risk tbody tr').length`)); n != riskPerPage {
		t.Errorf("%d rows on the first page, want %d", n, riskPerPage)
	}
	browsertest.Screenshot(t, tab, "risico")
	browsertest.Accessible(t, tab, "/risico")
}
