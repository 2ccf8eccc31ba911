package cx

import (
	"strings"
	"testing"
)

// TestFormulaSafe: a cell that starts with =, @, a tab or a carriage return is made text, and so
// is one that starts with + or - and is more than a plain number or telephone number — OWASP's
// CSV Injection examples among them; a number, an amount written the Dutch way and a telephone
// number stay as they are, so a rejects file imports again as the original did.
func TestFormulaSafe(t *testing.T) {
	for in, want := range map[string]string{
		// OWASP, CSV Injection: each runs a program or fetches a link in a spreadsheet.
		`=HYPERLINK("http://x","klik")`: `'=HYPERLINK("http://x","klik")`,
		`-1+cmd|' /C calc'!A0`:          `'-1+cmd|' /C calc'!A0`,
		`+cmd|' /C calc'!A0`:            `'+cmd|' /C calc'!A0`,
		`-cmd|' /C calc'!A0`:            `'-cmd|' /C calc'!A0`,
		"@SUM(1+1)*cmd|' /C calc'!A0":   "'@SUM(1+1)*cmd|' /C calc'!A0",
		"=1+1":                          "'=1+1",
		"\tx":                           "'\tx",
		"\rx":                           "'\rx",
		"\t-5":                          "'\t-5",
		// A sign followed by more than a plain number.
		"-2-3":    "'-2-3",
		"+1+1":    "'+1+1",
		"--5":     "'--5",
		"-5e3":    "'-5e3",
		"-":       "'-",
		"+ ()":    "'+ ()",
		"-5\t":    "'-5\t",
		"+31 6 x": "'+31 6 x",
		// Plain numbers and telephone numbers stay.
		"-5":                 "-5",
		"-12,50":             "-12,50",
		"-1.250,00":          "-1.250,00",
		"+31 6 1234 5678":    "+31 6 1234 5678",
		"+31 (0)20 123 4567": "+31 (0)20 123 4567",
		"+1/2":               "+1/2",
		// Other text stays.
		"levering": "levering", "": "", "'al tekst": "'al tekst", "a=b": "a=b", "5-2": "5-2",
	} {
		if got := FormulaSafe(in); got != want {
			t.Errorf("FormulaSafe(%q) = %q, want %q", in, got, want)
		}
	}
}

// FuzzFormulaSafe: a cell is kept as it is or with ' in front; one kept starts with none of
// = @ TAB CR, and one kept that starts with + or - holds after its sign only digits, spaces and
// . , ( ) / — nothing a formula that runs a program needs.
func FuzzFormulaSafe(f *testing.F) {
	for _, s := range []string{"-12,50", "+31 6 1234 5678", "-1+cmd|' /C calc'!A0", "=1", "@x", "\t", "\r", "-", "+", "", "x", "-(1)/2"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, cell string) {
		got := FormulaSafe(cell)
		if got != cell && got != "'"+cell {
			t.Fatalf("%q became %q", cell, got)
		}
		if got != cell || cell == "" {
			return
		}
		if strings.ContainsAny(cell[:1], "=@\t\r") {
			t.Fatalf("%q kept as it is", cell)
		}
		if (cell[0] == '+' || cell[0] == '-') && strings.Trim(cell[1:], "0123456789 .,()/") != "" {
			t.Fatalf("%q kept as it is: more than a number after its sign", cell)
		}
	})
}

// TestTerminalSafe: every control character of a name, a terminal's escape, a tab, a line break
// and C1's CSI (U+009B) among them, is shown as U+FFFD; the rest of the name stays.
func TestTerminalSafe(t *testing.T) {
	for in, want := range map[string]string{
		"Zoë van Dijk":      "Zoë van Dijk",
		"Anna\x1b[2J":       "Anna\uFFFD[2J",
		"Noord\nlead\tx\r":  "Noord\uFFFDlead\uFFFDx\uFFFD",
		"a\u009b31mb\x00c":  "a\uFFFD31mb\uFFFDc",
		"":                  "",
		"=HYPERLINK(\"x\")": "=HYPERLINK(\"x\")", // a terminal runs no formula
	} {
		if got := TerminalSafe(in); got != want {
			t.Errorf("TerminalSafe(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestTerminalSafeBidiAndInvisible: a bidi control shown as U+FFFD, as a control character is:
// a right-to-left override (U+202E) in a name turned the rest of its row round on a terminal
// that reads bidi, so "…\u202Enimda" read as "admin" in another column; an isolate (U+2066–9)
// or a mark (U+200E) as well. A zero-width space, word joiner or byte order mark shows too, as
// "ad\u200Bmin" looked like "admin" and a line or paragraph separator would break the row.
// The zero-width joiner and non-joiner stay: an emoji and Persian writing need them.
func TestTerminalSafeBidiAndInvisible(t *testing.T) {
	for in, want := range map[string]string{
		"Noord\u202Enimda": "Noord\uFFFDnimda",
		"\u2066Bram\u2069": "\uFFFDBram\uFFFD",
		"a\u200Eb\u061Cc":  "a\uFFFDb\uFFFDc",
		"ad\u200Bmin":      "ad\uFFFDmin",
		"x\u2060y\uFEFFz":  "x\uFFFDy\uFFFDz",
		"a\u2028b\u2029c":  "a\uFFFDb\uFFFDc",
		"👩\u200D💻":         "👩\u200D💻",
		"می\u200Cخواهم":    "می\u200Cخواهم",
	} {
		if got := TerminalSafe(in); got != want {
			t.Errorf("TerminalSafe(%q) = %q, want %q", in, got, want)
		}
	}
}
