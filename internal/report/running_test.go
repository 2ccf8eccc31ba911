package report

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"github.com/klantpuls/klantpuls/internal/engine"
)

// TestTableSaysAPeriodStillRunning: a report of December asked on 7 December says the period
// is still running, as the dashboard does — in the table and the PDF's and workbook's header —
// and one of November does not. The period ends at midnight of its "to" in the account's time
// zone: 23:30 UTC on 31 December is 00:30 on 1 January in Amsterdam, December is over. The
// time zone joins the running bracket rather than open a second one after it.
func TestTableSaysAPeriodStillRunning(t *testing.T) {
	ams, _ := time.LoadLocation("Europe/Amsterdam")
	month := func(m time.Month) *Document {
		q := engine.Query{From: time.Date(2026, m, 1, 0, 0, 0, 0, ams), To: time.Date(2026, m+1, 1, 0, 0, 0, 0, ams)}
		return New(q, ams, "EUR", nil)
	}
	for _, tt := range []struct {
		name   string
		doc    *Document
		now    time.Time
		want   bool
		header string // the table's first line: one bracket, the zone inside the running one
	}{
		{"December on 7 December", month(time.December), time.Date(2026, 12, 7, 19, 0, 0, 0, ams), true,
			"klantpuls-rapport — periode 1 dec 2026 – 31 dec 2026 (loopt nog, Europe/Amsterdam)"},
		{"November on 7 December", month(time.November), time.Date(2026, 12, 7, 19, 0, 0, 0, ams), false,
			"klantpuls-rapport — periode 1 nov 2026 – 30 nov 2026 (Europe/Amsterdam)"},
		{"December on 1 January 00:30 in Amsterdam", month(time.December), time.Date(2026, 12, 31, 23, 30, 0, 0, time.UTC), false,
			"klantpuls-rapport — periode 1 dec 2026 – 31 dec 2026 (Europe/Amsterdam)"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			tt.doc.MarkRunning(tt.now)
			var b bytes.Buffer
			if err := Table(&b, tt.doc, Dutch); err != nil {
				t.Fatal(err)
			}
			header, _, _ := strings.Cut(b.String(), "\n")
			if header != tt.header {
				t.Errorf("header %q, want %q", header, tt.header)
			}
			if got := strings.Contains(NewExport(tt.doc, English).Period(), "(still running)"); got != tt.want {
				t.Errorf("export period %q says running: %v, want %v", NewExport(tt.doc, English).Period(), got, tt.want)
			}
		})
	}
}
