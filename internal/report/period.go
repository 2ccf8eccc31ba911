package report

import (
	"strings"
	"time"

	"github.com/klantpuls/klantpuls/internal/cx"
)

// ParsePeriod reads the dates of a period [from, to) as local midnights in loc. Both the
// command line and the API read periods this way, with the same messages.
func ParsePeriod(from, to string, loc *time.Location) (time.Time, time.Time, error) {
	f, err := parseDay(from, loc, "from")
	if err != nil {
		return f, f, err
	}
	t, err := parseDay(to, loc, "to")
	if err != nil {
		return f, t, err
	}
	if !f.Before(t) {
		return f, t, cx.Errorf(cx.EINVALID, "from %s must be before to %s (the period is [from, to))", from, to)
	}
	return f, t, nil
}

func parseDay(s string, loc *time.Location, name string) (time.Time, error) {
	if strings.TrimSpace(s) == "" {
		return time.Time{}, cx.Errorf(cx.EINVALID, "%s is missing (a date YYYY-MM-DD)", name)
	}
	t, err := time.ParseInLocation(time.DateOnly, strings.TrimSpace(s), loc)
	if err != nil {
		return t, cx.Errorf(cx.EINVALID, "%s %q is not a date YYYY-MM-DD", name, s)
	}
	return t, nil
}

// Steps of a time series.
const (
	StepDay   = "day"
	StepWeek  = "week"
	StepMonth = "month"
)

// MaxBuckets bounds a time series: 400 days is a year of daily points and a bit.
const MaxBuckets = 400

// Buckets splits [from, to) at local day, week (Monday) or month boundaries: the first and last
// bucket may be partial.
func Buckets(from, to time.Time, step string) ([][2]time.Time, error) {
	next := map[string]func(time.Time) time.Time{
		StepDay: func(t time.Time) time.Time { return t.AddDate(0, 0, 1) },
		StepWeek: func(t time.Time) time.Time {
			days := (8 - int(t.Weekday())) % 7 // to the next Monday
			if days == 0 {
				days = 7
			}
			return t.AddDate(0, 0, days)
		},
		StepMonth: func(t time.Time) time.Time {
			return time.Date(t.Year(), t.Month()+1, 1, 0, 0, 0, 0, t.Location())
		},
	}[step]
	if next == nil {
		return nil, cx.Errorf(cx.EINVALID, "step %q is not day, week or month", step)
	}
	var out [][2]time.Time
	for start := from; start.Before(to); {
		end := next(start)
		if end.After(to) {
			end = to
		}
		out = append(out, [2]time.Time{start, end})
		if len(out) > MaxBuckets {
			return nil, cx.Errorf(cx.EINVALID, "more than %d %ss between from and to; choose a larger step", MaxBuckets, step)
		}
		start = end
	}
	return out, nil
}
