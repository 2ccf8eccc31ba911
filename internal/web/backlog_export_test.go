package web

import (
	"net/http"
	"strings"
	"testing"

	"github.com/klantpuls/klantpuls/internal/pdftest"
)

// TestBreachNotYetAnsweredInTheExports: a breach not yet answered says so in Werkvoorraad's PDF
// and workbook as on the page ("nog niet", "not yet") — the PDF wrote "–", the dash of a figure
// not measured, and the workbook left the cell empty; one answered gives its moment.
func TestBreachNotYetAnsweredInTheExports(t *testing.T) {
	ts := backlogServer(t)
	admin := ts.login("admin@example.com")
	for _, tc := range []struct{ lang, sheet, heading, t2, t5 string }{
		{"nl", "Overschrijdingen", "Ticket", "T2 Sales Bram 10 mrt 2026 10:00 11 mrt 2026 10:00 nog niet 58 u 00 m",
			"T5/a b Support Anna 9 mrt 2026 09:00 9 mrt 2026 17:00 10 mrt 2026 10:00 1 u 00 m"},
		{"en", "Breaches", "Ticket", "T2 Sales Bram 10 Mar 2026 10:00 11 Mar 2026 10:00 not yet 58 h 00 m",
			"T5/a b Support Anna 9 Mar 2026 09:00 9 Mar 2026 17:00 10 Mar 2026 10:00 1 h 00 m"},
	} {
		query := strings.TrimPrefix(backlogPeriod, "/backlog?") + "&page=backlog&lang=" + tc.lang
		res := admin.get("/export.pdf?" + query)
		if res.status != http.StatusOK {
			t.Fatalf("%s PDF: %d %s", tc.lang, res.status, res.body)
		}
		pdf := strings.Join(strings.Fields(pdftest.Text(t, []byte(res.body))), " ")
		for _, want := range []string{tc.t2, tc.t5} {
			if !strings.Contains(pdf, want) {
				t.Errorf("%s PDF lacks %q:\n%s", tc.lang, want, pdf)
			}
		}
		res = admin.get("/export.xlsx?" + query)
		if res.status != http.StatusOK {
			t.Fatalf("%s workbook: %d %s", tc.lang, res.status, res.body)
		}
		_, rows, _ := sheetRows(t, []byte(res.body), tc.sheet, tc.heading)
		answered := map[string]string{}
		for _, r := range rows {
			if len(r) > 5 {
				answered[r[0]] = r[5]
			}
		}
		notYet := map[string]string{"nl": "nog niet", "en": "not yet"}[tc.lang]
		if answered["T2"] != notYet || answered["T3"] != notYet || answered["T5/a b"] == notYet || answered["T5/a b"] == "" {
			t.Errorf("%s workbook's answered: %q, want T2 and T3 %q, T5 its moment", tc.lang, answered, notYet)
		}
	}
}
