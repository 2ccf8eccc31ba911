package report

import (
	"bytes"
	"fmt"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/klantpuls/klantpuls/internal/chart"
	"github.com/klantpuls/klantpuls/internal/engine"
	"github.com/klantpuls/klantpuls/internal/metric"
	"github.com/klantpuls/klantpuls/internal/pdftest"
)

// rowsExport is a rows export of one section holding every kind of column, and enough rows
// to run onto more pages.
func rowsExport(lang Lang, rows int) *Export {
	ams, _ := time.LoadLocation("Europe/Amsterdam")
	sec := Section{Title: "Lijst", Note: "Een noot onder de lijst.", Cols: []Col{
		{Heading: "Naam", Kind: KindText}, {Heading: "Aantal", Kind: KindCount}, {Heading: "Gemiddelde", Kind: KindNumber},
		{Heading: "Aandeel", Kind: KindPercent}, {Heading: "Bedrag", Kind: KindEuro}, {Heading: "Dag", Kind: KindDate},
		{Heading: "Moment", Kind: KindDateTime}, {Heading: "Duur", Kind: KindDuration}, {Heading: "Opmerking", Kind: KindText, Wide: true}}}
	first := []Cell{Text(`=HYPERLINK("http://evil.example","klik")`), Count(12345), Num(1234.56), Num(33.333), Num(1234.5),
		When(time.Date(2026, 3, 2, 0, 0, 0, 0, ams)), When(time.Date(2026, 3, 2, 10, 5, 0, 0, ams)), Num(3900), Text("NaN")}
	sec.Rows = append(sec.Rows, first, []Cell{Text("1e5"), {}, NumP(nil), {}, {}, {}, {}, {}, Text("leeg")})
	for i := range rows {
		sec.Rows = append(sec.Rows, []Cell{Text("klant " + strconv.Itoa(i)), Count(i), Num(float64(i) / 3), Num(50), Num(10),
			When(time.Date(2026, 3, 1+i%28, 0, 0, 0, 0, ams)), When(time.Date(2026, 3, 1+i%28, 9, 0, 0, 0, ams)), Num(60),
			Text(strings.Repeat("een lange opmerking van een klant ", 1+i%4))})
	}
	one := 1.0
	sec.Charts = []chart.Line{{Title: "Per dag", Labels: []string{"1 mrt", "2 mrt"}, Series: []chart.Series{{Name: "n", Values: []*float64{&one, &one}}}}}
	return &Export{Title: "klantpuls · Test", Lang: lang, Currency: "EUR", From: "2026-03-01", To: "2026-04-01",
		Timezone: "Europe/Amsterdam", Filters: []string{"Kanaal: e-mail"}, Sections: []Section{sec}}
}

// The PDF of a rows export: on every page the title, the period, the filter and "page n of
// N"; the cells in the language's formats; the headings again on every page of a long table.
func TestRowsPDF(t *testing.T) {
	for _, c := range []struct {
		lang                         Lang
		period, pageOf               string
		count, number, pct, money    string
		day, moment, duration, empty string
	}{
		{Dutch, "periode: 1 mrt 2026 – 31 mrt 2026", "Pagina %d van %d", "12.345", "1.234,6", "33,3%", "€ 1.234,50", "2 mrt 2026", "2 mrt 2026 10:05", "1 u 05 m", "–"},
		{English, "period: 1 Mar 2026 – 31 Mar 2026", "Page %d of %d", "12,345", "1,234.6", "33.3%", "€ 1,234.50", "2 Mar 2026", "2 Mar 2026 10:05", "1 h 05 m", "–"},
	} {
		t.Run(string(c.lang), func(t *testing.T) {
			var b bytes.Buffer
			if err := PDF(&b, rowsExport(c.lang, 80)); err != nil {
				t.Fatal(err)
			}
			text := pdftest.Text(t, b.Bytes())
			pages := strings.Count(text, "\f")
			if pages < 2 {
				t.Fatalf("%d pages, want the list to run onto a second", pages)
			}
			for i := 1; i <= pages; i++ {
				if pdftest.Count(text, fmt.Sprintf(c.pageOf, i, pages)) != 1 {
					t.Errorf("no %q", fmt.Sprintf(c.pageOf, i, pages))
				}
			}
			for _, each := range []string{"klantpuls · Test", c.period, "Kanaal: e-mail"} {
				if n := pdftest.Count(text, each); n != pages {
					t.Errorf("%q on %d of %d pages", each, n, pages)
				}
			}
			// The headings above the rows of every page the table runs onto.
			for i, page := range strings.Split(text, "\f") {
				if strings.Contains(page, "klant ") && pdftest.Count(page, "Naam Aantal") != 1 {
					t.Errorf("page %d has rows of the table but not once its headings:\n%s", i+1, page)
				}
			}
			first := pdftest.Squeeze(strings.SplitN(text, "\n\n", 2)[0])
			for _, want := range []string{c.count, c.number, c.pct, c.money, c.day, c.moment, c.duration,
				"=HYP", "NaN", "1e5", "Een noot onder de lijst."} {
				if pdftest.Count(text, want) == 0 {
					t.Errorf("no %q in:\n%s", want, first)
				}
			}
			imgs, _ := pdftest.Pages(t, b.Bytes(), 40)
			for i, img := range imgs {
				if pdftest.Inked(img) < 0.005 {
					t.Errorf("page %d blank", i+1)
				}
			}
		})
	}
}

// The workbook of a rows export: numbers are numbers with a format, dates dates, text text —
// a formula, "NaN" and "1e5" included — and an empty cell empty.
func TestRowsXLSX(t *testing.T) {
	var b bytes.Buffer
	if err := XLSX(&b, rowsExport(Dutch, 3)); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(&b)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if got := f.GetSheetList(); len(got) != 1 || got[0] != "Lijst" {
		t.Fatalf("sheets %q", got)
	}
	// Title, period, filters, an empty row, the headings: the first row is row 6.
	head, _ := f.GetCellValue("Lijst", "H5")
	if head != "Duur (seconden)" {
		t.Errorf("duration heading %q", head)
	}
	// 2 March 2026 is day 46083 since 30 December 1899; 10:05 is 605/1440 of a day.
	for _, c := range []struct {
		cell, raw, format string
		typ               excelize.CellType
	}{
		{"A6", `=HYPERLINK("http://evil.example","klik")`, "", excelize.CellTypeSharedString},
		// A negative figure has a section of its own, with the pages' minus (U+2212).
		{"B6", "12345", `#,##0;\−#,##0`, excelize.CellTypeUnset},
		{"C6", "1234.56", `#,##0.0;\−#,##0.0`, excelize.CellTypeUnset},
		{"D6", "33.333", `0.0"%";\−0.0"%"`, excelize.CellTypeUnset},
		{"E6", "1234.5", `"€ "#,##0.00;"€ "\−#,##0.00`, excelize.CellTypeUnset},
		{"F6", "46083", "d-m-yyyy", excelize.CellTypeUnset},
		{"G6", strconv.FormatFloat(46083+605.0/1440, 'f', -1, 64), "d-m-yyyy hh:mm", excelize.CellTypeUnset},
		{"H6", "3900", `#,##0;\−#,##0`, excelize.CellTypeUnset},
		{"I6", "NaN", "", excelize.CellTypeSharedString},
		{"A7", "1e5", "", excelize.CellTypeSharedString},
		{"B7", "", "", excelize.CellTypeUnset},
		{"C7", "", "", excelize.CellTypeUnset},
	} {
		raw, _ := f.GetCellValue("Lijst", c.cell, excelize.Options{RawCellValue: true})
		if c.cell == "G6" {
			x, _ := strconv.ParseFloat(raw, 64)
			if d := x - (46083 + 605.0/1440); d > 1e-6 || d < -1e-6 {
				t.Errorf("%s: %s, want %s", c.cell, raw, c.raw)
			}
		} else if raw != c.raw {
			t.Errorf("%s: %q, want %q", c.cell, raw, c.raw)
		}
		if typ, _ := f.GetCellType("Lijst", c.cell); typ != c.typ {
			t.Errorf("%s: type %v, want %v", c.cell, typ, c.typ)
		}
		if formula, _ := f.GetCellFormula("Lijst", c.cell); formula != "" {
			t.Errorf("%s: a formula %q", c.cell, formula)
		}
		if c.format == "" {
			continue
		}
		id, _ := f.GetCellStyle("Lijst", c.cell)
		st, err := f.GetStyle(id)
		if err != nil || st.CustomNumFmt == nil || *st.CustomNumFmt != c.format {
			t.Errorf("%s: number format %v, want %q", c.cell, st.CustomNumFmt, c.format)
		}
	}
}

// The long sheet keeps what the JSON holds: a number a number, a text the same text even when
// it reads as a number, a null an empty cell.
func TestLongValue(t *testing.T) {
	var fields []flatField
	raw := `{"a":"NaN","b":"1e5","c":1e5,"d":null,"e":"Inf","f":-0.5,"g":true}`
	if err := flatten(numbersAsWritten([]byte(raw)), "", func(s string) string { return s }, &fields); err != nil {
		t.Fatal(err)
	}
	want := map[string]any{"a": "NaN", "b": "1e5", "c": 100000.0, "d": nil, "e": "Inf", "f": -0.5, "g": "true"}
	if len(fields) != len(want) {
		t.Fatalf("%d fields, want %d", len(fields), len(want))
	}
	for _, f := range fields {
		if got := longValue(f.value, f.number); got != want[f.path] {
			t.Errorf("%s: %#v, want %#v", f.path, got, want[f.path])
		}
	}
}

// Any text in a cell — a control character, invalid UTF-8, a formula — makes a PDF and a
// workbook, and the workbook gives back a text cell, never a formula.
func FuzzRowsText(f *testing.F) {
	for _, s := range []string{"=1+1", "\x1b[31m rood", "NaN", "a\x00b", "\xff\xfe", "@SUM(A1)", strings.Repeat("lang ", 400), "\t-2+3",
		"top 🙄👍🏽", "谢谢", "𝔘"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		e := &Export{Title: "t", Lang: Dutch, From: "2026-03-01", To: "2026-04-01", Timezone: "UTC",
			Sections: []Section{{Title: s, Cols: []Col{{Heading: s, Kind: KindText}, {Heading: "n", Kind: KindCount}},
				Rows: [][]Cell{{Text(s), Count(1)}}}}}
		var b bytes.Buffer
		if err := PDF(&b, e); err != nil {
			t.Fatalf("PDF of %q: %v", s, err)
		}
		b.Reset()
		if err := XLSX(&b, e); err != nil {
			t.Fatalf("XLSX of %q: %v", s, err)
		}
		wb, err := excelize.OpenReader(&b)
		if err != nil {
			t.Fatalf("workbook of %q unreadable: %v", s, err)
		}
		defer wb.Close()
		sheet := wb.GetSheetName(0)
		if formula, _ := wb.GetCellFormula(sheet, "A6"); formula != "" {
			t.Errorf("%q became the formula %q", s, formula)
		}
	})
}

// TestPrintable: what the Go font can draw stays, what it cannot becomes "?", control characters
// spaces; the PDF library refuses a whole document over one character it cannot measure.
func TestPrintable(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"€ 12,50 · café ñ ü ß", "€ 12,50 · café ñ ü ß"},
		{"geweldig 🙄", "geweldig ?"},
		{"👍🏽 top", "?? top"},
		{"a\tb\nc", "a b\nc"},
		{"\xff", " "},
		{"𝔘", "?"},
		{"a\x7fb\x00c", "a b c"},
		{"C001234 Support\n12,5%", "C001234 Support\n12,5%"},
	} {
		if got := printable(c.in); got != c.want {
			t.Errorf("printable(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

// TestPrintableAllocates: printable runs twice on every cell of a PDF's list, so a customer's
// id, a team or a figure costs it no memory, and "€ 12,50" (a glyph to look up) one string.
func TestPrintableAllocates(t *testing.T) {
	for in, want := range map[string]float64{"C001234": 0, "Support\n12,5%": 0, "€ 12,50": 1} {
		if got := testing.AllocsPerRun(100, func() { printable(in) }); got > want {
			t.Errorf("printable(%q): %v allocations, want at most %v", in, got, want)
		}
	}
}

// Names come from imported files: a channel, an event kind or an agent with an emoji or a
// script the Go font lacks costs the PDF nothing but a "?" (printable) wherever it is set —
// a cell, a wrapped details column, a grid's group name, a heading.
func TestPDFNamesWithoutGlyphs(t *testing.T) {
	odd := "WhatsApp 💬"
	// pdf writes x and reads its text back, turning a panic of the PDF library into the test's failure.
	pdf := func(t *testing.T, x *Export, want string) {
		t.Helper()
		defer func() {
			if p := recover(); p != nil {
				t.Errorf("PDF panics: %v", p)
			}
		}()
		var b bytes.Buffer
		if err := PDF(&b, x); err != nil {
			t.Fatalf("PDF: %v", err)
		}
		if text := pdftest.Text(t, b.Bytes()); !strings.Contains(text, want) {
			t.Errorf("no %q in:\n%s", want, text)
		}
	}
	t.Run("a channel in the tickets' share (report, blocks)", func(t *testing.T) {
		d := testDoc(engine.ByNone)
		tickets := metric.NewTickets(10, 5, map[string]int{odd: 6, "e-mail": 4})
		d.Groups[0].Metrics.Tickets = &tickets
		pdf(t, NewExport(d, Dutch), "WhatsApp ?")
	})
	t.Run("an agent in a grid (the dashboard's team download)", func(t *testing.T) {
		d := testDoc(engine.ByAgent, odd)
		x := NewExport(d, Dutch)
		x.Tables[0].Metrics = []string{"tickets.solved", "first_response.business.median", "csat", "iqs", "fcr"}
		pdf(t, x, "WhatsApp ?")
	})
	t.Run("an event kind in the engagement details", func(t *testing.T) {
		d := testDoc(engine.ByNone)
		e := metric.NewEngagement([]metric.Weighted{{Kind: "app 📱", Active: 1, Weight: 1}}, 10)
		d.Groups[0].Metrics.Engagement = &e
		pdf(t, NewExport(d, Dutch), "app ?")
	})
	t.Run("an agent's heading (report --by agent)", func(t *testing.T) {
		d := testDoc(engine.ByAgent, odd)
		pdf(t, NewExport(d, Dutch), "WhatsApp ?")
	})
}
