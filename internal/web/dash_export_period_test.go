package web

import (
	"net/http"
	"strings"
	"testing"

	"github.com/klantpuls/klantpuls/internal/pdftest"
)

// A download names the period its page shows: on 25 March the running month is "1 mrt 2026 –
// 25 mrt 2026" on Service, Team and Feedback as on the overview, and so are the PDF's and the
// workbook's header and the file's name — they said 31 March beside the page's 25.
func TestExportNamesThePeriodThePageShows(t *testing.T) {
	ts := exportServer(t)
	admin := ts.login("admin@example.com")
	const want = "periode: 1 mrt 2026 – 25 mrt 2026"
	for _, page := range []string{"overview", "service", "team", "feedback"} {
		path := map[string]string{"overview": "/", "service": "/service", "team": "/team", "feedback": "/feedback"}[page]
		if body := admin.get(path + "?period=month&lang=nl").body; !strings.Contains(body, "1 mrt 2026 – 25 mrt 2026 (t/m vandaag)") {
			t.Fatalf("%s: the page does not name the month up to today", page)
		}
		pdf := admin.get("/export.pdf?page=" + page + "&period=month&lang=nl")
		if pdf.status != http.StatusOK {
			t.Fatalf("%s pdf: %d %.300s", page, pdf.status, pdf.body)
		}
		text := pdftest.Text(t, []byte(pdf.body))
		if pages := strings.Count(text, "\f"); pages == 0 || pdftest.Count(text, want) != pages {
			t.Errorf("%s pdf: %q not on each of %d pages:\n%s", page, want, pages, text)
		}
		if cd, file := pdf.header.Get("Content-Disposition"), "klantpuls-"+page+"-2026-03-01-2026-03-25.pdf"; !strings.Contains(cd, file) {
			t.Errorf("%s pdf: file %q, want %q", page, cd, file)
		}
		xlsx := admin.get("/export.xlsx?page=" + page + "&period=month&lang=nl")
		if xlsx.status != http.StatusOK {
			t.Fatalf("%s xlsx: %d %.300s", page, xlsx.status, xlsx.body)
		}
		if cells := xlsxText(t, []byte(xlsx.body)); !strings.Contains(cells, want) || strings.Contains(cells, "31 mrt 2026") {
			t.Errorf("%s xlsx: no %q, or the month's last day:\n%.2000s", page, want, cells)
		}
	}
}
