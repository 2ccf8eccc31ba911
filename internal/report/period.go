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
