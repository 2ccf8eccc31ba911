package web

import (
	"encoding/json"
	"math"
	"regexp"
	"strings"
	"testing"
	"time"

	"golang.org/x/net/html"

	"github.com/klantpuls/klantpuls/internal/report"
)

// TestDefaultPeriod: the first screen shows the last full calendar month with data; the
// expected months are worked out by hand from the calendar.
func TestDefaultPeriod(t *testing.T) {
	ams, err := time.LoadLocation("Europe/Amsterdam")
	if err != nil {
		t.Fatal(err)
	}
	day := func(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, ams) }
	// months lists the first days of the months from (y1, m1) to (y2, m2), inclusive.
	months := func(y1 int, m1 time.Month, y2 int, m2 time.Month) []time.Time {
		var out []time.Time
		for t := day(y1, m1, 1); !t.After(day(y2, m2, 1)); t = t.AddDate(0, 1, 0) {
			out = append(out, t)
		}
		return out
	}
	for _, c := range []struct {
		name     string
		today    time.Time
		withData []time.Time
		period   string
		from, to time.Time
	}{
		{"2 December, data up to today: November", day(2026, 12, 2), months(2025, 12, 2026, 12),
			lastMonth, day(2026, 11, 1), day(2026, 12, 1)},
		{"1 December: November has just ended", day(2026, 12, 1), months(2025, 12, 2026, 12),
			lastMonth, day(2026, 11, 1), day(2026, 12, 1)},
		{"30 November: October, November is still running", day(2026, 11, 30), months(2025, 12, 2026, 11),
			lastMonth, day(2026, 10, 1), day(2026, 11, 1)},
		{"across the new year: December", day(2027, 1, 15), months(2026, 1, 2027, 1),
			lastMonth, day(2026, 12, 1), day(2027, 1, 1)},
		{"data stopped in August: August", day(2026, 12, 2), months(2026, 1, 2026, 8),
			lastMonth, day(2026, 8, 1), day(2026, 9, 1)},
		{"a gap in October and November: September", day(2026, 12, 2),
			[]time.Time{day(2026, 8, 1), day(2026, 9, 1), day(2026, 12, 1)}, lastMonth, day(2026, 9, 1), day(2026, 10, 1)},
		{"only this month has data (imported today): this month", day(2026, 12, 2), months(2026, 12, 2026, 12),
			"month", day(2026, 12, 1), day(2027, 1, 1)},
		{"no data at all: last month, empty", day(2026, 12, 2), nil,
			lastMonth, day(2026, 11, 1), day(2026, 12, 1)},
	} {
		t.Run(c.name, func(t *testing.T) {
			period, from, to := defaultPeriod(c.today, c.withData)
			if period != c.period || !from.Equal(c.from) || !to.Equal(c.to) {
				t.Errorf("got %s %s – %s, want %s %s – %s", period, from.Format(time.DateOnly), to.Format(time.DateOnly),
					c.period, c.from.Format(time.DateOnly), c.to.Format(time.DateOnly))
			}
		})
	}
}

// TestModelEnds: the ends serve fits the models for ahead are those of the first screen and of
// every "this …" choice, with the ends of the periods before them; worked out from the calendar
// of Thursday 3 December 2026.
func TestModelEnds(t *testing.T) {
	ams, err := time.LoadLocation("Europe/Amsterdam")
	if err != nil {
		t.Fatal(err)
	}
	day := func(m time.Month, d int) time.Time { return time.Date(2026, m, d, 0, 0, 0, 0, ams) }
	got := modelEnds(day(12, 3), []time.Time{day(10, 1), day(11, 1), day(12, 1)})
	want := []time.Time{
		day(12, 1), day(11, 1), // the first screen: November, and October before it
		day(12, 7), day(11, 30), // this week, from Monday 30 November
		time.Date(2027, 1, 1, 0, 0, 0, 0, ams), day(12, 1), // this month
		time.Date(2027, 1, 1, 0, 0, 0, 0, ams), day(10, 1), // this quarter
		time.Date(2027, 1, 1, 0, 0, 0, 0, ams), day(1, 1), // this year
	}
	if len(got) != len(want) {
		t.Fatalf("%d ends, want %d: %v", len(got), len(want), got)
	}
	for i := range want {
		if !got[i].Equal(want[i]) {
			t.Errorf("end %d = %s, want %s", i, got[i].Format(time.DateOnly), want[i].Format(time.DateOnly))
		}
	}
}

// TestFirstScreenMonth: the first screen's month as the pages find it (monthsWithData) — the
// last full month when it holds tickets, or else survey answers; else the latest month of the
// look-back that does.
func TestFirstScreenMonth(t *testing.T) {
	now := time.Date(2026, 4, 10, 12, 0, 0, 0, time.UTC)
	ts := startServer(t, func(o *Options) { o.Now = func() time.Time { return now } })
	seed(t, ts) // tickets and answers in March 2026, a ticket still open in April
	admin := ts.login("admin@example.com")
	period := func() string {
		t.Helper()
		page := admin.get("/?lang=nl").body
		m := regexp.MustCompile(`<span class="period">([^<]*)</span>`).FindStringSubmatch(page)
		if m == nil {
			t.Fatalf("no period on the first screen: %.3000s", page)
		}
		return m[1]
	}
	if got, want := period(), "1 mrt 2026 – 31 mrt 2026"; got != want {
		t.Errorf("on 10 April: %q; want March, the last full month (%q)", got, want)
	}
	now = time.Date(2026, 6, 10, 12, 0, 0, 0, time.UTC)
	admin = ts.login("admin@example.com") // the April session has run out
	if got, want := period(), "1 mrt 2026 – 31 mrt 2026"; got != want {
		t.Errorf("on 10 June, nothing in April or May: %q; want March (%q)", got, want)
	}
	res := ts.withToken("adminWrite").postJSON("/api/v1/responses", `{"response_id":"R9","survey":"nps","score":9,"submitted_at":"2026-05-05 10:00","customer_id":"C1"}`)
	if res.status >= 300 {
		t.Fatalf("an answer in May: %d %s", res.status, res.body)
	}
	if got, want := period(), "1 mei 2026 – 31 mei 2026"; got != want {
		t.Errorf("on 10 June, an answer in May: %q; want May (%q)", got, want)
	}
	// The answer moved to April: as many records as before, the months with data are others.
	res = ts.withToken("adminWrite").postJSON("/api/v1/responses", `{"response_id":"R9","survey":"nps","score":9,"submitted_at":"2026-04-05 10:00","customer_id":"C1"}`)
	if res.status >= 300 {
		t.Fatalf("the answer moved to April: %d %s", res.status, res.body)
	}
	if got, want := period(), "1 apr 2026 – 30 apr 2026"; got != want {
		t.Errorf("on 10 June, the answer moved from May to April: %q; want April (%q)", got, want)
	}
}

// TestBadCustomPeriodSaidOnPage: a custom period the page cannot use — one day picked as
// from = to (the form's "Tot (niet t/m)" is easy to misread), to before from, a date that is
// none — was silently replaced by the first screen's period: other dates' figures under a picker
// that no longer said what was asked. The page says what is wrong, naming the picker's field, in
// its language (as the API's 422 names the parameter), keeps the dates as typed in the picker,
// and a download of such a view is refused rather than another period's figures.
func TestBadCustomPeriodSaidOnPage(t *testing.T) {
	ts := dashServer(t)
	admin := ts.login("admin@example.com")
	for _, c := range []struct{ query, lang, from, to, want string }{
		{"from=2026-03-10&to=2026-03-10", "nl", "2026-03-10", "2026-03-10", "Tot (niet t/m): 2026-03-10 ligt niet na Van (2026-03-10)."},
		{"from=2026-03-10&to=2026-03-01", "en", "2026-03-10", "2026-03-01", "To (excluded): 2026-03-01 is not after From (2026-03-10)."},
		{"from=2026-03-10&to=10-03-2026", "nl", "2026-03-10", "10-03-2026", "Tot (niet t/m): &#34;10-03-2026&#34; is geen datum."},
		{"to=2026-03-10", "en", "", "2026-03-10", "From is missing: choose a date."},
	} {
		t.Run(c.query, func(t *testing.T) {
			res := admin.get("/service?period=custom&lang=" + c.lang + "&" + c.query)
			alert := regexp.MustCompile(`role="alert"[^>]*>([^<]*)`).FindStringSubmatch(res.body)
			if res.status != 200 || alert == nil || !strings.HasPrefix(alert[1], c.want) {
				t.Errorf("status %d, error %q, want one starting %q", res.status, alert, c.want)
			}
			for _, want := range []string{`<option value="custom" selected>`, `name="from" value="` + c.from + `"`, `name="to" value="` + c.to + `"`} {
				if !strings.Contains(res.body, want) {
					t.Errorf("the picker lacks %s", want)
				}
			}
			if res := admin.get("/export.xlsx?page=service&period=custom&lang=" + c.lang + "&" + c.query); res.status != 422 || !strings.Contains(res.body, c.want) {
				t.Errorf("download: %d, want 422 saying %q", res.status, c.want)
			}
		})
	}
}

// TestRunningPeriodCustomersPageMatchesTile: on 2 December "Deze maand" has two days measured.
// The overview measures it up to today (README: "A period still running is compared up to
// today"); the Klanten page its tile links to measured the whole month, days to come included:
// the same view's CLV differed between the tile and the page (€ 1.157,23 against € 1.178,32 on
// the demo), and the page's churn per year converted two days of churn as if they were 31
// (metrics.md section 3: 1 − (1 − c)^(365/D); D is the days measured).
func TestRunningPeriodCustomersPageMatchesTile(t *testing.T) {
	if testing.Short() {
		t.Skip("a demo year")
	}
	ts := demoServer(t) // clock 2 December 2026 12:00
	admin := ts.login("admin@example.com")
	tile := tileValue(admin.get("/?period=month&lang=en").body, "clv")
	customers := textOf(admin.get("/customers?period=month&lang=en").body)
	if !strings.Contains(customers, "CLV (simple) "+tile+" ") {
		i := strings.Index(customers, "CLV (simple)")
		t.Errorf("CLV tile %q, Klanten page of the same view: %.30s", tile, customers[max(i, 0):])
	}
	if !strings.Contains(customers, "1 Dec 2026 – 2 Dec 2026 (up to today)") {
		t.Errorf("the Klanten page does not name the days it measures")
	}
	// Churn of the two days measured, from the report.
	var doc struct {
		Groups []struct {
			Metrics struct {
				Churn struct {
					Start, Lost int
				} `json:"churn"`
			} `json:"metrics"`
		} `json:"groups"`
	}
	if err := json.Unmarshal([]byte(admin.get("/api/v1/report?from=2026-12-01&to=2026-12-03").body), &doc); err != nil {
		t.Fatal(err)
	}
	c := doc.Groups[0].Metrics.Churn
	if c.Start == 0 || c.Lost == 0 {
		t.Fatalf("the demo has no churn on 1–2 December: %+v", c)
	}
	yearly := 100 * (1 - math.Pow(1-float64(c.Lost)/float64(c.Start), 365.0/2))
	want := "Churn per year " + report.English.Percent(&yearly)
	if !strings.Contains(customers, want) {
		i := strings.Index(customers, "Churn per year")
		t.Errorf("Klanten page: %.25s, want %q (%d lost of %d in the 2 days measured)", customers[max(i, 0):], want, c.Lost, c.Start)
	}
}

// TestRefusedPeriodMarksItsField: a custom period with Tot before Van is refused above the
// figures ("naming the field", README), and the Tot field itself is marked: aria-invalid and
// described by the message (WCAG 3.3.1 / 1.3.1, ARIA21), so a screen-reader user back in the
// picker does not hear the field as fine.
func TestRefusedPeriodMarksItsField(t *testing.T) {
	ts := dashServer(t)
	admin := ts.login("admin@example.com")
	res := admin.get("/?period=custom&from=2026-03-10&to=2026-03-01&lang=nl")
	if res.status != 200 {
		t.Fatalf("overview: %d", res.status)
	}
	doc := parseHTML(t, res.body)
	errs := elementsOf(doc, func(n *html.Node) bool { c, _ := attrOf(n, "class"); return n.Data == "p" && c == "error" })
	if len(errs) != 1 || !strings.Contains(nodeText(errs[0]), "Tot") {
		t.Fatalf("the refusal above the figures: %d paragraphs", len(errs))
	}
	to := elementsOf(doc, func(n *html.Node) bool { v, _ := attrOf(n, "name"); return n.Data == "input" && v == "to" })
	if len(to) != 1 {
		t.Fatalf("%d Tot fields", len(to))
	}
	if v, _ := attrOf(to[0], "aria-invalid"); v != "true" {
		t.Errorf("the Tot field has aria-invalid=%q, want \"true\"", v)
	}
	if got := announced(doc, to[0]); !strings.Contains(got, nodeText(errs[0])) {
		t.Errorf("the Tot field is announced as %q: not with its error %q", got, nodeText(errs[0]))
	}
}
