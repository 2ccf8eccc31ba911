package web

import (
	"context"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/klantpuls/klantpuls/internal/browsertest"
	"github.com/klantpuls/klantpuls/internal/cx"
)

// TestCourseAlertFormInChromium: with app.js the alerts form shows a KPI rule's fields for the
// kinds they belong to (a field may belong to several), hides and disables the rest, and a
// below-target rule made there is stored with its metric, period and count, in the page's
// language, without the CSAT threshold.
func TestCourseAlertFormInChromium(t *testing.T) {
	b := browsertest.New(t)
	ts := startServer(t)
	tab := b.Tab(t)
	console := browsertest.ConsoleErrors(t, tab)
	loginInChromium(t, tab, ts, "admin@example.com")
	browsertest.Run(t, tab, chromedp.Navigate(ts.url+"/alerts?lang=en"), chromedp.WaitVisible(chromedp.CSS("#aname")))
	shown := func() map[string]bool {
		return browsertest.Value(t, tab, chromedp.Evaluate[map[string]bool](`(() => { const out = {};
			for (const id of ['athr', 'ametric', 'afigure', 'aperiod', 'aperiods', 'apercent', 'amin', 'ateam', 'alang', 'atheme']) {
				const el = document.querySelector('#' + id);
				out[id] = !el.hidden && !el.disabled && !document.querySelector('label[for=' + id + ']').hidden;
			}
			return out; })()`))
	}
	choose := func(condition string) {
		browsertest.Run(t, tab, chromedp.SetValue(chromedp.CSS("#acond"), condition))
		browsertest.Value(t, tab, chromedp.Evaluate[bool](`document.querySelector('#acond').dispatchEvent(new Event('change'))`))
	}
	for _, tc := range []struct {
		condition string
		want      []string
	}{
		// Every rule's alerts speak the language chosen (README, Alerts).
		{"nps_detractor", []string{"alang"}},
		{"csat_low", []string{"athr", "alang"}},
		{"volume_spike", []string{"apercent", "amin", "ateam", "alang"}},
		{"significant_fall", []string{"ametric", "aperiod", "ateam", "alang"}},
		{"control_limit", []string{"ametric", "afigure", "aperiod", "ateam", "alang"}},
		{"below_target", []string{"ametric", "aperiod", "aperiods", "ateam", "alang"}},
	} {
		choose(tc.condition)
		got := shown()
		want := map[string]bool{}
		for _, id := range tc.want {
			want[id] = true
		}
		for id, on := range got {
			if on != want[id] {
				t.Errorf("%s: #%s shown %v, want %v", tc.condition, id, on, want[id])
			}
		}
	}
	browsertest.Run(t, tab, chromedp.SetValue(chromedp.CSS("#ametric"), "csat"), chromedp.SetValue(chromedp.CSS("#aperiod"), "month"),
		chromedp.SetValue(chromedp.CSS("#aperiods"), "3"), chromedp.SendKeys(chromedp.CSS("#aname"), "CSAT under target"),
		chromedp.SendKeys(chromedp.CSS("#amail"), "lead@example.nl"))
	browsertest.Accessible(t, tab, "/alerts")
	browsertest.Submit(t, tab, chromedp.Click(chromedp.CSS(`form.conditional button[type=submit]`)))
	browsertest.Run(t, tab, chromedp.WaitVisible(chromedp.CSS("#h-rules + table")))
	browsertest.Screenshot(t, tab, "alerts-course-rules")
	rules, err := ts.app.ListAlertRules(context.Background())
	if err != nil || len(rules) != 1 {
		t.Fatalf("rules %+v, %v; want 1", rules, err)
	}
	r := rules[0]
	if r.Condition != cx.AlertBelowTarget || r.Metric != "csat" || r.Period != "month" || r.Periods != 3 || r.Lang != "en" || r.Threshold != 0 {
		t.Errorf("rule %+v", r)
	}
	if errs := console.Errors(t); len(errs) > 0 {
		t.Errorf("console errors: %v", errs)
	}
}
