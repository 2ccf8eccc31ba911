package engine

import (
	"strings"
	"testing"
)

// FuzzParseDim: a --by value or the API's by never panics; one read is a dimension that reads
// back as itself, one refused names the value.
func FuzzParseDim(f *testing.F) {
	for _, s := range []string{"", "channel", "Team", " agent ", "segment", "category", "kanaal", "team,agent", "\x00"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, err := ParseDim(s)
		if err != nil {
			if d != "" || !strings.Contains(err.Error(), "dimension") {
				t.Fatalf("ParseDim(%q) = %q, %v: want no dimension and an error naming it one", s, d, err)
			}
			return
		}
		if again, err := ParseDim(string(d)); err != nil || again != d {
			t.Errorf("ParseDim(%q) = %q, which reads back as %q, %v", s, d, again, err)
		}
	})
}

// FuzzParseStep: the API's step never panics; one read reads back as itself, one refused is
// no step and names the parameter.
func FuzzParseStep(f *testing.F) {
	for _, s := range []string{"", "day", "week", "month", "Day", " week", "year", "dag"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		st, err := ParseStep(s)
		if err != nil {
			if st != NoStep || !strings.Contains(err.Error(), "step") {
				t.Fatalf("ParseStep(%q) = %q, %v: want no step and an error naming the step", s, st, err)
			}
			return
		}
		if st == NoStep || string(st) != s {
			t.Errorf("ParseStep(%q) = %q", s, st)
		}
	})
}
