package web

import (
	"fmt"
	"math"

	"github.com/klantpuls/klantpuls/internal/engine"
	"github.com/klantpuls/klantpuls/internal/report"
)

// reasonTexts writes a customer's top reasons as plain sentences with their own figures and
// dates, the Dutch way on a Dutch page: "3 klachten in 90 dagen", "NPS 2 op 14 okt 2026".
func reasonTexts(d *dashPage, l report.Lang, reasons []engine.Reason) []string {
	out := make([]string, 0, len(reasons))
	for _, r := range reasons {
		out = append(out, reasonText(d, l, r))
	}
	return out
}

func reasonText(d *dashPage, l report.Lang, r engine.Reason) string {
	n := l.Number(r.Count, 0)
	key := "crwhy_" + r.Feature
	switch r.Feature {
	case "segment":
		return fmt.Sprintf(d.T(key), r.Name)
	case "nps_detractor", "nps_promoter":
		return fmt.Sprintf(d.T("crwhy_nps"), r.Score, l.Date(r.At))
	case "csat_low":
		return fmt.Sprintf(d.T("crwhy_csat"), r.Score, l.Date(r.At))
	case "recency_days":
		if r.At.IsZero() {
			return d.T("crwhy_never_ordered")
		}
		return fmt.Sprintf(d.T(key), days(d, r.Count), l.Date(r.At))
	case "tenure_days":
		return fmt.Sprintf(d.T(key), days(d, r.Count))
	case "spend_365":
		return fmt.Sprintf(d.T(key), l.Money(d.Currency, &r.Count))
	case "complaints_90", "tickets_90", "open_tickets", "orders_365", "sla_breaches_90", "reopens_90", "events_90", "negative_share":
		switch {
		case r.Count == 0 && (r.Feature == "events_90" || r.Feature == "orders_365"):
			return d.T(key + "_zero")
		case r.Count == 1:
			key += "_one"
		}
	}
	return fmt.Sprintf(d.T(key), n)
}

// days is a number of days in words, singular for one ("1 dag", "12 dagen"), and "minder dan
// een dag" for what rounds to none: a customer of a few hours is not one of "0 dagen".
func days(d *dashPage, x float64) string {
	if n := int(math.Round(x)); n > 0 {
		return d.Count(n, "day")
	}
	return d.T("crwhy_under_a_day")
}
