package metric

import "time"

// CLVWindowStart is where the CLV's window W of a period [from, to) begins (metrics.md section 3):
// the same local date one year before to — 28 February when that date does not exist — or
// from, when the period is longer than a year. A short period must not be extrapolated to a
// lifetime, so a year is the least W spans.
func CLVWindowStart(from, to time.Time) time.Time {
	y, m, d := to.Date()
	start := time.Date(y-1, m, d, to.Hour(), to.Minute(), to.Second(), to.Nanosecond(), to.Location())
	if start.Day() != d { // 29 February of a year without one rolled over into March
		start = time.Date(y-1, m, 28, to.Hour(), to.Minute(), to.Second(), to.Nanosecond(), to.Location())
	}
	if from.Before(start) {
		return from
	}
	return start
}
