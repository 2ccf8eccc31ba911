package web

import (
	"encoding/json"
	"html"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
)

// TestWallLinksOnlyWhatTheWallOpens: a wall screen on a touch screen opens nothing but its own
// routes, so every link its pages carry — a tile's figure and heading, a table's cell, a chart's
// records, a theme's examples, a point's drill-down in a chart's data — must open for the screen itself; each such
// tap led to the login page.
func TestWallLinksOnlyWhatTheWallOpens(t *testing.T) {
	ts := dashServer(t)
	admin := ts.login("admin@example.com")
	res := admin.form("POST", "/tokens/walls?lang=nl", url.Values{"name": {"Muur"}, "pages": {"overview", "service", "team", "why"}})
	m := regexp.MustCompile(`/tv/connect#([A-Za-z0-9_-]{20,})`).FindStringSubmatch(res.body)
	if m == nil {
		t.Fatalf("no wall link: %d", res.status)
	}
	screen := ts.anonymous()
	if res := screen.form("POST", "/tv/connect", url.Values{"secret": {m[1]}}); res.status != http.StatusSeeOther {
		t.Fatalf("connecting: %d", res.status)
	}
	href := regexp.MustCompile(`(?:href|hx-get)="([^"]*)"`)
	chartData := regexp.MustCompile(`(?s)<script type="application/json" class="chart-data">(.*?)</script>`)
	for _, key := range []string{"overview", "service", "team", "why"} {
		for _, path := range []string{"/tv/slide/" + key + "?lang=nl&period=month", "/tv?lang=nl&period=month&show=" + key} {
			page := screen.get(path)
			if page.status != http.StatusOK {
				t.Fatalf("%s: %d", path, page.status)
			}
			var links []string
			for _, h := range href.FindAllStringSubmatch(page.body, -1) {
				if !strings.HasPrefix(h[1], "/static/") { // the page's style sheet
					links = append(links, html.UnescapeString(h[1]))
				}
			}
			for _, c := range chartData.FindAllStringSubmatch(page.body, -1) {
				var data struct {
					Series []struct{ Drill string }
				}
				if err := json.Unmarshal([]byte(c[1]), &data); err != nil {
					continue // a heatmap's or a bar's data of another shape carries no drill
				}
				for _, s := range data.Series {
					if s.Drill != "" {
						links = append(links, s.Drill)
					}
				}
			}
			for _, l := range links {
				if l == "" {
					t.Errorf("%s: a link to nowhere", path)
					continue
				}
				if got := screen.get(l); got.status != http.StatusOK {
					t.Errorf("%s links to %s, which the wall screen cannot open: %d %s", path, l, got.status, got.header.Get("Location"))
				}
			}
		}
	}
}
