package report

import (
	"bytes"
	"testing"

	"github.com/xuri/excelize/v2"
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
