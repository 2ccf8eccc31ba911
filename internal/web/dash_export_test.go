package web

import (
	"bytes"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/klantpuls/klantpuls/internal/metric"
	"github.com/klantpuls/klantpuls/internal/pdftest"
)

// sheetTable reads a sheet's table by its headings: the row under the headings of each group,
// by the group's name, up to the first empty row (a note may follow it).
func sheetTable(t *testing.T, body []byte, sheet string) (headings []string, rows map[string][]string) {
	t.Helper()
	f, err := excelize.OpenReader(bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	all, err := f.GetRows(sheet, excelize.Options{RawCellValue: true})
	if err != nil {
		t.Fatalf("sheet %s: %v (sheets %v)", sheet, err, f.GetSheetList())
	}
	rows = map[string][]string{}
	for i, r := range all {
		if i > 2 && len(r) > 1 && headings == nil {
			headings = r
			continue
		}
		if headings != nil && len(r) == 0 {
			break
		}
		if headings != nil {
			rows[r[0]] = r
		}
	}
	return headings, rows
}

// column is the cell of a metric's column in a row.
func column(t *testing.T, headings, row []string, key, lang string) string {
	t.Helper()
	d, _ := metric.Lookup(key)
	for i, h := range headings {
		if strings.HasPrefix(h, d.Label.In(lang)) {
			if i < len(row) {
				return row[i]
			}
			return ""
		}
	}
	t.Fatalf("no column for %s in %q", key, headings)
	return ""
}

// The seed's March (views_test.go): Anna has T1 and T3 and R1's CSAT 5 (100%), Bram T2 and
// R2's CSAT 2 (0%); Support is Anna's team, Sales Bram's.
func TestExportXLSXTeamPage(t *testing.T) {
	ts := dashServer(t)
	res := ts.login("admin@example.com").get("/export.xlsx?page=team&period=month&lang=nl")
	if res.status != http.StatusOK || !strings.Contains(res.header.Get("Content-Disposition"), "klantpuls-team-2026-03-01-2026-03-25.xlsx") {
		t.Fatalf("%d %v", res.status, res.header)
	}
	// The page's columns: tickets solved (T1 by Anna, T2 by Bram; T3 is open), the median first
	// response in business time (T1: Monday 10:00 → 11:00, 3,600 s; T2 has no reply), CSAT.
	head, rows := sheetTable(t, []byte(res.body), "Medewerkers")
	if want := "Tickets (opgelost)"; head[1] != want {
		t.Errorf("first figure's heading %q, want %q", head[1], want)
	}
	for _, c := range []struct{ agent, solved, frt, csat string }{{"Anna", "1", "3600", "100"}, {"Bram", "1", "", "0"}} {
		row, ok := rows[c.agent]
		if !ok {
			t.Fatalf("no row of %s: %v", c.agent, rows)
		}
		if got := column(t, head, row, "tickets", "nl"); got != c.solved {
			t.Errorf("%s solved %q, want %s", c.agent, got, c.solved)
		}
		if got := column(t, head, row, "first_response", "nl"); got != c.frt {
			t.Errorf("%s first response %q, want %q", c.agent, got, c.frt)
		}
		if got := column(t, head, row, "csat", "nl"); got != c.csat {
			t.Errorf("%s CSAT %q, want %s", c.agent, got, c.csat)
		}
	}
	// As the team page: the seed's records without a team are NPS answers, which no column
	// shows, so there is no "(geen)" row (TestTeamTotalsLeaveOutAnEmptyNoTeamRow).
	if _, rows := sheetTable(t, []byte(res.body), "Teams"); len(rows) != 2 || rows["Support"] == nil || rows["Sales"] == nil {
		t.Errorf("teams: %v, want Support and Sales", rows)
	}
}

// An agent who signs their chats "Sanne 🌷" is a name from the data: the team page's PDF is
// still made, the emoji a "?" (printable, internal/report/pdf_rows.go), as the page and the
// workbook are.
func TestExportPDFTeamPageNameWithEmoji(t *testing.T) {
	ts := dashServer(t)
	if res := ts.withToken("adminWrite").postJSON("/api/v1/tickets",
		`{"ticket_id":"T9","created_at":"2026-03-05 10:00","agent":"Sanne 🌷","team":"Support","channel":"email","first_reply_at":"2026-03-05 10:20","solved_at":"2026-03-05 11:00"}`); res.status != 200 {
		t.Fatalf("ticket: %d %s", res.status, res.body)
	}
	admin := ts.login("admin@example.com")
	if res := admin.get("/team?period=month&lang=nl"); res.status != http.StatusOK {
		t.Fatalf("team page: %d", res.status)
	}
	if res := admin.get("/export.xlsx?page=team&period=month&lang=nl"); res.status != http.StatusOK {
		t.Fatalf("team xlsx: %d", res.status)
	}
	for _, page := range []string{"team", "service"} {
		res := admin.get("/export.pdf?page=" + page + "&period=month&lang=nl")
		if res.status != http.StatusOK {
			t.Errorf("%s pdf: %d %.300s", page, res.status, res.body)
			continue
		}
		if text := pdftest.Text(t, []byte(res.body)); page == "team" && !strings.Contains(text, "Sanne ?") {
			t.Errorf("team pdf without Sanne:\n%s", text)
		}
	}
}

// The team page stars a figure resting on fewer than 30 answers (metrics.md section 0: "the
// dashboard marks a value with n < 30 as indicative"), and so does its PDF; the workbook shows
// it too — the cell still a number, its format adding the star — with the PDF's note under the
// table. Anna's CSAT is R1's one answer; Bram's R2's; their tickets and times are no rates.
func TestExportXLSXKeepsTheSmallNMark(t *testing.T) {
	ts := dashServer(t)
	res := ts.login("admin@example.com").get("/export.xlsx?page=team&period=month&lang=nl")
	if res.status != http.StatusOK {
		t.Fatalf("xlsx %d", res.status)
	}
	f, err := excelize.OpenReader(bytes.NewReader([]byte(res.body)))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := f.GetRows("Medewerkers") // as a spreadsheet shows them, in their number formats
	if err != nil {
		t.Fatal(err)
	}
	var head []string
	shown := map[string][]string{}
	note := false
	for i, r := range rows {
		switch {
		case i > 2 && len(r) > 1 && head == nil:
			head = r
		case head != nil && len(r) > 0:
			shown[r[0]] = r
			note = note || r[0] == "* Indicatief: gebaseerd op minder dan 30 metingen."
		}
	}
	for _, c := range []struct{ agent, solved, csat string }{{"Anna", "1", "100.0%*"}, {"Bram", "1", "0.0%*"}} {
		row := shown[c.agent]
		if row == nil {
			t.Fatalf("no row of %s: %q", c.agent, rows)
		}
		if got := column(t, head, row, "csat", "nl"); got != c.csat {
			t.Errorf("%s's CSAT shows %q, want %q", c.agent, got, c.csat)
		}
		if got := column(t, head, row, "tickets", "nl"); got != c.solved {
			t.Errorf("%s's tickets show %q, want %q", c.agent, got, c.solved)
		}
	}
	if !note {
		t.Errorf("no note \"* Indicatief: gebaseerd op minder dan 30 metingen.\" under the table: %q", rows)
	}
}

func TestExportAgentSeesOwnFigures(t *testing.T) {
	ts := dashServer(t)
	anna := ts.login("anna@example.com")
	// Another agent's filter in the URL is Anna's all the same, as on every page.
	res := anna.get("/export.xlsx?page=team&period=month&lang=en&agent=Bram")
	if res.status != http.StatusOK {
		t.Fatalf("%d %s", res.status, res.body)
	}
	_, rows := sheetTable(t, []byte(res.body), "Agents")
	if len(rows) != 1 || rows["Anna"] == nil {
		t.Errorf("agent's export holds %v, want only Anna", rows)
	}
	// Her team's totals, as the team page shows them: Support's, of which T1 is solved.
	head, teams := sheetTable(t, []byte(res.body), "Teams")
	if len(teams) != 1 || teams["Support"] == nil || column(t, head, teams["Support"], "tickets", "en") != "1" {
		t.Errorf("agent's teams %v, want Support alone with 1 ticket solved", teams)
	}
	pdf := anna.get("/export.pdf?page=team&period=month&lang=en&agent=Bram")
	if pdf.status != http.StatusOK {
		t.Fatalf("pdf %d", pdf.status)
	}
	text := pdftest.Text(t, []byte(pdf.body))
	if !strings.Contains(text, "Agent: Anna") || strings.Contains(text, "Bram") {
		t.Errorf("agent's PDF:\n%s", text)
	}
}

func TestExportPDFOverview(t *testing.T) {
	ts := dashServer(t)
	admin := ts.login("admin@example.com")
	for _, c := range []struct {
		lang, period, page, csat string
	}{
		// A running month is measured up to today, 25 March, as the overview measures it.
		{"nl", "periode: 1 mrt 2026 – 25 mrt 2026", "Pagina 1 van ", "50,0%"},
		{"en", "period: 1 Mar 2026 – 25 Mar 2026", "Page 1 of ", "50.0%"},
	} {
		res := admin.get("/export.pdf?page=overview&period=month&channel=email&lang=" + c.lang)
		if res.status != http.StatusOK || res.header.Get("Content-Type") != "application/pdf" || !strings.HasPrefix(res.body, "%PDF-") {
			t.Fatalf("%s: %d %v", c.lang, res.status, res.header)
		}
		text := pdftest.Text(t, []byte(res.body))
		pages := strings.Count(text, "\f")
		if pdftest.Count(text, c.period) != pages || pdftest.Count(text, c.page+strconv.Itoa(pages)) != 1 {
			t.Errorf("%s: no period or page numbers on each of %d pages:\n%s", c.lang, pages, text)
		}
		// The channel filter is on the page, and the figures follow it: T1's CSAT 5 alone.
		dim := map[string]string{"nl": "Kanaal: e-mail", "en": "Channel: e-mail"}[c.lang]
		if pdftest.Count(text, dim) != pages || pdftest.Count(text, "100,0%")+pdftest.Count(text, "100.0%") == 0 {
			t.Errorf("%s: filter or filtered CSAT missing:\n%s", c.lang, text)
		}
		if strings.Contains(text, c.csat) {
			t.Errorf("%s: the unfiltered CSAT %s is shown", c.lang, c.csat)
		}
	}
}

func TestExportRefusesBadPage(t *testing.T) {
	ts := dashServer(t)
	admin := ts.login("admin@example.com")
	for _, c := range []struct{ lang, want string }{{"nl", "is geen download"}, {"en", "has no download"}} {
		for _, path := range []string{"/export.pdf", "/export.xlsx"} {
			res := admin.get(path + "?page=nope&lang=" + c.lang)
			if res.status != http.StatusBadRequest || !strings.Contains(res.body, c.want) {
				t.Errorf("%s %s: %d %s", path, c.lang, res.status, res.body)
			}
		}
	}
}

func TestDashPagesLinkTheirExports(t *testing.T) {
	ts := dashServer(t)
	admin := ts.login("admin@example.com")
	for _, c := range []struct{ path, page, own string }{{"/", "overview", ""}, {"/service", "service", ""}, {"/team", "team", ""},
		{"/customers", "customers", ""}, {"/backlog", "backlog", "&amp;sort=late"}, {"/why", "why", ""},
		{"/feedback", "feedback", ""}, {"/followups", "followups", ""}, {"/risico", "risico", ""}} {
		own := strings.ReplaceAll(c.own, "&amp;", "&")
		body := admin.get(c.path + "?period=quarter&channel=chat&lang=en" + own).body
		for _, ext := range []string{"pdf", "xlsx"} {
			want := `href="/export.` + ext + `?channel=chat&amp;lang=en&amp;page=` + c.page + `&amp;period=quarter` + c.own + `"`
			if !strings.Contains(body, want) {
				t.Errorf("%s has no %s", c.path, want)
			}
		}
	}
	// A ticket's page has no period: its links name the ticket.
	if body := admin.get("/tickets/T1?lang=en").body; !strings.Contains(body, `href="/export.pdf?id=T1&amp;lang=en&amp;page=ticket`) {
		t.Error("the ticket page does not link its PDF")
	}
	if body := admin.get("/customers/C1?lang=en").body; !strings.Contains(body, `href="/export.xlsx?id=C1&amp;lang=en&amp;page=customer`) {
		t.Error("the customer page does not link its workbook")
	}
	if body := admin.get("/targets?lang=en").body; strings.Contains(body, "/export.pdf") {
		t.Error("a settings page links an export")
	}
}

// The customers page's download is for those who see the page: C1 (Zakelijk) stays, so churn
// 0% of 1, retention 100%; C1's latest NPS answer in March is a 9: 100 for Zakelijk.
func TestExportCustomers(t *testing.T) {
	ts := dashServer(t)
	res := ts.login("manager@example.com").get("/export.xlsx?page=customers&period=month&lang=en")
	if res.status != http.StatusOK {
		t.Fatalf("%d %s", res.status, res.body)
	}
	head, rows := sheetTable(t, []byte(res.body), "Figures")
	if got := column(t, head, rows["Total"], "churn", "en"); got != "0" {
		t.Errorf("churn %q, want 0", got)
	}
	if got := column(t, head, rows["Total"], "retention", "en"); got != "100" {
		t.Errorf("retention %q, want 100", got)
	}
	head, rows = sheetTable(t, []byte(res.body), "By segment")
	if got := column(t, head, rows["Zakelijk"], "nps", "en"); got != "100" {
		t.Errorf("NPS of Zakelijk %q, want 100", got)
	}
	for _, c := range []struct{ lang, want string }{{"nl", "alleen voor managers"}, {"en", "managers and administrators only"}} {
		res := ts.login("anna@example.com").get("/export.pdf?page=customers&period=month&lang=" + c.lang)
		if res.status != http.StatusForbidden || !strings.Contains(res.body, c.want) {
			t.Errorf("agent, %s: %d %s", c.lang, res.status, res.body)
		}
	}
}

// TestServiceDownloadsNameChannelsInTheirLanguage: the Dutch service downloads (/export.xlsx,
// /export.pdf?page=service) name the channels as the page does ("telefoon", "e-mail"), in the
// channel table and in the tickets' channel shares. README: "The data's own values are shown in
// the page's language: channels (e-mail, telefoon, social media …)"; the downloads "keep the
// view (… language)".
func TestServiceDownloadsNameChannelsInTheirLanguage(t *testing.T) {
	ts := dashServer(t)
	if res := ts.withToken("adminWrite").postJSON("/api/v1/tickets",
		`[{"ticket_id":"T9","created_at":"2026-03-18 10:00","agent":"Bram","team":"Sales","channel":"phone","solved_at":"2026-03-18 11:00"}]`); res.status != 200 {
		t.Fatalf("phone ticket: %d %s", res.status, res.body)
	}
	admin := ts.login("admin@example.com")
	if page := admin.get("/service?period=month&lang=nl").body; !strings.Contains(page, "telefoon") {
		t.Fatalf("the Dutch service page itself does not say telefoon")
	}
	res := admin.get("/export.xlsx?page=service&period=month&lang=nl")
	x, err := excelize.OpenReader(bytes.NewReader([]byte(res.body)))
	if err != nil {
		t.Fatalf("xlsx: %d %v", res.status, err)
	}
	rows, err := x.GetRows("Per kanaal")
	if err != nil {
		t.Fatal(err)
	}
	var labels []string
	for _, r := range rows[4:] {
		if len(r) > 0 {
			labels = append(labels, r[0])
		}
	}
	for _, want := range []string{"telefoon", "e-mail"} {
		if !strings.Contains(strings.Join(labels, "|"), want) {
			t.Errorf("Dutch XLSX sheet Per kanaal: channels %q, want %q among them", labels, want)
		}
	}
	pdf := admin.get("/export.pdf?page=service&period=month&lang=nl")
	text := pdftest.Squeeze(pdftest.Text(t, []byte(pdf.body)))
	if regexp.MustCompile(`\b(phone|email)\b`).MatchString(text) {
		t.Errorf("Dutch service PDF names channels phone/email: %q", regexp.MustCompile(`[^\n]{0,40}\b(phone|email)\b[^\n]{0,20}`).FindAllString(text, -1))
	}
}

// TestExportXLSXSaysEachFiguresN: a page's workbook holds every figure with the n it rests on,
// as `klantpuls report --format xlsx` does, in the sheet of every figure in long form: the
// seed's March has two CSAT answers (R1's 5 and R2's 2), so the overview's CSAT of 50% rests
// on n 2. The workbook showed the 50 and no n anywhere.
func TestExportXLSXSaysEachFiguresN(t *testing.T) {
	ts := dashServer(t)
	res := ts.login("manager@example.com").get("/export.xlsx?page=overview&period=month&lang=nl")
	if res.status != http.StatusOK {
		t.Fatalf("%d %s", res.status, res.body)
	}
	f, err := excelize.OpenReader(bytes.NewReader([]byte(res.body)))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := f.GetRows("Alle cijfers", excelize.Options{RawCellValue: true})
	if err != nil {
		t.Fatalf("no sheet of every figure: %v (sheets %v)", err, f.GetSheetList())
	}
	got := map[string]string{}
	for _, r := range rows {
		if len(r) > 6 && r[4] == "csat" {
			got[r[5]] = r[6]
		}
	}
	if got["value"] != "50" || got["n"] != "2" {
		t.Errorf("CSAT value %q n %q, want 50 and 2", got["value"], got["n"])
	}
}
