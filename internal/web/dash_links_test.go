package web

import (
	"encoding/json"
	"html"
	"net/url"
	"regexp"
	"strings"
	"testing"
)

// drillLinks are the drill-down URLs (href="/drill?…") of a piece of a page, unescaped.
func drillLinks(t *testing.T, part string) []url.Values {
	t.Helper()
	var out []url.Values
	for _, m := range regexp.MustCompile(`href="(/drill\?[^"]*)"`).FindAllStringSubmatch(part, -1) {
		u, err := url.Parse(html.UnescapeString(m[1]))
		if err != nil {
			t.Fatalf("a drill link that is no URL: %q", m[1])
		}
		out = append(out, u.Query())
	}
	return out
}

// sameQuery tells whether got has exactly the parameters of want, each once.
func sameQuery(got url.Values, want map[string]string) bool {
	if len(got) != len(want) {
		return false
	}
	for k, v := range want {
		if len(got[k]) != 1 || got[k][0] != v {
			return false
		}
	}
	return true
}

// tileHTML is the markup of one tile of the overview.
func tileHTML(page, key string) string {
	m := regexp.MustCompile(`(?s)<article class="tile[^"]*" aria-labelledby="tile-` + key + `"[^>]*>(.*?)</article>`).FindStringSubmatch(page)
	if m == nil {
		return ""
	}
	return m[1]
}

// TestTileDrillLinks: every tile's figure and its n open the records of that tile's metric, with
// the view's exact period, filter and language, and nothing else.
func TestTileDrillLinks(t *testing.T) {
	ts := dashServer(t)
	admin := ts.login("admin@example.com")
	for _, c := range []struct {
		query string
		want  map[string]string // besides metric
	}{
		{"period=custom&from=2026-03-01&to=2026-04-01&segment=Zakelijk&lang=en",
			map[string]string{"period": "custom", "from": "2026-03-01", "to": "2026-04-01", "segment": "Zakelijk", "lang": "en"}},
		{"period=month&lang=nl", map[string]string{"period": "month", "lang": "nl"}},
	} {
		page := admin.get("/?" + c.query).body
		for _, key := range []string{"nps", "csat", "ces", "first_response", "resolution", "fcr", "churn", "retention", "clv",
			"iqs", "feedback_response", "sentiment"} {
			links := drillLinks(t, tileHTML(page, key))
			if key == "iqs" && c.want["segment"] != "" {
				// Reviews have no segment: the tile says "not applicable", with nothing to open.
				if len(links) != 0 || !strings.Contains(tileText(page, key), "Does not apply") {
					t.Errorf("iqs by segment: %q with links %v", tileText(page, key), links)
				}
				continue
			}
			if len(links) == 0 {
				t.Errorf("%s: tile %s links to no records", c.query, key)
			}
			want := map[string]string{"metric": key}
			for k, v := range c.want {
				want[k] = v
			}
			for _, q := range links {
				if !sameQuery(q, want) {
					t.Errorf("%s: tile %s links to %v, want %v", c.query, key, q, want)
				}
			}
		}
	}
	// CSAT has a value in March (50,0%): the value and its n = 2 are both links.
	if n := len(drillLinks(t, tileHTML(admin.get("/?period=month").body, "csat"))); n != 2 {
		t.Errorf("csat tile has %d drill links, want 2 (value and n)", n)
	}
	// An agent's links carry no agent: /drill limits them to their own as every page does.
	anna := ts.login("anna@example.com")
	for _, q := range drillLinks(t, tileHTML(anna.get("/?period=month&lang=nl").body, "csat")) {
		if !sameQuery(q, map[string]string{"metric": "csat", "period": "month", "lang": "nl"}) {
			t.Errorf("agent's csat link %v", q)
		}
	}
}

// TestSplitRowDrillLinks: a row of a split adds its own filter to the view's; the figures of the
// service page link to their metric.
func TestSplitRowDrillLinks(t *testing.T) {
	ts := dashServer(t)
	admin := ts.login("admin@example.com")
	view := map[string]string{"period": "month", "channel": "email", "lang": "nl"}
	with := func(pairs ...string) map[string]string {
		out := map[string]string{}
		for k, v := range view {
			out[k] = v
		}
		for i := 0; i < len(pairs); i += 2 {
			out[pairs[i]] = pairs[i+1]
		}
		return out
	}
	has := func(t *testing.T, page, what string, want map[string]string) {
		t.Helper()
		for _, q := range drillLinks(t, page) {
			if sameQuery(q, want) {
				return
			}
		}
		t.Errorf("%s: no link with exactly %v", what, want)
	}
	team := admin.get("/team?period=month&channel=email&lang=nl").body
	for _, m := range []string{"first_response", "csat"} {
		has(t, team, "agent Anna "+m, with("metric", m, "agent", "Anna"))
		has(t, team, "team Support "+m, with("metric", m, "team", "Support"))
	}
	// IQS does not apply by channel, and FCR measures nothing without replies (TestOverviewTiles):
	// their cells show "n.v.t." and "Niet gemeten", which are no figures to open. Solved opens nothing: the tickets' list holds the
	// tickets created (T3, open, among Anna's), not those solved.
	for _, q := range drillLinks(t, team) {
		if m := q.Get("metric"); m == "iqs" || m == "fcr" || m == "tickets" {
			t.Errorf("a link on a dash or on Solved: %v", q)
		}
	}
	// A ticket solved with one reply gives FCR a figure, and its cell a link.
	if res := ts.withToken("adminWrite").postJSON("/api/v1/tickets", `{"ticket_id":"T5","created_at":"2026-03-05 10:00",
		"agent":"Anna","team":"Support","channel":"email","agent_replies":1,"first_reply_at":"2026-03-05 10:10","solved_at":"2026-03-05 11:00"}`); res.status != 200 {
		t.Fatal(res.body)
	}
	team = admin.get("/team?period=month&channel=email&lang=nl").body
	has(t, team, "agent Anna fcr", with("metric", "fcr", "agent", "Anna"))
	has(t, team, "team Support fcr", with("metric", "fcr", "team", "Support"))
	customers := admin.get("/customers?period=month&channel=email&lang=nl").body
	for _, m := range []string{"nps", "csat"} {
		has(t, customers, "segment Zakelijk "+m, with("metric", m, "segment", "Zakelijk"))
	}
	// Churn has no channel: its cell says "n.v.t." (TestSegmentRowSaysChurnNotApplicable), no
	// figure to open.
	for _, q := range drillLinks(t, customers) {
		if q.Get("metric") == "churn" && q.Get("segment") != "" {
			t.Errorf("a link on churn's n.v.t.: %v", q)
		}
	}
	service := admin.get("/service?period=month&channel=email&lang=nl").body
	for _, m := range []string{"first_response", "reply_time", "resolution", "first_resolution", "complaint_resolution",
		"fcr", "wait_time", "handle_time"} {
		has(t, service, "service "+m, with("metric", m))
	}
	// A split row of records without a value (no segment) has no filter to add: no link.
	if strings.Contains(customers, `segment=&amp;`) || strings.Contains(team, "team=&amp;") {
		t.Error("a link with an empty filter")
	}
}

// TestChartDataCarriesBuckets: a chart's data carries each bucket's bounds and each series' drill
// URL; the table beside it links every point to its bucket's records.
func TestChartDataCarriesBuckets(t *testing.T) {
	ts := dashServer(t)
	admin := ts.login("admin@example.com")
	page := admin.get("/service?period=month&lang=nl").body // March 2026 up to the 25th, by day
	m := regexp.MustCompile(`(?s)data-chart="stacked"[^>]*><script type="application/json" class="chart-data">(.*?)</script>`).FindStringSubmatch(page)
	if m == nil {
		t.Fatal("no volume chart")
	}
	var data struct {
		X      []string `json:"x"`
		Bounds struct{ From, To []string }
		Series []struct{ Name, Metric, Drill string }
	}
	if err := json.Unmarshal([]byte(m[1]), &data); err != nil {
		t.Fatalf("chart data: %v\n%s", err, m[1])
	}
	if len(data.Bounds.From) != 25 || data.Bounds.From[0] != "2026-03-01" || data.Bounds.To[0] != "2026-03-02" ||
		data.Bounds.From[24] != "2026-03-25" || data.Bounds.To[24] != "2026-03-26" {
		t.Errorf("bounds %v – %v, want 1–25 March by day, to exclusive", data.Bounds.From, data.Bounds.To)
	}
	// Series in order of first appearance: T1 by e-mail (2 March), then T2 and T3 by chat.
	if len(data.Series) != 2 || data.Series[1].Metric != "tickets" {
		t.Fatalf("series %+v", data.Series)
	}
	u, err := url.Parse(data.Series[1].Drill)
	if err != nil || u.Path != "/drill" || !sameQuery(u.Query(), map[string]string{"metric": "tickets", "period": "month", "channel": "chat", "lang": "nl"}) {
		t.Errorf("chat's drill URL %q", data.Series[1].Drill)
	}
	// The table's cell of chat on 10 March opens that day's chat tickets.
	found := false
	for _, q := range drillLinks(t, page) {
		if sameQuery(q, map[string]string{"metric": "tickets", "period": "custom", "from": "2026-03-10", "to": "2026-03-11",
			"channel": "chat", "lang": "nl"}) {
			found = true
		}
	}
	if !found {
		t.Error("no link to 10 March's chat tickets in the chart's table")
	}
	if !strings.Contains(page, `<th scope="row">10 mrt 2026</th>`) {
		t.Error("the chart's table does not name its days the Dutch way")
	}
}
