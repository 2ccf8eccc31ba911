package web

import (
	"time"

	"github.com/klantpuls/klantpuls/internal/engine"
)

// A chart or sparkline shows the buckets of the view's period (days, weeks or months). Two
// things about them would mislead if drawn as they come: buckets that lie wholly in the future
// (a line falling to nothing at the end of every agent's trend), and buckets that are only
// partly measured — the current week, or a week cut by the period's first or last day — which
// look like a dip. The first are left out, the second are marked.

// seriesSpan is how many of the buckets to draw — those that have begun by now — and which of
// them are partial: cut by the period's edges (shorter than a whole day, week or month of the
// step) or still running at now.
func seriesSpan(buckets [][2]time.Time, step engine.Step, now time.Time) (n int, partial []bool) {
	for _, b := range buckets {
		if !b[0].Before(now) {
			break
		}
		start := stepStart(b[0], step)
		whole := start.Equal(b[0]) && b[1].Equal(stepAfter(start, step))
		partial = append(partial, !whole || b[1].After(now))
		n++
	}
	return n, partial
}

// stepStart is the start of the day, week (Monday) or month holding t, in t's location: the
// bucket boundaries of engine.Step.
func stepStart(t time.Time, step engine.Step) time.Time {
	y, m, d := t.Date()
	switch step {
	case engine.StepWeek:
		return time.Date(y, m, d-(int(t.Weekday())+6)%7, 0, 0, 0, 0, t.Location())
	case engine.StepMonth:
		return time.Date(y, m, 1, 0, 0, 0, 0, t.Location())
	}
	return time.Date(y, m, d, 0, 0, 0, 0, t.Location())
}

// stepAfter is the start of the step after the one that starts at start.
func stepAfter(start time.Time, step engine.Step) time.Time {
	switch step {
	case engine.StepWeek:
		return start.AddDate(0, 0, 7)
	case engine.StepMonth:
		return start.AddDate(0, 1, 0)
	}
	return start.AddDate(0, 0, 1)
}

// anyTrue tells whether a bucket of a series is partial, for the note under a chart.
func anyTrue(xs []bool) bool {
	for _, x := range xs {
		if x {
			return true
		}
	}
	return false
}
