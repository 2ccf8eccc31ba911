package calendar

import (
	"fmt"
	"strings"
	"testing"
)

// FuzzParseInterval: an office-hours interval from the config never panics; one read is a
// non-empty part of a day that reads back from its own HH:MM-HH:MM, one refused quotes it.
func FuzzParseInterval(f *testing.F) {
	for _, s := range []string{"09:00-17:00", "00:00-24:00", " 08:30 - 12:00 ", "17:00-09:00", "9:00-17:00",
		"+9:00-17:00", "09:5x-10:00", "24:01-24:30", "09:00", "-", "09:00-17:00-18:00"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		iv, err := ParseInterval(s)
		if err != nil {
			if !strings.Contains(err.Error(), fmt.Sprintf("%q", s)) {
				t.Fatalf("ParseInterval(%q): %q does not quote the interval", s, err)
			}
			return
		}
		if iv.Start < 0 || iv.End > 24*3600 || iv.Start >= iv.End {
			t.Fatalf("ParseInterval(%q) = %+v: not a part of a day", s, iv)
		}
		clock := func(sec int) string { return fmt.Sprintf("%02d:%02d", sec/3600, sec%3600/60) }
		if again, err := ParseInterval(clock(iv.Start) + "-" + clock(iv.End)); err != nil || again != iv {
			t.Errorf("ParseInterval(%q) = %+v, which reads back as %+v, %v", s, iv, again, err)
		}
	})
}

// FuzzParseDate: a closed or open day from the config never panics; one read says itself back
// as given, one refused quotes it.
func FuzzParseDate(f *testing.F) {
	for _, s := range []string{"2026-12-24", " 2026-04-27 ", "2026-02-29", "2026-2-1", "24-12-2026", "", "0000-01-01"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, err := ParseDate(s)
		if err != nil {
			if !strings.Contains(err.Error(), fmt.Sprintf("%q", s)) {
				t.Fatalf("ParseDate(%q): %q does not quote the date", s, err)
			}
			return
		}
		if got := d.String(); got != strings.TrimSpace(s) {
			t.Errorf("ParseDate(%q) says itself as %s", s, got)
		}
	})
}
