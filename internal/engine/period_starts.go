package engine

import "time"

// Start is the start of the bucket of step s that holds t, in t's location: local midnight, the
// Monday 00:00 before, or the 1st (NoStep reads as a day).
func (s Step) Start(t time.Time) time.Time {
	y, m, d := t.Date()
	switch s {
	case StepWeek:
		return time.Date(y, m, d-(int(t.Weekday())+6)%7, 0, 0, 0, 0, t.Location())
	case StepMonth:
		return time.Date(y, m, 1, 0, 0, 0, 0, t.Location())
	}
	return time.Date(y, m, d, 0, 0, 0, 0, t.Location())
}

// Starts returns the starts of the n full buckets of step s before the one holding now, and the
// start of that one (n+1 instants, oldest first), in now's location: the last full bucket is
// [starts[n-1], starts[n]). AddDate on dates keeps midnight across a change of summer time,
// where adding 24 hours would not.
func (s Step) Starts(now time.Time, n int) []time.Time {
	cur := s.Start(now)
	out := make([]time.Time, n+1)
	for i := 0; i <= n; i++ {
		switch s {
		case StepMonth:
			out[n-i] = cur.AddDate(0, -i, 0)
		case StepWeek:
			out[n-i] = cur.AddDate(0, 0, -7*i)
		default:
			out[n-i] = cur.AddDate(0, 0, -i)
		}
	}
	return out
}

// SeriesSpan is how many of a series' buckets to draw — those begun by now, so that a chart
// of the running quarter does not fall to nothing in the weeks still to come — and which of
// them are partial: cut by the period's first or last day (shorter than a whole day, week or
// month of the step, as bounds cuts them) or still running at now. A partial bucket drawn as
// a whole one looks like a dip, so every chart, on screen or on paper, marks these.
func SeriesSpan(buckets [][2]time.Time, step Step, now time.Time) (n int, partial []bool) {
	for _, b := range buckets {
		if !b[0].Before(now) {
			break
		}
		start := step.Start(b[0])
		whole := start.Equal(b[0]) && b[1].Equal(step.after(start))
		partial = append(partial, !whole || b[1].After(now))
		n++
	}
	return n, partial
}
