package report

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/klantpuls/klantpuls/internal/engine"
	"github.com/klantpuls/klantpuls/internal/metric"
)

func fp(v float64) *float64 { return &v }

// fullSet fills every metric with values wide enough to stress the layout.
func fullSet() metric.Set {
	d := metric.Summarize([]float64{1800, 15300, 7200, 4500, 0})
	nps := metric.NewNPS(3, 3, 2)
	csat := metric.NewCSAT(35, 50, 180)
	ces := metric.NewCES(4, 7, 30)
	fcr := metric.NewFCR(6, 10)
	transfers := metric.NewTransfers(2, 4)
	churn := metric.NewChurn(250000, 20000, 30000, 5000)
	ret := metric.NewRetention(250000, churn.End, 30000)
	clv := metric.NewCLV(metric.CLVInput{Revenue: 1234567.891, Orders: 24000, Buyers: 12000, Days: 30, MarginSum: 98765.4, Churn: churn})
	iqs := metric.NewIQS(160, 2)
	eng := metric.NewEngagement([]metric.Weighted{{Kind: "loyalty_program", Active: 10, Weight: 1}, {Kind: "training", Active: 5, Weight: 1}, {Kind: "webinar", Active: 5, Weight: 1}}, 80)
	fb := metric.NewFeedbackResponse(45, 60)
	ref := metric.NewReferral(15, 120)
	sent := metric.NewSentiment(120, 60, 20) // data.md section 4
	tickets := metric.NewTickets(500, 480, map[string]int{"email": 300, "chat": 150, "telefoon": 30, "social media": 20})
	return metric.Set{NPS: &nps, CSAT: &csat, CES: &ces,
		FirstResponse:       &metric.FirstResponse{Unanswered: new(2), Calendar: d, Business: d},
		ReplyTime:           &metric.ServiceTime{Calendar: d, Business: d},
		Resolution:          &metric.ServiceTime{Calendar: d, Business: d},
		FirstResolution:     &metric.ServiceTime{Calendar: d, Business: d},
		ComplaintResolution: &metric.ComplaintResolution{Calendar: d, Business: d, MeanDays: fp(2)},
		FCR:                 &fcr, Transfers: &transfers, WaitTime: &d, HandleTime: &d, Tickets: &tickets, Churn: &churn,
		Retention: &ret, CLV: &clv, IQS: &iqs, Engagement: &eng, FeedbackResponse: &fb, Referral: &ref,
		Sentiment: &sent}
}

func testDoc(by engine.Dim, keys ...string) *Document {
	q := engine.Query{From: time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC), To: time.Date(2026, 3, 31, 0, 0, 0, 0, time.UTC), By: by}
	var groups []engine.Group
	if by == engine.ByNone {
		groups = []engine.Group{{Metrics: fullSet()}}
	}
	for _, k := range keys {
		groups = append(groups, engine.Group{Key: &k, Metrics: fullSet()})
	}
	return New(q, time.UTC, "EUR", groups)
}

func TestTableFitsEightyColumns(t *testing.T) {
	long := "Klantenservice Noord-Holland en Friesland <script>alert(1)</script>\x1b[31m"
	for _, lang := range []Lang{Dutch, English} {
		for _, d := range []*Document{testDoc(engine.ByNone), testDoc(engine.ByAgent, long, "")} {
			var b bytes.Buffer
			if err := Table(&b, d, lang); err != nil {
				t.Fatal(err)
			}
			for i, line := range strings.Split(b.String(), "\n") {
				if n := utf8.RuneCountInString(line); n > 80 {
					t.Errorf("%s line %d has %d columns: %q", lang, i+1, n, line)
				}
				if strings.ContainsRune(line, '\x1b') {
					t.Errorf("%s line %d prints a terminal escape: %q", lang, i+1, line)
				}
			}
		}
	}
}

func TestTableDisplaysRoundedValues(t *testing.T) {
	var b bytes.Buffer
	if err := Table(&b, testDoc(engine.ByNone), Dutch); err != nil {
		t.Fatal(err)
	}
	out := b.String()
	for _, want := range []string{
		"NPS ",                    // 12.5 shows as 13
		" 13 ",                    //
		"promotors 3 · passief 3", // each count named, not "P 3 · 3 · D 2"
		"criticasters 2 · 95%",
		"70,0%",                    // CSAT with one decimal and a decimal comma
		"1 u 36 m",                 // mean of 5760 s
		"mediaan 1 u 15 m",         // 4500 s
		"per jaar 63,7%",           // vector 27: 8% in 30 days, 1 − 0.92^(365/30)
		"onbeantwoord 2",           //
		"€ 51,44",                  // aov 1234567.891 / 24000
		"social media 4,0%",        // channel share
		"gem. 2,0 dagen",           // complaint mean_days
		"Klanttevredenheid (CSAT)", // Dutch labels
		// NPS n = 8: its star said as the dashboard says it
		"* Indicatief: gebaseerd op minder dan 30 metingen.",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("table lacks %q:\n%s", want, out)
		}
	}
}

func TestNumberAndDurationFormats(t *testing.T) {
	for _, tt := range []struct {
		got, want string
	}{
		{Dutch.Number(1234567.891, 2), "1.234.567,89"},
		{English.Number(1234567.891, 2), "1,234,567.89"},
		// A negative number is shown with the typographic minus (U+2212), as the pages'
		// explanations write one, not a hyphen; a change and an interval alike.
		{Dutch.Number(-12.5, 0), "−13"},
		{English.Number(-1234.5, 1), "−1,234.5"},
		{Dutch.Number(-0.04, 1), "0,0"},
		{Dutch.Points(fp(-11.8), false), "−11,8"},
		{English.Money("EUR", fp(-12.5)), "€ −12.50"},
		{Dutch.Duration(fp(3900)), "1 u 05 m"},
		{English.Duration(fp(3900)), "1 h 05 m"},
		{English.Duration(fp(1500)), "25 m"},
		{English.Duration(fp(45)), "45 s"},
		{English.Duration(fp(53 * 3600)), "53 h 00 m"},
		{English.Duration(nil), "–"},
		// The form follows the minutes as rounded: 3570 s is 59,5 minutes, rounded half away
		// from zero to 60, an hour (metrics.md section 0).
		{Dutch.Duration(fp(3590)), "1 u 00 m"},
		{English.Duration(fp(3570)), "1 h 00 m"},
		{English.Duration(fp(3569)), "59 m"},
		{English.Duration(fp(59.5)), "1 m"},
		// An age is how long it has been, as a clock counts, never rounded up: just under a day
		// is not "24 u 00 m", the next band's (metric.AgeBuckets).
		{Dutch.Age(86380), "23 u 59 m"},
		{English.Age(86399.9), "23 h 59 m"},
		{Dutch.Age(86400), "1 d 0 u"},
		{Dutch.Age(3599.5), "59 m"},
		{English.Age(59.9), "59 s"},
		{Dutch.Age(3900), "1 u 05 m"},
		{Dutch.PValue(0.0123), "p = 0,012"},
		{Dutch.PValue(0.0004), "p < 0,001"},
		{English.PValue(0.0009), "p < 0.001"},
		{English.PValue(0.001), "p = 0.001"},
		{Dutch.Percent(fp(57.142857)), "57,1%"},
	} {
		if tt.got != tt.want {
			t.Errorf("got %q, want %q", tt.got, tt.want)
		}
	}
}

// TestShownIsWhatFigureWrites: metric.Format.Shown, by which a target is judged, rounds a
// figure to exactly what Figure writes of it, in every format — so "gehaald" agrees with the
// numbers on the tile.
func TestShownIsWhatFigureWrites(t *testing.T) {
	formats := []metric.Format{metric.FormatInteger, metric.FormatPercent, metric.FormatDuration,
		metric.FormatMoney, metric.FormatDecimal, metric.FormatCount}
	values := []float64{0, 0.04, 0.05, 12.5, -12.5, 36.4, 59.5, 79.95, 79.96, 99.996, 3569, 3570, 14420, 14430, 1234567.891}
	for _, f := range formats {
		for _, x := range values {
			shown := f.Shown(x)
			if got, want := Dutch.Figure(f, "EUR", &shown), Dutch.Figure(f, "EUR", &x); got != want {
				t.Errorf("%s %v: shown as %v, which writes %q, not %q", f, x, shown, got, want)
			}
		}
	}
	// And two figures that write differently are never equal when shown.
	if a, b := metric.FormatPercent.Shown(79.94), metric.FormatPercent.Shown(79.96); a == b {
		t.Errorf("79,9%% and 80,0%% both shown as %v", a)
	}
}

func TestCSVMatchesJSON(t *testing.T) {
	d := testDoc(engine.ByChannel, "email", "chat")
	var js bytes.Buffer
	if err := JSON(&js, d); err != nil {
		t.Fatal(err)
	}
	rows := csvRows(t, d)
	if got := strings.Join(rows[0], ","); got != "from,to,by,key,metric,field,value,headline" {
		t.Errorf("header %s", got)
	}
	var parsed Document
	if err := json.Unmarshal(js.Bytes(), &parsed); err != nil {
		t.Fatal(err)
	}
	found := map[string]string{}
	for _, r := range rows[1:] {
		found[r[3]+"/"+r[4]+"/"+r[5]] = r[6]
	}
	for path, want := range map[string]string{
		"email/nps/value":                   "12.5",
		"chat/nps/ci95.low":                 strings.TrimRight(strings.TrimRight(jsonNumber(parsed.Groups[0].Metrics.NPS.CI95[0]), "0"), "."),
		"email/first_response/unanswered":   "2",
		"email/first_response/business.p90": "12060",
		"email/tickets/share.social media":  "4",
		"email/churn/value":                 "8",
	} {
		if got, ok := found[path]; !ok || got != want {
			t.Errorf("%s = %q (present %v), want %q", path, got, ok, want)
		}
	}
}

func jsonNumber(f float64) string {
	b, _ := json.Marshal(f)
	return string(b)
}

func TestJSONShape(t *testing.T) {
	var b bytes.Buffer
	if err := JSON(&b, testDoc(engine.ByNone)); err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	if err := json.Unmarshal(b.Bytes(), &m); err != nil {
		t.Fatal(err)
	}
	if m["by"] != nil || m["from"] != "2026-03-01" || m["to"] != "2026-03-31" || m["timezone"] != "UTC" ||
		m["currency"] != "EUR" {
		t.Errorf("envelope = %v", m)
	}
	g := m["groups"].([]any)[0].(map[string]any)
	if v, ok := g["key"]; !ok || v != nil {
		t.Errorf("key = %v, want null", v)
	}
	metrics := g["metrics"].(map[string]any)
	for _, name := range []string{"nps", "csat", "ces", "first_response", "reply_time", "resolution", "first_resolution",
		"complaint_resolution", "fcr", "transfers", "wait_time", "handle_time", "tickets", "churn", "retention", "clv", "iqs",
		"engagement", "feedback_response", "referral", "sentiment"} {
		if _, ok := metrics[name]; !ok {
			t.Errorf("metrics.%s missing", name)
		}
	}
}

// The CSV marks the one figure per metric that stands for it, and the table's value column shows
// that same figure: for the durations of fullSet (vector 18: 1800, 15300, 7200, 4500, 0 s) the
// mean 5760 s, "1 u 36 m", not the median 4500 s.
func TestHeadlineSameInTableAndCSV(t *testing.T) {
	d := testDoc(engine.ByNone)
	var tb bytes.Buffer
	if err := Table(&tb, d, Dutch); err != nil {
		t.Fatal(err)
	}
	rows := csvRows(t, d)
	headline := map[string][]string{} // metric → its headline rows' field and value
	for _, r := range rows[1:] {
		switch r[7] {
		case "true":
			headline[r[4]] = append(headline[r[4]], r[5], r[6])
		case "false":
		default:
			t.Errorf("headline cell %q", r[7])
		}
	}
	for metric, want := range map[string][]string{"first_response": {"business.mean", "5760"},
		"wait_time": {"mean", "5760"}, "nps": {"value", "12.5"}, "churn": {"value", "8"}, "tickets": {"created", "500"}} {
		if got := headline[metric]; strings.Join(got, " ") != strings.Join(want, " ") {
			t.Errorf("%s: headline rows %q, want %q", metric, got, want)
		}
	}
	lines := strings.Split(tb.String(), "\n")
	for _, desc := range metric.All() {
		h := headline[desc.Key]
		if len(h) != 2 {
			t.Errorf("%s: %d headline rows in the CSV, want 1", desc.Key, len(h)/2)
			continue
		}
		var x *float64
		if h[1] != "" {
			v, err := strconv.ParseFloat(h[1], 64)
			if err != nil {
				t.Fatal(err)
			}
			x = &v
		}
		want := Dutch.Figure(desc.Format, "EUR", x)
		if got := tableValue(lines, desc.Label.NL); got != want {
			t.Errorf("%s: the table shows %q, the CSV's headline %s is %q", desc.Key, got, h[1], want)
		}
	}
}

// tableValue is the value column of the first table line of a metric.
func tableValue(lines []string, label string) string {
	for _, l := range lines {
		if strings.HasPrefix(l, label+" ") {
			r := []rune(l)
			return strings.TrimSpace(string(r[labelWidth+1 : labelWidth+1+valueWidth]))
		}
	}
	return "(no line)"
}

// An amount shows in the account's currency: its sign where one is common, else its code.
func TestMoneyInTheAccountsCurrency(t *testing.T) {
	x := 1234.5
	for _, tt := range []struct {
		lang           Lang
		currency, want string
	}{
		{Dutch, "EUR", "€ 1.234,50"}, {English, "EUR", "€ 1,234.50"}, {English, "USD", "$ 1,234.50"},
		{Dutch, "GBP", "£ 1.234,50"}, {Dutch, "CHF", "CHF 1.234,50"},
	} {
		if got := tt.lang.Money(tt.currency, &x); got != tt.want {
			t.Errorf("%s %s: %q, want %q", tt.lang, tt.currency, got, tt.want)
		}
	}
}

// The sentiment row: data.md section 4's figures (120/60/20 of 200) with net 100·100/200 = 50
// as the value, the labels and the positive share 60,0% as details.
func TestSentimentRow(t *testing.T) {
	var b bytes.Buffer
	if err := Table(&b, testDoc(engine.ByNone), Dutch); err != nil {
		t.Fatal(err)
	}
	out := b.String()
	for _, want := range []string{"Sentiment                               50    200", "positief 120 · neutraal 60",
		"negatief 20 · 60,0% positief"} {
		if !strings.Contains(out, want) {
			t.Errorf("the table lacks %q:\n%s", want, out)
		}
	}
}

// A group's name from the data that a spreadsheet would run as a formula is text in the CSV
// (OWASP's leading apostrophe); figures stay numbers.
func TestCSVCellsAreNoFormulas(t *testing.T) {
	d := testDoc(engine.ByTeam, `=HYPERLINK("http://x.example","klik")`, "@Noord")
	rows := csvRows(t, d)
	keys := map[string]bool{}
	for _, r := range rows[1:] {
		keys[r[3]] = true
		if r[4] == "nps" && r[5] == "value" && r[6] != "12.5" {
			t.Errorf("NPS of %q is %q, want the number 12.5", r[3], r[6])
		}
	}
	for _, want := range []string{`'=HYPERLINK("http://x.example","klik")`, "'@Noord"} {
		if !keys[want] {
			t.Errorf("no group %q among %v", want, keys)
		}
	}
}

// TestTableStarsBothLinesOfAServiceTime: a service time on fewer than 30 tickets is starred on
// both its lines, the business mean and the calendar mean beside it, each resting on the same 5
// tickets; only the business line was (report.Indicative, now read for durations too).
func TestTableStarsBothLinesOfAServiceTime(t *testing.T) {
	d := metric.Summarize([]float64{600, 1200, 1800, 2400, 3000})
	q := engine.Query{From: time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC), To: time.Date(2026, 3, 31, 0, 0, 0, 0, time.UTC)}
	doc := New(q, time.UTC, "EUR", []engine.Group{{Metrics: metric.Set{Resolution: &metric.ServiceTime{Calendar: d, Business: d}}}})
	var b bytes.Buffer
	if err := Table(&b, doc, Dutch); err != nil {
		t.Fatal(err)
	}
	if n := strings.Count(b.String(), " 5*"); n != 2 {
		t.Errorf("%q %d times; want twice (business and calendar):\n%s", " 5*", n, b.String())
	}
}

// TestTableCountsInThousands: a service time's counts — its business line and its calendar
// line — are written as every count is, with the language's thousands separator.
func TestTableCountsInThousands(t *testing.T) {
	values := make([]float64, 1234)
	for i := range values {
		values[i] = float64(60 * (i + 1))
	}
	d := metric.Summarize(values)
	q := engine.Query{From: time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC), To: time.Date(2026, 3, 31, 0, 0, 0, 0, time.UTC)}
	doc := New(q, time.UTC, "EUR", []engine.Group{{Metrics: metric.Set{Resolution: &metric.ServiceTime{Calendar: d, Business: d}}}})
	for lang, want := range map[Lang]string{Dutch: "1.234", English: "1,234"} {
		var b bytes.Buffer
		if err := Table(&b, doc, lang); err != nil {
			t.Fatal(err)
		}
		if n := strings.Count(b.String(), want); n != 2 {
			t.Errorf("%s: %q %d times; want twice (business and calendar):\n%s", lang, want, n, b.String())
		}
	}
}

// csvRows is document d as CSV writes it, read back: its header and its rows.
func csvRows(t *testing.T, d *Document) [][]string {
	t.Helper()
	var b bytes.Buffer
	if err := CSV(&b, d); err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(&b).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	return rows
}

// TestTableNamesEventKindsInItsLanguage: the engagement row names each kind of event as the
// Klanten page does — "klantenprogramma 12,5%" (10 of 80 customers), not the data's own
// "loyalty_program" in a Dutch report — and a kind the catalogue does not know as it came.
func TestTableNamesEventKindsInItsLanguage(t *testing.T) {
	for _, tt := range []struct {
		lang       Lang
		want, lack string
	}{
		{Dutch, "klantenprogramma 12,5%", "loyalty_program"},
		{English, "loyalty programme 12.5%", "loyalty_program"},
	} {
		var b bytes.Buffer
		if err := Table(&b, testDoc(engine.ByNone), tt.lang); err != nil {
			t.Fatal(err)
		}
		out := strings.Join(strings.Fields(b.String()), " ")
		if !strings.Contains(out, tt.want) || strings.Contains(out, tt.lack) {
			t.Errorf("%s: want %q and no %q in:\n%s", tt.lang, tt.want, tt.lack, b.String())
		}
	}
	if got := Dutch.EventKind(" Webshop_Visit "); got != " Webshop_Visit " {
		t.Errorf("an unknown kind is %q, want it as it came", got)
	}
}

// TestTableComplaintDaysOnlyWhenMeasured: without complaints solved in the period the complaint
// row says nothing of days — not "gem. – dagen" — as the other details of a metric measured
// on nothing say nothing (spread); with complaints it says the mean in days (2 in fullSet).
func TestTableComplaintDaysOnlyWhenMeasured(t *testing.T) {
	q := engine.Query{From: time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC), To: time.Date(2026, 3, 31, 0, 0, 0, 0, time.UTC)}
	none := metric.Summarize(nil)
	empty := New(q, time.UTC, "EUR", []engine.Group{{Metrics: metric.Set{
		ComplaintResolution: &metric.ComplaintResolution{Calendar: none, Business: none}}}})
	for _, tt := range []struct {
		name string
		doc  *Document
		want bool
	}{{"no complaints", empty, false}, {"complaints", testDoc(engine.ByNone), true}} {
		t.Run(tt.name, func(t *testing.T) {
			var b bytes.Buffer
			if err := Table(&b, tt.doc, Dutch); err != nil {
				t.Fatal(err)
			}
			if got := strings.Contains(b.String(), "dagen"); got != tt.want {
				t.Errorf("says days: %v, want %v:\n%s", got, tt.want, b.String())
			}
			if tt.want && !strings.Contains(b.String(), "gem. 2,0 dagen") {
				t.Errorf("lacks %q:\n%s", "gem. 2,0 dagen", b.String())
			}
		})
	}
}
