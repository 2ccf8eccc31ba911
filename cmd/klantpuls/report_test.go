package main

import (
	"encoding/csv"
	"strings"
	"testing"
)

// data.md section 4: the CSV holds the same figures as the JSON; 14 days of resolution are
// 1,209,600 s there and must not become 1.2096e+06 here, which a spreadsheet reads as text
// and an integer parser refuses.
func TestReportCSVWritesNumbersAsTheJSONDoes(t *testing.T) {
	p := newProject(t)
	p.mustImport("tickets", "ticket_id,created_at,solved_at\nT1,2026-03-02 10:00,2026-03-16 10:00\n")
	d := p.report("2026-03-01", "2026-04-01")
	d.expect(0, map[string]float64{"resolution.calendar.mean": 1209600})
	stdout, stderr, code := p.run("report", "--from", "2026-03-01", "--to", "2026-04-01", "--format", "csv")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	rows, err := csv.NewReader(strings.NewReader(stdout)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, r := range rows {
		if r[4] == "resolution" && r[5] == "calendar.mean" {
			found = true
			if r[6] != "1209600" {
				t.Errorf("resolution calendar.mean = %q in the CSV, the JSON holds 1209600", r[6])
			}
		}
	}
	if !found {
		t.Fatal("no resolution calendar.mean line")
	}
}

// The table's header says the period as a person reads it: [1 March, 1 April) is March,
// whose last day is 31 March (as the PDF and the workbook say it), not
// "2026-03-01 – 2026-04-01", which reads as if 1 April were in it.
func TestReportTableHeaderLastDay(t *testing.T) {
	p := exportProject(t)
	stdout, stderr, code := p.run("report", "--from", "2026-03-01", "--to", "2026-04-01", "--lang", "nl")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	first := strings.SplitN(stdout, "\n", 2)[0]
	if want := "klantpuls-rapport — periode 1 mrt 2026 – 31 mrt 2026 (Europe/Amsterdam)"; first != want {
		t.Errorf("header %q, want %q", first, want)
	}
}

// TestReportTableShowsPredictiveCLV: the table's CLV line lists aov, orders a year, lifespan
// and historical, but not the predictive CLV that the JSON, the CSV, the dashboard (Klanten:
// "CLV (voorspellend)") and README ("CLV (simple, historical, predictive)") carry. On CDNOW to
// 1997-10-01, where simple is null (no churn dates), predictive (€ 32,21) is the only forward
// figure, and the terminal report showed none of it.
func TestReportTableShowsPredictiveCLV(t *testing.T) {
	p := newProject(t)
	p.mustImport("orders", cdnowOrders(t))
	stdout, stderr, code := p.run("report", "--from", "1997-01-01", "--to", "1997-10-01", "--format", "table")
	if code != 0 {
		t.Fatalf("report: %d %s", code, stderr)
	}
	// 32.20820: the mean of W over CDNOW's buyers to 1997-10-01 worked out outside klantpuls
	// (a Python recomputation of the BG/NBD and Gamma-Gamma fit and W, by the review of stop 42).
	shown := "€ 32,21"
	if !strings.Contains(stdout, shown) {
		t.Errorf("the table does not show the predictive CLV %s:\n%s", shown, stdout)
	}
}
