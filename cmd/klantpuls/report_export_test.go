package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/klantpuls/klantpuls/internal/metric"
	"github.com/klantpuls/klantpuls/internal/pdftest"
	"github.com/klantpuls/klantpuls/internal/report"
)

// exportProject is a small data set whose figures are worked out by hand:
//   - NPS: 10 answers of 10 customers, 10 9 10 9 10 (5 promoters), 7 8 8 (3 passives), 3 6 (2
//     detractors): (5 − 2) / 10 = 30;
//   - CSAT: 5 4 3 2 on 1..5, positive from 4: 2 of 4 = 50%;
//   - first response: T1 Monday 2 March 10:00 → 10:30 (1,800 s), T2 Tuesday 09:00 → 10:00
//     (3,600 s), both within office hours: mean 2,700 s in business and calendar time, 45 m;
//   - tickets created: 2. T1's team is a formula, which must stay text.
func exportProject(t *testing.T) *project {
	p := newProject(t)
	var rows []string
	for i, s := range []int{10, 9, 10, 9, 10, 7, 8, 8, 3, 6} {
		rows = append(rows, "N"+strconv.Itoa(i)+",nps,"+strconv.Itoa(s)+",2026-03-0"+strconv.Itoa(2+i%5)+" 12:00,C"+strconv.Itoa(i))
	}
	for i, s := range []int{5, 4, 3, 2} {
		rows = append(rows, "S"+strconv.Itoa(i)+",csat,"+strconv.Itoa(s)+",2026-03-10 12:00,")
	}
	p.mustImport("responses", "response_id,survey,score,submitted_at,customer_id\n"+strings.Join(rows, "\n")+"\n")
	p.mustImport("tickets", "ticket_id,created_at,team,first_reply_at\n"+
		`T1,2026-03-02 10:00,"=HYPERLINK(""http://x"",""y"")",2026-03-02 10:30`+"\n"+
		"T2,2026-03-03 09:00,Support,2026-03-03 10:00\n")
	return p
}

// cellsByHeading reads a sheet's table: the row of headings (its first cell heading) and the
// rows under it, as cell references by heading.
func cellsByHeading(t *testing.T, f *excelize.File, sheet, first string) (headings map[string]int, row int) {
	t.Helper()
	rows, err := f.GetRows(sheet)
	if err != nil {
		t.Fatal(err)
	}
	for i, r := range rows {
		if len(r) > 0 && r[0] == first {
			headings = map[string]int{}
			for c, h := range r {
				headings[h] = c + 1
			}
			return headings, i + 1
		}
	}
	t.Fatalf("sheet %s has no row of headings starting %q: %q", sheet, first, rows)
	return nil, 0
}

func numberCell(t *testing.T, f *excelize.File, sheet, ref string) (float64, string) {
	t.Helper()
	if typ, _ := f.GetCellType(sheet, ref); typ == excelize.CellTypeSharedString || typ == excelize.CellTypeInlineString {
		t.Errorf("%s!%s is text, want a number", sheet, ref)
	}
	raw, _ := f.GetCellValue(sheet, ref, excelize.Options{RawCellValue: true})
	x, err := strconv.ParseFloat(raw, 64)
	if err != nil {
		t.Errorf("%s!%s = %q, not a number", sheet, ref, raw)
	}
	id, _ := f.GetCellStyle(sheet, ref)
	st, err := f.GetStyle(id)
	code := ""
	if err == nil && st.CustomNumFmt != nil {
		code = *st.CustomNumFmt
	}
	return x, code
}

func TestReportXLSX(t *testing.T) {
	p := exportProject(t)
	var doc report.Document
	stdout, _, _ := p.run("report", "--from", "2026-03-01", "--to", "2026-04-01", "--format", "json")
	if err := json.Unmarshal([]byte(stdout), &doc); err != nil {
		t.Fatal(err)
	}
	for _, lang := range []string{"nl", "en"} {
		t.Run(lang, func(t *testing.T) {
			out := filepath.Join(p.dir, "r-"+lang+".xlsx")
			if _, stderr, code := p.run("report", "--from", "2026-03-01", "--to", "2026-04-01", "--format", "xlsx",
				"--out", out, "--lang", lang); code != 0 {
				t.Fatalf("exit %d: %s", code, stderr)
			}
			f, err := excelize.OpenFile(out)
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			sheet := map[string]string{"nl": "Cijfers", "en": "Figures"}[lang]
			if got := f.GetSheetList(); len(got) != 2 || got[0] != sheet {
				t.Fatalf("sheets %q", got)
			}
			if a1, _ := f.GetCellValue(sheet, "A2"); !strings.Contains(a1, map[string]string{"nl": "1 mrt 2026 – 31 mrt 2026", "en": "1 Mar 2026 – 31 Mar 2026"}[lang]) {
				t.Errorf("period line %q", a1)
			}
			head, row := cellsByHeading(t, f, sheet, map[string]string{"nl": "groep", "en": "group"}[lang])
			seconds := map[string]string{"nl": " (seconden)", "en": " (seconds)"}[lang]
			// By hand, with the number format code each should carry: NPS rests on 10 answers,
			// CSAT on 4 and the mean first response on 2 tickets, fewer than 30, so their formats
			// star them (metrics.md section 0), as the tiles, the table and the PDF do; a count
			// (tickets) rests on no sample and has no star. A negative figure has a section of
			// its own, with the pages' minus (U+2212).
			for _, c := range []struct {
				key, suffix string
				want        float64
				code        string
			}{{"nps", "", 30, `0\*;\−0\*`}, {"csat", "", 50, `0.0"%"\*;\−0.0"%"\*`}, {"first_response", seconds, 2700, `#,##0\*;\−#,##0\*`},
				{"tickets", "", 2, `0;\−0`}} {
				d, _ := metric.Lookup(c.key)
				col, ok := head[d.Label.In(lang)+c.suffix]
				if !ok {
					t.Errorf("no column %q in %v", d.Label.In(lang)+c.suffix, head)
					continue
				}
				ref, _ := excelize.CoordinatesToCellName(col, row+1)
				got, code := numberCell(t, f, sheet, ref)
				if got != c.want || code != c.code {
					t.Errorf("%s: %v with format %q, want %v with %q", c.key, got, code, c.want, c.code)
				}
			}
			// Under the table, after an empty row, the note that says what the star means.
			note, _ := f.GetCellValue(sheet, "A"+strconv.Itoa(row+3))
			if want := map[string]string{"nl": "* Indicatief: gebaseerd op minder dan 30 metingen.", "en": "* Indicative: based on fewer than 30 measurements."}[lang]; note != want {
				t.Errorf("under the table %q, want %q", note, want)
			}
			// Every headline equals the JSON's, and a figure JSON holds as null is an empty cell.
			for _, d := range metric.All() {
				col, ok := head[d.Label.In(lang)]
				if !ok {
					col, ok = head[d.Label.In(lang)+seconds]
				}
				fig, in := d.Read(&doc.Groups[0].Metrics)
				if !ok || !in {
					t.Errorf("%s: column %v, in the report %v", d.Key, ok, in)
					continue
				}
				ref, _ := excelize.CoordinatesToCellName(col, row+1)
				raw, _ := f.GetCellValue(sheet, ref, excelize.Options{RawCellValue: true})
				switch x, err := strconv.ParseFloat(raw, 64); {
				case fig.Value == nil && raw != "":
					t.Errorf("%s: %q, want an empty cell (null)", d.Key, raw)
				case fig.Value != nil && (err != nil || math.Abs(x-*fig.Value) > 1e-9*math.Max(1, math.Abs(x))):
					t.Errorf("%s: %q, the JSON has %v", d.Key, raw, *fig.Value)
				}
			}
			// The long form: nps value 30 as a number.
			long := f.GetSheetList()[1]
			rows, _ := f.GetRows(long)
			found := false
			for i, r := range rows {
				if len(r) > 6 && r[4] == "nps" && r[5] == "value" {
					ref, _ := excelize.CoordinatesToCellName(7, i+1)
					if x, _ := numberCell(t, f, long, ref); x != 30 {
						t.Errorf("long form nps value %v", x)
					}
					found = true
				}
			}
			if !found {
				t.Errorf("long form has no nps value: %q", rows)
			}
		})
	}
	t.Run("a team named like a formula stays text", func(t *testing.T) {
		stdout, stderr, code := p.run("report", "--from", "2026-03-01", "--to", "2026-04-01", "--format", "xlsx", "--by", "team")
		if code != 0 {
			t.Fatalf("exit %d: %s", code, stderr)
		}
		f, err := excelize.OpenReader(bytes.NewReader([]byte(stdout)))
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		// Groups in the order names are listed: T1's team (a symbol before the letters), the
		// answers without a team last.
		_, row := cellsByHeading(t, f, "Cijfers", "Team")
		ref, _ := excelize.CoordinatesToCellName(1, row+1)
		if v, _ := f.GetCellValue("Cijfers", ref); v != `=HYPERLINK("http://x","y")` {
			t.Errorf("team cell %q", v)
		}
		if formula, _ := f.GetCellFormula("Cijfers", ref); formula != "" {
			t.Errorf("a formula: %q", formula)
		}
		if a3, _ := f.GetCellValue("Cijfers", "A3"); a3 != "Per team" {
			t.Errorf("split line %q", a3)
		}
	})
}

func TestReportPDF(t *testing.T) {
	p := exportProject(t)
	for _, c := range []struct {
		lang, period, page string
		figures            []string
	}{
		{"nl", "periode: 1 mrt 2026 – 31 mrt 2026", "Pagina %d van %d", []string{"NPS 30 10*", "50,0% 4*", "45 m 2* mediaan 45 m"}},
		{"en", "period: 1 Mar 2026 – 31 Mar 2026", "Page %d of %d", []string{"NPS 30 10*", "50.0% 4*", "45 m 2* median 45 m"}},
	} {
		t.Run(c.lang, func(t *testing.T) {
			out := filepath.Join(p.dir, "r-"+c.lang+".pdf")
			if _, stderr, code := p.run("report", "--from", "2026-03-01", "--to", "2026-04-01", "--format", "pdf",
				"--out", out, "--lang", c.lang); code != 0 {
				t.Fatalf("exit %d: %s", code, stderr)
			}
			pdf, err := os.ReadFile(out)
			if err != nil {
				t.Fatal(err)
			}
			text := pdftest.Text(t, pdf)
			pages := strings.Count(text, "\f")
			if pages < 2 {
				t.Errorf("%d pages, want at least 2 (the figures, then the charts)", pages)
			}
			// The period on every page, and the page numbers.
			if n := pdftest.Count(text, c.period); n != pages {
				t.Errorf("period %q on %d of %d pages", c.period, n, pages)
			}
			for i := 1; i <= pages; i++ {
				want := fmt.Sprintf(c.page, i, pages)
				if pdftest.Count(text, want) != 1 {
					t.Errorf("no %q in:\n%s", want, text)
				}
			}
			for _, d := range metric.All() {
				if pdftest.Count(text, d.Label.In(c.lang)) == 0 {
					t.Errorf("no %q", d.Label.In(c.lang))
				}
			}
			for _, fig := range c.figures {
				if pdftest.Count(text, fig) == 0 {
					t.Errorf("no %q in:\n%s", fig, text)
				}
			}
			imgs, paths := pdftest.Pages(t, pdf, 40)
			if len(imgs) != pages {
				t.Fatalf("%d PNG pages", len(imgs))
			}
			// The last page holds the charts: a page of text or lines is inked, a blank one not.
			if a, b := pdftest.Inked(imgs[0]), pdftest.Inked(imgs[len(imgs)-1]); a < 0.01 || b < 0.01 {
				t.Errorf("pages look blank: %.3f, %.3f of their pixels inked (%v)", a, b, paths)
			}
		})
	}
	t.Run("piped: the PDF goes to stdout", func(t *testing.T) {
		stdout, _, code := p.run("report", "--from", "2026-03-01", "--to", "2026-04-01", "--format", "pdf")
		if code != 0 || !strings.HasPrefix(stdout, "%PDF-") {
			t.Errorf("exit %d, %q…", code, stdout[:min(len(stdout), 8)])
		}
	})
}

// A channel named as a chat tool names it ("WhatsApp 💬") is someone else's text: the PDF
// is still made, the emoji a "?" (printable, internal/report/pdf_rows.go), as the table, the
// JSON and the CSV of the same report are.
func TestReportPDFChannelWithEmoji(t *testing.T) {
	p := newProject(t)
	p.mustImport("tickets", "ticket_id,created_at,channel,first_reply_at\n"+
		"T1,2026-03-02 10:00,WhatsApp 💬,2026-03-02 10:30\n"+
		"T2,2026-03-03 09:00,e-mail,2026-03-03 10:00\n")
	if _, stderr, code := p.run("report", "--from", "2026-03-01", "--to", "2026-04-01"); code != 0 {
		t.Fatalf("table: exit %d: %s", code, stderr)
	}
	for _, by := range []string{"", "channel"} {
		t.Run("by "+by, func(t *testing.T) {
			if text := pdfText(t, p, "--from", "2026-03-01", "--to", "2026-04-01", "--by", by); !strings.Contains(text, "WhatsApp ?") {
				t.Errorf("no channel \"WhatsApp ?\" in the PDF:\n%s", text)
			}
		})
	}
}

// TestReportExportsNameChannelsAsTheDashboard: the command line's PDF of a report by channel
// names the channels as the dashboard and its downloads do, in the report's language
// ("telefoon", "e-mail" in Dutch; README: the data's own values in the page's language), not
// as stored ("phone", "email"); a channel klantpuls has no word for stays as written.
func TestReportExportsNameChannelsAsTheDashboard(t *testing.T) {
	p := newProject(t)
	p.mustImport("tickets", "ticket_id,created_at,channel,first_reply_at\n"+
		"T1,2026-03-02 10:00,phone,2026-03-02 10:30\n"+
		"T2,2026-03-03 09:00,email,2026-03-03 10:00\n"+
		"T3,2026-03-03 09:00,balie,2026-03-03 10:00\n")
	text := pdfText(t, p, "--from", "2026-03-01", "--to", "2026-04-01", "--by", "channel", "--lang", "nl")
	for _, want := range []string{"telefoon", "e-mail", "balie"} {
		if !strings.Contains(text, want) {
			t.Errorf("the Dutch PDF by channel lacks %q:\n%s", want, text)
		}
	}
	if strings.Contains(text, "phone") {
		t.Errorf("the Dutch PDF names a channel as stored (phone):\n%s", text)
	}
}

// pdfText runs report --format pdf with args into a file and returns the PDF's text.
func pdfText(t *testing.T, p *project, args ...string) string {
	t.Helper()
	out := filepath.Join(t.TempDir(), "report.pdf")
	if _, stderr, code := p.run(append(append([]string{"report"}, args...), "--format", "pdf", "--out", out)...); code != 0 {
		t.Fatalf("report %q --format pdf: exit %d: %s", args, code, stderr)
	}
	pdf, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	return pdftest.Text(t, pdf)
}

// The printed charts of a period still running: today's bucket is measured only up to now,
// so it is marked partial (a hollow point, and the note under the charts), as the
// dashboard's download of the same charts is — else today's few answers are drawn as a whole
// day, a dip. The period is today ± 5 days, so whenever the test runs its bucket of today
// (or, past midnight, tomorrow's) is the running one.
func TestReportPDFMarksTheRunningBucket(t *testing.T) {
	p := newProject(t)
	loc, err := time.LoadLocation("Europe/Amsterdam") // the default account time zone
	if err != nil {
		t.Fatal(err)
	}
	now := time.Now().In(loc)
	today := time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, loc)
	from, to := today.AddDate(0, 0, -5), today.AddDate(0, 0, 5) // 10 days: a bucket a day
	var rows []string
	for d := -5; d <= 0; d++ {
		at := today.AddDate(0, 0, d).Add(time.Minute) // 00:01 of the day, but not after now
		if at.After(now) {
			at = now.Add(-time.Second)
		}
		for i, s := range []string{"10", "9", "3"} {
			id := at.Format("0102") + string(rune('a'+i))
			rows = append(rows, "R"+id+",nps,"+s+","+at.Format(time.RFC3339)+",C"+id)
		}
	}
	p.mustImport("responses", "response_id,survey,score,submitted_at,customer_id\n"+strings.Join(rows, "\n")+"\n")
	if text := pdfText(t, p, "--from", from.Format(time.DateOnly), "--to", to.Format(time.DateOnly)); !strings.Contains(text, "een onvolledige periode") {
		t.Errorf("the charts hold today's running bucket (%s) with no note on partial periods:\n%s",
			today.Format(time.DateOnly), text)
	}
}

// A period whose first week is cut by --from (Wednesday 4 March 2026) prints weekly charts
// (58 days, report.StepFor) whose first point covers five days of seven: a partial bucket, as
// is the last (Monday 27 April to Friday 1 May), both in the past.
func TestReportPDFMarksACutWeek(t *testing.T) {
	p := exportProject(t)
	if text := pdfText(t, p, "--from", "2026-03-04", "--to", "2026-05-01"); !strings.Contains(text, "een onvolledige periode") {
		t.Errorf("weekly charts from Wednesday 4 March with no note on partial periods:\n%s", text)
	}
	// A period of whole weeks has none: Monday 2 March to Monday 27 April.
	if text := pdfText(t, p, "--from", "2026-03-02", "--to", "2026-04-27"); strings.Contains(text, "onvolledig") {
		t.Errorf("weekly charts of whole weeks with a note on partial periods:\n%s", text)
	}
}

// On a terminal a workbook or PDF is refused unless --out names a file. /dev/null is a
// character device, as a terminal is, which is what the check looks at.
func TestReportBinaryFormatsRefuseATerminal(t *testing.T) {
	inEnglish(t)
	p := exportProject(t)
	tty, err := os.OpenFile(os.DevNull, os.O_WRONLY, 0)
	if err != nil {
		t.Skip(err)
	}
	defer tty.Close()
	for _, format := range []string{"pdf", "xlsx"} {
		var errOut bytes.Buffer
		code := run(t.Context(), []string{"--db", p.db, "report", "--from", "2026-03-01", "--to", "2026-04-01", "--format", format}, tty, &errOut)
		if code != 2 || !strings.Contains(errOut.String(), "--out FILE") {
			t.Errorf("%s on a terminal: exit %d, %s", format, code, errOut.String())
		}
	}
	// The table still prints there.
	var errOut bytes.Buffer
	if code := run(t.Context(), []string{"--db", p.db, "report", "--from", "2026-03-01", "--to", "2026-04-01"}, tty, &errOut); code != 0 {
		t.Errorf("table on a terminal: exit %d, %s", code, errOut.String())
	}
}
