package report

import (
	"bytes"
	"encoding/json"
	"io"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"

	"github.com/klantpuls/klantpuls/internal/metric"
)

// XLSX writes the export as a workbook: a sheet per table (a row per group, a column per
// metric's headline figure) and, when the export has one, a sheet of every figure in long form
// as the CSV writes it. Above each table stand the title, the period and the filters.
//
// Figures are numbers with a number format, never text: a spreadsheet sums and charts them.
// Number format codes are stored in the file in one fixed notation — "," groups thousands and
// "." marks the decimals — and each Excel shows them in its own locale, so "#,##0.0" shows
// 1234.5 as 1.234,5 in a Dutch Excel and as 1,234.5 in an English one. A code written the
// Dutch way ("#.##0,0") would be wrong in both. Text cells (a team's name, which may be
// "=HYPERLINK(…)") are written as text, never as formulas.
func XLSX(w io.Writer, e *Export) error {
	// The figures must be what the JSON holds: a figure JSON cannot hold is not written.
	for _, t := range e.Tables {
		if _, err := json.Marshal(t.Doc); err != nil {
			return unwritable(err)
		}
	}
	f := excelize.NewFile()
	defer f.Close()
	styles, err := newStyles(f, e.Currency)
	if err != nil {
		return err
	}
	first := f.GetSheetName(0)
	for i, t := range e.Tables {
		name := sheetName(t.Name, i)
		if i == 0 {
			if err := f.SetSheetName(first, name); err != nil {
				return err
			}
		} else if _, err := f.NewSheet(name); err != nil {
			return err
		}
		if err := e.figuresSheet(f, name, t, styles); err != nil {
			return err
		}
	}
	names := map[string]bool{}
	for i, t := range e.Tables {
		names[sheetName(t.Name, i)] = true
	}
	for i, sec := range e.Sections {
		name := sec.Title
		if sec.Sheet != "" {
			name = sec.Sheet
		}
		name = uniqueSheet(sheetName(name, len(e.Tables)+i), names)
		if len(e.Tables) == 0 && i == 0 {
			if err := f.SetSheetName(first, name); err != nil {
				return err
			}
		} else if _, err := f.NewSheet(name); err != nil {
			return err
		}
		if err := e.rowsSheet(f, name, sec, styles); err != nil {
			return err
		}
	}
	if e.Long != nil {
		name := sheetName(e.Word("long"), len(e.Tables)+len(e.Sections))
		if _, err := f.NewSheet(name); err != nil {
			return err
		}
		if err := e.longSheet(f, name, styles); err != nil {
			return err
		}
	}
	// Into a buffer first: a workbook that cannot be written leaves no half file behind.
	var b bytes.Buffer
	if _, err := f.WriteTo(&b); err != nil {
		return err
	}
	_, err = w.Write(b.Bytes())
	return err
}

// NumberFormat is the cell number format code of a metric's display format (see XLSX on why
// the codes use "," for thousands and "." for decimals whatever the reader's language).
// Percentages are stored as JSON holds them (33.3 for 33.3%), so the sign is a literal, not
// Excel's ×100 percent; durations are seconds, as in the JSON, and their heading says so.
func NumberFormat(f metric.Format, currency string) string {
	switch f {
	case metric.FormatInteger, metric.FormatCount:
		return "0"
	case metric.FormatPercent:
		return `0.0"%"`
	case metric.FormatDuration:
		return "#,##0"
	case metric.FormatMoney:
		return `"` + strings.ReplaceAll(CurrencySign(currency), `"`, "") + ` "#,##0.00`
	}
	return "#,##0.0"
}

type styles struct {
	byFormat map[metric.Format]int
	// starred are the same formats with a star after the figure, for an indicative headline
	// (indicative): the cell stays a number, shown as the PDF shows it ("57,1%*"). A star
	// alone is Excel's fill character; escaped, it is the star itself.
	starred map[metric.Format]int
	bold    int
	general int // a number without a fixed format: the long sheet's values
	byCode  map[string]int
}

func newStyles(f *excelize.File, currency string) (*styles, error) {
	s := &styles{byFormat: map[metric.Format]int{}, starred: map[metric.Format]int{}, byCode: map[string]int{}}
	for _, format := range []metric.Format{metric.FormatInteger, metric.FormatPercent, metric.FormatDuration,
		metric.FormatMoney, metric.FormatDecimal, metric.FormatCount} {
		id, err := s.of(f, NumberFormat(format, currency))
		if err != nil {
			return nil, err
		}
		starred, err := s.of(f, NumberFormat(format, currency)+`\*`)
		if err != nil {
			return nil, err
		}
		s.byFormat[format], s.starred[format] = id, starred
	}
	var err error
	if s.bold, err = f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}}); err != nil {
		return nil, err
	}
	s.general, err = f.NewStyle(&excelize.Style{NumFmt: 0})
	return s, err
}

// of is the style of a figure's number format code, made once per workbook: every figure's
// style is made here, so each shows a negative number as the pages do (withMinus).
func (s *styles) of(f *excelize.File, code string) (int, error) {
	if id, ok := s.byCode[code]; ok {
		return id, nil
	}
	signed := withMinus(code)
	id, err := f.NewStyle(&excelize.Style{CustomNumFmt: &signed})
	if err != nil {
		return 0, err
	}
	s.byCode[code] = id
	return id, nil
}

// withMinus is a number format code with a section of its own for negative numbers, which
// shows the typographic minus (U+2212, Minus) the pages show, where Excel's one section puts a
// hyphen: "0.0" becomes "0.0;\−0.0". The sign stands right before the number, after a
// currency's sign ("€ −12,50", as Lang.Money writes it); a negative section shows the number
// without its own sign, so the hyphen is not shown as well.
func withMinus(code string) string {
	if i := codeIndex(code, func(c byte) bool { return c == '#' || c == '0' }); i >= 0 {
		return code + ";" + code[:i] + `\` + Minus + code[i:]
	}
	return code
}

// codeIndex is the index of the first character of number format code that is one of the
// code's own (outside quotes, not escaped by a backslash) and that is says yes of, or -1: the
// one reading of a code withMinus and codeDecimals share.
func codeIndex(code string, is func(c byte) bool) int {
	quoted := false
	for i := 0; i < len(code); i++ {
		switch c := code[i]; {
		case c == '"':
			quoted = !quoted
		case quoted:
		case c == '\\':
			i++ // an escaped character is itself
		case is(c):
			return i
		}
	}
	return -1
}

// cellNumber is the number a figure's cell stores under number format code: v, or 0 for a
// negative v the code shows as zero (metric.Round, the pages' rounding). Excel picks the
// negative section (withMinus) by the stored number's sign, so −0,04 at one decimal read
// "−0,0" where the pages write 0,0. A positive v stays exact (a risk of 0,02% shows 0,0% and
// keeps its value): only the sign was wrong, and only a negative has one to lose.
func cellNumber(v float64, code string) float64 {
	if v < 0 && metric.Round(v, codeDecimals(code)) == 0 {
		return 0
	}
	return v
}

// codeDecimals is how many decimals a number format code shows: the digits after its point,
// in its first section (the one withMinus copies).
func codeDecimals(code string) int {
	point, n := false, 0
	codeIndex(code, func(c byte) bool {
		switch {
		case c == ';':
			return true
		case c == '.':
			point = true
		case point && (c == '0' || c == '#'):
			n++
		}
		return false
	})
	return n
}

// sheetName keeps a name within Excel's rules: at most 31 characters, none of []:*?/\.
func sheetName(name string, i int) string {
	name = strings.Map(func(r rune) rune {
		if strings.ContainsRune(`[]:*?/\'`, r) {
			return '-'
		}
		return r
	}, name)
	if r := []rune(name); len(r) > 28 {
		name = string(r[:28])
	}
	if name == "" {
		name = "Sheet " + strconv.Itoa(i+1)
	}
	return name
}

// header writes the title, the period and the filters above a sheet's table; it returns the
// next free row.
func (e *Export) header(f *excelize.File, sheet string, st *styles) (int, error) {
	lines := []string{e.Title, e.WhenIn(e.Timezone)}
	if len(e.Filters) > 0 {
		lines = append(lines, strings.Join(e.Filters, " · "))
	}
	for i, l := range lines {
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		if err := f.SetCellStr(sheet, cell, l); err != nil {
			return 0, err
		}
	}
	cell, _ := excelize.CoordinatesToCellName(1, 1)
	return len(lines) + 2, f.SetCellStyle(sheet, cell, cell, st.bold)
}

// figuresSheet writes one table: a row per group, a column per metric's headline figure, an
// indicative one starred and, when one is, the PDF's note under the table.
func (e *Export) figuresSheet(f *excelize.File, sheet string, t ExportTable, st *styles) error {
	row, err := e.header(f, sheet, st)
	if err != nil {
		return err
	}
	cols := t.columns()
	first := e.Word("group")
	if t.Doc.By != nil {
		first = e.Word(*t.Doc.By)
	}
	headings := []string{first}
	for _, c := range cols {
		h := c.heading(e.Lang)
		if c.format() == metric.FormatDuration {
			h += " (" + e.Word("seconds") + ")"
		}
		headings = append(headings, h)
	}
	for c, h := range headings {
		cell, _ := excelize.CoordinatesToCellName(c+1, row)
		if err := f.SetCellStr(sheet, cell, h); err != nil {
			return err
		}
		if err := f.SetCellStyle(sheet, cell, cell, st.bold); err != nil {
			return err
		}
	}
	starred := false
	for _, g := range t.Doc.Listed() {
		row++
		cell, _ := excelize.CoordinatesToCellName(1, row)
		if err := f.SetCellStr(sheet, cell, e.groupName(t.Doc, g)); err != nil {
			return err
		}
		for i, c := range cols {
			v, ok := c.value(&g.Metrics)
			if !ok || v == nil {
				continue // not measured, or not split by this dimension: an empty cell, never 0
			}
			cell, _ := excelize.CoordinatesToCellName(i+2, row)
			if err := f.SetCellFloat(sheet, cell, cellNumber(*v, NumberFormat(c.format(), e.Currency)), -1, 64); err != nil {
				return err
			}
			style := st.byFormat[c.format()]
			if c.indicative(&g.Metrics) {
				style, starred = st.starred[c.format()], true
			}
			if err := f.SetCellStyle(sheet, cell, cell, style); err != nil {
				return err
			}
		}
	}
	if starred { // after an empty row: the table's range ends above it
		cell, _ := excelize.CoordinatesToCellName(1, row+2)
		if err := f.SetCellStr(sheet, cell, e.Word("indicative")); err != nil {
			return err
		}
	}
	return f.SetColWidth(sheet, "A", "A", 28)
}

// longSheet writes the report as its CSV does (csv.go), one figure a row, the values as
// numbers.
func (e *Export) longSheet(f *excelize.File, sheet string, st *styles) error {
	row, err := e.header(f, sheet, st)
	if err != nil {
		return err
	}
	set := func(c int, v any) error {
		cell, _ := excelize.CoordinatesToCellName(c, row)
		return f.SetCellValue(sheet, cell, v) // a string is text, a number a number: never a formula
	}
	for c, h := range longHeader {
		if err := set(c+1, h); err != nil {
			return err
		}
	}
	d := e.Long
	return longRows(d, func(s string) string { return s }, func(by, key, name, field, s string, number, headline bool) error {
		row++
		for c, v := range []any{d.From, d.To, by, key, name, field, longValue(s, number), headline} {
			if v == nil {
				continue
			}
			if err := set(c+1, v); err != nil {
				return err
			}
		}
		return nil
	})
}

// longValue is a long row's value as a cell: a number when the JSON holds a number, nothing
// for a null, else the text itself — a text that reads as a number ("NaN", "1e5", "Inf")
// stays the text it is.
func longValue(s string, number bool) any {
	if x, err := strconv.ParseFloat(s, 64); err == nil && number {
		return x
	}
	if s == "" {
		return nil
	}
	return s
}
