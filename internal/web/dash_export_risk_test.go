package web

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/klantpuls/klantpuls/internal/pdftest"
)

// TestExportRisk: on a demo year, Risico's workbook holds every ranked customer of the list's
// filter (the page shows fifty; fewer than the downloads' bound of 5,000 here), each with the model's risk in percent as a number, and its
// PDF prints on A4 with the moment and page numbers on each page.
func TestExportRisk(t *testing.T) {
	if testing.Short() {
		t.Skip("a demo year")
	}
	ts := demoServer(t)
	admin := ts.login("admin@example.com")
	ams, _ := time.LoadLocation("Europe/Amsterdam")
	cr, err := ts.app.ChurnRisk(context.Background(), time.Date(2026, 12, 2, 12, 0, 0, 0, ams), nil)
	if err != nil || cr == nil || cr.Model == nil {
		t.Fatalf("no model on the demo: %v", err)
	}
	if !cr.Backtest.Usable() {
		t.Skipf("the demo's model ranks nobody (AUC %.3f)", cr.Backtest.AUC)
	}
	seg := cr.Rows[0].Segment
	res := admin.get("/export.xlsx?page=risico&lang=en&segment=" + url.QueryEscape(seg))
	if res.status != http.StatusOK {
		t.Fatalf("%d %.300s", res.status, res.body)
	}
	_, rows, _ := sheetRows(t, []byte(res.body), "Customers by revenue at risk", "Customer id")
	risk := map[string]float64{}
	for _, r := range cr.Rows {
		if r.Segment == seg {
			risk[r.Customer] = 100 * r.Risk
		}
	}
	if len(rows) != len(risk) || len(rows) <= riskPerPage {
		t.Errorf("%d rows, want the %d customers of segment %s (more than a page of %d)", len(rows), len(risk), seg, riskPerPage)
	}
	for _, r := range rows {
		want, ok := risk[r[0]]
		got, err := strconv.ParseFloat(r[3], 64)
		if !ok || err != nil || got-want > 1e-9 || want-got > 1e-9 || r[1] != seg {
			t.Fatalf("row %q: risk %q, want %v of segment %s", r, r[3], want, seg)
		}
	}
	pdf := admin.get("/export.pdf?page=risico&lang=nl")
	if pdf.status != http.StatusOK {
		t.Fatalf("pdf %d", pdf.status)
	}
	text := pdftest.Text(t, []byte(pdf.body))
	pages := strings.Count(text, "\f")
	if pdftest.Count(text, "stand: 2 dec 2026 12:00") != pages || pdftest.Count(text, "Pagina "+strconv.Itoa(pages)+" van "+strconv.Itoa(pages)) != 1 {
		t.Errorf("moment or page numbers missing on %d pages", pages)
	}
	for _, want := range []string{"Het model", "AUC", "Kalibratie per tiende", "Stille vertrekkers"} {
		if pdftest.Count(text, want) == 0 {
			t.Errorf("no %q", want)
		}
	}
}

// TestExportRiskCountsAsWholeNumbers: Risico's PDF model section prints counts (customers tested, of
// whom left, trained on) as counts: "400", not "400,000" (the PDF's and workbook's number
// columns: "KindCount … a whole number of things: 1.234").
func TestExportRiskCountsAsWholeNumbers(t *testing.T) {
	ts, _ := plantedChurnServer(t)
	admin := ts.login("admin@example.com")
	pdf := admin.get("/export.pdf?page=risico&lang=nl")
	if pdf.status != 200 {
		t.Fatalf("pdf: %d", pdf.status)
	}
	text := pdftest.Text(t, []byte(pdf.body))
	for _, label := range []string{"Getest", "Waarvan vertrokken", "Getraind op"} {
		m := regexp.MustCompile(label + `\s+(\S+)`).FindStringSubmatch(text)
		if m == nil {
			t.Errorf("no %q in the PDF", label)
			continue
		}
		if strings.Contains(m[1], ",") {
			t.Errorf("%s %s: a count of customers printed with decimals", label, m[1])
		}
	}
}
