package web

import (
	"context"
	"time"

	"github.com/klantpuls/klantpuls/internal/engine"
)

// ModelEnds are the ends of the periods the period picker opens — the first screen's month,
// this week, month, quarter and year — and of the periods just before them, which every page
// compares with. Their customer-value models (engine.ModelFit, one per as-of day) are what serve
// fits ahead in the background, so no page waits for one.
func (s *Server) ModelEnds(ctx context.Context) []time.Time {
	today := s.today()
	return modelEnds(today, s.monthsWithData(ctx, today))
}

// today is the midnight that began today in the account's time zone.
func (s *Server) today() time.Time {
	loc := s.app.Config.Timezone
	now := s.now().In(loc)
	return time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, loc)
}

// FirstScreen is the question of the first screen a manager opens — the overview of the first
// screen's period (defaultPeriod), unfiltered — which a serve node on ClickHouse asks once at
// start, so the first viewer finds it answered (clickhouse.Querier.KeepWarm keeps it so while
// it is viewed).
func (s *Server) FirstScreen(ctx context.Context) engine.Query {
	today := s.today()
	v := view{Today: today, Filter: map[engine.Dim]string{}}
	v.Period, v.From, v.To = s.firstPeriod(ctx, today)
	return overviewQuery(v)
}

// firstPeriod is the first screen's period on the day that began at today (defaultPeriod of
// the months with data).
func (s *Server) firstPeriod(ctx context.Context, today time.Time) (period string, from, to time.Time) {
	return defaultPeriod(today, s.monthsWithData(ctx, today))
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
