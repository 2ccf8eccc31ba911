package web

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/klantpuls/klantpuls/internal/browsertest"
)

// TestBacklogInChromium opens the backlog page with its real scripts: both charts draw, the
// SLA line's axis stops at 100% (a share cannot go higher), the page passes axe, and sorting
// by creation is a link that reorders the list.
func TestBacklogInChromium(t *testing.T) {
	needFrontEnd(t)
	b := browsertest.New(t)
	ts := backlogServer(t)
	tab := b.Tab(t)
	console := browsertest.ConsoleErrors(t, tab)
	browsertest.Run(t, tab, browsertest.ReducedMotion(),
		chromedp.Navigate(ts.url+"/login?lang=nl"), chromedp.WaitVisible(chromedp.CSS("#email")),
		chromedp.SendKeys(chromedp.CSS("#email"), "manager@example.com"),
		chromedp.SendKeys(chromedp.CSS("#password"), testPassword),
		chromedp.Submit(chromedp.CSS("#password")), chromedp.WaitVisible(chromedp.CSS("main#main h1")))
	browsertest.Run(t, tab, chromedp.EmulateViewport(1440, 900),
		chromedp.Navigate(ts.url+backlogPeriod+"&lang=nl"),
		chromedp.WaitVisible(chromedp.CSS(".chart[data-chart=bar] svg")),
		chromedp.WaitVisible(chromedp.CSS(".chart[data-chart=line] svg")))
	// The line chart's value-axis labels: the highest is 100%, none above it.
	labels := browsertest.Value(t, tab, chromedp.Evaluate[[]string](`(() => {
		const chart = echarts.getInstanceByDom(document.querySelector('.chart[data-chart=line]'));
		const axis = chart.getModel().getComponent('yAxis').axis;
		return axis.scale.getTicks().map(t => axis.scale.getLabel(t));
	})()`))
	if len(labels) == 0 || labels[len(labels)-1] != "100" {
		t.Errorf("SLA axis labels %v, want the last at 100", labels)
	}
	// The cap is the chart's data (lineData.Max), not luck of ECharts' rounding.
	if max := browsertest.Value(t, tab, chromedp.Evaluate[float64](
		`echarts.getInstanceByDom(document.querySelector('.chart[data-chart=line]')).getOption().yAxis[0].max`)); max != 100 {
		t.Errorf("SLA axis max %v, want 100", max)
	}
	browsertest.Screenshot(t, tab, "backlog-nl")
	browsertest.Accessible(t, tab, "/backlog")
	browsertest.Run(t, tab, chromedp.Click(chromedp.CSS(`table.breaches th[aria-sort="none"] a`)),
		chromedp.WaitVisible(chromedp.CSS(`table.breaches th[aria-sort="descending"] a`)))
	first := browsertest.Value(t, tab, chromedp.Text(chromedp.CSS(`table.breaches tbody tr th`)))
	if !strings.Contains(first, "T3") { // newest first: T3, created 16 March
		t.Errorf("sorted by creation, newest first: the first row is %q, want T3", first)
	}
	console.Check(t)
}
