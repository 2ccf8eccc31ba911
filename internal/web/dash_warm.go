package web

import (
	"context"
	"time"
)

// ModelEnds are the ends of the periods the period picker opens — the first screen's month,
// this week, month, quarter and year — and of the periods just before them, which every page
// compares with. Their customer-value models (engine.ModelFit, one per as-of day) are what serve
// fits ahead in the background, so no page waits for one.
func (s *Server) ModelEnds(ctx context.Context) []time.Time {
	loc := s.app.Config.Timezone
	now := s.now().In(loc)
	today := time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, loc)
	return modelEnds(today, s.monthsWithData(ctx, today))
}

// modelEnds is ModelEnds for a day (midnight) and the months with data (defaultPeriod).
func modelEnds(today time.Time, withData []time.Time) []time.Time {
	_, from, to := defaultPeriod(today, withData)
	out := []time.Time{to, from}
	for _, p := range periods {
		if validPeriod(p) {
			from, to := currentPeriod(p, today)
			out = append(out, to, from)
		}
	}
	return out
}
