package cx

import (
	"encoding/csv"
	"io"
	"strings"
)

// FormulaSafe makes a cell that a spreadsheet would run as a formula (it starts with =, +, -,
// @, a tab or a carriage return) into text by putting ' in front, as OWASP advises for CSV
// files opened in Excel. Every CSV klantpuls writes passes its text cells through it: a
// name, a comment or a refused row is someone else's text.
func FormulaSafe(cell string) string {
	if cell != "" && strings.ContainsRune("=+-@\t\r", rune(cell[0])) {
		return "'" + cell
	}
	return cell
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
