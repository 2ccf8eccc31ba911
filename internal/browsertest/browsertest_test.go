package browsertest

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/klantpuls/klantpuls/internal/testneed"
)

// csp is the policy of internal/web/middleware.go (securityHeaders), kept equal by hand: the
// pages must work under it, so the tests serve them under it.
const csp = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; " +
	"connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"

// staticDir is the directory the server embeds; its vendor/ comes from `make assets`.
var staticDir = filepath.Join("..", "web", "static")

func withCSP(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Security-Policy", csp)
		h.ServeHTTP(w, r)
	})
}

func page(body string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprint(w, body)
	}
}

func script(js string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/javascript")
		fmt.Fprint(w, js)
	}
}

func TestBrowser(t *testing.T) {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /{$}", page(`<!doctype html><title>empty</title><script src="/title.js"></script>`))
	mux.HandleFunc("GET /title.js", script(`document.title = "klantpuls browser test";`))
	mux.HandleFunc("GET /broken", page(`<!doctype html><title>broken</title><script src="/broken.js"></script><p style="color: red">inline style</p>`))
	mux.HandleFunc("GET /broken.js", script(`console.error("first", 2); throw new Error("second");`))
	// The server is made first so that it closes last, after the browser (cleanups run in
	// reverse order).
	srv := httptest.NewServer(withCSP(mux))
	t.Cleanup(srv.Close)
	b := New(t)

	t.Run("a script from the server runs", func(t *testing.T) {
		console := ConsoleErrors(t, b.Context())
		b.Run(t, chromedp.Navigate(srv.URL))
		if got, want := Value(t, b.Context(), chromedp.Title()), "klantpuls browser test"; got != want {
			t.Errorf("title = %q, want %q", got, want)
		}
		console.Check(t)
		Screenshot(t, b.Context(), "browsertest-title")
	})

	t.Run("errors, exceptions and CSP refusals are collected", func(t *testing.T) {
		tab := b.Tab(t)
		console := ConsoleErrors(t, tab)
		Run(t, tab, chromedp.Navigate(srv.URL+"/broken"))
		errs := strings.Join(console.Errors(t), "\n")
		for _, want := range []string{"console.error: first 2", "exception: Uncaught Error: second", "Content Security Policy"} {
			if !strings.Contains(errs, want) {
				t.Errorf("errors lack %q; got:\n%s", want, errs)
			}
		}
	})

	t.Run("tabs do not share cookies", func(t *testing.T) {
		agent, manager := b.Tab(t), b.Tab(t)
		Run(t, agent, chromedp.Navigate(srv.URL))
		Run(t, manager, chromedp.Navigate(srv.URL))
		Value(t, agent, chromedp.Evaluate[string](`document.cookie = "session=agent"`))
		if got := Value(t, manager, chromedp.Evaluate[string](`document.cookie`)); got != "" {
			t.Errorf("the manager's tab sees cookies %q", got)
		}
	})
}

// requireAssets stops a test that needs the vendor files when `make assets` has not run.
func requireAssets(t *testing.T) {
	for _, name := range []string{"htmx.min.js", "echarts.min.js", "echarts-lang-nl.js"} {
		if _, err := os.Stat(filepath.Join(staticDir, "vendor", name)); err != nil {
			msg := fmt.Sprintf("%v: run `make assets` (make test does)", err)
			testneed.Missing(t, msg)
		}
	}
}

// heatmapJSON is a week of hours with a busy office day and no data at night.
func heatmapJSON(t *testing.T) string {
	hours := make([]string, 24)
	for h := range hours {
		hours[h] = fmt.Sprintf("%02d", h)
	}
	var cells [][3]any
	for d := range 7 {
		for h := range 24 {
			switch {
			case h < 7 || h > 21:
				cells = append(cells, [3]any{h, d, nil}) // closed: no data, not 0
			case d >= 5:
				cells = append(cells, [3]any{h, d, h % 5})
			default:
				cells = append(cells, [3]any{h, d, 10 + (h*7+d*3)%25})
			}
		}
	}
	b, err := json.Marshal(map[string]any{"x": hours, "y": []string{"ma", "di", "wo", "do", "vr", "za", "zo"}, "data": cells})
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// TestAppJS loads the real app.js, htmx and ECharts under the server's CSP.
func TestAppJS(t *testing.T) {
	requireAssets(t)
	html, err := os.ReadFile(filepath.Join("testdata", "charts.html"))
	if err != nil {
		t.Fatal(err)
	}
	chartsPage := strings.Replace(string(html), "HEATMAP", heatmapJSON(t), 1)

	var requests, htmxRequests atomic.Int32
	mux := http.NewServeMux()
	mux.Handle("GET /static/", http.StripPrefix("/static/", http.FileServer(http.Dir(staticDir))))
	mux.HandleFunc("GET /charts", page(chartsPage))
	// /live is a dashboard whose main counts the requests; /events tells it once to refresh.
	mux.HandleFunc("GET /live", func(w http.ResponseWriter, r *http.Request) {
		n := requests.Add(1)
		if r.Header.Get("HX-Request") == "true" {
			htmxRequests.Add(1)
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprintf(w, `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>live</title>
<script src="/static/vendor/htmx.min.js" defer></script><script src="/static/vendor/echarts.min.js" defer></script>
<script src="/static/app.js" defer></script></head>
<body data-live="/events"><p id="live-status"></p><main id="main"><p id="count">%d</p>
<div class="chart" data-chart="bar" data-title="Tickets" data-unit="%%"><script type="application/json" class="chart-data">{"x": ["2026-01", "2026-02"], "series": [{"name": "email", "data": [%d, null]}]}</script></div>
</main></body></html>`, n, n)
	})
	mux.HandleFunc("GET /events", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/event-stream")
		fmt.Fprint(w, "event: update\ndata: {}\n\n")
		w.(http.Flusher).Flush()
		<-r.Context().Done() // held open like the real stream, until the browser goes
	})
	srv := httptest.NewServer(withCSP(mux))
	t.Cleanup(srv.Close)
	b := New(t)

	t.Run("charts, sorting and the period form", func(t *testing.T) {
		tab := b.Tab(t)
		console := ConsoleErrors(t, tab)
		Run(t, tab, ReducedMotion(), chromedp.Navigate(srv.URL+"/charts"),
			chromedp.WaitVisible(chromedp.CSS("#volume svg")),
			chromedp.WaitVisible(chromedp.CSS("#hours svg")))

		for id, want := range map[string]string{"volume": "Tickets per dag", "hours": "Gesprekken per uur en weekdag"} {
			attrs := Value(t, tab, chromedp.Attributes(chromedp.ID(id)))
			if attrs["role"] != "img" || attrs["aria-label"] != want {
				t.Errorf("#%s: role %q, aria-label %q; want img, %q", id, attrs["role"], attrs["aria-label"], want)
			}
		}
		if Value(t, tab, chromedp.Evaluate[bool](`echarts.getInstanceByDom(document.getElementById('volume')).getOption().animation`)) {
			t.Error("the chart animates although the user prefers reduced motion")
		}
		// A day without data stays null (a gap), and the axis speaks Dutch.
		gap := Value(t, tab, chromedp.Evaluate[bool](`echarts.getInstanceByDom(document.getElementById('volume')).getOption().series[0].data[1] === null`))
		if !gap {
			t.Error("the missing day is not null in the line chart")
		}
		if got := Value(t, tab, chromedp.TextContent(chromedp.CSS("#volume svg"))); !strings.Contains(got, "5 jan") {
			t.Errorf("line chart text %q lacks the Dutch date 5 jan", got)
		}

		names := func() string {
			return Value(t, tab, chromedp.Evaluate[string](`[...document.querySelectorAll('#agents tbody tr')].map(r => r.cells[0].textContent).join(',')`))
		}
		sort := func(col int) string {
			return Value(t, tab, chromedp.Evaluate[string](fmt.Sprintf(`document.querySelectorAll('#agents th')[%d].getAttribute('aria-sort') || ''`, col)))
		}
		Run(t, tab, chromedp.Click(chromedp.CSS("#agents th:nth-child(2) button")))
		if got, want := names(), "Daan,Bram,anouk,Chris"; got != want || sort(1) != "ascending" {
			t.Errorf("tickets ascending: %s (%s), want %s (ascending)", got, sort(1), want)
		}
		Run(t, tab, chromedp.Click(chromedp.CSS("#agents th:nth-child(2) button")))
		if got, want := names(), "anouk,Bram,Daan,Chris"; got != want || sort(1) != "descending" {
			t.Errorf("tickets descending: %s (%s), want %s (descending); no data stays last", got, sort(1), want)
		}
		Run(t, tab, chromedp.Focus(chromedp.CSS("#agents th:nth-child(1) button")), chromedp.KeyEvent("\r"))
		if got, want := names(), "anouk,Bram,Chris,Daan"; got != want || sort(0) != "ascending" || sort(1) != "" {
			t.Errorf("names by Enter: %s (%s, %s), want %s (ascending, none)", got, sort(0), sort(1), want)
		}
		if got := Value(t, tab, chromedp.Evaluate[int](`document.querySelectorAll('#agents th:nth-child(3) button').length`)); got != 0 {
			t.Error("a column without data-sort got a sort button")
		}

		dates := func() string {
			return Value(t, tab, chromedp.Evaluate[string](`[...document.querySelectorAll('form.period input')].map(i => i.hidden + '/' + i.disabled + '/' + i.closest('label').hidden).join(' ')`))
		}
		if got, want := dates(), "true/true/true true/true/true"; got != want {
			t.Errorf("dates for 30 days: %s, want hidden and disabled: %s", got, want)
		}
		Value(t, tab, chromedp.Evaluate[bool](`(s => { s.value = 'custom'; return s.dispatchEvent(new Event('change')) })(document.querySelector('select[name=period]'))`))
		if got, want := dates(), "false/false/false false/false/false"; got != want {
			t.Errorf("dates for a custom period: %s, want shown: %s", got, want)
		}

		// Each line can be told from the white it is drawn on (WCAG 1.4.11: 3:1; ECharts' own
		// second colour, #91cc75, has 1.9:1).
		colours := Value(t, tab, chromedp.Evaluate[[]string](`(c => c.getModel().getSeries().map((s, i) => c.getVisual({seriesIndex: i}, 'color')))(echarts.getInstanceByDom(document.getElementById('volume')))`))
		if len(colours) < 2 {
			t.Fatalf("line colours %v, want one a series", colours)
		}
		for _, c := range colours {
			if !regexp.MustCompile(`^#[0-9a-fA-F]{6}$`).MatchString(c) {
				t.Fatalf("a line's colour %q is not #rrggbb", c)
			}
			if r := ContrastRatio(c, "#ffffff"); r < 3 {
				t.Errorf("a line drawn in %s: %.2f:1 against white, want 3:1 or more", c, r)
			}
		}

		console.Check(t)
		Screenshot(t, tab, "app-charts")

		// A narrower window makes narrower charts.
		Run(t, tab, chromedp.EmulateViewport(600, 900))
		Value(t, tab, chromedp.Poll[bool](`echarts.getInstanceByDom(document.getElementById('volume')).getWidth() < 600`))
	})

	t.Run("a live update refreshes main", func(t *testing.T) {
		tab := b.Tab(t)
		console := ConsoleErrors(t, tab)
		Run(t, tab, chromedp.Navigate(srv.URL+"/live"))
		// The stream's one update refreshes main at once: the count goes from 1 to 2.
		Value(t, tab, chromedp.Poll[bool](`document.getElementById('count').textContent === '2'`))
		Run(t, tab, chromedp.WaitVisible(chromedp.CSS("#main .chart svg")))
		if got := htmxRequests.Load(); got != 1 {
			t.Errorf("%d requests with HX-Request: true, want 1", got)
		}
		status := Value(t, tab, chromedp.Text(chromedp.ID("live-status")))
		if !regexp.MustCompile(`^updated \d\d:\d\d$`).MatchString(status) {
			t.Errorf("live status %q, want updated HH:MM", status)
		}
		if n := Value(t, tab, chromedp.Evaluate[int](`document.querySelectorAll('main').length`)); n != 1 {
			t.Errorf("%d main elements after the refresh, want 1", n)
		}
		console.Check(t)
		Screenshot(t, tab, "app-live")
	})
}
