package report

import (
	"errors"
	"strings"
	"testing"
	"time"
)

// FuzzParsePeriod: the dates of --from/--to and the API's from/to never panic the reader; a
// period read is non-empty and says its dates back as given, a refused one names the date at
// fault (field and flag) in both languages.
func FuzzParsePeriod(f *testing.F) {
	for _, s := range [][2]string{{"2026-01-01", "2026-02-01"}, {"2026-03-29", "2026-03-30"}, {" 2026-01-01 ", "2026-01-02"},
		{"", "2026-01-01"}, {"2026-01-01", ""}, {"2026-02-01", "2026-01-01"}, {"2026-1-1", "2026-02-01"},
		{"2026-02-30", "2026-03-01"}, {"01-01-2026", "2026-02-01"}, {"2026-01-01T00:00:00Z", "2026-02-01"}} {
		f.Add(s[0], s[1])
	}
	ams, err := time.LoadLocation("Europe/Amsterdam")
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, from, to string) {
		for _, loc := range []*time.Location{time.UTC, ams} {
			f0, t0, err := ParsePeriod(from, to, loc)
			if err == nil {
				if !f0.Before(t0) {
					t.Fatalf("ParsePeriod(%q, %q) = [%v, %v): not a period", from, to, f0, t0)
				}
				if got := f0.Format(time.DateOnly); got != strings.TrimSpace(from) {
					t.Errorf("from %q read as %s", from, got)
				}
				if got := t0.Format(time.DateOnly); got != strings.TrimSpace(to) {
					t.Errorf("to %q read as %s", to, got)
				}
				continue
			}
			var pe *PeriodError
			if !errors.As(err, &pe) || (pe.Field != "from" && pe.Field != "to") {
				t.Fatalf("ParsePeriod(%q, %q): %v is no PeriodError naming from or to", from, to, err)
			}
			if !strings.Contains(err.Error(), pe.Field) {
				t.Errorf("ParsePeriod(%q, %q): %q does not name %s", from, to, err, pe.Field)
			}
			for _, l := range []Lang{Dutch, English} {
				if msg := pe.Flags(l); !strings.Contains(msg, "--"+pe.Field) {
					t.Errorf("ParsePeriod(%q, %q): %s message %q does not name --%s", from, to, l, msg, pe.Field)
				}
			}
		}
	})
}
