package web

import (
	"encoding/json"
	"html"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/klantpuls/klantpuls/internal/metric"
)

// The tile shows a metric's headline, the figure the report table and the CSV show too. For a
// duration that is the mean in business hours: the seeded T1 (Monday 2 March 10:00 → 11:00,
// 3600 s) with T4 (Tuesday 10:00 → 10:30, 1800 s) and T5 (Wednesday 09:00 → Thursday 09:00,
// the whole Wednesday 09:00–17:00, 28800 s) have mean 34200 / 3 = 11400 s = 3 u 10 m and median
// 3600 s = 1 u 00 m. Before the registry the tile showed the median.
func TestTileShowsTheHeadline(t *testing.T) {
	ts := dashServer(t)
	w := ts.withToken("adminWrite")
	res := w.postJSON("/api/v1/tickets", `[
		{"ticket_id":"T4","created_at":"2026-03-03 10:00","first_reply_at":"2026-03-03 10:30","agent":"Anna","team":"Support","channel":"email"},
		{"ticket_id":"T5","created_at":"2026-03-04 09:00","first_reply_at":"2026-03-05 09:00","agent":"Anna","team":"Support","channel":"email"}]`)
	if res.status != 200 {
		t.Fatalf("tickets: %d %s", res.status, res.body)
	}
	admin := ts.login("admin@example.com")
	got := tileText(admin.get("/?period=month&lang=nl").body, "first_response")
	if !strings.Contains(got, "3 u 10 m") || strings.Contains(got, "1 u 00 m") {
		t.Errorf("first response tile: %q, want the mean 3 u 10 m", got)
	}
	if !strings.Contains(got, "gemiddeld, in werkuren · n = 3") {
		t.Errorf("the tile does not say which figure it shows: %q", got)
	}
	en := tileText(admin.get("/?period=month&lang=en").body, "first_response")
	if !strings.Contains(en, "3 h 10 m") || !strings.Contains(en, "mean, in business hours") {
		t.Errorf("english tile: %q", en)
	}
	page := admin.get("/?period=month&lang=nl").body
	if d, _ := metric.Lookup("first_response"); !strings.Contains(page, `title="`+d.Explain.NL+`">Eerste reactietijd</a>`) {
		t.Error("the tile's name does not carry the metric's explanation")
	}
	// A title shows on hover only: for a keyboard or a finger the explanation opens in the tile.
	if d, _ := metric.Lookup("first_response"); !strings.Contains(page, `<details class="explain"><summary>Wat meet dit?<span class="sr-only"> (Eerste reactietijd)</span></summary><p>`+d.Explain.NL+`</p></details>`) {
		t.Error("the tile's explanation does not open without a mouse")
	}
	// The same figure in the report JSON: the headline path of the descriptor.
	var doc struct {
		Groups []struct{ Metrics metric.Set }
	}
	if err := json.Unmarshal([]byte(admin.get("/api/v1/report?from=2026-03-01&to=2026-04-01").body), &doc); err != nil {
		t.Fatal(err)
	}
	if b := doc.Groups[0].Metrics.FirstResponse.Business; *b.Mean != 11400 || *b.Median != 3600 {
		t.Errorf("report: mean %v median %v, want 11400 and 3600", *b.Mean, *b.Median)
	}
}

// A metric is in a report group exactly when its descriptor says the group's dimension splits
// it: the registry's --by dimensions are what the engine does.
func TestReportGroupsHoldTheMetricsTheirDimensionSplits(t *testing.T) {
	ts := dashServer(t)
	admin := ts.login("admin@example.com")
	for _, by := range []string{"", metric.DimChannel, metric.DimTeam, metric.DimAgent, metric.DimSegment} {
		var doc struct {
			Groups []struct {
				Key     *string
				Metrics map[string]json.RawMessage
			}
		}
		res := admin.get("/api/v1/report?from=2026-03-01&to=2026-04-01&by=" + by)
		if err := json.Unmarshal([]byte(res.body), &doc); err != nil || len(doc.Groups) == 0 {
			t.Fatalf("by %q: %d %v %.200s", by, res.status, err, res.body)
		}
		for _, g := range doc.Groups {
			for _, d := range metric.All() {
				_, in := g.Metrics[d.Key]
				if want := by == "" || d.Splits(by); in != want {
					t.Errorf("by %q group %v: %s present %v, the registry says %v", by, g.Key, d.Key, in, want)
				}
			}
		}
	}
}

// A change is coloured by the metric's direction (from its descriptor); a metric with a test is
// coloured only when the test finds the change significant, else grey ("ns").
func TestDescribeChangeColours(t *testing.T) {
	p := &page{Lang: "nl"}
	nps := func(promoters, passives, detractors int) *metric.Set {
		n := metric.NewNPS(promoters, passives, detractors)
		return &metric.Set{NPS: &n}
	}
	def := newTileDef("nps", "/feedback")
	// Vector 7: NPS 45 against 30 is significant (p = 0.037) and higher is better.
	if c := describeChange(def, "nl", p, 15, nps(120, 50, 30), nps(125, 75, 50)); c.Class != "good" || c.Text != "+15" ||
		!strings.Contains(c.Title, "beter") || c.Word != "beter" {
		t.Errorf("NPS up: %+v", c)
	}
	if c := describeChange(def, "nl", p, -15, nps(125, 75, 50), nps(120, 50, 30)); c.Class != "bad" || !strings.Contains(c.Title, "slechter") || c.Word != "slechter" {
		t.Errorf("NPS down: %+v", c)
	}
	// Not significant with few answers: grey, whichever way.
	if c := describeChange(def, "nl", p, 50, nps(2, 0, 0), nps(1, 0, 1)); c.Class != "ns" || !strings.Contains(c.Title, "niet significant") || c.Word != "niet significant" {
		t.Errorf("NPS on 2 answers: %+v", c)
	}
	// One promoter against one detractor: each period has one kind of answer, so the z-test's
	// standard error is 0 (var = P + D − (P − D)² = 0 on either side) and there is no test.
	// Untested is not significant: grey, and the title says why there is no p-value.
	if c := describeChange(def, "nl", p, 200, nps(1, 0, 0), nps(0, 0, 1)); c.Class != "ns" || !strings.Contains(c.Title, "niet te toetsen") {
		t.Errorf("NPS +200 on one answer against one: %+v", c)
	}
	// NPS 50 on 200 promoters, 50 passives and 50 detractors against −50 on the reverse: by
	// hand var = 2/3 + 1/6 − (1/2)² = 7/12 on each side, z = 100/(100·√(2·(7/12)/300)) ≈ 16.0,
	// p far under 0.001, which three decimals showed as "p = 0,000".
	if c := describeChange(def, "nl", p, 100, nps(200, 50, 50), nps(50, 50, 200)); c.Class != "good" || !strings.Contains(c.Title, "p < 0,001") {
		t.Errorf("NPS +100 on 300 answers each: %+v", c)
	}
	// First response has no test and lower is better: 30 minutes shorter is good, 9 minutes
	// longer ("▲ 9 m", the example) is bad.
	frt := newTileDef("first_response", "/service")
	if c := describeChange(frt, "nl", p, -1800, &metric.Set{}, &metric.Set{}); c.Class != "good" || c.Text != "30 m" || c.Arrow != "▼" {
		t.Errorf("first response down: %+v", c)
	}
	if c := describeChange(frt, "nl", p, 540, &metric.Set{}, &metric.Set{}); c.Class != "bad" || c.Text != "9 m" || c.Arrow != "▲" {
		t.Errorf("first response up 9 minutes: %+v", c)
	}
	// A change that rounds to nothing as shown (−0,04 points, 20 seconds) has no arrow or colour.
	churn := newTileDef("churn", "/customers")
	if c := describeChange(churn, "nl", p, -0.04, &metric.Set{}, &metric.Set{}); c.Class != "flat" || c.Arrow != "→" || c.Text != "0,0 procentpunt" || c.Word != "" {
		t.Errorf("churn −0.04 points: %+v", c)
	}
	if c := describeChange(churn, "nl", p, -0.05, &metric.Set{}, &metric.Set{}); c.Class != "good" || c.Arrow != "▼" {
		t.Errorf("churn −0.05 points (shown −0,1): %+v", c)
	}
	if c := describeChange(frt, "nl", p, 20, &metric.Set{}, &metric.Set{}); c.Class != "flat" || c.Arrow != "→" {
		t.Errorf("first response 20 s longer: %+v", c)
	}
	if target, ok := frt.desc.Target("1.5"); frt.Unit != "h" || !ok || target != 5400 || newTileDef("clv", "/customers").Unit != "€" {
		t.Errorf("target units: %q, 1.5 h read as %v s", frt.Unit, target)
	}
}

// TestDescribeIQSChange: IQS shows one decimal (80,6), so its change does too, and a change
// that rounds to 0,0 has no arrow; higher is better.
func TestDescribeIQSChange(t *testing.T) {
	p := &page{Lang: "nl"}
	iqs := newTileDef("iqs", "/team")
	for _, c := range []struct {
		name               string
		diff               float64
		arrow, text, class string
	}{
		{"80,0 → 80,6", 0.6, "▲", "+0,6", "good"},
		{"80,0 → 80,4", 0.4, "▲", "+0,4", "good"},
		{"80,4 → 80,0", -0.4, "▼", "−0,4", "bad"}, // the typographic minus (U+2212), as the page explains
		{"80,00 → 80,04", 0.04, "→", "0,0", "flat"},
	} {
		t.Run(c.name, func(t *testing.T) {
			got := describeChange(iqs, "nl", p, c.diff, &metric.Set{}, &metric.Set{})
			if got.Arrow != c.arrow || got.Text != c.text || got.Class != c.class {
				t.Errorf("got %s %q %s, want %s %q %s", got.Arrow, got.Text, got.Class, c.arrow, c.text, c.class)
			}
		})
	}
}

// TestMeasuredDays: the days of a period that can hold data, up to the end of today. On
// 2 December "this month" has 2 measured days; last month (November) 30; February 28.
func TestMeasuredDays(t *testing.T) {
	day := func(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }
	today := day(2026, 12, 2)
	for _, c := range []struct {
		name     string
		from, to time.Time
		days     int
	}{
		{"this month on 2 December", day(2026, 12, 1), day(2027, 1, 1), 2},
		{"one day", day(2026, 12, 2), day(2026, 12, 3), 1},
		{"a week", day(2026, 11, 23), day(2026, 11, 30), 7},
		{"February", day(2026, 2, 1), day(2026, 3, 1), 28},
		{"last month (November)", day(2026, 11, 1), day(2026, 12, 1), 30},
		{"this quarter on 2 December", day(2026, 10, 1), day(2027, 1, 1), 63},
	} {
		t.Run(c.name, func(t *testing.T) {
			if days := measuredDays(c.from, c.to, today); days != c.days {
				t.Errorf("measured %d days, want %d", days, c.days)
			}
		})
	}
}

// TestSparklineMarksPartial: a line into a partial last bucket is dashed and its point hollow;
// a series with one value draws nothing (a lone dot is no trend).
func TestSparklineMarksPartial(t *testing.T) {
	f := func(x float64) *float64 { return &x }
	got := string(sparkline([]*float64{f(1), f(2), f(3)}, []bool{false, false, true}, "x"))
	// Three points 3 + 57 px apart: the solid line 1→2, the dashed 2→3 into the partial one.
	if !strings.Contains(got, `d="M3.0,29.0L60.0,16.0"`) || !strings.Contains(got, `stroke-dasharray="3 2" d="M60.0,16.0L117.0,3.0"`) ||
		!strings.Contains(got, `<circle cx="117.0" cy="3.0" r="2" fill="#fff"`) {
		t.Errorf("partial end: %s", got)
	}
	if got := sparkline([]*float64{nil, f(5), nil}, []bool{false, false, true}, "x"); got != "" {
		t.Errorf("one value: %s", got)
	}
	if got := string(sparkline([]*float64{f(1), f(2)}, nil, "x")); strings.Contains(got, "dasharray") {
		t.Errorf("no partial bucket, yet dashed: %s", got)
	}
}

// TestUntestableNPSChangeIsGrey: README, Overzicht: a change of NPS or CSAT is coloured only
// when its test finds it significant. A small team's month: one detractor in the 31 days before
// March, two promoters in March. Each side has one class only, so the z-test's standard error
// is 0 (metric.NPSChange gives up); the tile showed "▲ +200" in green, "beter", with no p-value —
// n = 2 against n = 1 presented as a real improvement.
func TestUntestableNPSChangeIsGrey(t *testing.T) {
	ts := startServer(t, func(o *Options) { o.Now = func() time.Time { return time.Date(2026, 4, 10, 12, 0, 0, 0, time.UTC) } })
	if res := ts.withToken("adminWrite").postJSON("/api/v1/responses", `[
	 {"response_id":"U1","survey":"nps","score":3,"submitted_at":"2026-02-20 10:00","customer_id":"C1"},
	 {"response_id":"U2","survey":"nps","score":10,"submitted_at":"2026-03-05 10:00","customer_id":"C2"},
	 {"response_id":"U3","survey":"nps","score":9,"submitted_at":"2026-03-06 10:00","customer_id":"C3"}]`); res.status >= 300 {
		t.Fatalf("responses: %d %s", res.status, res.body)
	}
	page := ts.login("admin@example.com").get("/?period=custom&from=2026-03-01&to=2026-04-01&lang=nl").body
	a := regexp.MustCompile(`(?s)aria-labelledby="tile-nps".*?</article>`).FindString(page)
	m := regexp.MustCompile(`<p class="change ([a-z]+)" title="([^"]*)"`).FindStringSubmatch(a)
	if m == nil {
		t.Fatalf("no change on the NPS tile: %s", tileText(page, "nps"))
	}
	if m[1] != "ns" || !strings.Contains(html.UnescapeString(m[2]), "niet te toetsen") {
		t.Errorf("NPS change on n = 2 against n = 1: class %q, title %q; want grey (ns), saying it cannot be tested", m[1], html.UnescapeString(m[2]))
	}
}

// TestChangeOnFewMeasurementsIsGrey: metrics.md section 0 marks a figure on fewer than 30
// measurements as indicative. A metric without a test (first response) was coloured by its
// direction alone, so an agent's one ticket in February (2 h) against two in March (30 m each)
// showed "▼ 1 u 30 m · beter" in green beside a starred "30 m*": noise presented as news. Grey
// instead, saying why it is not judged.
func TestChangeOnFewMeasurementsIsGrey(t *testing.T) {
	ts := startServer(t, func(o *Options) { o.Now = func() time.Time { return time.Date(2026, 4, 10, 12, 0, 0, 0, time.UTC) } })
	if res := ts.withToken("adminWrite").postJSON("/api/v1/tickets", `[
	 {"ticket_id":"F1","created_at":"2026-02-17 10:00","first_reply_at":"2026-02-17 12:00"},
	 {"ticket_id":"F2","created_at":"2026-03-03 10:00","first_reply_at":"2026-03-03 10:30"},
	 {"ticket_id":"F3","created_at":"2026-03-04 10:00","first_reply_at":"2026-03-04 10:30"}]`); res.status >= 300 {
		t.Fatalf("tickets: %d %s", res.status, res.body)
	}
	for _, c := range []struct{ lang, word string }{{"nl", "te weinig metingen"}, {"en", "too few measurements"}} {
		page := ts.login("admin@example.com").get("/?period=custom&from=2026-03-01&to=2026-04-01&lang=" + c.lang).body
		a := regexp.MustCompile(`(?s)aria-labelledby="tile-first_response".*?</article>`).FindString(page)
		m := regexp.MustCompile(`<p class="change ([a-z]+)" title="([^"]*)"`).FindStringSubmatch(a)
		if m == nil {
			t.Fatalf("%s: no change on the first-response tile: %s", c.lang, tileText(page, "first_response"))
		}
		text := tileText(page, "first_response")
		if m[1] != "ns" || !strings.Contains(html.UnescapeString(m[2]), c.word) || !strings.Contains(text, "· "+c.word) ||
			strings.Contains(text, "beter") || strings.Contains(text, "better") {
			t.Errorf("%s: first response 30 m on n = 2 against 2 h on n = 1: class %q, title %q, tile %q; want grey (ns), saying %q",
				c.lang, m[1], html.UnescapeString(m[2]), text, c.word)
		}
	}
}
