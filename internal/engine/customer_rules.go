package engine

import (
	"cmp"
	"slices"
	"time"

	"github.com/klantpuls/klantpuls/internal/metric"
)

// Rules of the customer metrics that another querier (the ClickHouse one, issue 18) applies
// too: written once here, so both give the same figures.

// CalendarDays is the number of calendar days from the local date of from to that of to: a
// period across a DST change is still whole days (metrics.md section 3, D).
func CalendarDays(from, to time.Time) float64 {
	y1, m1, d1 := from.Date()
	y2, m2, d2 := to.Date()
	return time.Date(y2, m2, d2, 12, 0, 0, 0, time.UTC).Sub(time.Date(y1, m1, d1, 12, 0, 0, 0, time.UTC)).Hours() / 24
}

// PreviousFrom is where the period before [from, to) of equal length starts: as many calendar
// days back as the period has, whatever its kind — a month's previous period is the 31 days
// before March, not February. The dashboard's changes, the alerts and the digests all compare
// so (one rule: a digest that compared with the month before showed other changes than the
// dashboard its link opens).
func PreviousFrom(from, to time.Time) time.Time {
	return from.AddDate(0, 0, -int(CalendarDays(from, to)))
}

// ModelDay is the as-of day (DayNumber) of the customer-value models for a period ending at
// to, with now the clock's time: the local date of the last second before to, but yesterday
// at the latest. Today is not over and later days have not happened: a model observing them
// would take every customer's silence until then for drop-out.
func ModelDay(to, now time.Time, loc *time.Location) int {
	now = now.In(loc)
	if today := time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, now.Location()); to.After(today) {
		to = today
	}
	y, m, d := to.Add(-time.Second).In(loc).Date()
	return DayNumber(y, m, d)
}

// EngagementKinds lists the kinds engagement is computed over: the configured ones with their
// weights, else every known kind (as shown) with weight 1, by name; at most 64 (the width of
// the engine's per-customer mark).
func EngagementKinds(configured []metric.Weighted, known []string) []metric.Weighted {
	var kinds []metric.Weighted
	for _, w := range configured {
		kinds = append(kinds, metric.Weighted{Kind: w.Kind, Weight: w.Weight})
	}
	if len(kinds) == 0 {
		for _, k := range known {
			kinds = append(kinds, metric.Weighted{Kind: k, Weight: 1})
		}
		slices.SortFunc(kinds, func(a, b metric.Weighted) int { return cmp.Compare(a.Kind, b.Kind) })
	}
	return kinds[:min(len(kinds), 64)]
}

// CLVWindow is the CLV's window W of the period [from, to) (metrics.md section 3): its start
// in Unix seconds, clamped as the engine's instants are (it ends at to), and its calendar days.
func CLVWindow(from, to time.Time) (start uint32, days float64) {
	w := metric.CLVWindowStart(from, to)
	return clampInstant(w), CalendarDays(w, to)
}
