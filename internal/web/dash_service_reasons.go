package web

import (
	"cmp"
	"context"
	"slices"

	"github.com/klantpuls/klantpuls/internal/engine"
	"github.com/klantpuls/klantpuls/internal/metric"
)

// reasonRow is one contact reason (a ticket category) of the service page: its volume and how
// its tickets went. Rates carry their n and are starred below 30 measurements, as elsewhere.
type reasonRow struct {
	Category             string // as shown: the category as first seen, "(geen)" for tickets without one
	Filter               string // the filter's value; "" for no category, which the filter cannot select
	Volume               string // tickets created in the period
	created              int
	FRT                  string // first response, business median
	FRTN                 string // its n, written with thousands separators
	FCR, CSAT, Transfers reasonRate
}

// reasonRate is one rate of a row, formatted, with its n; Indicative is the star's title
// ("" when n ≥ 30 or there is no value).
type reasonRate struct {
	Value      string
	N          string // the rate's n, written with thousands separators
	Indicative string
}

// contactReasons are the rows of view v (the page's, measured) split by category, most tickets first (a tie in the
// order names are listed), and the view's total (all of the unsplit set m). A category with
// neither tickets nor CSAT answers in the period (only NPS answers without a ticket, the ""
// group) has no row.
func (s *Server) contactReasons(ctx context.Context, d *dashPage, v view, m *metric.Set) (rows []reasonRow, total *reasonRow) {
	q := v.query(engine.ByCategory)
	q.Parts = engine.PartService | engine.PartSurveys
	q.Metrics = reasonMetrics
	for _, g := range s.viewRows(ctx, q) { // in name order, which ties keep
		x := &g.Metrics
		if x.Tickets == nil || x.CSAT == nil ||
			x.Tickets.Created == 0 && x.Tickets.Solved == 0 && x.FirstResponse.Business.N == 0 && x.CSAT.N == 0 {
			continue
		}
		row := reasonOf(d, x)
		row.Category, row.Filter = *g.Key, *g.Key
		if *g.Key == "" {
			row.Category = d.T("none")
		}
		rows = append(rows, row)
	}
	slices.SortStableFunc(rows, func(a, b reasonRow) int { return cmp.Compare(b.created, a.created) })
	if len(rows) > 0 && m.Tickets != nil && m.CSAT != nil {
		all := reasonOf(d, m)
		all.Category = d.T("all")
		total = &all
	}
	return rows, total
}

// reasonMetrics are the metrics of a contact reason's row (reasonOf): all its query computes.
var reasonMetrics = []string{"tickets", "first_response", "fcr", "csat", "transfers"}

// reasonOf formats the figures of one set.
func reasonOf(d *dashPage, x *metric.Set) reasonRow {
	l := d.View.Lang
	rate := func(v *float64, n int) reasonRate {
		r := reasonRate{Value: l.Percent(v), N: l.Number(float64(n), 0)}
		if v != nil && metric.Indicative(n) {
			r.Indicative, d.Indicate = d.T("indicative"), true
		}
		return r
	}
	return reasonRow{Volume: l.Number(float64(x.Tickets.Created), 0), created: x.Tickets.Created,
		FRT: l.Duration(x.FirstResponse.Business.Median), FRTN: l.Number(float64(x.FirstResponse.Business.N), 0),
		FCR: rate(x.FCR.Value, x.FCR.N), CSAT: rate(x.CSAT.Value, x.CSAT.N), Transfers: rate(x.Transfers.Value, x.Transfers.N)}
}
