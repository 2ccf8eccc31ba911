package mapping

import (
	"strings"
	"time"

	"github.com/klantpuls/klantpuls/internal/importer/cells"
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

// ValidTimeFormat tells whether s is a format time_formats may hold, as the column form of the
// browser import checks it before writing the mapping.
func ValidTimeFormat(s string) bool {
	_, err := compileLayout(s, "")
	return err == nil
}

// compileLayout turns "DD-MM-YYYY HH:mm" into Go's "02-01-2006 15:04". Literal text is limited
// to separators and T, so nothing in it can be mistaken for part of Go's reference time. key
// is where the mapping file gives s, for the mistake.
func compileLayout(s, key string) (layout, error) {
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
			return l, mistake(key, msgTimeFormatPart, s, c)
		}
		b.WriteByte(rest[0])
		rest = rest[1:]
	}
	if !strings.Contains(s, "YYYY") || !strings.Contains(s, "D") || !strings.Contains(s, "M") {
		return l, mistake(key, msgTimeFormatDate, s)
	}
	l.goLayout = b.String()
	return l, nil
}

// readTime reads a source time. Without time_formats it is cells.ParseTime, the canonical
// importer's one rule (ISO dates, Dutch day-first dates, an offset or " UTC" after the time,
// else a wall clock in zone). With them, the map's formats are tried, the one that read the
// last time first (hint); a time without an offset is a wall clock in zone, and one that a
// daylight-saving change skips or repeats is refused by cells.InZone, as ParseTime refuses it.
func (m *Map) readTime(s string, zone *time.Location, hint *int) (time.Time, error) {
	if m.layouts == nil {
		return cells.ParseTime(s, zone)
	}
	for i := -1; i < len(m.layouts); i++ {
		at := i
		if i < 0 {
			at = *hint
		} else if i == *hint {
			continue
		}
		l := m.layouts[at]
		t, err := time.Parse(l.goLayout, s)
		if err != nil {
			continue
		}
		*hint = at
		if l.zoned {
			return t, nil
		}
		return cells.InZone(s, t, zone)
	}
	return time.Time{}, msgNotInFormats.Err(s)
}
