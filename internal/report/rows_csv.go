package report

import (
	"io"
	"strconv"
	"time"

	"github.com/klantpuls/klantpuls/internal/cx"
)

// SectionCSV writes a rows section as CSV for a spreadsheet (with the byte order mark,
// cx.SpreadsheetCSV): a header of the columns' headings, then a line per row. Numbers are written with a point and all their digits (a
// percent as the workbook holds it, 33.3 for 33,3%), a date as 2006-01-02 and a moment as
// RFC 3339 in its own zone, an empty cell empty; every text is made safe from formula
// injection (cx.FormulaSafe), the headings too.
func SectionCSV(w io.Writer, s Section) error {
	cw, err := cx.SpreadsheetCSV(w)
	if err != nil {
		return err
	}
	head := make([]string, len(s.Cols))
	for i, c := range s.Cols {
		head[i] = cx.FormulaSafe(c.Heading)
	}
	if err := cw.Write(head); err != nil {
		return err
	}
	line := make([]string, len(s.Cols))
	for _, row := range s.Rows {
		for i := range line {
			line[i] = ""
			if i < len(row) {
				line[i] = csvText(s.Cols[i].Kind, row[i])
			}
		}
		if err := cw.Write(line); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// csvText is a cell's text in a CSV line.
func csvText(kind Kind, c Cell) string {
	switch {
	case c.Value != nil:
		return strconv.FormatFloat(*c.Value, 'f', -1, 64)
	case !c.At.IsZero() && kind == KindDate:
		return c.At.Format(time.DateOnly)
	case !c.At.IsZero():
		return c.At.Format(time.RFC3339)
	}
	return cx.FormulaSafe(c.Text)
}
