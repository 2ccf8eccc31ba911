package web

import (
	"context"
	"net/url"
	"strconv"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/klantpuls/klantpuls/internal/browsertest"
)

// TestChartPointOpensRecordsInChromium: in headless Chromium, a click on a bar of a chart goes
// to the records of that bar's series and bucket, and a click in a column of a one-line chart
// to that bucket's. /drill is another branch's page: here only the address it was sent to counts.
func TestChartPointOpensRecordsInChromium(t *testing.T) {
	needFrontEnd(t)
	b := browsertest.New(t)
	ts := dashServer(t)
	tab := b.Tab(t)
	console := browsertest.ConsoleErrors(t, tab)
	loginInChromium(t, tab, ts, "manager@example.com")

	// clickAt clicks the chart at css on the point (x, y) of its grid, in the axes' values
	// (x a bucket's index); y nil clicks at the grid's middle height.
	clickAt := func(css string, x int, y *float64) {
		t.Helper()
		yExpr := "null"
		if y != nil {
			yExpr = strconv.FormatFloat(*y, 'f', -1, 64)
		}
		at := browsertest.Value(t, tab, chromedp.Evaluate[[]float64](`(() => {
			const el = document.querySelector(`+strconv.Quote(css)+`);
			el.scrollIntoView({block: 'center'});
			const chart = echarts.getInstanceByDom(el);
			const y = `+yExpr+`;
			const p = chart.convertToPixel({gridIndex: 0}, [`+strconv.Itoa(x)+`, y == null ? 0 : y]);
			const r = el.getBoundingClientRect();
			return [r.left + p[0], y == null ? r.top + r.height / 2 : r.top + p[1]];
		})()`))
		browsertest.Run(t, tab, chromedp.MouseClickXY(at[0], at[1]))
	}
	// arrivedAt waits for the address to be path with key=value and returns its parameters.
	arrivedAt := func(t *testing.T, path, key, value string) url.Values {
		t.Helper()
		for range 100 {
			ctx, cancel := context.WithTimeout(tab, time.Second)
			loc, err := chromedp.Run(ctx, chromedp.Location())
			cancel()
			if u, perr := url.Parse(loc); err == nil && perr == nil && u.Path == path && u.Query().Get(key) == value {
				return u.Query()
			}
			time.Sleep(100 * time.Millisecond)
		}
		t.Fatalf("a click went nowhere (not to %s)", path)
		return nil
	}

	t.Run("a bar of the volume chart", func(t *testing.T) {
		browsertest.Run(t, tab, chromedp.Navigate(ts.url+"/service?period=month&lang=nl"),
			chromedp.WaitVisible(chromedp.CSS(`.chart[data-chart="stacked"] svg`)))
		// 10 March (the 10th day, index 9): T2, the one chat ticket; half its bar's height.
		half := 0.5
		clickAt(`.chart[data-chart="stacked"]`, 9, &half)
		want := map[string]string{"metric": "tickets", "period": "custom", "from": "2026-03-10", "to": "2026-03-11",
			"channel": "chat", "lang": "nl"}
		if got := arrivedAt(t, "/drill", "metric", "tickets"); !sameQuery(got, want) {
			t.Errorf("went to %v, want %v", got, want)
		}
	})
	t.Run("a column of the churn chart", func(t *testing.T) {
		browsertest.Run(t, tab, chromedp.Navigate(ts.url+"/customers?period=month&segment=Zakelijk&lang=nl"),
			chromedp.WaitVisible(chromedp.CSS(`#h-churn-trend + .chart svg`)))
		clickAt(`#h-churn-trend + .chart`, 2, nil) // 3 March
		want := map[string]string{"metric": "churn", "period": "custom", "from": "2026-03-03", "to": "2026-03-04",
			"segment": "Zakelijk", "lang": "nl"}
		if got := arrivedAt(t, "/drill", "metric", "churn"); !sameQuery(got, want) {
			t.Errorf("went to %v, want %v", got, want)
		}
	})
	t.Run("the ticket page and the customer list", func(t *testing.T) {
		browsertest.Run(t, tab, chromedp.Navigate(ts.url+"/tickets/T1?lang=nl&back=%2Ffeedback"), chromedp.WaitVisible(chromedp.CSS("#h-messages")))
		browsertest.Screenshot(t, tab, "ticket-page")
		browsertest.Accessible(t, tab, "/tickets/T1")
		browsertest.Run(t, tab, chromedp.Navigate(ts.url+"/customers?period=month&lang=nl&q=c"), chromedp.WaitVisible(chromedp.CSS("#h-list")))
		browsertest.Screenshot(t, tab, "customer-list")
		browsertest.Accessible(t, tab, "/customers")
		// The list's header sorts by a click, keeping the search.
		browsertest.Run(t, tab, chromedp.Click(chromedp.CSS(`.customer-list th[aria-sort] a`)))
		if got := arrivedAt(t, "/customers", "sort", "name"); got.Get("q") != "c" || got.Get("dir") != "asc" {
			t.Errorf("sorted by name: %v", got)
		}
	})
	// The pointer rested on the charts: their tooltips (built as elements, app.js) break no
	// Content-Security-Policy rule, and the lists clicked to exist.
	console.Check(t)
}
