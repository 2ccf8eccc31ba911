package report

import (
	"time"

	"github.com/klantpuls/klantpuls/internal/chart"
)

// A rows table is the export of a page whose figures are lists rather than metric documents
// (the backlog, the why page, feedback, follow-ups, a ticket, the churn risk list): titled
// sections of rows, each column typed. The page only says what its columns are and what its
// rows hold; the PDF and the workbook write every section alike, in the same frame as the
// metric tables (title, period and filters on each page, "Pagina 1 van 3").

// Kind is what a column holds, which says how a cell is shown in the PDF and which number
// format it gets in the workbook.
type Kind string

const (
	KindText     Kind = "text"     // someone's words or a name: text in both, never a formula
	KindCount    Kind = "count"    // a whole number of things: 1.234
	KindNumber   Kind = "number"   // a decimal figure: 12,3
	KindPercent  Kind = "percent"  // stored as shown, 33.3 for 33,3%
	KindEuro     Kind = "euro"     // an amount in the export's currency
	KindDate     Kind = "date"     // a day: 3 dec 2026
	KindDateTime Kind = "datetime" // a moment: 3 dec 2026 14:05, in the account's time zone
	KindDuration Kind = "duration" // seconds: "1 u 05 m" in the PDF, seconds in the workbook
	KindAge      Kind = "age"      // calendar seconds since: "9 d 3 u" in the PDF, seconds in the workbook
)

// Col is one column of a section: its heading in the export's language and its kind.
type Col struct {
	Heading string
	Kind    Kind
	// Decimals of a number column in the PDF and the workbook; 0 is one decimal (the
	// dashboard's default), -1 none.
	Decimals int
	// Signed, for a number column of differences, prints "+" before a positive one in the PDF,
	// as the page does (Lang.Signed); the workbook's cell stays the plain number.
	Signed bool
	// Wide gives a text column (a comment, a message) three times a name's room on paper.
	Wide bool
}

// Cell is one value of a row: Text for a text column, Value for the numeric kinds (nil: not
// measured, an empty cell, never 0), At for a date. A zero Cell is empty. In another column than
// text, Text is what the cell says when it holds no value, as the page says it (Pending).
type Cell struct {
	Text  string
	Value *float64
	At    time.Time
	// Mark is what the page sets beside the figure ("*", "†"), set beside it here too: after
	// it in the PDF, in the workbook's number format, so the cell stays a number a spreadsheet
	// sums. The section's Legend says what it means.
	Mark string
}

// Text, Num, NumP, Count and When make cells.
func Text(s string) Cell    { return Cell{Text: s} }
func Num(x float64) Cell    { return Cell{Value: &x} }
func NumP(x *float64) Cell  { return Cell{Value: x} }
func Count(n int) Cell      { return Num(float64(n)) }
func When(t time.Time) Cell { return Cell{At: t} }

// Pending is a cell of a date or a figure not there yet, saying so in the export's words ("nog
// niet": a breach not yet answered), in the PDF and the workbook as on the page — not the dash
// of a figure not measured, nor an empty cell.
func Pending(words string) Cell { return Cell{Text: words} }

// Section is one titled table of a rows export: a sheet of the workbook, a table in the PDF
// followed by its charts. Note, when set, is printed under it (what a star means, why a list
// is cut short).
type Section struct {
	Title string
	Sheet string // the sheet's name when Title is longer than a sheet's 31 characters allow
	Cols  []Col
	Rows  [][]Cell
	Note  string
	// Legend says what the marks of its cells mean (Cell.Mark), a line each, under the note.
	Legend []string
	Charts []chart.Line
	// Sparse marks a table of fields, one value a row in the column of its kind (a ticket's
	// details): its empty cells are blank on paper, not the dash of a figure not measured.
	Sparse bool
}

// show writes a cell as the PDF prints it, in the export's language: "" for an empty one.
func (c Cell) show(k Kind, l Lang, currency string) string {
	if k == KindText {
		return c.Text
	}
	if k == KindDate || k == KindDateTime {
		if c.At.IsZero() {
			return c.Text
		}
		if k == KindDate {
			return l.Date(c.At)
		}
		return l.DateTime(c.At)
	}
	if c.Value == nil {
		return c.Text
	}
	switch k {
	case KindCount:
		return l.Number(*c.Value, 0)
	case KindPercent:
		return l.Percent(c.Value)
	case KindEuro:
		return l.Money(currency, c.Value)
	case KindDuration:
		return l.Duration(c.Value)
	case KindAge:
		return l.Age(*c.Value)
	}
	return l.Number(*c.Value, 1)
}

// decimals is a number column's decimals: one unless said otherwise.
func (c Col) decimals() int {
	switch {
	case c.Decimals < 0:
		return 0
	case c.Decimals == 0:
		return 1
	}
	return c.Decimals
}

// cellText is a cell as the PDF prints it, a number column with its own decimals, a figure's
// mark after it.
func (c Col) cellText(x Cell, l Lang, currency string) string {
	if x.Value != nil {
		switch {
		case c.Kind == KindNumber && c.Signed:
			return l.Signed(*x.Value, c.decimals()) + x.Mark
		case c.Kind == KindNumber:
			return l.Number(*x.Value, c.decimals()) + x.Mark
		}
		return x.show(c.Kind, l, currency) + x.Mark
	}
	return x.show(c.Kind, l, currency)
}
