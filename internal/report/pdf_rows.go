package report

import (
	"sync"

	"golang.org/x/image/font/gofont/goregular"
	"golang.org/x/image/font/sfnt"

	"bytes"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"codeberg.org/go-pdf/fpdf"

	"github.com/klantpuls/klantpuls/internal/chart"
)

// pdfLinesPerCell bounds how many lines one cell takes on paper: a customer's comment of a
// thousand words would otherwise fill pages with one row. The workbook keeps the whole text.
const pdfLinesPerCell = 12

// width is a figure's or a date's column width in mm, room for its widest usual value at
// 8.5 pt; 0 for a text column, which shares what is left.
func (c Col) width() float64 {
	switch c.Kind {
	case KindText:
		return 0
	case KindDateTime:
		return 30
	case KindDate:
		return 20
	case KindEuro:
		return 22
	case KindCount:
		return 14
	}
	return 16
}

// share is the part of the text's room a text column takes: a wide one (a comment) three.
func (c Col) share() float64 {
	if c.Wide {
		return 3
	}
	return 1
}

// widths share the page among a section's columns: figures and dates their own width, a
// figure with marks (Cell.Mark) room for them too, text columns the rest, a wide one (a
// comment) three shares; all narrowed alike when they do not fit. need is, per column, the
// room it needs to cut no word (neededWidths): a figure column grows to its widest figure and
// a text column gets its longest word before the text shares what is left, as far as the page
// has room — so "365 d 5 u" stays on one line and "Klantnummer", "C016724" whole.
func widths(s Section, need []float64, pageWidth float64) []float64 {
	cols := s.Cols
	out := make([]float64, len(cols))
	fixed, shares, least := baseWidths(s, need, out)
	fixed += grow(cols, out, need, pageWidth-fixed-least)
	rest := pageWidth - fixed
	if shares > 0 && rest < 12*shares { // text needs some room: narrow the figures
		rest = min(pageWidth/2, 12*shares)
	}
	shareText(cols, out, need, rest, shares)
	total := 0.0
	for i := range out {
		total += out[i]
	}
	for i := range out {
		out[i] *= pageWidth / total
	}
	return out
}

// baseWidths sets out to each figure or date column's own width (with room for marks) and
// returns their sum, the text columns' shares, and the least room the text columns take: a
// share's 12 mm or their longest word, whichever is more.
func baseWidths(s Section, need, out []float64) (fixed, shares, least float64) {
	for i, c := range s.Cols {
		out[i] = c.width()
		for _, row := range s.Rows {
			if i < len(row) && row[i].Mark != "" && c.Kind != KindText {
				out[i] += 4 // "−100,0†*" is wider than a figure's room
				break
			}
		}
		fixed += out[i]
		if c.Kind == KindText {
			shares += c.share()
			least += max(12*c.share(), wordRoom(need, i))
		}
	}
	return fixed, shares, least
}

// listNeeds is the width a section's columns need to cut none of their words: each figure's
// column its widest cell or heading word, each text column its least room (baseWidths).
func (pr *printer) listNeeds(s Section) float64 {
	need := pr.neededWidths(s, pr.cells(s))
	out := make([]float64, len(s.Cols))
	fixed, _, least := baseWidths(s, need, out)
	for i, c := range s.Cols {
		if c.Kind != KindText {
			fixed += max(0, need[i]-out[i])
		}
	}
	return fixed + least
}

// shareText sets the text columns of out: they share rest by their shares, then a name's
// column is widened to its longest word out of the room other text columns have beyond theirs
// (a comment's, which wraps anyway, down to 20 mm), as far as that room goes.
func shareText(cols []Col, out, need []float64, rest, shares float64) {
	floor := func(i int, c Col) float64 {
		return max(map[bool]float64{true: 20, false: 12}[c.Wide], wordRoom(need, i))
	}
	extra, spare := 0.0, 0.0
	for i, c := range cols {
		if c.Kind != KindText {
			continue
		}
		out[i] = rest * c.share() / shares
		spare += max(0, out[i]-floor(i, c))
		if !c.Wide {
			extra += max(0, wordRoom(need, i)-out[i])
		}
	}
	if extra > 0 && spare > 0 {
		take := min(extra, spare)
		for i, c := range cols {
			if c.Kind != KindText {
				continue
			}
			lack := 0.0
			if !c.Wide {
				lack = max(0, wordRoom(need, i)-out[i])
			}
			out[i] += take*lack/extra - take*max(0, out[i]-floor(i, c))/spare
		}
	}
}

// wordRoom is what a text column needs for its longest word, at most 30 mm: a longer "word"
// (an address, a link) is cut rather than take the page.
func wordRoom(need []float64, i int) float64 {
	return min(need[i], 30)
}

// grow widens the figure columns of out toward what they need, by at most slack mm in all (each
// by the same part of what it lacks), and says by how much.
func grow(cols []Col, out, need []float64, slack float64) float64 {
	lack := 0.0
	for i, c := range cols {
		if c.Kind != KindText {
			lack += max(0, need[i]-out[i])
		}
	}
	if lack == 0 || slack <= 0 {
		return 0
	}
	part := min(1, slack/lack)
	for i, c := range cols {
		if c.Kind != KindText {
			out[i] += part * max(0, need[i]-out[i])
		}
	}
	return part * lack
}

// sections prints the export's rows tables: per section its title, a row of headings (again on
// each new page), its rows with text wrapped in its column, its note and its charts.
func (pr *printer) sections() {
	for si, s := range pr.e.Sections {
		pr.heading(s.Title)
		if len(s.Rows) == 0 {
			pr.text(pr.e.Word("no_rows"))
		} else {
			pr.rows(s)
		}
		if s.Note != "" {
			pr.p.Ln(1)
			pr.text(s.Note)
		}
		for _, line := range s.Legend {
			pr.text(line)
		}
		pr.charts(s.Charts, "s"+strconv.Itoa(si))
		pr.p.Ln(4)
	}
}

// neededWidths is, per column, the width in mm that cuts none of its words: its heading's
// longest word (bold, 8 pt) and, at 8.5 pt, a figure column's widest cell and a text column's
// longest word, each with the cell's padding.
func (pr *printer) neededWidths(s Section, cells [][]string) []float64 {
	p := pr.p
	// MultiCell keeps its cell margin free on both sides, and wraps a little before what
	// GetStringWidth measures (a 12.5 mm "365 d 5 u" wrapped in 16 mm, not in 16.5): 2.5 mm more.
	pad := 2*p.GetCellMargin() + 2.5
	need := make([]float64, len(s.Cols))
	p.SetFont("go", "B", 8)
	for i, c := range s.Cols {
		for _, w := range strings.Fields(c.Heading) {
			need[i] = max(need[i], p.GetStringWidth(w)+pad)
		}
	}
	p.SetFont("go", "", 8.5)
	measured := map[string]float64{} // a list repeats its names and words: measure each once
	width := func(w string) float64 {
		if v, ok := measured[w]; ok {
			return v
		}
		v := p.GetStringWidth(w) + pad
		measured[w] = v
		return v
	}
	for _, row := range cells {
		for i, text := range row {
			if s.Cols[i].Kind != KindText {
				need[i] = max(need[i], width(text))
				continue
			}
			for _, w := range strings.Fields(text) {
				if utf8.RuneCountInString(w) <= 20 { // a longer one (a link, an address) is cut rather than take the page
					need[i] = max(need[i], width(w))
				}
			}
		}
	}
	return need
}

// cells are a section's rows as printed: each cell's text, "–" for a figure without one.
func (pr *printer) cells(s Section) [][]string {
	e := pr.e
	cells := make([][]string, len(s.Rows))
	for r, row := range s.Rows {
		cells[r] = make([]string, len(s.Cols))
		for i, c := range s.Cols {
			if i < len(row) {
				cells[r][i] = c.cellText(row[i], e.Lang, e.Currency)
			}
			if cells[r][i] == "" && c.Kind != KindText && !s.Sparse {
				cells[r][i] = "–"
			}
		}
	}
	return cells
}

func (pr *printer) rows(s Section) {
	p := pr.p
	cells := pr.cells(s)
	widths := widths(s, pr.neededWidths(s, cells), pr.width)
	align := func(c Col) string {
		if c.Kind == KindText || c.Kind == KindDate || c.Kind == KindDateTime {
			return "L"
		}
		return "R"
	}
	headings := make([]string, len(s.Cols))
	for i, c := range s.Cols {
		headings[i] = c.Heading
	}
	// line sets one row: every cell wrapped in its width, the row as tall as its tallest cell;
	// a row that starts a new page has the headings again above it.
	var line func(cells []string, size float64, bold bool)
	line = func(cells []string, size float64, bold bool) {
		style := ""
		if bold {
			style = "B"
		}
		p.SetFont("go", style, size)
		const lh = 4
		split := make([][]string, len(cells))
		n := 1
		for i, c := range cells {
			split[i] = p.SplitText(c, widths[i]-1.5)
			if len(split[i]) > pdfLinesPerCell {
				split[i] = append(split[i][:pdfLinesPerCell-1], split[i][pdfLinesPerCell-1]+" …")
			}
			n = max(n, len(split[i]))
		}
		h := lh*float64(n) + 1.5
		if p.GetY()+h > pr.height-18 {
			p.AddPage()
			if !bold {
				line(headings, 8, true)
				p.SetFont("go", style, size)
			}
		}
		y, x := p.GetY(), margin
		for i := range cells {
			p.SetXY(x, y+0.75)
			p.MultiCell(widths[i], lh, strings.Join(split[i], "\n"), "", align(s.Cols[i]), false)
			x += widths[i]
		}
		p.SetDrawColor(200, 200, 200)
		p.Line(margin, y+h, margin+pr.width, y+h)
		p.SetXY(margin, y+h)
	}
	line(headings, 8, true)
	for _, row := range cells {
		line(row, 8.5, false)
	}
}

// printable keeps text within what a PDF line can show: control characters (a tab, an escape
// sequence in a comment) become spaces; line breaks stay; a character the Go font has no glyph
// for — an emoji in a customer's comment — becomes "?", since the PDF library refuses the
// whole document over one it cannot measure.
//
// It runs twice on every cell of a list (to wrap it, then to print it): text that needs no
// change — plain ASCII, the usual id, team or figure — is returned as it is, and the font's
// glyph buffer is taken from a pool only once a character beyond ASCII ("€ 12,50") needs
// looking up, not made per call: that buffer was a quarter of the memory a 33,000-row list's
// PDF asked for.
func printable(s string) string {
	if plainASCII(s) {
		return s
	}
	var buf *sfnt.Buffer
	defer func() {
		if buf != nil {
			glyphBuffers.Put(buf)
		}
	}()
	font := paperFont()
	return strings.Map(func(r rune) rune {
		if r == '\n' {
			return r
		}
		if unicode.IsControl(r) || r == unicode.ReplacementChar {
			return ' '
		}
		if r > unicode.MaxASCII {
			if buf == nil {
				buf = glyphBuffers.Get().(*sfnt.Buffer)
			}
			if g, err := font.GlyphIndex(buf, r); err != nil || g == 0 {
				return '?'
			}
		}
		return r
	}, strings.ToValidUTF8(s, " "))
}

// plainASCII says s is printable ASCII and line breaks only: nothing printable would change.
func plainASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c >= utf8.RuneSelf || c < ' ' && c != '\n' || c == 0x7f {
			return false
		}
	}
	return true
}

// glyphBuffers are printable's scratch buffers for the font's glyph look-ups; a PDF is written
// by one request's goroutine, several at a time.
var glyphBuffers = sync.Pool{New: func() any { return new(sfnt.Buffer) }}

// paperFont is the regular Go font, parsed once, for its list of glyphs.
var paperFont = sync.OnceValue(func() *sfnt.Font {
	f, err := sfnt.Parse(goregular.TTF)
	if err != nil {
		panic(err) // the font is compiled in: it parses
	}
	return f
})

// charts prints line charts the page's width, each on a new page when it does not fit.
func (pr *printer) charts(cs []chart.Line, prefix string) {
	p := pr.p
	for i, c := range cs {
		var img bytes.Buffer
		if err := c.PNG(&img); err != nil {
			p.SetError(err)
			return
		}
		name := "chart" + prefix + strconv.Itoa(i)
		p.RegisterImageOptionsReader(name, fpdf.ImageOptions{ImageType: "PNG"}, &img)
		w := min(pr.width, a4Short-2*margin) // a chart as wide turned as upright: it would not fit the turned page's height
		h := w * 500 / 1200                  // the chart's own proportions
		if p.GetY()+h > pr.height-20 {
			p.AddPage()
		}
		p.ImageOptions(name, margin, p.GetY(), w, h, false, fpdf.ImageOptions{ImageType: "PNG"}, 0, "")
		p.SetY(p.GetY() + h + 4)
	}
}
