package web

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/klantpuls/klantpuls/internal/cx"
	"github.com/klantpuls/klantpuls/internal/pdftest"
)

// TestRiskDownloadsBoundTheSilentChurners: Risico's PDF and workbook hold at most 5,000 silent
// churners, as they hold at most 5,000 of its list, and say of how many: without the bound a
// shop of many quiet customers made one request write a PDF of every one of them. The shop is
// plantedChurnShop's with, by hand, s0000–s5004: three orders 10 days apart in March 2025 and
// nothing since (some 600 days on 2 December 2026, far over 3 × 10), never a ticket or an
// answer, so 5,005 silent churners. All three order days, 10 apart: the list puts first the
// longest silent, the earliest day of March (i mod 28 = 0), each day's ids in order. 5,005 is
// 28 × 178 + 21, so the last day's (i mod 28 = 27) 178 ids are last, and the five past the
// bound are its last five: s4871, s4899, s4927, s4955, s4983; the 5,000th is s4843. They are
// active customers too, so Risico's list holds them as well.
func TestRiskDownloadsBoundTheSilentChurners(t *testing.T) {
	if testing.Short() {
		t.Skip("5,005 customers")
	}
	ams, _ := time.LoadLocation("Europe/Amsterdam")
	acq := time.Date(2025, 1, 15, 9, 0, 0, 0, ams)
	var extra []cx.Record
	for i := range 5005 {
		id := fmt.Sprintf("s%04d", i)
		extra = append(extra, &cx.Customer{ID: id, AcquiredAt: acq})
		first := time.Date(2025, 3, 1+i%28, 11, 0, 0, 0, ams)
		extra = append(extra, ordersEvery(id, first, first.AddDate(0, 0, 3*10), 10, 30)...) // three, 10 days apart
	}
	ts, _ := plantedChurnServer(t, extra...)
	admin := ts.login("admin@example.com")
	links := riskPageLinks(t, admin, "")
	note := "Deze download houdt de eerste 5.000 van de 5.005 stille vertrekkers, met de meeste besteldagen eerst."

	xlsx := admin.get(links["xlsx"])
	if xlsx.status != 200 {
		t.Fatalf("%s: %d %.300s", links["xlsx"], xlsx.status, xlsx.body)
	}
	f, rows, first := sheetRows(t, []byte(xlsx.body), "Stille vertrekkers", "Klantnummer")
	if len(rows) != 5000 || rows[len(rows)-1][0] != "s4843" {
		t.Errorf("the workbook lists %d silent churners to %q, want the first 5,000, to s4843", len(rows), rows[len(rows)-1][0])
	}
	cells, _ := f.GetRows("Stille vertrekkers")
	if got := strings.Join(strings.Fields(fmt.Sprint(cells[min(len(cells), first+len(rows)):])), " "); !strings.Contains(got, note) {
		t.Errorf("under the workbook's silent churners: %.300q, want %q", got, note)
	}
	pdf := admin.get(links["pdf"])
	if pdf.status != 200 {
		t.Fatalf("%s: %d", links["pdf"], pdf.status)
	}
	// The customers at risk come first, the silent ones among them: read from the silent
	// churners' heading on.
	text := pdftest.Text(t, []byte(pdf.body))
	text = text[strings.LastIndex(text, "Stille vertrekkers")+1:]
	past := []string{"s4871", "s4899", "s4927", "s4955", "s4983"}
	if !strings.Contains(strings.Join(strings.Fields(text), " "), note) || !strings.Contains(text, "s4843") ||
		slices.ContainsFunc(past, func(id string) bool { return strings.Contains(text, id) }) {
		t.Errorf("the PDF does not hold the first 5,000 silent churners (to s4843, none of %q) with the note", past)
	}
}
