package cx

import (
	"encoding/csv"
	"io"
	"strings"
	"unicode"
)

// FormulaSafe makes a cell that a spreadsheet would run as a formula into text by putting ' in
// front, as OWASP advises for CSV files opened in Excel (CSV Injection): one that starts with =,
// @, a tab or a carriage return always, and one that starts with + or - unless it is a plain
// number or telephone number (plainNumber) — "-12,50" and "+31 6 1234 5678" stay as they are, so
// a rejects file imports again as the file it came from did, while "-1+cmd|' /C calc'!A0" and
// "+cmd|…" are made text. Every CSV klantpuls writes passes its text cells through it: a name, a
// comment or a refused row is someone else's text.
func FormulaSafe(cell string) string {
	if cell == "" {
		return cell
	}
	if c := cell[0]; strings.IndexByte("=@\t\r", c) >= 0 || (c == '+' || c == '-') && !plainNumber(cell[1:]) {
		return "'" + cell
	}
	return cell
}

// plainNumber tells whether what follows a cell's leading sign is a number or a telephone number
// written plainly: digits, with spaces and . , ( ) / between them, nothing else — no letter, no
// second sign, no | or !, which a formula that runs a program needs. A spreadsheet reads it as
// a number (or digits divided, at most) and runs nothing.
func plainNumber(s string) bool {
	digits := false
	for _, r := range s {
		switch {
		case r >= '0' && r <= '9':
			digits = true
		case !strings.ContainsRune(" .,()/", r):
			return false
		}
	}
	return digits
}

// TerminalSafe is a name as it can stand in a table on a terminal: each character
// TerminalUnsafe names shown as U+FFFD. Names come from imported files and forms: a line break
// would start a row no one has, a tab a column, an escape sequence would recolour or clear the
// screen of whoever reads the table (the report's, a command's list of users or connections).
func TerminalSafe(s string) string {
	if strings.IndexFunc(s, TerminalUnsafe) < 0 {
		return s
	}
	return strings.Map(func(r rune) rune {
		if TerminalUnsafe(r) {
			return '\uFFFD'
		}
		return r
	}, s)
}

// TerminalUnsafe tells whether r, printed in someone else's text, could change what a terminal
// shows around it: a control character; a bidi control, as a right-to-left override (U+202E)
// turns the rest of the line round on a terminal that reads bidi ("…\u202Enimda" reads as admin
// in another column); a line or paragraph separator; or an invisible one that makes a name look
// like another ("ad\u200Bmin"): the zero-width space, the word joiner, the byte order mark. The
// zero-width joiner and non-joiner are not: an emoji and Persian writing need them.
func TerminalUnsafe(r rune) bool {
	switch r {
	case '\u200B', '\u2060', '\uFEFF', '\u2028', '\u2029':
		return true
	}
	return unicode.IsControl(r) || unicode.Is(unicode.Bidi_Control, r)
}

// SpreadsheetCSV starts a CSV file meant for a spreadsheet (a download, a rejects file) with
// UTF-8's byte order mark: without it Excel reads the file as Windows-1252 and shows "Zoë" as
// "ZoÃ«". A CSV for programs (klantpuls report --format csv) has none.
func SpreadsheetCSV(w io.Writer) (*csv.Writer, error) {
	if _, err := io.WriteString(w, "\ufeff"); err != nil {
		return nil, err
	}
	return csv.NewWriter(w), nil
}
