package web

import (
	"encoding/csv"
	"fmt"
	"html"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/klantpuls/klantpuls/internal/cx"
	"github.com/klantpuls/klantpuls/internal/pdftest"
)

// TestRiskDownloadsListThePage: the PDF and the workbook that Risico offers hold the customers
// its list shows, in its filter and its order, up to the downloads' bound of 5,000 rows (the
// note then says of how many and that the CSV has them all); the CSV holds every one. The
// shop is plantedChurnShop's (100 customers active, none at risk) with, by hand:
//   - r000–r019: a complaint on 20 Nov 2026 and the shop's highest spend, so they are the
//     customers at risk the list opens with;
//   - f0000–f4899: a quiet order every 90 days, never leaving, never complaining;
//
// so 5,020 active customers: the unfiltered list is cut at 5,000, Zakelijk's (2,510) is not.
func TestRiskDownloadsListThePage(t *testing.T) {
	if testing.Short() {
		t.Skip("5,000 customers")
	}
	ams, _ := time.LoadLocation("Europe/Amsterdam")
	day := func(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 11, 0, 0, 0, ams) }
	acq := time.Date(2025, 1, 15, 9, 0, 0, 0, ams)
	var extra []cx.Record
	atRisk := map[string]bool{}
	for i := range 20 {
		id := fmt.Sprintf("r%03d", i)
		atRisk[id] = true
		extra = append(extra, &cx.Customer{ID: id, AcquiredAt: acq, Segment: []string{"Particulier", "Zakelijk"}[i%2]},
			&cx.Ticket{ID: "k" + id, CustomerID: id, CreatedAt: day(2026, 11, 20), SolvedAt: day(2026, 11, 21), Complaint: true})
		extra = append(extra, ordersEvery(id, day(2025, 2, 1+i), day(2026, 11, 30), 20, 90)...)
	}
	for i := range 4900 {
		id := fmt.Sprintf("f%04d", i)
		extra = append(extra, &cx.Customer{ID: id, AcquiredAt: acq, Segment: []string{"Particulier", "Zakelijk"}[i%2]})
		extra = append(extra, ordersEvery(id, day(2025, 2, 1+i%28), day(2026, 11, 30), 90, 20)...)
	}
	ts, _ := plantedChurnServer(t, extra...)
	admin := ts.login("admin@example.com")

	all := riskPageList(t, admin, "")
	if len(all) != 5020 {
		t.Fatalf("the page lists %d customers, want the 5,020 active ones", len(all))
	}
	if top := all[:20]; !allOf(top, atRisk) {
		t.Errorf("the list opens with %q, want r000–r019, the customers with a complaint", top)
	}
	links := riskPageLinks(t, admin, "")
	xlsx := admin.get(links["xlsx"])
	if xlsx.status != 200 {
		t.Fatalf("%s: %d %.300s", links["xlsx"], xlsx.status, xlsx.body)
	}
	f, rows, first := sheetRows(t, []byte(xlsx.body), "Klanten op omzet in gevaar", "Klantnummer")
	if got := firstCells(rows); !slices.Equal(got, all[:5000]) {
		t.Errorf("the workbook lists %d customers, want the page's first 5,000 in its order (first %q)", len(got), got[:min(3, len(got))])
	}
	note := "Deze download houdt de eerste 5.000 van de 5.020 klanten, op omzet in gevaar; alle klanten staan in de CSV op de pagina Risico."
	if got, _ := f.GetCellValue("Klanten op omzet in gevaar", fmt.Sprintf("A%d", first+len(rows)+1)); got != note {
		t.Errorf("the note under the workbook's list is %q, want %q", got, note)
	}
	pdf := admin.get(links["pdf"])
	if pdf.status != 200 {
		t.Fatalf("%s: %d", links["pdf"], pdf.status)
	}
	text := pdftest.Text(t, []byte(pdf.body))
	if !strings.Contains(strings.Join(strings.Fields(text), " "), note) || !strings.Contains(text, all[4999]) || strings.Contains(text, all[5000]) {
		t.Errorf("the PDF does not hold the page's first 5,000 (to %s, not %s) with the note", all[4999], all[5000])
	}
	csvRes := admin.get(links["csv"])
	recs, err := csv.NewReader(strings.NewReader(csvRes.body)).ReadAll()
	if err != nil || len(recs) == 0 || !slices.Equal(firstCells(recs[1:]), all) {
		t.Errorf("%s: %d rows (%v), want every customer of the page, in its order", links["csv"], len(recs)-1, err)
	}

	// A filter the page applies, its downloads apply: all of Zakelijk's 2,510, no note.
	zak := riskPageList(t, admin, "segment=Zakelijk")
	links = riskPageLinks(t, admin, "segment=Zakelijk")
	_, rows, _ = sheetRows(t, []byte(admin.get(links["xlsx"]).body), "Klanten op omzet in gevaar", "Klantnummer")
	if got := firstCells(rows); len(zak) != 2510 || !slices.Equal(got, zak) {
		t.Errorf("Zakelijk: the workbook lists %d customers, the page %d (want 2,510, the same, in order)", len(got), len(zak))
	}
}

// riskPageList is every customer Risico's list shows with the filter query, page after page.
func riskPageList(t *testing.T, c *client, filter string) []string {
	t.Helper()
	row := regexp.MustCompile(`<th scope="row"><a href="/customers/([^"?]+)`)
	var out []string
	for n := 1; ; n++ {
		res := c.get(fmt.Sprintf("/risico?lang=nl&page=%d&%s", n, filter))
		if res.status != 200 {
			t.Fatalf("/risico page %d: %d", n, res.status)
		}
		list := res.body[strings.Index(res.body, `<table class="risk">`):]
		list = list[:strings.Index(list, "</table>")]
		for _, m := range row.FindAllStringSubmatch(list, -1) {
			out = append(out, m[1])
		}
		if !strings.Contains(res.body, `rel="next"`) {
			return out
		}
	}
}

// riskPageLinks are the downloads Risico offers with the filter query: pdf, xlsx and csv.
func riskPageLinks(t *testing.T, c *client, filter string) map[string]string {
	t.Helper()
	body := c.get("/risico?lang=nl&" + filter).body
	out := map[string]string{}
	for _, m := range regexp.MustCompile(`<a href="(/export\.(pdf|xlsx)\?[^"]+|/risico\?[^"]*format=(csv)[^"]*)" download>`).FindAllStringSubmatch(body, -1) {
		out[m[2]+m[3]] = html.UnescapeString(m[1])
	}
	if len(out) != 3 {
		t.Fatalf("the page offers %q, want a PDF, a workbook and a CSV", out)
	}
	return out
}

// firstCells are the first cell of each row: the customer ids, without a CSV's byte order mark.
func firstCells(rows [][]string) []string {
	var out []string
	for _, r := range rows {
		out = append(out, strings.TrimPrefix(r[0], "\ufeff"))
	}
	return out
}

func allOf(ids []string, set map[string]bool) bool {
	for _, id := range ids {
		if !set[id] {
			return false
		}
	}
	return len(ids) == len(set)
}
