package web

import (
	"net/http"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/klantpuls/klantpuls/internal/metric"
	"github.com/klantpuls/klantpuls/internal/pdftest"
)

// tableRow is the text of the row headed name in the section labelled by heading id, tags
// and sparklines removed.
func tableRow(page, section, name string) string {
	i := strings.Index(page, `id="`+section+`"`)
	if i < 0 {
		return ""
	}
	re := regexp.MustCompile(`(?s)<tr>\s*<th scope="row">` + regexp.QuoteMeta(name) + `</th>(.*?)</tr>`)
	m := re.FindStringSubmatch(page[i:])
	if m == nil {
		return ""
	}
	text := regexp.MustCompile(`(?s)<svg.*?</svg>|<[^>]+>`).ReplaceAllString(m[1], " ")
	return strings.Join(strings.Fields(text), " ")
}

// addCarl adds T4 to the seed's March: Support's second ticket, Carl's, by chat, answered in
// 30 minutes and solved.
func addCarl(t *testing.T, ts *testServer) {
	t.Helper()
	if res := ts.withToken("adminWrite").postJSON("/api/v1/tickets", `[{"ticket_id":"T4","created_at":"2026-03-05 10:00","agent":"Carl","team":"Support","channel":"chat","first_reply_at":"2026-03-05 10:30","solved_at":"2026-03-05 11:00"}]`); res.status != 200 {
		t.Fatal(res.body)
	}
}

func TestAgentTeamTotalsKeepTheViewsFilters(t *testing.T) {
	ts := dashServer(t)
	addCarl(t, ts)
	// By e-mail, Support has T1 alone: 1 solved, first reply in 1 h (T4 is a chat ticket).
	want := "1 1 h 00 m"
	for _, who := range []string{"manager@example.com", "anna@example.com"} {
		page := ts.login(who).get("/team?period=month&channel=email&lang=en").body
		if got := tableRow(page, "h-teams", "Support"); !strings.HasPrefix(got, want) {
			t.Errorf("%s: Support's total by e-mail %q, want it to start %q", who, got, want)
		}
	}
	// The download's team sheet, as the page.
	res := ts.login("anna@example.com").get("/export.xlsx?page=team&period=month&channel=email&lang=en")
	if res.status != http.StatusOK {
		t.Fatalf("%d %s", res.status, res.body)
	}
	head, teams := sheetTable(t, []byte(res.body), "Teams")
	if row := teams["Support"]; row == nil || column(t, head, row, "tickets", "en") != "1" || column(t, head, row, "first_response", "en") != "3600" {
		t.Errorf("agent's download, Support by e-mail: %v, want 1 solved, 3600 s", row)
	}
}

func TestAgentTeamTotalsOpenNoRecords(t *testing.T) {
	ts := dashServer(t)
	addCarl(t, ts)
	teams := func(who string) string {
		page := ts.login(who).get("/team?period=month&lang=en").body
		return page[strings.Index(page, `id="h-teams"`):]
	}
	// Anna's drill-down lists her own records only, so a link from Support's 2 would open 1.
	if got := teams("anna@example.com"); strings.Contains(got, drillPath+"?") {
		t.Errorf("an agent's team totals link to records: %s", got)
	}
	if got := teams("manager@example.com"); !strings.Contains(got, drillPath+"?") {
		t.Errorf("a manager's team totals open no records: %s", got)
	}
}

func TestTeamMarksEachFigureByItsOwnN(t *testing.T) {
	ts := dashServer(t)
	addAnnasT5AndV1(t, ts)
	page := ts.login("manager@example.com").get("/team?period=month&lang=en").body
	i := strings.Index(page, "<th scope=\"row\">Anna</th>")
	row := page[i : i+strings.Index(page[i:], "</tr>")]
	// Anna's cells: Solved, first response, CSAT (R1 alone), IQS (V1), FCR (T5), trend.
	cells := regexp.MustCompile(`(?s)<td[^>]*>(.*?)</td>`).FindAllStringSubmatch(row, -1)
	if len(cells) != 6 {
		t.Fatalf("Anna's row has %d cells: %s", len(cells), row)
	}
	for i, name := range map[int]string{2: "CSAT", 3: "IQS", 4: "FCR"} {
		if !strings.Contains(cells[i][1], `class="ind"`) {
			t.Errorf("Anna's %s from 1 measurement is not marked indicative: %s", name, cells[i][1])
		}
	}
}

// TestAgentIQSDoesNotApplyUnderAnotherFilter: reviews know agents only (metrics.md section 0),
// so under a channel filter an agent's IQS does not apply: "n.v.t.", as the overview's tile
// says, not "–", which reads as never reviewed although Anna was.
func TestAgentIQSDoesNotApplyUnderAnotherFilter(t *testing.T) {
	ts := dashServer(t)
	if res := ts.withToken("adminWrite").postJSON("/api/v1/reviews", annasV1); res.status != 200 {
		t.Fatal(res.body)
	}
	m := ts.login("manager@example.com")
	// Anna's cells: solved, first response, CSAT, IQS, FCR.
	for _, c := range []struct{ query, want string }{
		{"", "1 1 u 00 m * n = 1 100,0% * n = 1 50,0 * n = 1 Niet gemeten n = 0"},
		{"&channel=email", "1 1 u 00 m * n = 1 100,0% * n = 1 n.v.t. Niet gemeten n = 0"},
	} {
		page := m.get("/team?period=month&lang=nl" + c.query).body
		if got := tableRow(page, "h-agents", "Anna"); got != c.want {
			t.Errorf("Anna's row%s: %q, want %q", c.query, got, c.want)
		}
	}
}

// TestTeamTotalsIQSDoesNotApply: IQS splits by agent only (metrics.md section 0), so a team's
// total has none: its cell says "n.v.t." and opens nothing, rather than "–", which reads as
// no reviews.
func TestTeamTotalsIQSDoesNotApply(t *testing.T) {
	ts := dashServer(t)
	page := ts.login("manager@example.com").get("/team?period=month&lang=nl").body
	row := tableRow(page, "h-teams", "Support")
	if row == "" {
		t.Fatalf("no Support row in the team totals:\n%s", page)
	}
	if !strings.Contains(row, "n.v.t.") {
		t.Errorf("Support's totals %q: IQS does not say n.v.t.", row)
	}
	for _, q := range drillLinks(t, page[strings.Index(page, `id="h-teams"`):]) {
		if q.Get("metric") == "iqs" {
			t.Errorf("a team total links IQS: %v", q)
		}
	}
}

// TestTeamTotalsLeaveOutAnEmptyNoTeamRow: an NPS answer without a ticket has no team (metrics.md
// section 0: a response's own value, else its ticket's), so the team totals grouped it under
// "(geen)": a row of 0 solved and nothing else — none of the table's figures is NPS — that
// read as a team nobody has. A ticket without a team is something to show: then the row stays.
// The download lists what the page lists (teamRowShown): it kept the row of 0 solved and blanks.
func TestTeamTotalsLeaveOutAnEmptyNoTeamRow(t *testing.T) {
	ts := dashServer(t)
	admin := ts.withToken("adminWrite")
	if res := admin.postJSON("/api/v1/responses", `[{"response_id":"NT1","survey":"nps","score":9,"submitted_at":"2026-03-05 10:00","customer_id":"CX"}]`); res.status != 200 {
		t.Fatal(res.body)
	}
	manager := ts.login("manager@example.com")
	teams := func() (page string, sheet map[string][]string, head []string) {
		t.Helper()
		page = manager.get("/team?period=month&lang=nl").body
		res := manager.get("/export.xlsx?page=team&period=month&lang=nl")
		if res.status != http.StatusOK {
			t.Fatalf("the team download: %d %s", res.status, res.body)
		}
		head, sheet = sheetTable(t, []byte(res.body), "Teams")
		return page, sheet, head
	}
	page, sheet, _ := teams()
	if tableRow(page, "h-teams", "Support") == "" {
		t.Fatalf("no Support row in the team totals:\n%s", page)
	}
	if row := tableRow(page, "h-teams", "(geen)"); row != "" {
		t.Errorf("the team totals show a row (geen) %q for an NPS answer, which the table has no column for", row)
	}
	if row, ok := sheet["(geen)"]; ok || sheet["Support"] == nil {
		t.Errorf("the download lists (geen) %v, which the page leaves out; teams %v", row, sheet)
	}
	if res := admin.postJSON("/api/v1/tickets", `[{"ticket_id":"NT2","created_at":"2026-03-05 10:00","first_reply_at":"2026-03-05 10:30","solved_at":"2026-03-05 11:00"}]`); res.status != 200 {
		t.Fatal(res.body)
	}
	page, sheet, head := teams()
	if row := tableRow(page, "h-teams", "(geen)"); !strings.HasPrefix(row, "1 ") {
		t.Errorf("a solved ticket without a team: row (geen) %q, want 1 solved", row)
	}
	if row, ok := sheet["(geen)"]; !ok || column(t, head, row, "tickets", "nl") != "1" {
		t.Errorf("the download's (geen) %v, want the solved ticket without a team, as the page lists it", row)
	}
}

// TestTeamPDFSaysIQSDoesNotApply: under a channel filter the team page's IQS says "n.v.t."
// (reviews know agents only, metrics.md section 0), and so does its PDF, for Anna and for the
// team totals (IQS never splits by team); the PDF left the cell blank, which reads as missing.
func TestTeamPDFSaysIQSDoesNotApply(t *testing.T) {
	ts := dashServer(t)
	if res := ts.withToken("adminWrite").postJSON("/api/v1/reviews", annasV1); res.status != 200 {
		t.Fatal(res.body)
	}
	m := ts.login("manager@example.com")
	if got := tableRow(m.get("/team?period=month&lang=nl&channel=email").body, "h-agents", "Anna"); !strings.Contains(got, "n.v.t.") {
		t.Fatalf("precondition: Anna's IQS on the page %q is not n.v.t.", got)
	}
	text := pdftest.Text(t, []byte(m.get("/export.pdf?page=team&period=month&lang=nl&channel=email").body))
	for _, name := range []string{"Anna", "Support"} {
		line := ""
		for _, l := range strings.Split(text, "\n") {
			if strings.HasPrefix(strings.TrimSpace(l), name+" ") {
				line = pdftest.Squeeze(l)
			}
		}
		// solved, first response, CSAT and its n, IQS and its n, FCR and its n: IQS between
		// CSAT's count and FCR.
		if !regexp.MustCompile(`%\*? \d+ n\.v\.t\. n\.v\.t\. `).MatchString(line) {
			t.Errorf("%s's line in the PDF %q: IQS does not say n.v.t.\n%s", name, line, text)
		}
	}
}

// TestTeamShowsTheNOfEachFigure: a lead reads how many tickets, answers and reviews Anna's
// median first response, CSAT, IQS and FCR rest on, written as the other pages write a count
// (n = …), and the download has a count column beside each of those figures. Anna has T1 and
// T5 answered (the median of 2; T3 has no reply yet, so it is unanswered, not in the median),
// R1 (one CSAT answer), V1 (one review) and T5 (one ticket FCR measures; T1 and T3 do not say
// their replies).
func TestTeamShowsTheNOfEachFigure(t *testing.T) {
	ts := dashServer(t)
	addAnnasT5AndV1(t, ts)
	m := ts.login("manager@example.com")
	page := m.get("/team?period=month&lang=nl").body
	// Anna's cells: solved, first response, CSAT, IQS, FCR, each of the last four with its n.
	if got, want := tableRow(page, "h-agents", "Anna"), "2 1 u 00 m * n = 2 100,0% * n = 1 50,0 * n = 1 100,0% * n = 1"; got != want {
		t.Errorf("Anna's row %q, want %q", got, want)
	}
	// Support's first responses are Anna's (T1, T5); a team has no IQS (n.v.t.): no n beside it.
	if got := tableRow(page, "h-teams", "Support"); !strings.HasPrefix(got, "2 1 u 00 m * n = 2 ") || !strings.Contains(got, "n.v.t. 100,0%") {
		t.Errorf("Support's totals %q: want the first response's n = 2, and n.v.t. without an n before FCR", got)
	}
	res := m.get("/export.xlsx?page=team&period=month&lang=nl")
	if res.status != http.StatusOK {
		t.Fatalf("%d %s", res.status, res.body)
	}
	head, agents := sheetTable(t, []byte(res.body), "Medewerkers")
	for heading, want := range map[string]string{label("first_response") + " (werkuren, n)": "2",
		label("csat") + " (n)": "1", label("iqs") + " (n)": "1", label("fcr") + " (n)": "1"} {
		i := slices.Index(head, heading)
		if i < 0 || i >= len(agents["Anna"]) || agents["Anna"][i] != want {
			t.Errorf("the download's n for Anna: headings %q, row %q; want a column %q of %s", head, agents["Anna"], heading, want)
		}
	}
	// The PDF prints each n right of its figure, headed n.
	text := pdftest.Text(t, []byte(m.get("/export.pdf?page=team&period=month&lang=nl").body))
	line := regexp.MustCompile(`(?m)^\s*Anna\b.*$`).FindString(text)
	if got, want := pdftest.Squeeze(line), "Anna 2 1 u 00 m* 2 100,0%* 1 50,0* 1 100,0%* 1"; got != want {
		t.Errorf("Anna's line in the PDF %q, want %q\n%s", got, want, text)
	}
}

// annasV1 is one review of Anna's.
const annasV1 = `{"review_id":"V1","criterion":"Toon","reviewed_at":"2026-03-03 10:00","agent":"Anna","rating":3}`

// addAnnasT5AndV1 adds T5, Anna's, solved after one reply, so FCR measures 1 ticket, and V1.
func addAnnasT5AndV1(t *testing.T, ts *testServer) {
	t.Helper()
	w := ts.withToken("adminWrite")
	for path, body := range map[string]string{
		"/api/v1/tickets": `{"ticket_id":"T5","created_at":"2026-03-02 10:00","agent":"Anna","team":"Support","channel":"email","first_reply_at":"2026-03-02 11:00","solved_at":"2026-03-03 10:00","agent_replies":1}`,
		"/api/v1/reviews": annasV1,
	} {
		if res := w.postJSON(path, body); res.status != 200 {
			t.Fatalf("%s: %d %s", path, res.status, res.body)
		}
	}
}

// label is a metric's name in Dutch, as the download's headings start.
func label(key string) string {
	d, _ := metric.Lookup(key)
	return d.Label.In("nl")
}
