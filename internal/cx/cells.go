package cx

import "strings"

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
