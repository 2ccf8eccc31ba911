package web

import (
	"context"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/klantpuls/klantpuls/internal/browsertest"
)

// TestAlertThemeInChromium: on the alerts page the theme applies to negative sentiment only.
// With app.js the theme's select is hidden and disabled for another condition, shown for
// negative sentiment; a rule made there is about the theme picked, and a detractor rule made
// after it does not take that theme along (its select is disabled, so not sent).
func TestAlertThemeInChromium(t *testing.T) {
	b := browsertest.New(t)
	ts := startServer(t)
	tab := b.Tab(t)
	console := browsertest.ConsoleErrors(t, tab)
	loginInChromium(t, tab, ts, "admin@example.com")
	browsertest.Run(t, tab, chromedp.Navigate(ts.url+"/alerts?lang=nl"), chromedp.WaitVisible(chromedp.CSS("#aname")))
	shown := func() (visible, disabled bool) {
		got := browsertest.Value(t, tab, chromedp.Evaluate[[]bool](`(() => { const s = document.querySelector('#atheme');
			return [!s.hidden && !document.querySelector('label[for=atheme]').hidden, s.disabled]; })()`))
		return got[0], got[1]
	}
	choose := func(condition string) {
		browsertest.Run(t, tab, chromedp.SetValue(chromedp.CSS("#acond"), condition))
		browsertest.Value(t, tab, chromedp.Evaluate[bool](`document.querySelector('#acond').dispatchEvent(new Event('change'))`))
	}
	if visible, disabled := shown(); visible || !disabled {
		t.Errorf("for a detractor rule the theme is visible %v, disabled %v; want hidden and disabled", visible, disabled)
	}
	choose("negative_sentiment")
	if visible, disabled := shown(); !visible || disabled {
		t.Errorf("for negative sentiment the theme is visible %v, disabled %v; want shown and enabled", visible, disabled)
	}
	browsertest.Run(t, tab, chromedp.SetValue(chromedp.CSS("#atheme"), "delivery"),
		chromedp.SendKeys(chromedp.CSS("#aname"), "Boos over de levering"),
		chromedp.SendKeys(chromedp.CSS("#amail"), "logistiek@example.nl"))
	browsertest.Screenshot(t, tab, "alerts-theme-form")
	browsertest.Accessible(t, tab, "/alerts")
	browsertest.Submit(t, tab, chromedp.Click(chromedp.CSS(`form.conditional button[type=submit]`)))
	browsertest.Run(t, tab, chromedp.WaitVisible(chromedp.CSS("#h-rules + table")))

	// The theme select starts at "any theme" again; pick one, then switch to detractors.
	choose("negative_sentiment")
	browsertest.Run(t, tab, chromedp.SetValue(chromedp.CSS("#atheme"), "price"))
	choose("nps_detractor")
	browsertest.Run(t, tab, chromedp.SendKeys(chromedp.CSS("#aname"), "Criticasters"),
		chromedp.SendKeys(chromedp.CSS("#amail"), "lead@example.nl"))
	browsertest.Submit(t, tab, chromedp.Click(chromedp.CSS(`form.conditional button[type=submit]`)))
	browsertest.Run(t, tab, chromedp.WaitVisible(chromedp.CSS("#h-rules + table")))

	rules, err := ts.app.ListAlertRules(context.Background())
	if err != nil || len(rules) != 2 {
		t.Fatalf("rules %+v, %v; want 2", rules, err)
	}
	if rules[0].Theme != "delivery" || rules[1].Theme != "" {
		t.Errorf("themes %q and %q, want delivery and none", rules[0].Theme, rules[1].Theme)
	}
	browsertest.Screenshot(t, tab, "alerts-theme-rules")
	if errs := console.Errors(t); len(errs) > 0 {
		t.Errorf("console errors: %v", errs)
	}
}
