package web

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/klantpuls/klantpuls/internal/browsertest"
)

// TestChartNegativeTicksWithThePagesMinus: in headless Chromium a chart's axis labels write a
// negative value with the typographic minus (U+2212) the page's own figures use (report.Minus),
// in Dutch and English alike; Intl's number format wrote a hyphen-minus ("-20%"). No chart of
// the seed's pages goes below 0, so the test swaps in one that does, as htmx swaps in a part.
func TestChartNegativeTicksWithThePagesMinus(t *testing.T) {
	needFrontEnd(t)
	ts := dashServer(t)
	b := browsertest.New(t)
	tab := b.Tab(t)
	console := browsertest.ConsoleErrors(t, tab)
	loginInChromium(t, tab, ts, "manager@example.com")
	for _, lang := range []string{"nl", "en"} {
		browsertest.Run(t, tab, chromedp.Navigate(ts.url+"/customers?period=month&lang="+lang), chromedp.WaitVisible(chromedp.CSS("main h1")))
		browsertest.Until(t, tab, `!!window.echarts && !!window.htmx`)
		browsertest.Value(t, tab, chromedp.Evaluate[bool](`(() => {
			const el = document.createElement('div');
			el.className = 'chart';
			el.id = 'minus-chart';
			el.dataset.chart = 'line';
			el.dataset.unit = '%';
			el.style.height = '20rem';
			const data = document.createElement('script');
			data.type = 'application/json';
			data.className = 'chart-data';
			data.textContent = JSON.stringify({ x: ['2026-03-02', '2026-03-09', '2026-03-16'], series: [{ name: 'NPS', data: [-20, 10, -40] }] });
			el.append(data);
			document.querySelector('main').append(el);
			htmx.trigger(el, 'htmx:load', { elt: el });
			return true;
		})()`))
		browsertest.Until(t, tab, `document.querySelectorAll('#minus-chart svg text').length > 0`)
		ticks := browsertest.Value(t, tab, chromedp.Evaluate[string](`[...document.querySelectorAll('#minus-chart svg text')].map((t) => t.textContent).join(' | ')`))
		if !strings.Contains(ticks, "−20%") || strings.Contains(ticks, "-") {
			t.Errorf("%s: the axis labels %q, want −20%% with U+2212 and no hyphen-minus", lang, ticks)
		}
	}
	console.Check(t)
}
