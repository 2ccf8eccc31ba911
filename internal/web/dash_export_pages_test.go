package web

import (
	"bytes"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/klantpuls/klantpuls/internal/pdftest"
)

// exportServer is the dashboard's seed (views_test.go) and three more comments in March: a
// CSAT 1 about T3 whose comment is a formula, an NPS 10 from C1 that says "NaN" and a CSAT 4
// about T1 that says "1e5" — texts a spreadsheet must keep as text.
func exportServer(t *testing.T) *testServer {
	ts := dashServer(t)
	res := ts.withToken("adminWrite").postJSON("/api/v1/responses", `[
		{"response_id":"R5","survey":"csat","score":1,"submitted_at":"2026-03-18 09:00","ticket_id":"T3","comment":"=HYPERLINK(\"http://evil.example\",\"klik\")"},
		{"response_id":"R6","survey":"nps","score":10,"submitted_at":"2026-03-19 09:00","customer_id":"C1","comment":"NaN"},
		{"response_id":"R7","survey":"csat","score":4,"submitted_at":"2026-03-21 09:00","ticket_id":"T1","comment":"1e5"}]`)
	if res.status != http.StatusOK {
		t.Fatalf("responses: %d %s", res.status, res.body)
	}
	return ts
}

// sheetColumn is column col of a sheet's rows below heading (sheetRows), by each row's first
// cell; a row without that column is left out.
func sheetColumn(t *testing.T, body []byte, sheet, heading string, col int) map[string]string {
	t.Helper()
	_, rows, _ := sheetRows(t, body, sheet, heading)
	out := map[string]string{}
	for _, r := range rows {
		if len(r) > col {
			out[r[0]] = r[col]
		}
	}
	return out
}

// sheetRows are a sheet's rows under the row whose first cell is heading, raw (numbers as
// stored), and the workbook to ask about cells.
func sheetRows(t *testing.T, body []byte, sheet, heading string) (*excelize.File, [][]string, int) {
	t.Helper()
	f, err := excelize.OpenReader(bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	all, err := f.GetRows(sheet, excelize.Options{RawCellValue: true})
	if err != nil {
		t.Fatalf("sheet %q: %v (sheets %q)", sheet, err, f.GetSheetList())
	}
	for i, r := range all {
		if len(r) > 0 && r[0] == heading {
			var out [][]string
			for _, row := range all[i+1:] {
				if len(row) == 0 {
					break // the note under the table follows an empty row
				}
				out = append(out, row)
			}
			return f, out, i + 2 // the first row's number
		}
	}
	t.Fatalf("sheet %q has no heading %q: %q", sheet, heading, all)
	return nil, nil, 0
}

// serial is a spreadsheet's date number of a wall-clock moment: days since 30 Dec 1899.
func serial(y int, m time.Month, d, h, min int) string {
	days := time.Date(y, m, d, h, min, 0, 0, time.UTC).Sub(time.Date(1899, 12, 30, 0, 0, 0, 0, time.UTC)).Hours() / 24
	return strconv.FormatFloat(days, 'f', -1, 64)
}

func near(got, want string) bool {
	g, err1 := strconv.ParseFloat(got, 64)
	w, err2 := strconv.ParseFloat(want, 64)
	return err1 == nil && err2 == nil && g-w < 1e-6 && w-g < 1e-6
}

// Every new download is a PDF whose every page carries the title, the period (or the moment
// for a page read as of now) and "page n of N", and renders to a page with ink on it: A4
// upright, or turned for the lists of ten and eleven columns (Feedback, Opvolging), whose
// headings an upright page cut ("Soor/t").
func TestExportPagesPDF(t *testing.T) {
	ts := exportServer(t)
	admin := ts.login("admin@example.com")
	keep := os.Getenv("KLANTPULS_KEEP_PNG") // a folder to look at the pages in
	for _, page := range []struct {
		name, query, nlTitle, enTitle string
		turned                        bool
	}{
		{"backlog", "", "Werkvoorraad", "Backlog", false},
		{"why", "", "Waarom", "Why", false},
		{"feedback", "", "Feedback", "Feedback", true},
		{"followups", "", "Opvolging", "Follow-up", true},
		{"ticket", "&id=T1", "Ticket T1", "Ticket T1", false},
		{"risico", "", "Risico", "Risk", false},
		{"customer", "&id=C1", "Klant C1", "Customer C1", false},
	} {
		for _, c := range []struct{ lang, title, when, pageOf string }{
			// The running month up to today, 25 March, as every page names it (view.label).
			{"nl", page.nlTitle, "periode: 1 mrt 2026 – 25 mrt 2026", "Pagina %d van %d"},
			{"en", page.enTitle, "period: 1 Mar 2026 – 25 Mar 2026", "Page %d of %d"},
		} {
			res := admin.get("/export.pdf?page=" + page.name + "&period=month&lang=" + c.lang + page.query)
			if res.status != http.StatusOK || res.header.Get("Content-Type") != "application/pdf" || !strings.HasPrefix(res.body, "%PDF-") {
				t.Fatalf("%s %s: %d %v %.300s", page.name, c.lang, res.status, res.header, res.body)
			}
			text := pdftest.Text(t, []byte(res.body))
			pages := strings.Count(text, "\f")
			when := c.when
			switch page.name {
			case "ticket", "risico", "customer": // read as of now: 25 March, 13:00 in Amsterdam
				when = map[string]string{"nl": "stand: 25 mrt 2026 13:00", "en": "as of: 25 Mar 2026 13:00"}[c.lang]
			}
			if pdftest.Count(text, "klantpuls · "+c.title) != pages || pdftest.Count(text, when) != pages {
				t.Errorf("%s %s: title %q or %q not on each of %d pages:\n%s", page.name, c.lang, c.title, when, pages, text)
			}
			for i := 1; i <= pages; i++ {
				if pdftest.Count(text, strings.Replace(strings.Replace(c.pageOf, "%d", strconv.Itoa(i), 1), "%d", strconv.Itoa(pages), 1)) != 1 {
					t.Errorf("%s %s: no page number %d of %d", page.name, c.lang, i, pages)
				}
			}
			imgs, paths := pdftest.Pages(t, []byte(res.body), 60)
			if len(imgs) != pages || pages == 0 {
				t.Fatalf("%s %s: %d images of %d pages", page.name, c.lang, len(imgs), pages)
			}
			for i, img := range imgs {
				long, short := img.Bounds().Dy(), img.Bounds().Dx() // A4 upright
				if page.turned {
					long, short = short, long
				}
				if short*297 < long*200 || short*297 > long*220 {
					t.Errorf("%s %s: page %d is %v, not A4 turned %v", page.name, c.lang, i+1, img.Bounds(), page.turned)
				}
				if ink := pdftest.Inked(img); ink < 0.005 {
					t.Errorf("%s %s: page %d almost blank (%.4f inked)", page.name, c.lang, i+1, ink)
				}
			}
			if keep != "" {
				for i, p := range paths {
					b, _ := os.ReadFile(p)
					os.WriteFile(filepath.Join(keep, page.name+"-"+c.lang+"-"+strconv.Itoa(i+1)+".png"), b, 0o644)
				}
			}
		}
	}
}

// The feedback download is every comment of the period, newest first, scores as numbers and
// the comments as text: a comment that is a formula, "NaN" or "1e5" stays those characters.
func TestExportFeedbackXLSX(t *testing.T) {
	ts := exportServer(t)
	res := ts.login("manager@example.com").get("/export.xlsx?page=feedback&period=month&lang=nl")
	if res.status != http.StatusOK || !strings.Contains(res.header.Get("Content-Disposition"), "klantpuls-feedback-2026-03-01-2026-03-25.xlsx") {
		t.Fatalf("%d %v", res.status, res.header)
	}
	f, rows, first := sheetRows(t, []byte(res.body), "Opmerkingen en vermeldingen", "Datum")
	// March's answers with a comment, newest first: R7 (21st), R4 (20th), R6 (19th), R5 (18th).
	want := []struct {
		at, score, text string
	}{
		{serial(2026, 3, 21, 9, 0), "4", "1e5"}, {serial(2026, 3, 20, 10, 0), "9", "<img src=x onerror=alert(1)>"},
		{serial(2026, 3, 19, 9, 0), "10", "NaN"}, {serial(2026, 3, 18, 9, 0), "1", `=HYPERLINK("http://evil.example","klik")`},
	}
	if len(rows) != len(want) {
		t.Fatalf("%d rows, want %d: %q", len(rows), len(want), rows)
	}
	for i, w := range want {
		if !near(rows[i][0], w.at) || rows[i][2] != w.score || rows[i][3] != w.text {
			t.Errorf("row %d: %q, want at %s score %s text %q", i+1, rows[i][:4], w.at, w.score, w.text)
		}
		score, _ := excelize.CoordinatesToCellName(3, first+i)
		comment, _ := excelize.CoordinatesToCellName(4, first+i)
		if typ, _ := f.GetCellType("Opmerkingen en vermeldingen", score); typ != excelize.CellTypeUnset && typ != excelize.CellTypeNumber {
			t.Errorf("row %d: score is a %v cell, want a number", i+1, typ)
		}
		if formula, _ := f.GetCellFormula("Opmerkingen en vermeldingen", comment); formula != "" {
			t.Errorf("row %d: the comment became the formula %q", i+1, formula)
		}
		if typ, _ := f.GetCellType("Opmerkingen en vermeldingen", comment); typ == excelize.CellTypeNumber || typ == excelize.CellTypeFormula {
			t.Errorf("row %d: comment %q stored as %v", i+1, w.text, typ)
		}
	}
	// The numbers carry a format, the score a whole number's: no text with a comma in it.
	cell, _ := excelize.CoordinatesToCellName(3, first)
	if s, _ := f.GetCellStyle("Opmerkingen en vermeldingen", cell); s == 0 {
		t.Error("the score has no number format")
	}
}

// The follow-up download is every critical answer of the period: the NPS detractors (0–6) and
// the CSAT 1s and 2s, oldest first; R2 (2, 11th), R3 (6, 12th), R5 (1, 18th). An agent gets only
// the answers about their own contacts: Anna has T3, so R5.
func TestExportFollowUpsXLSX(t *testing.T) {
	ts := exportServer(t)
	res := ts.login("admin@example.com").get("/export.xlsx?page=followups&period=month&lang=en")
	if res.status != http.StatusOK {
		t.Fatalf("%d %s", res.status, res.body)
	}
	_, rows, _ := sheetRows(t, []byte(res.body), "Open critical answers", "Date")
	var got []string
	for _, r := range rows {
		got = append(got, r[1]+" "+r[2])
	}
	if strings.Join(got, ", ") != "CSAT 2, NPS 6, CSAT 1" {
		t.Errorf("follow-ups %q, want CSAT 2, NPS 6, CSAT 1", got)
	}
	res = ts.login("anna@example.com").get("/export.xlsx?page=followups&period=month&lang=en")
	if res.status != http.StatusOK {
		t.Fatalf("agent: %d %s", res.status, res.body)
	}
	if _, rows, _ := sheetRows(t, []byte(res.body), "Open critical answers", "Date"); len(rows) != 1 || rows[0][2] != "1" {
		t.Errorf("agent's follow-ups %q, want R5 alone", rows)
	}
}

// Werkvoorraad as of 25 March 13:00 (Amsterdam): T3 is open, created 16 March 10:00, so 9 days
// and 3 hours old, Support's, assigned; T1 and T2 are solved. March's flow per day: created on
// the 2nd, 10th and 16th, solved on the 3rd and the 10th.
func TestExportBacklogXLSX(t *testing.T) {
	ts := exportServer(t)
	res := ts.login("admin@example.com").get("/export.xlsx?page=backlog&period=month&lang=nl")
	if res.status != http.StatusOK {
		t.Fatalf("%d %s", res.status, res.body)
	}
	body := []byte(res.body)
	_, ages, _ := sheetRows(t, body, "Nu open · Naar leeftijd", "Leeftijd")
	if len(ages) != 6 || ages[3][1] != "1" || ages[0][1]+ages[1][1]+ages[2][1] != "000" || ages[4][1] != "1" || ages[5][1] != "0" {
		t.Errorf("by age %q, want one ticket of 7 days and more, one open, none unassigned", ages)
	}
	_, teams, _ := sheetRows(t, body, "Nu open · Per team", "Team")
	if len(teams) != 1 || teams[0][0] != "Support" || teams[0][1] != "1" || teams[0][2] != "0" ||
		teams[0][3] != strconv.Itoa(9*86400+3*3600) {
		t.Errorf("by team %q, want Support 1 open, 0 unassigned, oldest %d s", teams, 9*86400+3*3600)
	}
	_, flow, _ := sheetRows(t, body, "Aangemaakt - Opgelost", "Dag")
	created, solved := map[string]string{}, map[string]string{}
	sum := [2]int{}
	for _, r := range flow {
		created[r[0]], solved[r[0]] = r[1], r[2]
		c, _ := strconv.Atoi(r[1])
		s, _ := strconv.Atoi(r[2])
		sum[0], sum[1] = sum[0]+c, sum[1]+s
	}
	if len(flow) != 25 || sum != [2]int{3, 2} {
		t.Errorf("flow: %d days (want 1–25 March), %v created and solved (want 3, 2)", len(flow), sum)
	}
	if d := serial(2026, 3, 10, 0, 0); created[d] != "1" || solved[d] != "1" {
		t.Errorf("10 March: created %q solved %q, want 1 and 1", created[d], solved[d])
	}
}

// A ticket's download: its moments as dates, its answers with their scores; another agent's
// ticket is not found, as on its page.
func TestExportTicket(t *testing.T) {
	ts := exportServer(t)
	res := ts.login("anna@example.com").get("/export.xlsx?page=ticket&id=T1&lang=nl")
	if res.status != http.StatusOK {
		t.Fatalf("%d %s", res.status, res.body)
	}
	at := sheetColumn(t, []byte(res.body), "Gegevens", "Veld", 2)
	if !near(at["Aangemaakt"], serial(2026, 3, 2, 10, 0)) || !near(at["Eerste reactie"], serial(2026, 3, 2, 11, 0)) {
		t.Errorf("ticket moments %q", at)
	}
	_, answers, _ := sheetRows(t, []byte(res.body), "Beoordelingen", "Datum")
	// T1's answers: R1 (CSAT 5, 4 March) and R7 (CSAT 4, 21 March, "1e5"), which replaces it.
	if len(answers) != 2 || answers[0][2] != "5" || answers[1][2] != "4" || answers[1][3] != "1e5" || answers[0][4] != "ja" {
		t.Errorf("answers %q", answers)
	}
	for _, c := range []struct{ lang, want string }{{"nl", "niet gevonden"}, {"en", "not found"}} {
		if res := ts.login("anna@example.com").get("/export.pdf?page=ticket&id=T2&lang=" + c.lang); res.status != http.StatusNotFound ||
			!strings.Contains(strings.ToLower(res.body), c.want) {
			t.Errorf("Bram's ticket for Anna, %s: %d %.200s", c.lang, res.status, res.body)
		}
	}
}

// A customer's download: C1 ordered 100 on 2 March and 50,50 on 9 March: two orders, 150,50
// revenue, 75,25 an order; their latest NPS answer is R4's 9 (20 March).
func TestExportCustomer(t *testing.T) {
	ts := exportServer(t)
	res := ts.login("manager@example.com").get("/export.xlsx?page=customer&id=C1&lang=en")
	if res.status != http.StatusOK || !strings.Contains(res.header.Get("Content-Disposition"), "klantpuls-customer-2026-03-25-1300.xlsx") {
		t.Fatalf("%d %v %.300s", res.status, res.header, res.body)
	}
	_, value, _ := sheetRows(t, []byte(res.body), "Value", "Figure")
	got := map[string][]string{}
	for _, r := range value {
		got[r[0]] = r
	}
	if r := got["Orders"]; len(r) < 3 || r[2] != "2" {
		t.Errorf("orders %q", r)
	}
	if r := got["Revenue"]; len(r) < 2 || !near(r[1], "150.5") {
		t.Errorf("revenue %q", r)
	}
	if r := got["Average order"]; len(r) < 2 || !near(r[1], "75.25") {
		t.Errorf("average order %q", r)
	}
	if r := got["NPS"]; len(r) < 3 || r[2] != "9" {
		t.Errorf("latest NPS %q", r)
	}
	_, orders, _ := sheetRows(t, []byte(res.body), "Orders", "Order")
	if len(orders) != 2 || orders[0][0] != "O1" || !near(orders[0][2], "100") || !near(orders[0][1], serial(2026, 3, 2, 10, 0)) ||
		orders[1][0] != "O2" || !near(orders[1][2], "50.5") {
		t.Errorf("orders %q", orders)
	}
	if res := ts.login("anna@example.com").get("/export.pdf?page=customer&id=C1&lang=en"); res.status != http.StatusForbidden {
		t.Errorf("an agent downloads a customer: %d", res.status)
	}
}

// Each download needs the page's own permission (routes.go): an agent may not download
// feedback or Risico, which they cannot open either.
func TestExportPagesPermissions(t *testing.T) {
	ts := exportServer(t)
	anna := ts.login("anna@example.com")
	for _, c := range []struct {
		page string
		want int
	}{{"feedback", 403}, {"risico", 403}, {"customer", 403}, {"backlog", 200}, {"why", 200}, {"followups", 200}} {
		for _, ext := range []string{"pdf", "xlsx"} {
			if res := anna.get("/export." + ext + "?page=" + c.page + "&period=month&lang=en"); res.status != c.want {
				t.Errorf("agent %s.%s: %d, want %d", c.page, ext, res.status, c.want)
			}
		}
	}
}

// The drill-down list prints too: every CSAT answer March counts (R2 2, R5 1, R7 4; R1 is
// replaced by R7, a later answer about the same ticket) under the frame of the other
// downloads, its period measured up to today as the list is.
func TestDrillPDF(t *testing.T) {
	ts := exportServer(t)
	res := ts.login("admin@example.com").get("/drill?metric=csat&period=month&lang=nl&format=pdf")
	if res.status != http.StatusOK || res.header.Get("Content-Type") != "application/pdf" ||
		!strings.Contains(res.header.Get("Content-Disposition"), "klantpuls-csat-2026-03-01-2026-03-25.pdf") {
		t.Fatalf("%d %v %.300s", res.status, res.header, res.body)
	}
	text := pdftest.Squeeze(pdftest.Text(t, []byte(res.body)))
	for _, want := range []string{"periode: 1 mrt 2026 – 25 mrt 2026", "Pagina 1 van 1", "R2", "R5", "R7"} {
		if !strings.Contains(text, want) {
			t.Errorf("no %q in:\n%s", want, text)
		}
	}
	if strings.Contains(text, "R1") || strings.Contains(text, "R3") || strings.Contains(text, "R4") {
		t.Errorf("a replaced or an NPS answer in the CSAT list:\n%s", text)
	}
	if page := ts.login("admin@example.com").get("/drill?metric=csat&period=month&lang=nl").body; !strings.Contains(page, "format=pdf") {
		t.Error("the drill-down page does not link its PDF")
	}
}

// The dashboard's CSV downloads are for a spreadsheet: Excel reads a UTF-8 file without a
// byte order mark as Windows-1252, so "Zoë" opens as "ZoÃ«". The rejects file writes the
// mark for that reason (importer/rejects.go), and so does the drill-down list's CSV.
func TestDrillCSVOpensAccentsInExcel(t *testing.T) {
	ts := dashServer(t)
	if res := ts.withToken("adminWrite").postJSON("/api/v1/tickets",
		`{"ticket_id":"T9","created_at":"2026-03-05 10:00","agent":"Zoë IJsbrandĳ","team":"Support","channel":"e-mail","first_reply_at":"2026-03-05 10:20"}`); res.status != 200 {
		t.Fatalf("ticket: %d %s", res.status, res.body)
	}
	res := ts.login("admin@example.com").get("/drill?metric=first_response&period=month&format=csv&lang=nl")
	if res.status != http.StatusOK || !strings.Contains(res.body, "Zoë IJsbrandĳ") {
		t.Fatalf("%d %s", res.status, res.body)
	}
	if !strings.HasPrefix(res.body, "\ufeff") {
		t.Errorf("no byte order mark: Excel shows %q", latin1(res.body[:min(len(res.body), 200)]))
	}
}

// latin1 is what Excel shows of UTF-8 bytes read as Windows-1252 (Latin-1 for these letters).
func latin1(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		b.WriteRune(rune(s[i]))
	}
	return b.String()
}

// Every download names a page route of the route table, whose permission it takes; every
// linked page's path is that route's.
func TestExportPagesAreRoutes(t *testing.T) {
	ts := exportServer(t)
	pages := map[string]bool{}
	for _, p := range ts.srv.PagePaths() {
		pages[p] = true
	}
	for name, def := range exportPages {
		path := strings.TrimSuffix(def.path, "{$}")
		if _, ok := ts.srv.routeAction("GET " + def.path); !ok || !pages[path] {
			t.Errorf("%s: %s is no page route", name, def.path)
		}
	}
	for path, name := range exportPaths {
		if def, ok := exportPages[name]; !ok || strings.TrimSuffix(def.path, "{$}") != path {
			t.Errorf("%s links %s, whose route is %q", path, name, def.path)
		}
	}
}

// TestExportFeedbackNamesItsFilter: the feedback download's header names the list's filter as
// the page's boxes show it, beside the view's, so a workbook of the negative detractors not yet
// replied to does not pass for all the feedback of the month. It named the view's filters only.
func TestExportFeedbackNamesItsFilter(t *testing.T) {
	ts := exportServer(t)
	manager := ts.login("manager@example.com")
	for _, tt := range []struct{ query, want, not string }{
		{"&kind=detractors&replied=no&sentiment=negative", "Toon: NPS: criticasters · Beantwoord: Niet beantwoord · Sentiment: Negatief", ""},
		{"&kind=csat_low&lang=en", "Show: CSAT low (1–2)", "Replied:"},
		{"", "", "Toon:"},
	} {
		t.Run(tt.query, func(t *testing.T) {
			lang := "&lang=nl"
			if strings.Contains(tt.query, "lang=") {
				lang = ""
			}
			res := manager.get("/export.xlsx?page=feedback&period=month" + lang + tt.query)
			if res.status != http.StatusOK {
				t.Fatalf("%d %s", res.status, res.body)
			}
			f, err := excelize.OpenReader(strings.NewReader(res.body))
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			rows, err := f.GetRows(f.GetSheetList()[0])
			if err != nil {
				t.Fatal(err)
			}
			var head []string
			for _, r := range rows[:min(4, len(rows))] {
				head = append(head, strings.Join(r, " "))
			}
			header := strings.Join(head, "\n")
			if !strings.Contains(header, tt.want) || (tt.not != "" && strings.Contains(header, tt.not)) {
				t.Errorf("header %q, want %q and not %q", header, tt.want, tt.not)
			}
		})
	}
}
