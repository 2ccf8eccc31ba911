package web

import (
	"math"
	"strings"
	"testing"
)

func TestParseFormNumber(t *testing.T) {
	for _, c := range []struct {
		lang, typed string
		want        float64
		refused     string // a word of the error, "" when read
	}{
		{"nl", "3.000", 3000, ""},
		{"nl", "80,5", 80.5, ""},
		{"nl", "1.234,5", 1234.5, ""},
		{"nl", " 3000 ", 3000, ""},
		{"nl", "-12,25", -12.25, ""},
		{"nl", "−12,25", -12.25, ""}, // the minus the pages show (U+2212), copied from one
		{"nl", "1.000.000", 1e6, ""},
		{"nl", ",5", 0.5, ""},
		{"nl", "80.5", 0, "dubbelzinnig"},
		{"nl", "1,234.5", 0, "dubbelzinnig"},
		{"nl", "1234.567", 0, "dubbelzinnig"},
		{"nl", "3.00", 0, "dubbelzinnig"},
		{"nl", "veel", 0, "geen getal"},
		{"nl", "", 0, "geen getal"},
		{"nl", "80,", 0, "geen getal"},
		{"nl", "1..000", 0, "geen getal"},
		{"nl", "NaN", 0, "geen getal"},
		{"nl", "1e400", 0, "geen getal"},
		{"en", "3,000", 3000, ""},
		{"en", "80.5", 80.5, ""},
		{"en", "1,234.5", 1234.5, ""},
		{"en", "3.000", 3, ""},
		{"en", "80,5", 0, "ambiguous"},
		{"en", "1.234,5", 0, "ambiguous"},
		{"en", "lots", 0, "not a number"},
	} {
		t.Run(c.lang+" "+c.typed, func(t *testing.T) {
			got, err := parseFormNumber(c.lang, "Doel NPS", c.typed)
			switch {
			case c.refused == "" && err != nil:
				t.Fatalf("refused: %v", err)
			case c.refused == "" && got != c.want:
				t.Errorf("got %v, want %v", got, c.want)
			case c.refused != "" && err == nil:
				t.Errorf("read as %v, want refused", got)
			case c.refused != "" && (!strings.Contains(err.Error(), c.refused) || !strings.HasPrefix(err.Error(), "Doel NPS: ")):
				t.Errorf("error %q does not name the field or say %q", err, c.refused)
			}
		})
	}
}

func TestFormNumber(t *testing.T) {
	for _, c := range []struct {
		lang string
		x    float64
		want string
	}{
		{"nl", 3000, "3.000"}, {"nl", 80.5, "80,5"}, {"nl", 1234.5, "1.234,5"}, {"nl", -2, "-2"},
		{"en", 3000, "3,000"}, {"en", 80.5, "80.5"}, {"en", 1234.5, "1,234.5"},
	} {
		if got := formNumber(c.lang, c.x); got != c.want {
			t.Errorf("%s %v: got %q, want %q", c.lang, c.x, got, c.want)
		}
	}
}

// FuzzParseFormNumber: whatever is typed, the reader does not panic, and what it reads it
// writes back so that it reads the same.
func FuzzParseFormNumber(f *testing.F) {
	for _, s := range []string{"3.000", "80,5", "1.234,5", "3,000", "80.5", "-1", ",5", "1e9"} {
		f.Add("nl", s)
		f.Add("en", s)
	}
	f.Fuzz(func(t *testing.T, lang, typed string) {
		if lang != "en" {
			lang = "nl"
		}
		x, err := parseFormNumber(lang, "f", typed)
		if err != nil || math.Abs(x) > 1e15 {
			return // beyond 1e15 a float's shortest form is no longer its digits
		}
		back, err := parseFormNumber(lang, "f", formNumber(lang, x))
		if err != nil || back != x {
			t.Errorf("%q → %v → %q → %v, %v", typed, x, formNumber(lang, x), back, err)
		}
	})
}
