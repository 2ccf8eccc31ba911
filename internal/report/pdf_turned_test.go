package report

import (
	"bytes"
	"slices"
	"testing"

	"github.com/klantpuls/klantpuls/internal/pdftest"
)

// TestPDFTurnsForAWideList: a list of eleven columns, as Opvolging's, cut its headings on an
// upright page ("Soor" above "t"); it prints on A4 turned, every heading whole. A list of
// three columns stays upright.
func TestPDFTurnsForAWideList(t *testing.T) {
	headings := []string{"Datum", "Soort", "Score", "Opmerking", "Kanaal", "Medewerker", "Klantnummer", "Ticket",
		"Eigenaar", "Status", "Leeftijd"}
	wide := Section{Title: "Opvolging"}
	row := []Cell{}
	for i, h := range headings {
		c := Col{Heading: h, Kind: KindText}
		switch i {
		case 0:
			c.Kind = KindDateTime
		case 2, 10:
			c.Kind = KindCount
		case 3:
			c.Wide = true
		}
		wide.Cols = append(wide.Cols, c)
		row = append(row, Text("TK-20391"))
	}
	row[2], row[10] = Count(9), Count(12)
	wide.Rows = [][]Cell{row, row}
	narrow := Section{Title: "Kort", Cols: wide.Cols[:3], Rows: [][]Cell{row[:3]}}
	for _, c := range []struct {
		name    string
		section Section
		turned  bool
	}{{"eleven columns", wide, true}, {"three columns", narrow, false}} {
		t.Run(c.name, func(t *testing.T) {
			var b bytes.Buffer
			e := &Export{Title: "klantpuls · Opvolging", Lang: Dutch, Currency: "EUR", From: "2026-03-01", To: "2026-04-01",
				Timezone: "Europe/Amsterdam", Sections: []Section{c.section}}
			if err := PDF(&b, e); err != nil {
				t.Fatal(err)
			}
			if got := pdftest.Turned(t, b.Bytes()); slices.Contains(got, !c.turned) {
				t.Errorf("pages turned %v, want every one %v", got, c.turned)
			}
			text := pdftest.Text(t, b.Bytes())
			for _, col := range c.section.Cols {
				if pdftest.Count(text, col.Heading) == 0 {
					t.Errorf("the heading %q is not whole:\n%s", col.Heading, text)
				}
			}
		})
	}
}
