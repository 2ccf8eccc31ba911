package report

import (
	"strings"
	"testing"
	"time"
)

func TestSectionCSV(t *testing.T) {
	amsterdam, err := time.LoadLocation("Europe/Amsterdam")
	if err != nil {
		t.Fatal(err)
	}
	s := Section{
		Cols: []Col{{Heading: "Klant", Kind: KindText}, {Heading: "Risico", Kind: KindPercent}, {Heading: "Waarde", Kind: KindEuro},
			{Heading: "Laatste bestelling", Kind: KindDate}, {Heading: "Om", Kind: KindDateTime}, {Heading: "=Eigenaar", Kind: KindText}},
		Rows: [][]Cell{
			{Text("C1"), Num(37.5), Num(1234.56), When(time.Date(2026, 3, 4, 0, 0, 0, 0, amsterdam)),
				When(time.Date(2026, 3, 4, 14, 5, 0, 0, amsterdam)), Text("anna@example.nl")},
			// An empty value stays empty, never 0; a text that a spreadsheet would run is defused;
			// a short row is padded.
			{Text("=HYPERLINK(\"http://x\")"), {}, Num(-0.1)},
		},
	}
	var b strings.Builder
	if err := SectionCSV(&b, s); err != nil {
		t.Fatal(err)
	}
	// The byte order mark first, for Excel (cx.SpreadsheetCSV).
	want := "\ufeffKlant,Risico,Waarde,Laatste bestelling,Om,'=Eigenaar\n" +
		"C1,37.5,1234.56,2026-03-04,2026-03-04T14:05:00+01:00,anna@example.nl\n" +
		"\"'=HYPERLINK(\"\"http://x\"\")\",,-0.1,,,\n"
	if b.String() != want {
		t.Errorf("got\n%s\nwant\n%s", b.String(), want)
	}
}
