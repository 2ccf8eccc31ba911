package web

import (
	"fmt"
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/klantpuls/klantpuls/internal/pdftest"
)

// marksTicketsServer has two agents' first replies worked out by hand: Anna (Support) answered
// 30 tickets of Monday 2 March, each created at 10:00 + i minutes and answered an hour later,
// Bram (Sales) 2 tickets of Tuesday 3 March the same way. The median first response in business
// time is an hour for both; Anna's rests on 30 tickets, not marked, Bram's on 2, marked
// (metrics.md section 0). The SLA met per team per week likewise: in the week of 2 March
// Support's on 30 due, Sales' on 2 due, marked.
func marksTicketsServer(t *testing.T) *testServer {
	ts := startServer(t, func(o *Options) { o.Now = func() time.Time { return time.Date(2026, 3, 25, 12, 0, 0, 0, time.UTC) } })
	var items []string
	add := func(id, agent, team string, created time.Time) {
		items = append(items, fmt.Sprintf(`{"ticket_id":%q,"created_at":%q,"agent":%q,"team":%q,"channel":"email","first_reply_at":%q}`,
			id, created.Format("2006-01-02 15:04"), agent, team, created.Add(time.Hour).Format("2006-01-02 15:04")))
	}
	for i := range 30 {
		add(fmt.Sprintf("A%d", i), "Anna", "Support", time.Date(2026, 3, 2, 10, i, 0, 0, time.UTC))
	}
	for i := range 2 {
		add(fmt.Sprintf("B%d", i), "Bram", "Sales", time.Date(2026, 3, 3, 10, i, 0, 0, time.UTC))
	}
	if res := ts.withToken("adminWrite").postJSON("/api/v1/tickets", "["+strings.Join(items, ",")+"]"); res.status != http.StatusOK {
		t.Fatalf("tickets: %d %s", res.status, res.body)
	}
	return ts
}

// The team page stars Bram's median first response (on 2 tickets) and not Anna's (on 30); its
// workbook and PDF star the same figure — they starred none in that column, since a median is
// not the metric's headline (the mean), though it rests on the same count.
func TestExportTeamMarksTheMedianAsThePage(t *testing.T) {
	ts := marksTicketsServer(t)
	admin := ts.login("admin@example.com")
	page := admin.get("/team?period=month&lang=nl").body
	for agent, want := range map[string]bool{"Anna": false, "Bram": true} {
		row := regexp.MustCompile(`(?s)<th scope="row">` + agent + `</th>.*?</tr>`).FindString(page)
		frt := regexp.MustCompile(`(?s)<td data-value="[^"]*">(.*?)</td>`).FindAllStringSubmatch(row, -1)
		if len(frt) < 2 || strings.Contains(frt[1][1], `class="ind"`) != want {
			t.Fatalf("the page's median first response of %s, want marked %v: %s", agent, want, row)
		}
	}
	res := admin.get("/export.xlsx?page=team&period=month&lang=nl")
	if res.status != http.StatusOK {
		t.Fatalf("xlsx: %d %s", res.status, res.body)
	}
	for agent, want := range map[string]string{"Anna": "3,600", "Bram": "3,600*"} {
		shown, raw := sheetShown(t, []byte(res.body), "Medewerkers", "Medewerker", agent, 2)
		if shown != want || raw != "3600" {
			t.Errorf("%s's median first response shows %q stored %q, want %q stored 3600", agent, shown, raw, want)
		}
	}
	if all := sheetText(t, []byte(res.body), "Medewerkers"); !strings.Contains(all, "\n* Indicatief: gebaseerd op minder dan 30 metingen.\n") {
		t.Errorf("no legend under the agents:\n%s", all)
	}
	pdf := admin.get("/export.pdf?page=team&period=month&lang=en")
	text := pdftest.Text(t, []byte(pdf.body))
	for agent, want := range map[string]string{"Anna": "1 h 00 m ", "Bram": "1 h 00 m*"} {
		line := regexp.MustCompile(`(?m)^\s*` + agent + `\b.*$`).FindString(text)
		if !strings.Contains(line+" ", want) {
			t.Errorf("the PDF's line of %s lacks %q: %q", agent, want, line)
		}
	}
}

// The backlog's SLA met per team per week: the page stars Sales' week of 2 March (2 due), not
// Support's (30 due); the workbook stars the same cell, its n beside it, and says what the
// star means.
func TestExportBacklogMarksTheSLAAsThePage(t *testing.T) {
	ts := marksTicketsServer(t)
	admin := ts.login("admin@example.com")
	page := admin.get("/backlog?period=month&lang=nl").body
	sla := regexp.MustCompile(`(?s)<table class="backlog-sla">.*?</table>`).FindString(page)
	for day, want := range map[string][]bool{"2 mrt 2026": {true, false}} {
		row := regexp.MustCompile(`(?s)<th scope="row">` + day + `</th>.*?</tr>`).FindString(sla)
		cells := regexp.MustCompile(`(?s)<td>(.*?)</td>`).FindAllStringSubmatch(row, -1)
		if len(cells) != 2 || strings.Contains(cells[0][1], `class="ind"`) != want[0] || strings.Contains(cells[1][1], `class="ind"`) != want[1] {
			t.Fatalf("the page's SLA of %s (Sales, Support), want marked %v: %s", day, want, row)
		}
	}
	res := admin.get("/export.xlsx?page=backlog&period=month&lang=nl")
	if res.status != http.StatusOK {
		t.Fatalf("xlsx: %d %s", res.status, res.body)
	}
	body := []byte(res.body)
	for _, c := range []struct {
		day         string
		col         int
		shown, raw  string
		description string
	}{
		{serial(2026, 3, 2, 0, 0), 1, "100.0%*", "100", "Sales in the week of 2 March, 2 due"},
		{serial(2026, 3, 2, 0, 0), 2, "2", "2", "Sales' n"},
		{serial(2026, 3, 2, 0, 0), 3, "100.0%", "100", "Support in the week of 2 March, 30 due"},
		{serial(2026, 3, 2, 0, 0), 4, "30", "30", "Support's n"},
	} {
		shown, raw := sheetShown(t, body, "SLA", "Week van", c.day, c.col)
		if shown != c.shown || !near(raw, c.raw) {
			t.Errorf("%s: shows %q stored %q, want %q stored %s", c.description, shown, raw, c.shown, c.raw)
		}
	}
	if all := sheetText(t, body, "SLA"); !strings.Contains(all, "\n* Indicatief: gebaseerd op minder dan 30 metingen.\n") {
		t.Errorf("no legend under the SLA:\n%s", all)
	}
}

// One sentence says what the star means wherever it stands: under the team page, under the
// workbook's and the PDF's table of the same page, in each language. The workbook said
// "* indicatief: n < 30" under the agents and the page's sentence under the backlog's SLA.
func TestTheStarIsExplainedInOneSentence(t *testing.T) {
	ts := marksTicketsServer(t)
	admin := ts.login("admin@example.com")
	for lang, want := range map[string]string{
		"nl": "* Indicatief: gebaseerd op minder dan 30 metingen.",
		"en": "* Indicative: based on fewer than 30 measurements.",
	} {
		page := admin.get("/team?period=month&lang=" + lang).body
		if note := regexp.MustCompile(`<p class="note">([^<]*)</p>`).FindStringSubmatch(page); note == nil || note[1] != want {
			t.Errorf("%s: the team page's note %q, want %q", lang, note, want)
		}
		xlsx := admin.get("/export.xlsx?page=team&period=month&lang=" + lang)
		sheet := map[string]string{"nl": "Medewerkers", "en": "Agents"}[lang]
		if all := sheetText(t, []byte(xlsx.body), sheet); !strings.Contains(all, "\n"+want+"\n") {
			t.Errorf("%s: the workbook's %s lacks %q:\n%s", lang, sheet, want, all)
		}
		pdf := pdftest.Text(t, []byte(admin.get("/export.pdf?page=team&period=month&lang="+lang).body))
		if !strings.Contains(strings.Join(strings.Fields(pdf), " "), want) {
			t.Errorf("%s: the PDF lacks %q:\n%s", lang, want, pdf)
		}
	}
}
