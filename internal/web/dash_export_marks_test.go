package web

import (
	"bytes"
	"fmt"
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/klantpuls/klantpuls/internal/pdftest"
)

// A page's download marks what the page marks, beside the same figure, with the legend under
// the table in the page's language: † a difference significant at p < 0.05, * a figure on
// fewer than 30 measurements (metrics.md section 0). The figure stays a number in the
// workbook; its number format adds the mark.

// marksWhyServer is a Waarom page whose marks are worked out by hand. On 25 March "Deze
// maand" is 1–25 March against 4–28 February (dash_why.go).
//
// March, 90 texts: 40 NPS 0 about a parcel (delivery) and 40 NPS 10 about friendly staff, 5
// CSAT 1 about a parcel and 5 CSAT 5 about the staff. February, 40 texts: 20 about the staff
// and 20 that name no theme ("Prima").
//
//   - NPS driver "Thema: Levering": −100 with (n 40) against +100 without (n 40), effect
//     −200, neither side under 30: not indicative; significant (no overlap at all): †.
//   - CSAT driver "Thema: Levering": 0% on 5 against 100% on 5, effect −100: indicative;
//     pooled p = 0.5, z = 1/√(0.25·(1/5 + 1/5)) = 3.16, p = 0.0016 < 0.05: † *.
//   - Theme delivery: 45 of 90 texts (50%) against 0 of 40: z = 0.5/√(0.346·0.654·(1/90 +
//     1/40)) = 5.5, significant: † beside the previous share. Staff 45 of 90 against 20 of
//     40, both 50%: z = 0, no mark.
//   - Delivery's NPS with and without rest on 40 answers each: no mark; its CSAT with and
//     without on 5 each: *.
func marksWhyServer(t *testing.T) *testServer {
	ts := startServer(t, func(o *Options) { o.Now = func() time.Time { return time.Date(2026, 3, 25, 12, 0, 0, 0, time.UTC) } })
	var items []string
	add := func(id, survey string, score int, at, comment string) {
		items = append(items, fmt.Sprintf(`{"response_id":%q,"survey":%q,"score":%d,"submitted_at":%q,"customer_id":%q,"comment":%q}`,
			id, survey, score, at, "C"+id, comment))
	}
	for i := range 40 {
		add(fmt.Sprintf("D%d", i), "nps", 0, fmt.Sprintf("2026-03-05 10:%02d", i), "Mijn pakket is nooit aangekomen")
		add(fmt.Sprintf("S%d", i), "nps", 10, fmt.Sprintf("2026-03-06 10:%02d", i), "Heel vriendelijk en behulpzaam")
	}
	for i := range 5 {
		add(fmt.Sprintf("DC%d", i), "csat", 1, fmt.Sprintf("2026-03-07 10:%02d", i), "Mijn pakket is nooit aangekomen")
		add(fmt.Sprintf("SC%d", i), "csat", 5, fmt.Sprintf("2026-03-08 10:%02d", i), "Heel vriendelijk en behulpzaam")
	}
	for i := range 20 {
		add(fmt.Sprintf("PS%d", i), "csat", 3, fmt.Sprintf("2026-02-10 10:%02d", i), "Heel vriendelijk en behulpzaam")
		add(fmt.Sprintf("PF%d", i), "csat", 3, fmt.Sprintf("2026-02-11 10:%02d", i), "Prima")
	}
	if res := ts.withToken("adminWrite").postJSON("/api/v1/responses", "["+strings.Join(items, ",")+"]"); res.status != http.StatusOK {
		t.Fatalf("responses: %d %s", res.status, res.body)
	}
	return ts
}

// sheetShown is the cell of a sheet as a spreadsheet shows it, in its number format, and as
// stored.
func sheetShown(t *testing.T, body []byte, sheet, heading, row string, col int) (shown, raw string) {
	t.Helper()
	f, rows, first := sheetRows(t, body, sheet, heading)
	for i, r := range rows {
		if r[0] != row || len(r) <= col {
			continue
		}
		raw = r[col]
		cell := fmt.Sprintf("%c%d", 'A'+col, first+i)
		shown, err := f.GetCellValue(sheet, cell)
		if err != nil {
			t.Fatal(err)
		}
		return shown, raw
	}
	t.Fatalf("sheet %q has no row %q with column %d: %q", sheet, row, col, rows)
	return "", ""
}

// sheetText is every row of a sheet as shown, a line each, its cells apart by " | ", with a
// line break before the first and after the last.
func sheetText(t *testing.T, body []byte, sheet string) string {
	t.Helper()
	f, err := excelize.OpenReader(bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := f.GetRows(sheet)
	if err != nil {
		t.Fatalf("sheet %q: %v", sheet, err)
	}
	var b strings.Builder
	b.WriteString("\n")
	for _, r := range rows {
		b.WriteString(strings.Join(r, " | ") + "\n")
	}
	return b.String()
}

func TestExportWhyCarriesThePageMarks(t *testing.T) {
	ts := marksWhyServer(t)
	admin := ts.login("admin@example.com")
	// The page marks them so: the delivery driver of NPS †, of CSAT † and *.
	page := admin.get("/why?period=month&lang=nl").body
	for _, c := range []struct {
		metric   string
		sig, ind bool
	}{{"nps", true, false}, {"csat", true, true}} {
		sec := regexp.MustCompile(`(?s)<section aria-labelledby="h-drivers-` + c.metric + `">.*?</section>`).FindString(page)
		row := regexp.MustCompile(`(?s)Thema: Levering.*?</tr>`).FindString(sec)
		if strings.Contains(row, `class="sig"`) != c.sig || strings.Contains(row, `class="ind"`) != c.ind {
			t.Fatalf("the page's delivery driver of %s, want † %v and * %v: %s", c.metric, c.sig, c.ind, row)
		}
	}
	res := admin.get("/export.xlsx?page=why&period=month&lang=nl")
	if res.status != http.StatusOK {
		t.Fatalf("xlsx: %d %s", res.status, res.body)
	}
	body := []byte(res.body)
	for _, c := range []struct {
		sheet, heading, row string
		col                 int
		shown, raw          string
	}{
		// A negative figure shows the pages' minus (U+2212), and is stored as a number.
		{"Wat NPS beweegt", "Factor", "Thema: Levering", 1, "−200†", "-200"},
		{"Wat CSAT beweegt", "Factor", "Thema: Levering", 1, "−100.0†*", "-100"},
		{"Thema-s", "Thema", "Levering", 4, "0.0%†", "0"},                   // the previous period's share
		{"Thema-s", "Thema", "Vriendelijkheid en kennis", 4, "50.0%", "50"}, // no change: no mark
		{"Thema-s", "Thema", "Levering", 6, "−100", "-100"},                 // NPS with, on 40
		{"Thema-s", "Thema", "Levering", 7, "100", "100"},                   // NPS without, on 40
		{"Thema-s", "Thema", "Levering", 8, "0.0%*", "0"},                   // CSAT with, on 5
		{"Thema-s", "Thema", "Levering", 9, "100.0%*", "100"},               // CSAT without, on 5
	} {
		shown, raw := sheetShown(t, body, c.sheet, c.heading, c.row, c.col)
		if shown != c.shown || !near(raw, c.raw) {
			t.Errorf("%s, %s, column %d: shows %q stored %q, want %q stored as the number %s", c.sheet, c.row, c.col, shown, raw, c.shown, c.raw)
		}
	}
	for sheet, lines := range map[string][]string{
		"Wat NPS beweegt":  {"† Verschil significant (p < 0,05)"},
		"Wat CSAT beweegt": {"† Verschil significant (p < 0,05)", "* Indicatief: gebaseerd op minder dan 30 metingen."},
		"Thema-s":          {"† Verschil significant (p < 0,05)", "* Indicatief: gebaseerd op minder dan 30 metingen."},
	} {
		all := sheetText(t, body, sheet)
		for _, line := range lines {
			if !strings.Contains(all, "\n"+line+"\n") {
				t.Errorf("sheet %q has no legend line %q:\n%s", sheet, line, all)
			}
		}
	}
	if all := sheetText(t, body, "Wat NPS beweegt"); strings.Contains(all, "Indicatief") {
		t.Errorf("the NPS drivers mark nothing indicative, yet say what the star means:\n%s", all)
	}

	pdf := admin.get("/export.pdf?page=why&period=month&lang=en")
	if pdf.status != http.StatusOK {
		t.Fatalf("pdf: %d %s", pdf.status, pdf.body)
	}
	text := pdftest.Text(t, []byte(pdf.body))
	for _, want := range []string{"−200†", "−100.0†*", "0.0%†", "† Difference significant (p < 0.05)",
		"* Indicative: based on fewer than 30 measurements."} {
		if !strings.Contains(text, want) {
			t.Errorf("the PDF lacks %q:\n%s", want, text)
		}
	}
}

// TestWhyPageExplainsItsDagger: the page marked a significant difference with † and said
// what † means only in the mark's title, which a finger, a keyboard or paper never shows; the
// * had its line under the page, and the download a legend for both. The page says it too,
// under the tables, as it does for *.
func TestWhyPageExplainsItsDagger(t *testing.T) {
	ts := marksWhyServer(t)
	admin := ts.login("admin@example.com")
	for lang, want := range map[string]string{"nl": "† Verschil significant (p &lt; 0,05)", "en": "† Difference significant (p &lt; 0.05)"} {
		page := admin.get("/why?period=month&lang=" + lang).body
		if !strings.Contains(page, `<p class="note">`+want) {
			t.Errorf("%s: the Waarom page marks † and does not say what it means (%q)", lang, want)
		}
	}
}

// TestExportWhySignsAPositiveEffect: the page writes a driver's effect signed, "+200" for the
// friendly comments' NPS (all 10s, 100, against the rest's 0s, −100: 100 − (−100) = 200), and so
// does the PDF, its interval (+173 to +199) and its impact (+100) too; it printed "200",
// which reads as a level rather than a difference.
func TestExportWhySignsAPositiveEffect(t *testing.T) {
	ts := marksWhyServer(t)
	admin := ts.login("admin@example.com")
	page := admin.get("/why?period=month&lang=en").body
	sec := regexp.MustCompile(`(?s)<section aria-labelledby="h-drivers-nps">.*?</section>`).FindString(page)
	if row := regexp.MustCompile(`(?s)Theme: Staff friendliness.*?</tr>`).FindString(sec); !strings.Contains(row, "&#43;200") {
		t.Fatalf("precondition: the page's friendliness driver of NPS is not +200: %s", row)
	}
	text := pdftest.Text(t, []byte(admin.get("/export.pdf?page=why&period=month&lang=en").body))
	for _, want := range []string{"+200† +173 +199 50.0% +100"} {
		if !strings.Contains(pdftest.Squeeze(text), want) {
			t.Errorf("the PDF lacks %q as the page writes it:\n%s", want, text)
		}
	}
}

// TestWhyPageNegativesTakeTheMinus: the Why page writes a negative effect and its interval
// with the typographic minus (U+2212) its explanations use, "−200" and "[−199; −173]", not a
// hyphen; the workbook's cells stay numbers (TestExportWhyCarriesThePageMarks).
func TestWhyPageNegativesTakeTheMinus(t *testing.T) {
	ts := marksWhyServer(t)
	page := ts.login("admin@example.com").get("/why?period=month&lang=nl").body
	sec := regexp.MustCompile(`(?s)<section aria-labelledby="h-drivers-nps">.*?</section>`).FindString(page)
	row := backlogText(regexp.MustCompile(`(?s)Thema: Levering.*?</tr>`).FindString(sec))
	if !strings.Contains(row, "−200") || !strings.Contains(row, "[−199; −173]") || strings.Contains(row, "-") {
		t.Errorf("the delivery driver's row %q: want −200 and [−199; −173], no hyphen", row)
	}
}
