package importer

import (
	"fmt"
	"math"
	"time"
)

// Instants klantpuls can hold: the engine keeps seconds since 1970 in 32 bits.
var (
	minInstant = time.Unix(1, 0)
	maxInstant = time.Unix(math.MaxUint32, 0)
)

// parseTime reads an RFC 3339 timestamp with offset, or a local "YYYY-MM-DD HH:MM[:SS]" in the
// account time zone. A local time that a DST change skips or repeats is refused: only an offset
// says which instant is meant. Fractions of a second are dropped.
func parseTime(s string, loc *time.Location) (time.Time, error) {
	var t time.Time
	var err error
	if len(s) > 10 && (s[10] == 'T' || s[10] == 't') {
		t, err = time.Parse(time.RFC3339Nano, s)
		if err != nil {
			return t, fmt.Errorf("%q is not a timestamp (RFC 3339 with offset, such as 2026-03-13T17:30:00+01:00, or local 2026-03-13 17:30)", s)
		}
	} else if t, err = parseLocal(s, loc); err != nil {
		return t, err
	}
	t = t.Truncate(time.Second)
	if t.Before(minInstant) || t.After(maxInstant) {
		return time.Time{}, fmt.Errorf("%q is outside the supported range (1970 to 2106)", s)
	}
	return t.UTC(), nil
}

func parseLocal(s string, loc *time.Location) (time.Time, error) {
	var wall time.Time
	var err error
	for _, layout := range []string{"2006-01-02 15:04:05", "2006-01-02 15:04"} {
		if wall, err = time.Parse(layout, s); err == nil {
			break
		}
	}
	if err != nil {
		return time.Time{}, fmt.Errorf("%q is not a timestamp (RFC 3339 with offset, such as 2026-03-13T17:30:00+01:00, or local 2026-03-13 17:30)", s)
	}
	// Each offset in force around that wall-clock time gives a candidate instant; the ones
	// whose local clock reads the same wall time are the instants meant.
	u := wall.Unix()
	var found []time.Time
	for _, probe := range []int64{u - 14*3600, u + 14*3600} {
		_, off := time.Unix(probe, 0).In(loc).Zone()
		c := time.Unix(u-int64(off), 0).In(loc)
		if sameWall(c, wall) && (len(found) == 0 || !found[0].Equal(c)) {
			found = append(found, c)
		}
	}
	switch len(found) {
	case 0:
		return time.Time{}, fmt.Errorf("%q does not exist in %s (a daylight-saving change skips it); give an offset", s, loc)
	case 2:
		return time.Time{}, fmt.Errorf("%q happens twice in %s (a daylight-saving change repeats it); give an offset", s, loc)
	}
	return found[0], nil
}

func sameWall(t, wall time.Time) bool {
	y, m, d := t.Date()
	wy, wm, wd := wall.Date()
	return y == wy && m == wm && d == wd && t.Hour() == wall.Hour() && t.Minute() == wall.Minute() && t.Second() == wall.Second()
}
