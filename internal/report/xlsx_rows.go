package report

import (
	"strconv"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"
)

// rowsSheet writes one section of rows (rows.go) as a sheet: the export's header, the
// headings, then a row per row. A text cell is a string cell, never a formula, whatever it
// starts with ("=HYPERLINK(…)" in a comment stays those characters); figures are numbers with
// a number format, so a spreadsheet sums them and shows them the reader's way (see XLSX).
func (e *Export) rowsSheet(f *excelize.File, sheet string, s Section, st *styles) error {
	row, err := e.header(f, sheet, st)
	if err != nil {
		return err
	}
	for c, col := range s.Cols {
		h := col.Heading
		if col.Kind == KindDuration || col.Kind == KindAge {
			h += " (" + e.Word("seconds") + ")"
		}
		cell, _ := excelize.CoordinatesToCellName(c+1, row)
		if err := f.SetCellStr(sheet, cell, h); err != nil {
			return err
		}
		if err := f.SetCellStyle(sheet, cell, cell, st.bold); err != nil {
			return err
		}
	}
	for _, cells := range s.Rows {
		row++
		for c, col := range s.Cols {
			if c >= len(cells) {
				break
			}
			if err := e.rowsCell(f, sheet, c+1, row, col, cells[c], st); err != nil {
				return err
			}
		}
	}
	// The note and the legend after an empty row, a line each: the table's range ends above.
	row++
	for _, line := range append([]string{s.Note}, s.Legend...) {
		if line == "" {
			continue
		}
		row++
		cell, _ := excelize.CoordinatesToCellName(1, row)
		if err := f.SetCellStr(sheet, cell, line); err != nil {
			return err
		}
	}
	for c, col := range s.Cols {
		name, _ := excelize.ColumnNumberToName(c + 1)
		width := 14.0
		switch col.Kind {
		case KindText:
			width = 32
		case KindDateTime:
			width = 18
		}
		if err := f.SetColWidth(sheet, name, name, width); err != nil {
			return err
		}
	}
	return nil
}

// rowsCell writes one cell in its kind: text as text, a moment as a spreadsheet date, a
// figure as a number; an empty cell is left empty, never 0, or says why it is (Pending).
func (e *Export) rowsCell(f *excelize.File, sheet string, c, row int, col Col, x Cell, st *styles) error {
	cell, _ := excelize.CoordinatesToCellName(c, row)
	// Text, or what a cell without a value says (Pending); "" leaves it empty.
	words := func() error {
		if x.Text == "" {
			return nil
		}
		return f.SetCellStr(sheet, cell, x.Text)
	}
	switch col.Kind {
	case KindText:
		return words()
	case KindDate, KindDateTime:
		if x.At.IsZero() {
			return words()
		}
		// A spreadsheet's date has no time zone: the wall clock of the account's zone, as
		// the page shows it (the header names the zone).
		y, m, d := x.At.Date()
		wall := time.Date(y, m, d, x.At.Hour(), x.At.Minute(), x.At.Second(), 0, time.UTC)
		if err := f.SetCellValue(sheet, cell, wall); err != nil {
			return err
		}
		return e.styleCell(f, sheet, cell, e.dateFormat(col.Kind), st)
	}
	if x.Value == nil {
		return words()
	}
	code := e.kindFormat(col)
	for _, r := range x.Mark { // escaped, a star is itself, not Excel's fill character
		code += `\` + string(r)
	}
	if err := f.SetCellFloat(sheet, cell, cellNumber(*x.Value, code), -1, 64); err != nil {
		return err
	}
	return e.styleCell(f, sheet, cell, code, st)
}

// kindFormat is a figure column's number format code (see NumberFormat on the notation).
func (e *Export) kindFormat(col Col) string {
	switch col.Kind {
	case KindCount, KindDuration, KindAge:
		return "#,##0"
	case KindPercent:
		return `0.0"%"`
	case KindEuro:
		return `"` + strings.ReplaceAll(CurrencySign(e.Currency), `"`, "") + ` "#,##0.00`
	}
	if n := col.decimals(); col.Decimals >= 0 && n > 0 {
		return "#,##0." + strings.Repeat("0", n)
	}
	return "#,##0"
}

// dateFormat is a date column's format: the day first in Dutch (3-12-2026), the month's name
// in English (3 Dec 2026), so neither reader mistakes the month for the day.
func (e *Export) dateFormat(k Kind) string {
	code := "d-m-yyyy"
	if e.Lang == English {
		code = "d mmm yyyy"
	}
	if k == KindDateTime {
		code += " hh:mm"
	}
	return code
}

// styleCell gives a cell the style of a number format code (styles.of).
func (e *Export) styleCell(f *excelize.File, sheet, cell, code string, st *styles) error {
	id, err := st.of(f, code)
	if err != nil {
		return err
	}
	return f.SetCellStyle(sheet, cell, cell, id)
}

// uniqueSheet keeps two sections with the same title apart: "Teams", "Teams 2".
func uniqueSheet(name string, taken map[string]bool) string {
	out := name
	for i := 2; taken[out]; i++ {
		out = name + " " + strconv.Itoa(i)
	}
	taken[out] = true
	return out
}
