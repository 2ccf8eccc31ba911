package web

import (
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/klantpuls/klantpuls/internal/pdftest"
)

// TestBacklogAgeJustUnderADay: an open ticket 23 h 59 m 40 s old is in the band under a day, and
// its age reads so wherever Werkvoorraad shows it — the page's and the PDF's "23 u 59 m" (how
// long it has been, as a clock counts), the workbook's 86,380 seconds. Rounded to the minute, the
// page and the PDF said "24 u 00 m" beside the count "Jonger dan 1 dag 1".
func TestBacklogAgeJustUnderADay(t *testing.T) {
	ts := startServer(t, func(o *Options) {
		o.Now = func() time.Time { return time.Date(2026, 3, 20, 11, 0, 0, 0, time.UTC) } // 12:00 in Amsterdam
	})
	// T2, solved, makes what is open known.
	ticket := `[{"ticket_id":"T1","created_at":"2026-03-19T11:00:20Z","agent":"Anna","team":"Support"},
		{"ticket_id":"T2","created_at":"2026-03-02 10:00","team":"Sales","solved_at":"2026-03-03 10:00"}]`
	if res := ts.withToken("adminWrite").postJSON("/api/v1/tickets", ticket); res.status != 200 {
		t.Fatalf("ticket: %d %s", res.status, res.body)
	}
	admin := ts.login("admin@example.com")
	for _, tc := range []struct{ lang, band, age, rounded string }{
		{"nl", "Jonger dan 1 dag 1", "Support 1 0 23 u 59 m", "24 u 00 m"},
		{"en", "Under 1 day 1", "Support 1 0 23 h 59 m", "24 h 00 m"},
	} {
		text := backlogText(admin.get("/backlog?period=month&lang=" + tc.lang).body)
		if !strings.Contains(text, tc.band) || !strings.Contains(text, tc.age) || strings.Contains(text, tc.rounded) {
			t.Errorf("%s page: want %q and %q, not %q:\n%s", tc.lang, tc.band, tc.age, tc.rounded, text)
		}
		res := admin.get("/export.pdf?page=backlog&period=month&lang=" + tc.lang)
		if res.status != http.StatusOK {
			t.Fatalf("%s PDF: %d %s", tc.lang, res.status, res.body)
		}
		pdf := strings.Join(strings.Fields(pdftest.Text(t, []byte(res.body))), " ")
		if !strings.Contains(pdf, tc.age) || strings.Contains(pdf, tc.rounded) {
			t.Errorf("%s PDF: want %q, not %q:\n%s", tc.lang, tc.age, tc.rounded, pdf)
		}
	}
	res := admin.get("/export.xlsx?page=backlog&period=month&lang=nl")
	if res.status != http.StatusOK {
		t.Fatalf("workbook: %d %s", res.status, res.body)
	}
	_, teams, _ := sheetRows(t, []byte(res.body), "Nu open · Per team", "Team")
	if want := strconv.Itoa(23*3600 + 59*60 + 40); len(teams) != 1 || len(teams[0]) < 4 || teams[0][3] != want {
		t.Errorf("workbook by team %q, want Support's oldest %s s", teams, want)
	}
}
