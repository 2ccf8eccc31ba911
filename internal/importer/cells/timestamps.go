package cells

import (
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"
)

// Instants klantpuls can hold: the engine keeps seconds since 1970 in 32 bits, 0 for none, so
// from 1970-01-01 00:00:01 to 2106-02-07 06:28:15 UTC.
var (
	minInstant = time.Unix(1, 0)
	maxInstant = time.Unix(math.MaxUint32, 0)
)

// ParseTime reads a timestamp as people and their tools write them, by one rule:
//
//   - RFC 3339 with an offset: 2026-03-13T17:30:00+01:00, 2026-03-13T16:30:00Z (T and Z also
//     in lower case, as RFC 3339 allows).
//   - A date, then optionally a time of day, AM or PM, and an offset, separated by spaces:
//   - the date as 2026-03-13 or 2026/03/13, or day first as 13-03-2026, 13-3-2026 or 13/03/2026;
//   - the time as 14:05 or 14:05:00 (a fraction of a second is dropped); with AM or PM the
//     hour is 1–12 (12:30 AM is 00:30, 12:30 PM is 12:30);
//   - the offset as +0200, +02:00, +02, Z or UTC, also right after the time (14:05:00Z), or
//     as GMT with one of those or with a one-digit hour: GMT+1, GMT+01:00, GMT-5, GMT (Google
//     Forms writes 2026/05/20 1:43:01 PM GMT+1).
//   - A date with / and AM or PM is as often month first (3/13/2026 2:05 PM, as Excel writes
//     in the United States) as day first: it is read only when one order gives no real date
//     or both give the same; 3/4/2026 2:05 PM is refused. Without AM or PM, and with -, a date
//     is always day first (the Dutch way).
//   - Without an offset the time is local in loc (the import's --timezone, by default the
//     account's); a date alone is local midnight. A local time that a daylight-saving change
//     skips or repeats is refused, saying which offsets are meant.
//
// An offset has hours 00–23 and minutes 00–59 (offsetReal). Instants lie between minInstant
// and maxInstant; fractions of a second are dropped.
func ParseTime(s string, loc *time.Location) (time.Time, error) {
	var t time.Time
	var err error
	if len(s) > 10 && (s[10] == 'T' || s[10] == 't') {
		if err := tOffset(s); err != nil {
			return t, err
		}
		t, err = time.Parse(time.RFC3339Nano, rfc3339Upper(s))
		if err != nil {
			return t, tProblem(s, err)
		}
	} else if t, err = parseSpaced(s, loc); err != nil {
		return t, err
	}
	t = t.Truncate(time.Second)
	if err := InRange(s, t); err != nil {
		return time.Time{}, err
	}
	return t.UTC(), nil
}

// rfc3339Upper is s with a lower-case t between date and time and z as the offset written in
// upper case: RFC 3339 allows both (section 5.6), time.Parse reads the upper case only.
func rfc3339Upper(s string) string {
	s = s[:10] + "T" + s[11:]
	if strings.HasSuffix(s, "z") {
		s = s[:len(s)-1] + "Z"
	}
	return s
}

// tOffset refuses the ±hh:mm that ends s, written with a T, when it is no offset (parseZone):
// time.Parse reads +01:60 as +02:00 and +24:00 as a day ahead.
func tOffset(s string) error {
	n := len(s)
	if n < 6 || s[n-6] != '+' && s[n-6] != '-' || s[n-3] != ':' || !digits(s[n-5:n-3]) || !digits(s[n-2:]) {
		return nil // no such offset: time.Parse and tProblem judge the rest
	}
	_, err := parseZone(s, s[n-6:]) // the offset rule of every form ParseTime reads
	return err
}

// offsetReal reports whether h hours and m minutes make an offset from UTC: RFC 3339 section
// 5.6 has a time-numoffset's hours 00–23 and minutes 00–59, and ParseTime takes the same in
// every form it reads.
func offsetReal(h, m int) bool { return h <= 23 && m <= 59 }

// tProblem says what is wrong with s, written with a T, that RFC 3339 does not read (err): a
// date or a time of day that does not exist, no offset (then it is not meant as local time,
// as a tool that writes a T without one usually means UTC), or a form RFC 3339 does not have
// (no seconds, +0100, a space before the offset).
func tProblem(s string, err error) error {
	var pe *time.ParseError
	errors.As(err, &pe)
	switch {
	case pe != nil && (pe.Message == ": day out of range" || pe.Message == ": month out of range"):
		return newProblem(msgNoSuchDate, s)
	case pe != nil && (pe.Message == ": hour out of range" || pe.Message == ": minute out of range" ||
		pe.Message == ": second out of range"):
		return newProblem(msgBadClock, s)
	case !strings.ContainsAny(s[11:], "Zz+-"):
		return newProblem(msgTimeT, s)
	}
	return newProblem(msgTimeRFC3339, s)
}

// InRange refuses an instant klantpuls cannot hold (before minInstant or after maxInstant),
// naming the cell s that wrote it and the first and last instant; ParseTime checks by it, and so
// does a mapping that computes a time.
func InRange(s string, t time.Time) error {
	if t.Before(minInstant) || t.After(maxInstant) {
		const shown = "2006-01-02 15:04:05"
		return newProblem(msgTimeRange, s, minInstant.UTC().Format(shown), maxInstant.UTC().Format(shown))
	}
	return nil
}

// wallClock is a timestamp's parts as written.
type wallClock struct {
	year, month, day, hour, min, sec, nsec int
}

func parseSpaced(s string, loc *time.Location) (time.Time, error) {
	if w, ok := isoWallClock(s); ok { // the common export form, read without splitting it
		switch {
		case !realDate(w.year, w.month, w.day):
			return time.Time{}, newProblem(msgNoSuchDate, s)
		case !clockValid(&w, ""):
			return time.Time{}, newProblem(msgBadClock, s)
		}
		return InZone(s, time.Date(w.year, time.Month(w.month), w.day, w.hour, w.min, w.sec, 0, time.UTC), loc)
	}
	fields := strings.Fields(s)
	if len(fields) == 0 {
		return time.Time{}, newProblem(msgNotATime, s)
	}
	var w wallClock
	var zone *time.Location
	ampm := ""
	rest := fields[1:]
	if len(rest) > 0 { // a time, with an offset glued to it or not
		clock, glued := splitZone(rest[0])
		if !parseClock(clock, &w) {
			return time.Time{}, newProblem(msgNotATime, s)
		}
		rest = rest[1:]
		if len(rest) > 0 && (strings.EqualFold(rest[0], "AM") || strings.EqualFold(rest[0], "PM")) {
			ampm, rest = strings.ToUpper(rest[0]), rest[1:]
		}
		if glued != "" {
			rest = append([]string{glued}, rest...)
		}
		if len(rest) > 0 {
			var err error
			if zone, err = parseZone(s, rest[0]); err != nil {
				return time.Time{}, err
			}
			rest = rest[1:]
		}
		if len(rest) > 0 {
			return time.Time{}, newProblem(msgNotATime, s)
		}
	}
	if err := parseDate(s, fields[0], ampm != "", &w); err != nil {
		return time.Time{}, err
	}
	if !clockValid(&w, ampm) {
		return time.Time{}, newProblem(msgBadClock, s)
	}
	if zone != nil {
		return time.Date(w.year, time.Month(w.month), w.day, w.hour, w.min, w.sec, w.nsec, zone), nil
	}
	return InZone(s, time.Date(w.year, time.Month(w.month), w.day, w.hour, w.min, w.sec, w.nsec, time.UTC), loc)
}

// isoWallClock reads "2026-03-13 14:05:00" (Zendesk's and many tools' export form), digit by
// digit, as the general path reads it: a date year first, then a time without an offset. It
// does not check the ranges; false when s has another shape.
func isoWallClock(s string) (w wallClock, ok bool) {
	if len(s) != 19 || s[4] != '-' || s[7] != '-' || s[10] != ' ' || s[13] != ':' || s[16] != ':' {
		return w, false
	}
	num := func(from, to int) int {
		n := 0
		for i := from; i < to; i++ {
			if s[i] < '0' || s[i] > '9' {
				ok = false
			}
			n = n*10 + int(s[i]-'0')
		}
		return n
	}
	ok = true
	w = wallClock{year: num(0, 4), month: num(5, 7), day: num(8, 10), hour: num(11, 13), min: num(14, 16), sec: num(17, 19)}
	return w, ok
}

// parseDate reads the date field: 2026-03-13, 13-03-2026 or 13/03/2026 (see ParseTime for
// which order a / date with AM or PM takes).
func parseDate(s, field string, ampm bool, w *wallClock) error {
	sep := "-"
	if strings.Contains(field, "/") {
		sep = "/"
	}
	parts := strings.Split(field, sep)
	if len(parts) != 3 {
		return newProblem(msgNotATime, s)
	}
	n := make([]int, 3)
	for i, p := range parts {
		v, err := strconv.Atoi(p)
		if err != nil || p[0] == '+' || p[0] == '-' {
			return newProblem(msgNotATime, s)
		}
		n[i] = v
	}
	switch {
	case len(parts[0]) == 4 && len(parts[1]) == 2 && len(parts[2]) == 2: // year first, by - or /
		w.year, w.month, w.day = n[0], n[1], n[2]
		if !realDate(w.year, w.month, w.day) {
			return newProblem(msgNoSuchDate, s)
		}
		return nil
	case len(parts[2]) != 4 || len(parts[0]) > 2 || len(parts[1]) > 2:
		return newProblem(msgNotATime, s)
	}
	w.year = n[2]
	dayFirst := realDate(w.year, n[1], n[0])
	if sep == "/" && ampm {
		monthFirst := realDate(w.year, n[0], n[1])
		switch {
		case dayFirst && monthFirst && n[0] != n[1]:
			return newProblem(msgDateOrder, s, isoDate(w.year, n[0], n[1]), isoDate(w.year, n[1], n[0]))
		case monthFirst && !dayFirst:
			w.month, w.day = n[0], n[1]
			return nil
		}
	}
	if !dayFirst {
		return newProblem(msgDayFirst, s, isoDate(w.year, n[1], n[0]))
	}
	w.month, w.day = n[1], n[0]
	return nil
}

func realDate(y, m, d int) bool {
	return m >= 1 && m <= 12 && d >= 1 && d <= time.Date(y, time.Month(m)+1, 0, 0, 0, 0, 0, time.UTC).Day()
}

// isoDate writes a date as year-month-day, also one that does not exist (2026-13-13).
func isoDate(y, m, d int) string { return fmt.Sprintf("%04d-%02d-%02d", y, m, d) }

// parseClock reads H:MM, H:MM:SS or H:MM:SS.fff into w.
func parseClock(c string, w *wallClock) bool {
	parts := strings.Split(c, ":")
	if len(parts) < 2 || len(parts) > 3 || len(parts[0]) < 1 || len(parts[0]) > 2 || len(parts[1]) != 2 {
		return false
	}
	if len(parts) == 3 {
		sec, frac, hasFrac := strings.Cut(parts[2], ".")
		if len(sec) != 2 || !digits(sec) || hasFrac && !digits(frac) {
			return false
		}
		w.sec, _ = strconv.Atoi(sec)
		if hasFrac {
			f, _ := strconv.ParseFloat("0."+frac, 64)
			w.nsec = int(f * 1e9)
		}
	}
	if !digits(parts[0]) || !digits(parts[1]) {
		return false
	}
	w.hour, _ = strconv.Atoi(parts[0])
	w.min, _ = strconv.Atoi(parts[1])
	return true
}

// clockValid checks the time of day and turns a 12-hour clock into 24 hours.
func clockValid(w *wallClock, ampm string) bool {
	if w.min > 59 || w.sec > 59 {
		return false
	}
	switch ampm {
	case "":
		return w.hour <= 23
	case "AM", "PM":
		if w.hour < 1 || w.hour > 12 {
			return false
		}
		w.hour %= 12
		if ampm == "PM" {
			w.hour += 12
		}
	}
	return true
}

// splitZone splits an offset glued to a time (14:05:00Z, 14:05+02:00) from it.
func splitZone(f string) (clock, zone string) {
	if i := strings.IndexAny(f, "Zz+-"); i > 0 {
		return f[:i], f[i:]
	}
	return f, ""
}

// parseZone reads Z, UTC, +HH, +HHMM or +HH:MM (or with -), and those after GMT, where the
// hour may also have one digit (GMT+1, GMT+1:00) as Google Forms and Java write it; s is the
// cell, for the error.
func parseZone(s, z string) (*time.Location, error) {
	if strings.EqualFold(z, "Z") || strings.EqualFold(z, "UTC") || strings.EqualFold(z, "GMT") {
		return time.UTC, nil
	}
	written := z
	if len(z) > 4 && strings.EqualFold(z[:3], "GMT") {
		sign, rest := z[3:4], z[4:]
		if h, _, _ := strings.Cut(rest, ":"); len(h) == 1 {
			rest = "0" + rest
		}
		z = sign + rest
	}
	if len(z) < 3 || z[0] != '+' && z[0] != '-' {
		return nil, newProblem(msgNotATime, s)
	}
	hm := strings.Replace(z[1:], ":", "", 1)
	if !digits(hm) || len(hm) != 2 && len(hm) != 4 || len(z) == 6 && z[3] != ':' {
		return nil, newProblem(msgNotATime, s)
	}
	h, _ := strconv.Atoi(hm[:2])
	m := 0
	if len(hm) == 4 {
		m, _ = strconv.Atoi(hm[2:])
	}
	if !offsetReal(h, m) {
		return nil, newProblem(msgBadOffset, s, written)
	}
	off := (h*60 + m) * 60
	if z[0] == '-' {
		off = -off
	}
	return time.FixedZone(z, off), nil
}

// InZone finds the instant a wall-clock time in loc names (wall holds the clock's reading, in
// any zone; s is how the cell wrote it): each offset in force around it gives a candidate, and
// the ones whose local clock reads the same are meant. None is a time a daylight-saving change
// skips, two one it repeats: the error says which offsets give each. ParseTime reads local
// times by it, and so does a mapping's own time format.
func InZone(s string, wall time.Time, loc *time.Location) (time.Time, error) {
	wall = time.Date(wall.Year(), wall.Month(), wall.Day(), wall.Hour(), wall.Minute(), wall.Second(), wall.Nanosecond(), time.UTC)
	u := wall.Unix()
	var found []time.Time
	_, before := time.Unix(u-14*3600, 0).In(loc).Zone()
	_, after := time.Unix(u+14*3600, 0).In(loc).Zone()
	for _, off := range []int{before, after} {
		c := time.Unix(u-int64(off), int64(wall.Nanosecond())).In(loc)
		if sameWall(c, wall) && (len(found) == 0 || !found[0].Equal(c)) {
			found = append(found, c)
		}
	}
	if len(found) == 1 {
		return found[0], nil
	}
	// The change: its instant, and the clock just before and after it.
	change, _ := time.Unix(u+14*3600, 0).In(loc).ZoneBounds()
	from := change.In(time.FixedZone("", before)).Format("15:04")
	to := change.In(loc).Format("15:04")
	if len(found) == 0 {
		return time.Time{}, newProblem(msgTimeGap, s, loc, from, to, offset(before))
	}
	return time.Time{}, newProblem(msgTimeFold, s, loc, from, to, offset(before), offset(after))
}

func offset(seconds int) string {
	return time.Unix(0, 0).In(time.FixedZone("", seconds)).Format("-07:00")
}

func sameWall(t, wall time.Time) bool {
	y, m, d := t.Date()
	wy, wm, wd := wall.Date()
	return y == wy && m == wm && d == wd && t.Hour() == wall.Hour() && t.Minute() == wall.Minute() && t.Second() == wall.Second()
}
