package report

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"time"

	"codeberg.org/go-pdf/fpdf"
	"golang.org/x/image/font/gofont/gobold"
	"golang.org/x/image/font/gofont/goregular"
)

// PDF writes the export for paper: A4 upright, or turned when a table's columns do not fit
// upright (landscape), on every page the title, the period and the
// filters at the top and "Pagina 1 van 3" at the foot; the tables with the figures as the
// report table shows them (table.go: the same rows, values and details), then the charts.
// The text is set in the Go fonts, embedded as UTF-8 TrueType: PDF's core fonts lack € and
// the typographic dash, and Dutch names need more than Latin-1.
func PDF(w io.Writer, e *Export) error {
	for _, t := range e.Tables {
		if _, err := json.Marshal(t.Doc); err != nil {
			return unwritable(err)
		}
	}
	pr := &printer{e: e}
	pr.turn(false)
	if pr.landscape() {
		pr.turn(true)
	}
	p := pr.p
	p.SetHeaderFunc(pr.header)
	// fpdf's alias for the page count ({nb}) is not replaced in text set in a UTF-8 font, so
	// the footer is written once the pages are known: see the loop before Output.
	pr.body()
	for i := 1; i <= p.PageCount(); i++ {
		p.SetPage(i)
		pr.footer(i, p.PageCount())
	}
	var b bytes.Buffer
	if err := p.Output(&b); err != nil {
		return fmt.Errorf("report: the PDF cannot be made: %w", err)
	}
	_, err := w.Write(b.Bytes())
	return err
}

type printer struct {
	p paper
	e *Export
	// width and height are the page's less the margins at the sides, and its whole height:
	// A4 upright, or turned when a table's columns do not fit upright (landscape).
	width, height float64
}

// A4 in mm, and the margin at its sides and top.
const (
	a4Short, a4Long = 210.0, 297.0
	margin          = 15.0
)

// turn starts the document on A4, upright or turned (wide): every page alike.
func (pr *printer) turn(wide bool) {
	orientation, w, h := "P", a4Short, a4Long
	if wide {
		orientation, w, h = "L", a4Long, a4Short
	}
	p := fpdf.New(orientation, "mm", "A4", "")
	p.SetCreationDate(time.Unix(0, 0).UTC()) // the same figures make the same file
	p.SetTitle(pr.e.Title+" "+pr.e.Period(), true)
	p.AddUTF8FontFromBytes("go", "", goregular.TTF)
	p.AddUTF8FontFromBytes("go", "B", gobold.TTF)
	p.SetMargins(margin, margin, margin)
	p.SetAutoPageBreak(true, 18)
	pr.p, pr.width, pr.height = paper{p}, w-2*margin, h
}

// landscape tells whether the export prints on A4 turned, decided here for every table: when
// one's columns do not fit upright — a grid of figures whose headings' words would be cut
// (gridFits), or a list whose columns need more room than the page has to cut none of their
// words (listFits) — but fit turned. Cut headings ("Soor/t") were what a lead saw of a list
// of ten columns on an upright page.
func (pr *printer) landscape() bool {
	upright := pr.width
	turned := a4Long - 2*margin
	for _, t := range pr.e.Tables {
		if t.Doc.By != nil && !pr.gridFits(t, upright) && pr.gridFits(t, turned) {
			return true
		}
	}
	for _, s := range pr.e.Sections {
		if len(s.Rows) > 0 && pr.listNeeds(s) > upright {
			return true
		}
	}
	return false
}

// paper is the PDF being set, every text on it passed through printable first: names and
// comments come from imported files, and the PDF library refuses the whole document, or
// panics, over one character its font cannot measure. The library's three ways of setting
// text this package uses are shadowed here, so no caller sets text past printable.
type paper struct{ *fpdf.Fpdf }

func (p paper) CellFormat(w, h float64, s, border string, ln int, align string, fill bool, link int, url string) {
	p.Fpdf.CellFormat(w, h, printable(s), border, ln, align, fill, link, url)
}

func (p paper) MultiCell(w, h float64, s, border, align string, fill bool) {
	p.Fpdf.MultiCell(w, h, printable(s), border, align, fill)
}

func (p paper) SplitText(s string, w float64) []string { return p.Fpdf.SplitText(printable(s), w) }

func (pr *printer) header() {
	p, e := pr.p, pr.e
	p.SetFont("go", "B", 14)
	p.CellFormat(pr.width, 7, e.Title, "", 1, "L", false, 0, "")
	p.SetFont("go", "", 9.5)
	line := e.WhenIn(e.Word("timezone") + " " + e.Timezone)
	if len(e.Filters) > 0 {
		line += " · " + strings.Join(e.Filters, " · ")
	}
	p.MultiCell(pr.width, 4.5, line, "", "L", false)
	p.SetDrawColor(180, 180, 180)
	p.Line(margin, p.GetY()+1, margin+pr.width, p.GetY()+1)
	p.Ln(4)
}

func (pr *printer) footer(page, pages int) {
	p := pr.p
	p.SetAutoPageBreak(false, 0)
	p.SetFont("go", "", 8.5)
	p.SetTextColor(90, 90, 90)
	p.SetXY(margin, pr.height-12)
	p.CellFormat(pr.width, 5, fmt.Sprintf(pr.e.Word("page_of"), page, pages), "", 0, "C", false, 0, "")
}

func (pr *printer) body() {
	p, e := pr.p, pr.e
	p.AddPage()
	indicative := false
	for _, t := range e.Tables {
		if len(e.Tables) > 1 || len(t.Doc.Groups) == 0 {
			pr.heading(t.Name)
		}
		if len(t.Doc.Groups) == 0 {
			pr.text(e.Word("no_data"))
		}
		if t.Doc.By != nil && pr.gridFits(t, pr.width) {
			indicative = pr.grid(t) || indicative
		} else {
			indicative = pr.blocks(t) || indicative
		}
		p.Ln(4)
	}
	if indicative {
		pr.text(e.Word("indicative"))
	}
	pr.sections()
	pr.charts(e.Charts, "")
	if e.ChartNote != "" && len(e.Charts) > 0 {
		pr.text(e.ChartNote)
	}
}

func (pr *printer) heading(s string) {
	pr.p.SetFont("go", "B", 11.5)
	pr.p.CellFormat(pr.width, 7, s, "", 1, "L", false, 0, "")
}

func (pr *printer) text(s string) {
	pr.p.SetFont("go", "", 9)
	pr.p.MultiCell(pr.width, 4.5, s, "", "L", false)
}

// blocks prints each group as the report table does: a line per figure with its value, count
// and details. It reports whether a figure rests on fewer than 30 answers.
func (pr *printer) blocks(t ExportTable) bool {
	p, e := pr.p, pr.e
	widths := []float64{58, 24, 14, pr.width - 58 - 24 - 14}
	only := map[string]bool{}
	for _, c := range t.columns() {
		only[c.d.Key] = true
	}
	tb := &table{l: e.Lang, words: labels[e.Lang], days: t.Doc.Days(), currency: e.Currency, only: only, value: e.valueName}
	tb.emit = func(label, value, n, details string) {
		p.SetFont("go", "", 9)
		lines := p.SplitText(details, widths[3]-2)
		h := 5.5 * float64(max(1, len(lines)))
		if p.GetY()+h > pr.height-18 {
			p.AddPage()
		}
		y := p.GetY()
		p.CellFormat(widths[0], h, label, "B", 0, "L", false, 0, "")
		p.CellFormat(widths[1], h, value, "B", 0, "R", false, 0, "")
		p.CellFormat(widths[2], h, n, "B", 0, "R", false, 0, "")
		p.SetFont("go", "", 8)
		p.SetTextColor(70, 70, 70)
		p.MultiCell(widths[3], h/float64(max(1, len(lines))), "  "+details, "B", "L", false)
		p.SetTextColor(0, 0, 0)
		p.SetY(y + h)
	}
	for _, g := range t.Doc.Listed() {
		if g.Key != nil {
			pr.heading(e.Word(*t.Doc.By) + ": " + e.groupName(t.Doc, g))
		}
		p.SetFont("go", "B", 9)
		for i, h := range []string{e.Word("metric"), e.Word("value"), e.Word("n"), "  " + e.Word("details")} {
			p.CellFormat(widths[i], 6, h, "B", 0, map[bool]string{true: "R", false: "L"}[i == 1 || i == 2], false, 0, "")
		}
		p.Ln(-1)
		tb.group(&g.Metrics)
		p.Ln(3)
	}
	return tb.indicative
}

// gridFirst is the width of a grid's first column, the group's name.
const gridFirst = 45.0

// gridCount is the width of a grid's column of the count a figure rests on, printed right of
// that figure (besideFigure), headed "n" as the pages write n = … beside a figure: at its
// metric's name it took a full column, and four of them beside the team page's four figures
// left "Klanttevredenheid" no room even on A4 turned. Wide enough for "1.234.567".
const gridCount = 16.0

// gridColumns are a grid's columns with each one's heading and width on a page width wide:
// a count beside its figure narrow (gridCount), the others sharing the rest.
func (pr *printer) gridColumns(t ExportTable, width float64) (cols []column, headings []string, widths []float64) {
	cols = t.columns()
	counts := 0
	for i, c := range cols {
		if c.besideFigure(cols[:i]) {
			counts++
		}
	}
	rest := (width - gridFirst - float64(counts)*gridCount) / float64(max(len(cols)-counts, 1))
	for i, c := range cols {
		h, w := c.heading(pr.e.Lang), rest
		if c.besideFigure(cols[:i]) {
			h, w = pr.e.Word("n"), gridCount
		}
		headings, widths = append(headings, h), append(widths, w)
	}
	return cols, headings, widths
}

// gridFits tells whether a split table prints as a grid on a page width wide: a column per
// figure, each heading's words whole in it (bold, 7.5 pt).
func (pr *printer) gridFits(t ExportTable, width float64) bool {
	cols, headings, widths := pr.gridColumns(t, width)
	if len(cols) == 0 {
		return false
	}
	pr.p.SetFont("go", "B", 7.5)
	for i, h := range headings {
		for _, word := range strings.Fields(h) {
			if pr.p.GetStringWidth(word)+2*pr.p.GetCellMargin() > widths[i] {
				return false
			}
		}
	}
	return true
}

// grid prints a split table of a few metrics as a grid: a row per group, a column per metric's
// headline, starred where it rests on fewer than 30 answers.
func (pr *printer) grid(t ExportTable) bool {
	p, e := pr.p, pr.e
	cols, headings, widths := pr.gridColumns(t, pr.width)
	first := gridFirst
	starred := false
	// The headings in as many lines as the longest takes, without borders, and one rule under
	// them all.
	p.SetFont("go", "B", 7.5)
	lines := 2
	for i, h := range headings {
		lines = max(lines, len(p.SplitText(h, widths[i]-2*p.GetCellMargin())))
	}
	head := 4*float64(lines) + 2
	y := p.GetY()
	p.CellFormat(first, head, e.Word(*t.Doc.By), "", 0, "L", false, 0, "")
	x := margin + first
	for i, h := range headings {
		p.SetXY(x, y)
		p.MultiCell(widths[i], 4, h, "", "R", false)
		x += widths[i]
	}
	p.Line(margin, y+head, margin+pr.width, y+head)
	p.SetXY(margin, y+head)
	p.SetFont("go", "", 9)
	for _, g := range t.Doc.Listed() {
		if p.GetY()+6 > pr.height-18 {
			p.AddPage()
		}
		p.CellFormat(first, 6, clip(e.groupName(t.Doc, g), 32), "B", 0, "L", false, 0, "")
		for i, c := range cols {
			// A metric that does not split by the group's dimension, or not under the view's
			// filter (IQS by team), says so as the page does: "n.v.t.", not a blank.
			cell := e.Word("na")
			if v, ok := c.value(&g.Metrics); ok {
				cell = e.Lang.Figure(c.format(), e.Currency, v)
				if c.indicative(&g.Metrics) { // starred, as its count in the table
					cell += "*"
					starred = true
				}
			}
			p.CellFormat(widths[i], 6, cell, "B", 0, "R", false, 0, "")
		}
		p.Ln(-1)
	}
	return starred
}
