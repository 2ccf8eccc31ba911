package clickhouse

import (
	"fmt"
	"time"

	"github.com/klantpuls/klantpuls/internal/engine"
)

// maxMappedDays bounds the days a row of periods is mapped by (dayMap): a year of days, or
// the weeks and months of many years.
const maxMappedDays = 15000

// insideExpr is the SQL of the period of row l, counted from the row's first (0-based), that
// holds the UInt32 instant at, for an instant within the row (timeline.position). Buckets
// start at local midnights: the instant's local date maps to its bucket by transform(), a
// hash lookup; otherwise the inner bounds at or before the instant are counted (a lambda over
// a constant array, which 18.16 copies for every row: 40x slower on a year of days).
func (p *plan) insideExpr(s *statement, l engine.PlanLine, at string) string {
	inner := l.Bounds[1 : len(l.Bounds)-1]
	if len(inner) == 0 {
		return "toInt32(0)"
	}
	if days, periods, ok := p.daysBetween(l.Bounds); ok { // each date of the row and its period
		return fmt.Sprintf("toInt32(transform(%s, %s, %s, -1))", p.localDaySQL(s, at), s.bind(days), s.bind(periods))
	}
	return fmt.Sprintf("toInt32(arrayCount(x -> x <= %s, %s))", at, s.bind(inner))
}

// positionExpr is the SQL of timeline.position: the period of row l holding at (0-based), -1
// before the row, the row's number of periods after it.
func (p *plan) positionExpr(s *statement, l engine.PlanLine, at string) string {
	b := l.Bounds
	return fmt.Sprintf("if(%s < %s, toInt32(-1), if(%s >= %s, toInt32(%d), %s))", at, s.bind(b[0]), at, s.bind(b[len(b)-1]),
		len(b)-1, p.insideExpr(s, l, at))
}

// daysBetween lists, when every one of the ascending bounds is a local midnight, each local
// date from the first bound's to the day before the last's and the index j of the bounds
// [j, j+1) that hold it; ok is false otherwise, or when the zone has no name ClickHouse knows,
// or the dates pass maxMappedDays.
func (p *plan) daysBetween(bounds []uint32) (days, index []int32, ok bool) {
	if !p.zoneKnown() {
		return nil, nil, false
	}
	for j := 0; j+1 < len(bounds); j++ {
		from, midnight := p.localDay(bounds[j])
		to, next := p.localDay(bounds[j+1])
		if !midnight || !next || len(days)+int(to-from) > maxMappedDays {
			return nil, nil, false
		}
		for d := from; d < to; d++ {
			days, index = append(days, d), append(index, int32(j))
		}
	}
	return days, index, true
}

// zoneKnown tells whether the account's zone has a name ClickHouse knows, so that instants may
// be mapped by their local dates (localDaySQL).
func (p *plan) zoneKnown() bool {
	loc := p.q.opts.Timezone
	return loc != nil && loc.String() != "Local"
}

// localDay is the local date of instant b (days since 1970-01-01, ClickHouse's Date), and
// whether b is that date's midnight.
func (p *plan) localDay(b uint32) (int32, bool) {
	loc := p.q.opts.Timezone
	t := time.Unix(int64(b), 0).In(loc)
	y, m, d := t.Date()
	return int32(engine.DayNumber(y, m, d)), t.Equal(time.Date(y, m, d, 0, 0, 0, 0, loc))
}

// midnight is the instant local date d (localDay's number) begins.
func (p *plan) midnight(d int32) uint32 {
	return uint32(time.Date(1970, 1, 1+int(d), 0, 0, 0, 0, p.q.opts.Timezone).Unix())
}

// localDaySQL is localDay's date in SQL, as Int32, of the UInt32 instant at.
func (p *plan) localDaySQL(s *statement, at string) string {
	return fmt.Sprintf("toInt32(toDate(toDateTime(%s), %s))", at, s.bind(p.q.opts.Timezone.String()))
}
