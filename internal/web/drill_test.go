package web

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/klantpuls/klantpuls/internal/engine"
	"github.com/klantpuls/klantpuls/internal/metric"
	"github.com/klantpuls/klantpuls/internal/report"
)

// drillCount asks the API for a list and returns its count, or -status when refused.
func drillCount(t *testing.T, c *client, query string) int {
	t.Helper()
	res := c.get("/api/v1/drill?" + query)
	if res.status != http.StatusOK {
		return -res.status
	}
	var d Drill
	res.json(t, &d)
	return d.Count
}

// tileN reads "n = X" from a tile of the overview; -1 when the tile shows none (not applicable).
func tileN(page, key string) int {
	m := regexp.MustCompile(`n = (\d+)`).FindStringSubmatch(tileText(page, key))
	if m == nil {
		return -1
	}
	n, _ := strconv.Atoi(m[1])
	return n
}

// reportN reads a metric's headline count from the report API, as the report table shows it,
// of the group named (query splits by its dimension; "" unsplit); -1 when the metric does not
// apply to the group.
func reportN(t *testing.T, c *client, query, group string, d *metric.Descriptor) int {
	t.Helper()
	var doc struct {
		Groups []struct {
			Key     *string
			Metrics metric.Set
		}
	}
	res := c.get("/api/v1/report?" + query)
	if res.status != http.StatusOK {
		t.Fatalf("report %s: %d %s", query, res.status, res.body)
	}
	res.json(t, &doc)
	set := &metric.Set{}
	for _, g := range doc.Groups {
		if g.Key == nil || *g.Key == group {
			set = &g.Metrics
		}
	}
	if group != "" && set.Tickets == nil { // the group has no data in the period: its n is 0
		return 0
	}
	f, ok := d.Read(set)
	switch {
	case !ok:
		return -1
	case d.Headline.N == "": // a count as the headline: tickets created
		return int(*f.Value)
	}
	return f.N
}

// TestDrillCountIsTheFiguresN: for every metric with a count, on the dashboard's data of March
// 2026, the list behind it has as many records as the figure's n — the overview tile's, and the
// report's for the metrics without a tile — unsplit and within team Support. The registry is
// walked, so a new metric is covered (or fails TestDrillCoversEveryCount in the engine).
func TestDrillCountIsTheFiguresN(t *testing.T) {
	ts := dashServer(t)
	// Beside seed (views_test.go): T3 answered by a message, a solved complaint T4 in Sales
	// with its replies, wait and handle time known, a CES answer, a review, a mention and a
	// customer referred in March.
	w := ts.withToken("adminWrite")
	for path, body := range map[string]string{
		"/api/v1/messages": `[{"message_id":"m1","ticket_id":"T3","at":"2026-03-16 10:00","author":"customer"},
			{"message_id":"m2","ticket_id":"T3","at":"2026-03-16 11:00","author":"agent","agent":"Anna"}]`,
		"/api/v1/tickets": `{"ticket_id":"T4","created_at":"2026-03-05 10:00","agent":"Bram","team":"Sales","channel":"phone",
			"complaint":true,"solved_at":"2026-03-06 10:00","agent_replies":1,"reopens":0,"wait_seconds":30,"handle_seconds":300,"transfers":1}`,
		"/api/v1/responses": `{"response_id":"R8","survey":"ces","score":6,"submitted_at":"2026-03-13 10:00","ticket_id":"T4"}`,
		"/api/v1/reviews":   `{"review_id":"V1","criterion":"tone","reviewed_at":"2026-03-06 10:00","agent":"Anna","rating":4}`,
		"/api/v1/mentions":  `{"mention_id":"M1","source":"google","at":"2026-03-07 10:00","text":"Top service, heel snel geholpen!"}`,
		"/api/v1/customers": `{"customer_id":"C2","acquired_at":"2026-03-10 10:00","referred_by":"C1"}`,
	} {
		if res := w.postJSON(path, body); res.status != 200 {
			t.Fatalf("%s: %d %s", path, res.status, res.body)
		}
	}
	admin := ts.login("admin@example.com")
	// The counts by hand; the clock stands on 25 March, so the month is measured up to the end
	// of that day. Support is T1 and T3 (Anna); the NPS answers and the mention have no team.
	// -400: the metric does not apply under a team.
	want := map[string][2]int{ // unsplit, team Support
		"nps": {1, 0}, "csat": {2, 1}, "ces": {1, 0}, // C1's latest NPS answer (R4); R1 and R2; R8
		"first_response": {2, 2}, "reply_time": {1, 1}, // T1's and T3's first reply; m2
		"resolution": {3, 1}, "first_resolution": {3, 1}, "complaint_resolution": {1, 0}, // T1, T2, T4 solved
		"fcr": {1, 0}, "wait_time": {1, 0}, "handle_time": {1, 0}, // T4's replies, wait and handle time
		"transfers": {1, 0},                                                                     // T4 is the one solved ticket whose transfers are known
		"tickets":   {4, 2},                                                                     // T1–T4 created; T1 and T3 in Support
		"churn":     {1, -400}, "retention": {1, -400}, "clv": {1, -400}, "referral": {1, -400}, // C1; C2 new
		"engagement":        {2, -400},                   // the base at the end: C1 and C2
		"iqs":               {1, -400},                   // agents only
		"feedback_response": {2, 0}, "sentiment": {2, 0}, // R4's comment and M1
	}
	overview := map[bool]string{false: admin.get("/?period=month&lang=nl").body,
		true: admin.get("/?period=month&team=Support&lang=nl").body}
	tiles := map[string]bool{}
	for _, d := range tileDefs {
		tiles[d.Key] = true
	}
	for _, d := range metric.All() {
		if _, ok := engine.Drillable(d.Key); !ok {
			continue
		}
		for i, split := range []bool{false, true} {
			view, reportQ, group := "period=month", "from=2026-03-01&to=2026-03-26", ""
			if split {
				view, reportQ, group = view+"&team=Support", reportQ+"&by=team", "Support"
			}
			t.Run(fmt.Sprintf("%s team %v", d.Key, split), func(t *testing.T) {
				got := drillCount(t, admin, "metric="+d.Key+"&"+view)
				w, ok := want[d.Key]
				if !ok {
					t.Fatalf("no count by hand for %s: add it to want", d.Key)
				}
				if got != w[i] {
					t.Errorf("list of %s: %d records, want %d", d.Key, got, w[i])
				}
				figure := reportN(t, admin, reportQ, group, d)
				if tiles[d.Key] {
					figure = tileN(overview[split], d.Key)
				}
				if got >= 0 && got != figure || got < 0 && figure >= 0 {
					t.Errorf("list of %s: %d records, the figure's n is %d", d.Key, got, figure)
				}
			})
		}
	}
}

// drillMonth fills a server with 120 tickets of March 2026 answered after 1..120 minutes
// (T001 after 1 minute … T120 after 120), two of them with a team that is a formula.
func drillMonth(t *testing.T) *testServer {
	ts := startServer(t, func(o *Options) {
		o.Now = func() time.Time { return time.Date(2026, 3, 25, 12, 0, 0, 0, time.UTC) }
	})
	var recs []string
	start := time.Date(2026, 3, 2, 0, 0, 0, 0, time.UTC)
	for i := 1; i <= 120; i++ {
		team := "Support"
		if i <= 2 {
			team = `=HYPERLINK("http://x","klik")`
		}
		created := start.Add(time.Duration(i) * time.Hour)
		recs = append(recs, fmt.Sprintf(`{"ticket_id":"T%03d","created_at":%q,"agent":"Anna","team":%q,"channel":"email","first_reply_at":%q}`,
			i, created.Format(time.RFC3339), team, created.Add(time.Duration(i)*time.Minute).Format(time.RFC3339)))
	}
	w := ts.withToken("adminWrite")
	if res := w.postJSON("/api/v1/tickets", "["+strings.Join(recs, ",")+"]"); res.status != 200 {
		t.Fatalf("tickets: %d %s", res.status, res.body)
	}
	return ts
}

func TestDrillPageSortsAndPages(t *testing.T) {
	ts := drillMonth(t)
	admin := ts.login("admin@example.com")
	base := "/drill?metric=tickets&period=custom&from=2026-03-02&to=2026-03-09&lang=en"
	page := admin.get(base)
	if page.status != 200 {
		t.Fatalf("drill: %d %s", page.status, page.body)
	}
	ids := func(body string) []string {
		var out []string
		for _, m := range regexp.MustCompile(`<a href="/tickets/(T\d+)\?`).FindAllStringSubmatch(body, -1) {
			out = append(out, m[1])
		}
		return out
	}
	// 2–8 March holds all 120: T001 is created 2 March 02:00 local, T120 five days later.
	if !strings.Contains(page.body, "120 tickets") {
		t.Errorf("count: no 120 tickets in %s", page.body)
	}
	got := ids(page.body)
	if len(got) != 50 || got[0] != "T001" || got[49] != "T050" {
		t.Fatalf("page 1: %d rows, %v", len(got), got)
	}
	if got := ids(admin.get(base + "&page=3").body); len(got) != 20 || got[0] != "T101" || got[19] != "T120" {
		t.Errorf("page 3: %v", got)
	}
	if got := ids(admin.get(base + "&sort=ticket&dir=desc").body); got[0] != "T120" || got[1] != "T119" {
		t.Errorf("by ticket, descending: %v", got[:2])
	}
	// A page past the end shows the last one (the list may have become shorter since).
	if got := ids(admin.get(base + "&page=9").body); len(got) != 20 {
		t.Errorf("page 9: %d rows, want the last page's 20", len(got))
	}
	// The column sorted by links to the other direction; the pager to page 2.
	if !strings.Contains(page.body, `aria-sort="ascending"`) || !strings.Contains(page.body, `rel="next"`) {
		t.Error("no sort mark or no next page")
	}
	one := admin.get("/drill?metric=tickets&period=custom&from=2026-03-02&to=2026-03-03&lang=en").body
	if !strings.Contains(one, "22 tickets") { // T001..T022 before 3 March 00:00 local (T023 is 23:00 UTC)
		t.Errorf("one day: %s", one)
	}
	if nl := admin.get("/drill?metric=first_response&period=custom&from=2026-03-02&to=2026-03-03&sort=value&dir=desc&lang=nl").body; !strings.Contains(nl, "22 tickets") {
		t.Errorf("nl count: %s", nl)
	}
}

func TestDrillExports(t *testing.T) {
	ts := drillMonth(t)
	admin := ts.login("admin@example.com")
	q := "/drill?metric=first_response&period=custom&from=2026-03-02&to=2026-03-09&lang=nl&sort=ticket"
	res := admin.get(q + "&format=csv")
	if res.status != 200 || !strings.HasPrefix(res.header.Get("Content-Type"), "text/csv") {
		t.Fatalf("csv: %d %s", res.status, res.header)
	}
	if cd := res.header.Get("Content-Disposition"); !strings.Contains(cd, "klantpuls-first_response-2026-03-02-2026-03-08.csv") {
		t.Errorf("file name: %s", cd)
	}
	rows, err := csv.NewReader(strings.NewReader(res.body)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	// Every record, not one page: a heading and 120 rows, by ticket.
	if len(rows) != 121 || rows[1][0] != "T001" || rows[120][0] != "T120" {
		t.Fatalf("csv: %d rows, first %v", len(rows), rows[1])
	}
	// T010 came in on Monday 2 March at 11:00 local and was answered 10 minutes later, within
	// office hours: 600 business seconds, written as a number.
	if v := rows[10][len(rows[10])-1]; rows[10][0] != "T010" || v != "600" {
		t.Errorf("T010: %v", rows[10])
	}
	if !strings.Contains(rows[0][len(rows[0])-1], "seconden") {
		t.Errorf("heading of the value: %v", rows[0])
	}
	// The team that is a formula is text for a spreadsheet.
	if team := rows[1][3]; team != `'=HYPERLINK("http://x","klik")` {
		t.Errorf("formula cell: %q", team)
	}

	res = admin.get(q + "&format=xlsx")
	if res.status != 200 || !strings.Contains(res.header.Get("Content-Disposition"), ".xlsx") {
		t.Fatalf("xlsx: %d %s", res.status, res.header)
	}
	f, err := excelize.OpenReader(bytes.NewReader([]byte(res.body)))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sheet := f.GetSheetName(0)
	all, err := f.GetRows(sheet)
	if err != nil || len(all) != 121 {
		t.Fatalf("xlsx: %d rows, %v", len(all), err)
	}
	last := len(all[0])                                // the value column
	ref, _ := excelize.CoordinatesToCellName(last, 11) // T010's
	if typ, _ := f.GetCellType(sheet, ref); typ == excelize.CellTypeSharedString || typ == excelize.CellTypeInlineString {
		t.Errorf("value cell %s: type %v, want a number", ref, typ)
	}
	if v, _ := f.GetCellValue(sheet, ref); v != "600" {
		t.Errorf("value of T010: %q", v)
	}
	// T001 was answered at 02:01 local, before office hours: 0 business seconds.
	first, _ := excelize.CoordinatesToCellName(last, 2)
	if v, _ := f.GetCellValue(sheet, first); v != "0" {
		t.Errorf("value of T001: %q", v)
	}
	teamRef, _ := excelize.CoordinatesToCellName(4, 2)
	if formula, _ := f.GetCellFormula(sheet, teamRef); formula != "" {
		t.Errorf("a formula in the export: %q", formula)
	}
	if v, _ := f.GetCellValue(sheet, teamRef); v != `=HYPERLINK("http://x","klik")` {
		t.Errorf("team cell: %q", v)
	}
}

func TestDrillAgentSeesOwnRecords(t *testing.T) {
	ts := dashServer(t)
	anna := ts.login("anna@example.com")
	// Anna's tickets are T1 and T3; an agent filter of someone else is hers all the same.
	for _, q := range []string{"metric=tickets&period=month", "metric=tickets&period=month&agent=Bram"} {
		var d Drill
		res := anna.get("/api/v1/drill?" + q)
		res.json(t, &d)
		if d.Count != 2 || len(d.Rows) != 2 || d.Rows[0].ID != "T1" || d.Rows[1].ID != "T3" {
			t.Errorf("%s: %+v", q, d)
		}
		for _, row := range d.Rows {
			if row.Customer != "" {
				t.Errorf("an agent sees a customer: %+v", row)
			}
		}
	}
	if page := anna.get("/drill?metric=tickets&period=month&lang=nl").body; strings.Contains(page, "/customers/") {
		t.Error("the agent's page links to a customer's page")
	}
	for _, key := range []string{"churn", "clv", "retention", "referral"} {
		res := anna.get("/drill?metric=" + key + "&period=month&lang=en")
		if res.status != http.StatusForbidden || !strings.Contains(res.body, "managers and administrators") {
			t.Errorf("%s for an agent: %d", key, res.status)
		}
	}
	// A manager sees customers, with a link to the customer's page in the view.
	page := ts.login("manager@example.com").get("/drill?metric=churn&period=month&lang=nl").body
	if !strings.Contains(page, `<a href="/customers/C1?period=month">C1</a>`) || !strings.Contains(page, "1 klant<") {
		t.Errorf("manager's churn list: %s", page)
	}
}

func TestDrillRefusesBadParameters(t *testing.T) {
	ts := dashServer(t)
	admin := ts.login("admin@example.com")
	tests := []struct {
		query, nl, en string
	}{
		{"metric=bogus", `metric: &#34;bogus&#34; is geen maatstaf`, `metric: &#34;bogus&#34; is not a klantpuls metric`},
		{"metric=nps&sort=colour", `sort: op &#34;colour&#34;`, `sorted by &#34;colour&#34;`},
		{"metric=nps&dir=up", `dir: &#34;up&#34; is geen volgorde`, `dir: &#34;up&#34; is not an order`},
		{"metric=nps&page=0", "geen paginanummer", "not a page number"},
		{"metric=nps&format=docx", "geen exportformaat", "not an export format"},
		{"metric=churn&channel=chat", "niet van toepassing", "does not apply"},
	}
	for _, tt := range tests {
		for lang, want := range map[string]string{"nl": tt.nl, "en": tt.en} {
			res := admin.get("/drill?period=month&lang=" + lang + "&" + tt.query)
			if res.status != http.StatusBadRequest || !strings.Contains(res.body, want) {
				t.Errorf("%s (%s): %d, want 400 saying %q", tt.query, lang, res.status, want)
			}
		}
	}
	if res := admin.get("/api/v1/drill?period=month"); res.status != http.StatusBadRequest || !strings.Contains(res.body, "which metric?") {
		t.Errorf("api without a metric: %d %s", res.status, res.body)
	}
	res := admin.get("/api/v1/drill?metric=bogus")
	if res.status != http.StatusBadRequest || !strings.Contains(res.header.Get("Content-Type"), "problem+json") ||
		!strings.Contains(res.body, "not a klantpuls metric") {
		t.Errorf("api: %d %s %s", res.status, res.header.Get("Content-Type"), res.body)
	}
}

// TestDrillRefusesAPeriodItCannotRead: GET /api/v1/drill answered a period it could not read
// (to before from, a to that is no date, a period not in the enum) with 200 and the list of the
// last full month, as the dashboard page falls back for a hand-edited URL — a count that is not
// the one asked for, untold. The API refuses it as /api/v1/report refuses the same from and
// to: 422, the detail naming the parameter. The page keeps its fallback, its picker showing
// what it reads.
func TestDrillRefusesAPeriodItCannotRead(t *testing.T) {
	ts := dashServer(t)
	admin := ts.login("admin@example.com")
	for _, tc := range []struct{ query, detail string }{
		{"period=custom&from=2026-03-01&to=2026-02-01", "from 2026-03-01 must be before to 2026-02-01"},
		{"period=custom&from=2026-03-01&to=morgen", `to \"morgen\" is not a date`},
		{"period=custom&from=2026-03-01", "to is missing"},
		{"period=kwartaal", `period \"kwartaal\" is not one of lastmonth, week, month, quarter, year, custom`},
		{"period=month&from=2026-03-01&to=2026-04-01", "from and to are read with period=custom only"},
		{"from=2026-03-01&to=2026-04-01", "from and to are read with period=custom only"},
	} {
		res := admin.get("/api/v1/drill?metric=csat&" + tc.query)
		if res.status != http.StatusUnprocessableEntity || !strings.Contains(res.body, tc.detail) {
			t.Errorf("drill?%s: %d %.200s; want 422 saying %s", tc.query, res.status, res.body, tc.detail)
		}
		if page := admin.get("/drill?metric=csat&" + tc.query); page.status != http.StatusOK {
			t.Errorf("the page /drill?%s: %d, want the first screen's period", tc.query, page.status)
		}
	}
	if res := admin.get("/api/v1/report?from=2026-03-01&to=2026-02-01"); res.status != http.StatusUnprocessableEntity ||
		!strings.Contains(res.body, "from 2026-03-01 must be before to 2026-02-01") {
		t.Errorf("the report refuses the same period: %d %s", res.status, res.body)
	}
	for _, query := range []string{"", "period=lastmonth", "period=quarter", "period=custom&from=2026-03-01&to=2026-04-01"} {
		if res := admin.get("/api/v1/drill?metric=csat&" + query); res.status != http.StatusOK {
			t.Errorf("drill?%s: %d %.200s", query, res.status, res.body)
		}
	}
}

func FuzzReadDrillParams(f *testing.F) {
	for _, s := range []string{"metric=nps&sort=at&dir=desc&page=2&format=csv", "page=-1", "page=99999999999", "dir=%00", "format=xlsx&page=1e3", "metric=csat&format=pdf"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, raw string) {
		q, err := url.ParseQuery(raw)
		if err != nil {
			return
		}
		p, err := readDrillParams(q)
		if err != nil {
			return
		}
		if p.Page < 1 || p.Page > maxPageNumber || (p.Format != "" && p.Format != "csv" && p.Format != "xlsx" && p.Format != "pdf") {
			t.Errorf("%q read as %+v", raw, p)
		}
	})
}

// The list's value cells are the page's language: a duration the Dutch way.
func TestDrillShowsDutchFigures(t *testing.T) {
	p := &page{Lang: "nl"}
	x := 3900.0
	col := businessValue
	col.get = func(r *engine.Record) any { return r.Value }
	if c := showCell(p, col, &engine.Record{}); c.Text != "" || !c.Num {
		t.Errorf("an absent value: %+v", c)
	}
	col.get = func(*engine.Record) any { return &x }
	if got, want := showCell(p, col, &engine.Record{}).Text, report.Lang("nl").Duration(&x); got != want || got != "1 u 05 m" {
		t.Errorf("1 h 5 m: %q, want %q", got, want)
	}
}

// TestDrillPagesInBothLanguages walks the list of every metric, and the choice of metrics, in
// both languages: every word is in the catalogue, every list answers.
func TestDrillPagesInBothLanguages(t *testing.T) {
	ts := dashServer(t)
	admin := ts.login("admin@example.com")
	missing := regexp.MustCompile(`⟦[^⟧]*⟧`)
	for _, lang := range []string{"nl", "en"} {
		choices := admin.get("/drill?period=month&lang=" + lang)
		if choices.status != 200 || !strings.Contains(choices.body, `href="/drill?metric=csat&amp;period=month"`) {
			t.Errorf("%s: the choice of metrics: %d", lang, choices.status)
		}
		for _, d := range metric.All() {
			if _, ok := engine.Drillable(d.Key); !ok {
				continue
			}
			res := admin.get("/drill?period=month&metric=" + d.Key + "&lang=" + lang)
			if res.status != 200 {
				t.Errorf("%s %s: %d", lang, d.Key, res.status)
			}
			if m := missing.FindAllString(res.body, -1); m != nil {
				t.Errorf("%s %s: words not in the catalogue: %v", lang, d.Key, m)
			}
		}
	}
	// Dutch: the answers' list of March says its count in Dutch, singular and plural.
	if page := admin.get("/drill?period=month&metric=nps&lang=nl").body; !strings.Contains(page, ">1 antwoord<") {
		t.Error("nps: no \"1 antwoord\"")
	}
	if page := admin.get("/drill?period=month&metric=csat&lang=nl").body; !strings.Contains(page, ">2 antwoorden<") {
		t.Error("csat: no \"2 antwoorden\"")
	}
}

// TestDrillAPIMatchesSchema: the JSON of /api/v1/drill is what openapi.json says, for lists of
// every kind the seeded month has.
func TestDrillAPIMatchesSchema(t *testing.T) {
	ts := dashServer(t)
	admin := ts.login("admin@example.com")
	c := &oaChecker{t: t, doc: oaDocument(t), seen: map[string]bool{}}
	schema := c.schema("Drill")
	for _, key := range []string{"tickets", "first_response", "nps", "feedback_response", "churn", "clv"} {
		res := admin.get("/api/v1/drill?period=month&metric=" + key)
		if res.status != 200 {
			t.Fatalf("%s: %d %s", key, res.status, res.body)
		}
		var out any
		res.json(t, &out)
		c.conform(schema, out, "Drill")
	}
}

// TestDrillShowsStoredTexts: an answer's comment comes from the store, escaped, shortened on the
// page and whole in the export; a customer's name beside their id. Neither sorts.
func TestDrillShowsStoredTexts(t *testing.T) {
	ts := dashServer(t)
	w := ts.withToken("adminWrite")
	long := strings.Repeat("lang verhaal ", 20) + "=SUM(A1)" // 248 characters
	if res := w.postJSON("/api/v1/responses", `{"response_id":"R7","survey":"csat","score":4,"submitted_at":"2026-03-21 10:00","ticket_id":"T3","comment":"`+long+`"}`); res.status != 200 {
		t.Fatalf("answer: %d %s", res.status, res.body)
	}
	if res := w.postJSON("/api/v1/customers", `{"customer_id":"C1","acquired_at":"2025-01-01 10:00","segment":"Zakelijk","name":"Jansen BV"}`); res.status != 200 {
		t.Fatalf("customer: %d %s", res.status, res.body)
	}
	admin := ts.login("admin@example.com")
	page := admin.get("/drill?metric=feedback_response&period=month&lang=nl").body
	if !strings.Contains(page, "&lt;img src=x onerror=alert(1)&gt;") || strings.Contains(page, "<img src=x") {
		t.Error("R4's comment is not shown escaped")
	}
	// 140 characters are ten times "lang verhaal " and "lang verha": cut at the last word.
	if !strings.Contains(page, "lang verhaal lang …") || strings.Contains(page, "=SUM(A1)") {
		t.Error("R7's comment is not shortened on the page")
	}
	rows, err := csv.NewReader(strings.NewReader(admin.get("/drill?metric=csat&period=month&format=csv&lang=en").body)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	last := rows[len(rows)-1] // R7, the latest answer
	if comment := last[len(last)-1]; last[0] != "R7" || comment != long {
		t.Errorf("R7 in the export: %q", last)
	}
	if churn := admin.get("/drill?metric=churn&period=month&lang=nl").body; !strings.Contains(churn, "<td>Jansen BV</td>") {
		t.Error("no customer name in the churn list")
	}
	if res := admin.get("/drill?metric=csat&period=month&sort=text"); res.status != http.StatusBadRequest {
		t.Errorf("sort by comment: %d", res.status)
	}
}
