package mapping

import (
	"fmt"
	"strings"
	"time"
)

// layout is a time format of a mapping file turned into Go's layout.
type layout struct {
	goLayout string
	zoned    bool // the format carries an offset; otherwise the time is the source's wall clock
}

// tokens of time_formats, longest first so YYYY is not read as YY, and their Go layouts. Go
// reads a one-digit day, month or hour where the layout has "2", "1" or "15"/"3", so D, M and H
// take one or two digits.
var tokens = []struct{ token, layout string }{
	{"YYYY", "2006"}, {"MM", "01"}, {"M", "1"}, {"DD", "02"}, {"D", "2"},
	{"HH", "15"}, {"H", "15"}, {"hh", "03"}, {"h", "3"}, {"mm", "04"}, {"ss", "05"},
	{"A", "PM"}, {"ZZ", "-0700"}, {"Z", "Z07:00"},
}

// compileLayout turns "DD-MM-YYYY HH:mm" into Go's "02-01-2006 15:04". Literal text is limited
// to separators and T, so nothing in it can be mistaken for part of Go's reference time.
func compileLayout(s string) (layout, error) {
	var b strings.Builder
	var l layout
	rest := s
	for rest != "" {
		matched := false
		for _, t := range tokens {
			if strings.HasPrefix(rest, t.token) {
				b.WriteString(t.layout)
				rest = rest[len(t.token):]
				l.zoned = l.zoned || t.token[0] == 'Z'
				matched = true
				break
			}
		}
		if matched {
			continue
		}
		if c := rest[0]; strings.IndexByte(" -/:.,T", c) < 0 {
			return l, fmt.Errorf("%q has %q, which is neither a part (YYYY MM M DD D HH H hh h mm ss A Z ZZ) nor a separator (space - / : . , T); write the format such as \"DD-MM-YYYY HH:mm\"", s, c)
		}
		b.WriteByte(rest[0])
		rest = rest[1:]
	}
	if !strings.Contains(s, "YYYY") || !strings.Contains(s, "D") || !strings.Contains(s, "M") {
		return l, fmt.Errorf("%q lacks the year, month or day (YYYY, MM or M, DD or D); write the format such as \"DD-MM-YYYY HH:mm\"", s)
	}
	l.goLayout = b.String()
	return l, nil
}

// isoLayouts are read when a map gives no time_formats: RFC 3339 and its forms with a space,
// with or without seconds and offset, as exports commonly write them.
var isoLayouts = func() []layout {
	var out []layout
	for _, date := range []string{"2006-01-02T15:04:05", "2006-01-02 15:04:05", "2006-01-02T15:04", "2006-01-02 15:04"} {
		for _, zone := range []string{"Z07:00", " Z07:00", " -0700", "-0700"} {
			out = append(out, layout{date + zone, true})
		}
		out = append(out, layout{date, false})
	}
	return out
}()

// readTime reads a source time: with an offset as written, else as a wall clock in zone. " UTC"
// at the end stands for the offset +00:00. A wall-clock time that a daylight-saving change
// skips or repeats in zone is refused, as the canonical importer refuses it.
// hint is the index of the format to try first, and is set to the one that read s.
func (m *Map) readTime(s string, zone *time.Location, hint *int) (time.Time, error) {
	layouts := m.layouts
	if layouts == nil {
		layouts = isoLayouts
	}
	if rest, ok := strings.CutSuffix(s, " UTC"); ok {
		s, zone = rest, time.UTC
	}
	for i := -1; i < len(layouts); i++ {
		at := i
		if i < 0 {
			at = *hint
		} else if i == *hint {
			continue
		}
		l := layouts[at]
		t, err := time.Parse(l.goLayout, s)
		if err != nil {
			continue
		}
		*hint = at
		if l.zoned {
			return t, nil
		}
		return onWallClock(t, zone, s)
	}
	want := "such as 2026-03-13 17:30 or 2026-03-13T17:30:00+01:00"
	if m.layouts != nil {
		want = "in a format of the map's time_formats"
	}
	return time.Time{}, fmt.Errorf("%q is not a time %s", s, want)
}

// onWallClock is the one instant whose clock in zone reads wall. The offsets in force a day
// either side are the only candidates (no zone changes twice within a day).
func onWallClock(wall time.Time, zone *time.Location, s string) (time.Time, error) {
	var found []time.Time
	for _, probe := range []time.Time{wall.Add(-24 * time.Hour), wall.Add(24 * time.Hour)} {
		_, off := time.Date(probe.Year(), probe.Month(), probe.Day(), 12, 0, 0, 0, zone).Zone()
		t := wall.Add(-time.Duration(off) * time.Second).In(zone)
		y, mo, d := t.Date()
		wy, wmo, wd := wall.Date()
		same := y == wy && mo == wmo && d == wd && t.Hour() == wall.Hour() && t.Minute() == wall.Minute() && t.Second() == wall.Second()
		if same && (len(found) == 0 || !found[0].Equal(t)) {
			found = append(found, t)
		}
	}
	switch len(found) {
	case 0:
		return time.Time{}, fmt.Errorf("%q does not exist in %s (a daylight-saving change skips it); correct the row or set the source's timezone", s, zone)
	case 2:
		return time.Time{}, fmt.Errorf("%q happens twice in %s (a daylight-saving change repeats it); correct the row with an offset", s, zone)
	}
	return found[0], nil
}
