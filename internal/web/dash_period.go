package web

import (
	"context"
	"sync"
	"time"

	"github.com/klantpuls/klantpuls/internal/engine"
)

// The first screen's period. A page opened without a period shows the last full calendar
// month that has data, not "this month": on 2 December this month has one day in it, and its
// figures (a CLV extrapolated from a day, n = 3 answers) mislead. A month rather than a week,
// because the customer figures (churn, retention, CLV) are defined and compared per month, and
// a small team's week has too few answers (n < 30) for NPS or CSAT to say much; the period
// picker keeps "this week" and "this month" one choice away.

// lastMonth is the period picker's value for that default.
const lastMonth = "lastmonth"

// dataLookBack bounds how far back the first screen looks for a month with data.
const dataLookBack = 24

// defaultPeriod is the rule of the first screen: of the calendar months that ended by today
// (midnight of today, in its location), the latest one in withData (the first days of the
// months that hold data). When no full month has data but the current one does (data imported
// today), the current month ("month"), so a new account does not open empty. With no data at
// all, the last full month.
func defaultPeriod(today time.Time, withData []time.Time) (period string, from, to time.Time) {
	loc := today.Location()
	y, m, _ := today.Date()
	current := time.Date(y, m, 1, 0, 0, 0, 0, loc)
	var best time.Time
	hasCurrent := false
	for _, t := range withData {
		t = t.In(loc)
		first := time.Date(t.Year(), t.Month(), 1, 0, 0, 0, 0, loc)
		switch {
		case first.Equal(current):
			hasCurrent = true
		case first.Before(current) && first.After(best):
			best = first
		}
	}
	switch {
	case !best.IsZero():
		return lastMonth, best, best.AddDate(0, 1, 0)
	case hasCurrent:
		return "month", current, current.AddDate(0, 1, 0)
	}
	return lastMonth, current.AddDate(0, -1, 0), current
}

// dataMonths remembers which months hold data, for the day and the state of the records the
// reports answer from that it was worked out for: one query when records arrive (with
// ClickHouse: when they are shipped) or the day changes, none on other page loads.
type dataMonths struct {
	mu     sync.Mutex
	day    time.Time
	at     string // app.ReportsAt
	months []time.Time
}

// monthsWithData lists the first days of the months of the last two years that have tickets
// or survey answers (what every page of the dashboard is about), or only the last full month
// when it has them: all the first screen's period (defaultPeriod) reads then. It is a report query, so a
// ClickHouse node answers it without the engine.
func (s *Server) monthsWithData(ctx context.Context, today time.Time) []time.Time {
	at, err := s.app.ReportsAt(ctx)
	if err != nil {
		s.partial(ctx, "the months with data", err)
		return nil
	}
	c := &s.dataMonths
	c.mu.Lock()
	defer c.mu.Unlock()
	if !c.day.Equal(today) || c.at != at {
		c.day, c.at, c.months = today, at, s.findMonthsWithData(ctx, today)
	}
	return c.months
}

// findMonthsWithData is monthsWithData's query. Where the last full month holds tickets (or else
// survey answers) that month is all defaultPeriod needs, and a month's counts are all it asks:
// on ClickHouse at tens of millions of records two years of every figure by month took seconds
// after every change (issue 18). Only then, as on a new account, the months of the look-back,
// the counts by month.
func (s *Server) findMonthsWithData(ctx context.Context, today time.Time) []time.Time {
	y, m, _ := today.Date()
	current := time.Date(y, m, 1, 0, 0, 0, 0, today.Location())
	last := current.AddDate(0, -1, 0)
	for _, part := range []engine.Part{engine.PartTicketCounts, engine.PartSurveys} {
		if hasData(s.viewQuery(ctx, engine.Query{From: last, To: current, Parts: part}).Groups) {
			return []time.Time{last}
		}
	}
	to := current.AddDate(0, 1, 0)
	q := engine.Query{From: to.AddDate(0, -dataLookBack-1, 0), To: to, Step: engine.StepMonth,
		Parts: engine.PartTicketCounts | engine.PartSurveys}
	var months []time.Time
	for _, b := range s.viewQuery(ctx, q).Buckets {
		if hasData(b.Groups) {
			months = append(months, b.From)
		}
	}
	return months
}

// hasData tells whether a bucket holds tickets or survey answers.
func hasData(groups []engine.Group) bool {
	m := firstSet(groups)
	if t := m.Tickets; t != nil && (t.Created > 0 || t.Solved > 0) {
		return true
	}
	return (m.NPS != nil && m.NPS.N > 0) || (m.CSAT != nil && m.CSAT.N > 0) || (m.CES != nil && m.CES.N > 0)
}
