package web

import (
	"encoding/json"
	"net/http"
	"regexp"
	"strings"
	"testing"

	"github.com/klantpuls/klantpuls/internal/pdftest"
)

// A download names the period its page shows: on 25 March the running month is "1 mrt 2026 –
// 25 mrt 2026 (t/m vandaag)" on Service, Team and Feedback as on the overview, and so is the
// PDF's and the workbook's header, in the page's words (view.label) — they said 31 March beside
// the page's 25, and then the 25th without saying the month still runs. The file's name holds
// the days measured. The time zone joins the bracket "(t/m vandaag, …)", not a second one.
func TestExportNamesThePeriodThePageShows(t *testing.T) {
	ts := exportServer(t)
	admin := ts.login("admin@example.com")
	for _, c := range []struct{ lang, label, when, last string }{
		{"nl", "1 mrt 2026 – 25 mrt 2026 (t/m vandaag)", "periode: 1 mrt 2026 – 25 mrt 2026 (t/m vandaag, ", "31 mrt 2026"},
		{"en", "1 Mar 2026 – 25 Mar 2026 (up to today)", "period: 1 Mar 2026 – 25 Mar 2026 (up to today, ", "31 Mar 2026"},
	} {
		for _, page := range []string{"overview", "service", "team", "feedback"} {
			path := map[string]string{"overview": "/", "service": "/service", "team": "/team", "feedback": "/feedback"}[page]
			if body := admin.get(path + "?period=month&lang=" + c.lang).body; !strings.Contains(body, c.label) {
				t.Fatalf("%s %s: the page does not name the month up to today", page, c.lang)
			}
			pdf := admin.get("/export.pdf?page=" + page + "&period=month&lang=" + c.lang)
			if pdf.status != http.StatusOK {
				t.Fatalf("%s pdf: %d %.300s", page, pdf.status, pdf.body)
			}
			text := pdftest.Text(t, []byte(pdf.body))
			if pages := strings.Count(text, "\f"); pages == 0 || pdftest.Count(text, c.when) != pages {
				t.Errorf("%s %s pdf: %q not on each of %d pages:\n%s", page, c.lang, c.when, pages, text)
			}
			if cd, file := pdf.header.Get("Content-Disposition"), "klantpuls-"+page+"-2026-03-01-2026-03-25.pdf"; !strings.Contains(cd, file) {
				t.Errorf("%s pdf: file %q, want %q", page, cd, file)
			}
			xlsx := admin.get("/export.xlsx?page=" + page + "&period=month&lang=" + c.lang)
			if xlsx.status != http.StatusOK {
				t.Fatalf("%s xlsx: %d %.300s", page, xlsx.status, xlsx.body)
			}
			if cells := xlsxText(t, []byte(xlsx.body)); !strings.Contains(cells, c.when) || strings.Contains(cells, c.last) {
				t.Errorf("%s %s xlsx: no %q, or the month's last day:\n%.2000s", page, c.lang, c.when, cells)
			}
		}
	}
}

// A record dated after today in the running month — T9, created, answered and solved by Bram
// by e-mail on 28 March, three days after today (25 March): an import dated ahead — is counted
// neither by Service and Team nor by their downloads, which measure the month up to today
// (view.measured), as the period they name says. The pages queried the whole month: Bram's
// solved tickets were 2 on the page beside the download's 1, and the contact reasons' total 4
// tickets beside the download's 3 (the seed's T1, T2 and T3). By hand: Bram solved T2 on
// 10 March; March up to the 25th has T1, T2 and T3 created.
func TestServiceAndTeamMeasureTheDaysTheirDownloadsMeasure(t *testing.T) {
	ts := dashServer(t)
	if res := ts.withToken("adminWrite").postJSON("/api/v1/tickets", `{"ticket_id":"T9","created_at":"2026-03-28 10:00","agent":"Bram","team":"Sales","channel":"email","first_reply_at":"2026-03-28 10:30","solved_at":"2026-03-28 11:00"}`); res.status != http.StatusOK {
		t.Fatalf("ticket: %d %s", res.status, res.body)
	}
	admin := ts.login("admin@example.com")

	team := admin.get("/team?period=month&lang=nl").body
	bram := regexp.MustCompile(`(?s)<th scope="row">Bram</th><td[^>]*>([^<]*)</td>`).FindStringSubmatch(team)
	if bram == nil || bram[1] != "1" {
		t.Errorf("team page: Bram solved %q, want 1 (T2; T9 is after today)", bram)
	}
	head, rows := sheetTable(t, []byte(admin.get("/export.xlsx?page=team&period=month&lang=nl").body), "Medewerkers")
	if got := column(t, head, rows["Bram"], "tickets", "nl"); got != "1" {
		t.Errorf("team download: Bram solved %q, want 1", got)
	}

	service := admin.get("/service?period=month&lang=nl").body
	total := regexp.MustCompile(`(?s)<tfoot><tr><th scope="row">[^<]*</th><td>([^<]*)</td>`).FindStringSubmatch(service)
	if total == nil || total[1] != "3" {
		t.Errorf("service page: %q tickets in the contact reasons' total, want 3 (T1, T2, T3)", total)
	}
	head, rows = sheetTable(t, []byte(admin.get("/export.xlsx?page=service&period=month&lang=nl").body), "Cijfers")
	for name, row := range rows {
		if got := column(t, head, row, "tickets", "nl"); got != "3" {
			t.Errorf("service download: %s has %q tickets, want 3", name, got)
		}
	}
}

// A running quarter's chart ends today, as its period is named: on 25 March this quarter is
// drawn by the week, and its last week runs from Monday 23 March to today, the 25th (to the
// 26th, exclusive) — not to Sunday the 29th, which held T9 of the 28th in the e-mail series.
// Its download's charts are drawn from the same buckets (buildExport).
func TestServiceChartEndsToday(t *testing.T) {
	ts := dashServer(t)
	if res := ts.withToken("adminWrite").postJSON("/api/v1/tickets", `{"ticket_id":"T9","created_at":"2026-03-28 10:00","agent":"Bram","team":"Sales","channel":"email"}`); res.status != http.StatusOK {
		t.Fatalf("ticket: %d %s", res.status, res.body)
	}
	data := volumeChart(t, ts.login("admin@example.com").get("/service?period=quarter&lang=nl").body)
	if data.Bounds == nil || len(data.X) == 0 {
		t.Fatalf("chart without buckets: %+v", data)
	}
	last := len(data.X) - 1
	if from, to := data.Bounds.From[last], data.Bounds.To[last]; from != "2026-03-23" || to != "2026-03-26" {
		t.Errorf("last bucket %s – %s, want 2026-03-23 – 2026-03-26 (up to today)", from, to)
	}
	for _, s := range data.Series {
		if x := s.Data[last]; x != nil && *x != 0 {
			t.Errorf("%s: %v tickets in the week up to today, want none (T9 is the 28th)", s.Name, *x)
		}
	}
}

// A year still running is drawn by month on Service as on the overview (report.StepFor of the
// named year, 364 days): measured up to today (25 March) it is 84 days, which alone would make
// weeks. The last month runs from 1 March up to today.
func TestServiceChartKeepsTheNamedPeriodsStep(t *testing.T) {
	ts := dashServer(t)
	data := volumeChart(t, ts.login("admin@example.com").get("/service?period=year&lang=nl").body)
	if data.Bounds == nil || len(data.X) != 3 {
		t.Fatalf("want 3 monthly buckets (January to March), got %+v", data)
	}
	if from, to := data.Bounds.From[2], data.Bounds.To[2]; from != "2026-03-01" || to != "2026-03-26" {
		t.Errorf("last bucket %s – %s, want 2026-03-01 – 2026-03-26 (March up to today)", from, to)
	}
}

// volumeChart is the data of the Service page's ticket volume chart.
func volumeChart(t *testing.T, page string) lineData {
	t.Helper()
	raw := regexp.MustCompile(`(?s)data-chart="stacked"[^>]*><script type="application/json" class="chart-data">(.*?)</script>`).FindStringSubmatch(page)
	if raw == nil {
		t.Fatalf("no volume chart:\n%s", page)
	}
	var data lineData
	if err := json.Unmarshal([]byte(raw[1]), &data); err != nil {
		t.Fatal(err)
	}
	return data
}
