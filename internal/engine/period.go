package engine

import (
	"time"

	"github.com/klantpuls/klantpuls/internal/cx"
)

// Step is the length of the buckets of a series, in the account time zone: a day from local
// midnight, a week from Monday 00:00, a calendar month from the 1st. Buckets follow the wall
// clock, so the day of a DST change is 23 or 25 hours long.
type Step string

const (
	NoStep    Step = "" // only the period itself
	StepDay   Step = "day"
	StepWeek  Step = "week"
	StepMonth Step = "month"
)

// MaxBuckets bounds a series: 400 days is a year of daily points and a bit.
const MaxBuckets = 400

// ParseStep reads a step as the API and the command line write it.
func ParseStep(s string) (Step, error) {
	switch st := Step(s); st {
	case StepDay, StepWeek, StepMonth:
		return st, nil
	}
	return NoStep, cx.Errorf(cx.EINVALID, "step %q is not day, week or month", s)
}

// after is the start of the bucket that follows the one holding t (t in the account zone).
// time.Date normalises the day and month, and gives local midnight on either side of a DST
// change, where adding 24 hours would not.
func (s Step) after(t time.Time) time.Time {
	y, m, d := t.Date()
	switch s {
	case StepWeek:
		days := (8 - int(t.Weekday())) % 7 // to the next Monday
		if days == 0 {
			days = 7
		}
		return time.Date(y, m, d+days, 0, 0, 0, 0, t.Location())
	case StepMonth:
		return time.Date(y, m+1, 1, 0, 0, 0, 0, t.Location())
	}
	return time.Date(y, m, d+1, 0, 0, 0, 0, t.Location())
}

// bounds splits [from, to) at the step's boundaries in loc: the bucket i is [b[i], b[i+1]).
// The first and last buckets may be partial.
func (s Step) bounds(from, to time.Time, loc *time.Location) ([]time.Time, error) {
	b := []time.Time{from.In(loc)}
	for t := b[0]; t.Before(to); {
		if t = s.after(t); t.After(to) {
			t = to.In(loc)
		}
		b = append(b, t)
		if len(b) > MaxBuckets+1 {
			return nil, cx.Errorf(cx.EINVALID, "more than %d %ss between from and to; choose a larger step", MaxBuckets, s)
		}
	}
	return b, nil
}

// span is a period as Unix seconds, [from, to).
type span struct{ from, to uint32 }

func (s span) has(t uint32) bool { return t != noTime && t >= s.from && t < s.to }

// timeline is a row of back-to-back periods of a run: period j of the row, [bounds[j],
// bounds[j+1]), is the run's period first+j. An instant lies in at most one period of a row,
// so one pass over a column fills every period of the row.
type timeline struct {
	bounds []uint32
	first  int
	// cells tells, for a row of many periods, which one holds the start of each quarter day
	// from bounds[0]: buckets last at least 23 hours, so an instant's period is that of its
	// cell or, seldom, a next one. Found in constant time, where bisection took a few steps
	// for every instant of every record.
	cells []uint16
}

const cellSeconds = 6 * 3600

func newTimeline(bounds []uint32, first int) timeline {
	l := timeline{bounds: bounds, first: first}
	if len(bounds) > 3 {
		n := (bounds[len(bounds)-1] - bounds[0] + cellSeconds - 1) / cellSeconds
		l.cells = make([]uint16, n)
		j := 0
		for c := range l.cells {
			for t := bounds[0] + uint32(c)*cellSeconds; t >= bounds[j+1]; {
				j++
			}
			l.cells[c] = uint16(j)
		}
	}
	return l
}

// periods is the number of periods on the row.
func (l *timeline) periods() int { return len(l.bounds) - 1 }

// at is the run's period that holds t, or -1.
func (l *timeline) at(t uint32) int {
	if len(l.bounds) == 2 { // one period (a report's): one comparison, a record's every instant
		if t-l.bounds[0] < l.bounds[1]-l.bounds[0] { // t below the start wraps around
			return l.first
		}
		return -1
	}
	if j := l.position(t); j >= 0 && j < l.periods() {
		return l.first + j
	}
	return -1
}

// startedBy is the number of the row's periods that start at or before t.
func (l *timeline) startedBy(t uint32) int { return min(l.position(t)+1, l.periods()) }

// endedBy is the number of the row's periods that end at or before t.
func (l *timeline) endedBy(t uint32) int { return max(l.position(t), 0) }

// position is the row's period that holds t: -1 before the row, periods() after it. An
// absent instant (noTime, 0) is before every row: bounds are at least 1 (clampInstant).
func (l *timeline) position(t uint32) int {
	b := l.bounds
	switch {
	case t < b[0]:
		return -1
	case t >= b[len(b)-1]:
		return l.periods()
	case l.cells == nil: // at most one bound inside the row (newTimeline)
		return countUpTo(b[1:len(b)-1], t)
	}
	j := int(l.cells[(t-b[0])/cellSeconds])
	for t >= b[j+1] {
		j++
	}
	return j
}

// countUpTo is the number of values of bs that are at most t, counted without a branch on t:
// it serves the rows without cells, whose bound inside is one at most (position), and records
// of a period and the one before it alternate between its two sides — a bisection's branch
// was guessed wrong for every other record (a twentieth of the overview of a year's CPU).
func countUpTo(bs []uint32, t uint32) int {
	n := 0
	for _, b := range bs {
		n += int((uint64(b) - uint64(t) - 1) >> 63) // 1 when b <= t: b−t−1 is then negative
	}
	return n
}

// ranges counts, per period and group, the records a condition holds for over a stretch of
// consecutive periods of a row (a ticket waiting for its first answer, a customer in the
// base): a record adds its stretch in constant time, and counts sums the stretches once.
type ranges struct {
	r    *run
	diff [][]int // per row of the run: (periods+1) × groups differences
}

func (r *run) newRanges() ranges {
	rs := ranges{r: r, diff: make([][]int, len(r.lines))}
	for i, l := range r.lines {
		rs.diff[i] = make([]int, (l.periods()+1)*r.nGroups)
	}
	return rs
}

// add counts group g in the periods lo up to (not including) hi of row i.
func (rs ranges) add(i, lo, hi int, g uint16) {
	if lo < hi {
		n := rs.r.nGroups
		rs.diff[i][lo*n+int(g)]++
		rs.diff[i][hi*n+int(g)]--
	}
}

// counts returns the count of each period and group, indexed as the run's sets are.
func (rs ranges) counts() []int {
	r := rs.r
	out := make([]int, len(r.sets))
	for i, l := range r.lines {
		d := rs.diff[i]
		for g := range r.nGroups {
			sum := 0
			for j := range l.periods() {
				sum += d[j*r.nGroups+g]
				out[(l.first+j)*r.nGroups+g] = sum
			}
		}
	}
	return out
}
