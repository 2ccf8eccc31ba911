package report

import (
	"bytes"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/klantpuls/klantpuls/internal/metric"
)

// TestXLSXNegativeWithThePagesMinus: a negative figure in the workbook shows the typographic
// minus (U+2212) the pages show, a euro's after its sign ("€ −12.50", as Lang.Money writes
// it), where Excel's one-section formats showed a hyphen-minus; the cell stays a number.
func TestXLSXNegativeWithThePagesMinus(t *testing.T) {
	sec := Section{Title: "Lijst", Cols: []Col{{Heading: "Naam", Kind: KindText}, {Heading: "Verschil", Kind: KindCount},
		{Heading: "Aandeel", Kind: KindPercent}, {Heading: "Bedrag", Kind: KindEuro}},
		Rows: [][]Cell{{Text("a"), Count(-12), Num(-33.3), Num(-12.5)}, {Text("b"), Count(7), Num(33.3), Num(12.5)}}}
	var b bytes.Buffer
	if err := XLSX(&b, &Export{Title: "t", Lang: Dutch, Currency: "EUR", From: "2026-03-01", To: "2026-04-01",
		Timezone: "Europe/Amsterdam", Sections: []Section{sec}}); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(&b)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	// Title, period, an empty row, the headings: the rows are 5 and 6.
	for cell, want := range map[string]string{"B5": "−12", "C5": "−33.3%", "D5": "€ −12.50",
		"B6": "7", "C6": "33.3%", "D6": "€ 12.50"} {
		if got, _ := f.GetCellValue("Lijst", cell); got != want {
			t.Errorf("%s shows %q, want %q", cell, got, want)
		}
		if raw, _ := f.GetCellValue("Lijst", cell, excelize.Options{RawCellValue: true}); raw == "" || raw[0] == 0xe2 {
			t.Errorf("%s holds %q, want a number", cell, raw)
		}
	}
}

// TestXLSXNegativeZeroReadsZero: a negative figure that rounds to nothing at the decimals its
// cell shows reads 0, as the pages write it (Lang.Number), not "−0.0": Excel picks a format's
// negative section by the stored number's sign, so a change of −0,04 points showed "−0,0". The
// cell stays a number; one that rounds away from zero (−0,05 → −0,1, half away from zero,
// metrics.md section 0) keeps its sign and its value, and a positive one its exact value
// (0,04 shows 0.0, as before). Both the lists (a section's rows) and the tables of figures (an
// NPS of −0,4: 99 promoters and 100 detractors of 250 answers).
func TestXLSXNegativeZeroReadsZero(t *testing.T) {
	sec := Section{Title: "Lijst", Cols: []Col{{Heading: "Naam", Kind: KindText},
		{Heading: "Verschil", Kind: KindNumber, Decimals: 1, Signed: true}, {Heading: "Aandeel", Kind: KindPercent}},
		Rows: [][]Cell{{Text("a"), Num(-0.04), Num(-0.04)}, {Text("b"), Num(-0.05), Num(-0.05)}, {Text("c"), Num(0.04), Num(0.04)}}}
	key := "Support"
	nps := -0.4
	doc := &Document{From: "2026-03-01", To: "2026-04-01", Timezone: "Europe/Amsterdam", Currency: "EUR", By: ptrTo("team"),
		Groups: []Group{{Key: &key, Metrics: metric.Set{NPS: &metric.NPS{Value: &nps, N: 250, Promoters: 99, Passives: 51, Detractors: 100}}}}}
	var b bytes.Buffer
	if err := XLSX(&b, &Export{Title: "t", Lang: Dutch, Currency: "EUR", From: "2026-03-01", To: "2026-04-01",
		Timezone: "Europe/Amsterdam", Sections: []Section{sec}, Tables: []ExportTable{{Name: "Teams", Doc: doc, Metrics: []string{"nps"}}}}); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(&b)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	// Title, period, an empty row, the headings: the rows are 5 and 6.
	for _, c := range []struct{ sheet, cell, shown, raw string }{
		{"Lijst", "B5", "0.0", "0"}, {"Lijst", "C5", "0.0%", "0"},
		{"Lijst", "B6", "−0.1", "-0.05"}, {"Lijst", "C6", "−0.1%", "-0.05"},
		{"Lijst", "B7", "0.0", "0.04"}, {"Lijst", "C7", "0.0%", "0.04"},
		{"Teams", "B5", "0", "0"},
	} {
		if got, _ := f.GetCellValue(c.sheet, c.cell); got != c.shown {
			t.Errorf("%s %s shows %q, want %q", c.sheet, c.cell, got, c.shown)
		}
		if raw, _ := f.GetCellValue(c.sheet, c.cell, excelize.Options{RawCellValue: true}); raw != c.raw {
			t.Errorf("%s %s holds %q, want the number %s", c.sheet, c.cell, raw, c.raw)
		}
	}
}

func ptrTo(s string) *string { return &s }
