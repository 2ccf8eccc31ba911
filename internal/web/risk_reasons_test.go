package web

import (
	"testing"
	"time"

	"github.com/klantpuls/klantpuls/internal/engine"
	"github.com/klantpuls/klantpuls/internal/report"
)

// TestReasonTexts: a reason reads as a plain sentence with the customer's own figures and
// dates, numbers and dates the Dutch way on a Dutch page.
func TestReasonTexts(t *testing.T) {
	oct14 := time.Date(2026, 10, 14, 9, 30, 0, 0, time.UTC)
	cases := []struct {
		reason engine.Reason
		nl, en string
	}{
		{engine.Reason{Feature: "complaints_90", Count: 3}, "3 klachten in 90 dagen", "3 complaints in 90 days"},
		{engine.Reason{Feature: "complaints_90", Count: 1}, "1 klacht in 90 dagen", "1 complaint in 90 days"},
		{engine.Reason{Feature: "nps_detractor", Count: 1, Score: 2, At: oct14}, "NPS 2 op 14 okt 2026", "NPS 2 on 14 Oct 2026"},
		{engine.Reason{Feature: "csat_low", Count: 0.75, Score: 2, At: oct14}, "CSAT 2 op 14 okt 2026", "CSAT 2 on 14 Oct 2026"},
		{engine.Reason{Feature: "spend_365", Count: 1234.5}, "€ 1.234,50 besteed in 12 maanden", "€ 1,234.50 spent in 12 months"},
		{engine.Reason{Feature: "recency_days", Count: 1200, At: oct14}, "laatste bestelling 1.200 dagen geleden (14 okt 2026)", "last order 1,200 days ago (14 Oct 2026)"},
		{engine.Reason{Feature: "recency_days", Count: 1, At: oct14}, "laatste bestelling 1 dag geleden (14 okt 2026)", "last order 1 day ago (14 Oct 2026)"},
		{engine.Reason{Feature: "recency_days", Count: 40}, "nog nooit besteld", "never ordered"},
		// A short tenure raises the risk: one day is "1 dag", a few hours no "0 dagen".
		{engine.Reason{Feature: "tenure_days", Count: 1}, "1 dag klant", "customer for 1 day"},
		{engine.Reason{Feature: "tenure_days", Count: 12.4}, "12 dagen klant", "customer for 12 days"},
		{engine.Reason{Feature: "tenure_days", Count: 0.2}, "minder dan een dag klant", "customer for less than a day"},
		{engine.Reason{Feature: "events_90", Count: 0}, "geen activiteit in 90 dagen", "no engagement in 90 days"},
		{engine.Reason{Feature: "segment", Count: 1, Name: "Particulier"}, "segment Particulier", "segment Particulier"},
	}
	for _, c := range cases {
		t.Run(c.en, func(t *testing.T) {
			for lang, want := range map[string]string{"nl": c.nl, "en": c.en} {
				d := &dashPage{page: &page{Lang: lang, Currency: "EUR"}}
				if got := reasonText(d, report.Lang(lang), c.reason); got != want {
					t.Errorf("%s: %q, want %q", lang, got, want)
				}
			}
		})
	}
}
