package report

import (
	"bytes"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/klantpuls/klantpuls/internal/pdftest"
)

// A running period's header says its time zone in the bracket that says the period runs:
// "(t/m vandaag, tijdzone Europe/Amsterdam)", not two brackets in a row "(t/m vandaag)
// (tijdzone Europe/Amsterdam)"; a period that has ended keeps its one bracket.
func TestHeaderOneBracket(t *testing.T) {
	for _, c := range []struct {
		name, periodName, pdf, xlsx string
	}{
		{"running", "1 dec 2026 – 7 dec 2026 (t/m vandaag)",
			"periode: 1 dec 2026 – 7 dec 2026 (t/m vandaag, tijdzone Europe/Amsterdam)",
			"periode: 1 dec 2026 – 7 dec 2026 (t/m vandaag, Europe/Amsterdam)"},
		{"ended", "",
			"periode: 1 mrt 2026 – 31 mrt 2026 (tijdzone Europe/Amsterdam)",
			"periode: 1 mrt 2026 – 31 mrt 2026 (Europe/Amsterdam)"},
	} {
		t.Run(c.name, func(t *testing.T) {
			e := rowsExport(Dutch, 1)
			e.PeriodName = c.periodName
			var p bytes.Buffer
			if err := PDF(&p, e); err != nil {
				t.Fatal(err)
			}
			if text := pdftest.Squeeze(pdftest.Text(t, p.Bytes())); !strings.Contains(text, c.pdf) {
				t.Errorf("PDF lacks %q:\n%s", c.pdf, text)
			}
			var x bytes.Buffer
			if err := XLSX(&x, e); err != nil {
				t.Fatal(err)
			}
			f, err := excelize.OpenReader(&x)
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			if got, _ := f.GetCellValue("Lijst", "A2"); got != c.xlsx {
				t.Errorf("workbook's A2 %q, want %q", got, c.xlsx)
			}
		})
	}
}
