package importer

import (
	"fmt"
	"strings"
	"time"
	"unicode"

	"github.com/klantpuls/klantpuls/internal/config"
	"github.com/klantpuls/klantpuls/internal/cx"
	"github.com/klantpuls/klantpuls/internal/importer/cells"
)

// column describes one known column of a kind.
type column struct {
	name     string
	required bool
}

// rowParser turns the cells of one row into a record of its kind.
type rowParser struct {
	rd      *Reader
	cfg     *config.Config
	index   map[string]int // known column → cell position
	extra   []int          // positions of unknown columns, kept as attributes
	header  []string
	build   func(*row) cx.Record
	columns []column

	// The current row.
	cells []string
	line  int
	errs  []RowError

	// seps remembers, per number column, where a decimal comma and a point before three
	// digits were first written (separators.go).
	seps separators

	// records: the rows are the records of a body (Values), not lines of a file; numbers says
	// which of the current row's cells were JSON numbers (Values.Parse), types of which JSON
	// type each was when the body's reader or a JSON file tells (Values.ParseJSON,
	// jsonSheet.Types; row_types.go).
	records bool
	numbers []bool
	types   []JSONType

	// nameless are the columns whose header cell is empty: each must stay empty.
	nameless []int

	// asked[k] is the column the build function asked for k-th in the last row, and where it
	// is (-1: absent); next is how many it asked for in this row so far (raw).
	asked []columnAt
	next  int
}

// columnAt is a column asked for, and its cell position (-1 when the file lacks it).
type columnAt struct {
	name string
	at   int
}

func newRowParser(rd *Reader, header []string) (*rowParser, []RowError) {
	spec := kinds[rd.Kind]
	p := &rowParser{rd: rd, cfg: rd.Config, index: map[string]int{}, build: spec.build,
		columns: spec.columns}
	known := map[string]bool{}
	for _, c := range spec.columns {
		known[c.name] = true
	}
	var errs []RowError
	seen := map[string]bool{}
	for i, h := range header {
		name := strings.ToLower(strings.TrimSpace(h))
		p.header = append(p.header, strings.TrimSpace(h))
		switch {
		case name == "":
			// An export that ends each line with its delimiter has an empty last column: a
			// column without a name is taken while it stays empty, and refused on the first
			// line that writes in it (parse).
			p.nameless = append(p.nameless, i)
		case cellProblem(h, rd.Lang) != "":
			errs = append(errs, RowError{File: rd.File, Line: 1, Reason: msgBadName.in(rd.Lang, i+1, cellProblem(h, rd.Lang))})
		case seen[name]:
			errs = append(errs, RowError{File: rd.File, Line: 1, Column: name, Reason: msgTwice.in(rd.Lang)})
		case known[name]:
			p.index[name] = i
		default:
			p.extra = append(p.extra, i)
		}
		seen[name] = true
	}
	for _, c := range spec.columns {
		if _, ok := p.index[c.name]; c.required && !ok {
			errs = append(errs, RowError{File: rd.File, Line: 1, Column: c.name,
				Reason: msgNoColumn.in(rd.Lang, rd.Kind, requiredList(spec.columns))})
		}
	}
	return p, errs
}

func requiredList(cols []column) string {
	var names []string
	for _, c := range cols {
		if c.required {
			names = append(names, c.name)
		}
	}
	return strings.Join(names, ", ")
}

func (p *rowParser) keyColumn() string { return p.columns[0].name }

// key is the record key a row's cells give, and the cells it is made of: its key column's id
// and, of a review, its criterion. The key is "" when the row is too short to have one or its
// key cell is empty.
func (p *rowParser) key(cells []string) (key, id, criterion string) {
	if len(cells) != len(p.header) {
		return "", "", ""
	}
	id = strings.TrimSpace(cells[p.index[p.keyColumn()]])
	if id == "" {
		return "", "", ""
	}
	if p.rd.Kind == cx.KindReviews { // a review's key is its review_id and criterion
		criterion = strings.TrimSpace(cells[p.index["criterion"]])
		return cx.ReviewKey(id, criterion), id, criterion
	}
	return id, id, ""
}

// repeated checks the row's key against the rows of the file before it (keys) and returns the
// error of a repeat; a row too short to have a key has none.
func (p *rowParser) repeated(keys *rowKeys, cells []string, line int) (RowError, bool) {
	key, id, criterion := p.key(cells)
	if key == "" { // a missing key is its own error ("required"), not a repeat of another
		return RowError{}, false
	}
	first, dup := keys.seen(p.rd.Kind, key, line)
	if !dup {
		return RowError{}, false
	}
	display := fmt.Sprintf("%q", id)
	if p.rd.Kind == cx.KindReviews {
		display = fmt.Sprintf("%q / %q", id, criterion)
	}
	return RowError{File: p.rd.File, Line: line, Column: p.keyColumn(),
		Reason: msgDuplicate.in(p.rd.Lang, display, first)}, true
}

// deletion is the deletion of the record a row's key cells name (a mapped row a delete rule
// matched: an order the export shows cancelled). ok is false when they name none: no key, or
// one no record can have (text the id rule refuses), so there is nothing to delete.
func (p *rowParser) deletion(cells []string) (d cx.Deletion, ok bool) {
	key, id, criterion := p.key(cells)
	for _, part := range []string{id, criterion} {
		if cellProblem(part, p.rd.Lang) != "" || strings.ContainsFunc(part, unicode.IsControl) {
			return cx.Deletion{}, false
		}
	}
	return cx.Deletion{Of: p.rd.Kind, ID: key}, key != ""
}

// parse validates one row; the record is nil when the row has errors.
func (p *rowParser) parse(cells []string, line int) (cx.Record, []RowError) {
	p.cells, p.line, p.errs = cells, line, p.errs[:0]
	if len(cells) != len(p.header) {
		p.errs = append(p.errs, RowError{File: p.rd.File, Line: line,
			Reason: msgRowWidth.in(p.rd.Lang, len(cells), len(p.header))})
		return nil, p.errs
	}
	for i, v := range cells {
		if reason := cellProblem(v, p.rd.Lang); reason != "" {
			if p.records && holdsNUL(v) {
				reason = msgNUL.in(p.rd.Lang) // a body's sender has no file to save as "CSV UTF-8"
			}
			p.errs = append(p.errs, RowError{File: p.rd.File, Line: line, Column: p.header[i], Reason: reason})
		}
	}
	for _, i := range p.nameless {
		if strings.TrimSpace(cells[i]) != "" {
			p.errs = append(p.errs, RowError{File: p.rd.File, Line: line, Reason: msgNoName.in(p.rd.Lang, i+1)})
		}
	}
	if len(p.errs) > 0 {
		return nil, p.errs
	}
	p.next = 0
	rec := p.build(&row{p})
	if len(p.errs) > 0 {
		return nil, p.errs
	}
	return rec, nil
}

// row gives a kind's build function typed access to the current row's cells. Each accessor
// records a problem as a row error and returns the zero value, so one row reports every bad
// cell at once.
type row struct{ p *rowParser }

func (r *row) errorf(col string, m msg, args ...any) {
	r.p.errs = append(r.p.errs, RowError{File: r.p.rd.File, Line: r.p.line, Column: col,
		Reason: m.in(r.p.rd.Lang, args...)})
}

// fail records a problem of cells.ParseTime or cells.ParseDecimal in the reader's language.
func (r *row) fail(col string, err error) {
	if r.p.records {
		err = cells.ForRecords(err)
	}
	r.p.errs = append(r.p.errs, RowError{File: r.p.rd.File, Line: r.p.line, Column: col,
		Reason: Reason(err, r.p.rd.Lang)})
}

// raw returns the cell of a column as written ("" when the column is absent). A build function
// asks for the columns of every row in the same order, so the k-th column asked for is looked
// up in the index only when it is not the one asked for k-th in the row before (the names are
// the build functions' constants, whose comparison finds the same bytes at once): the map was
// 0.6 s of the CPU time of the four files of the generated shop (1M + 1M), on the reader's core.
func (r *row) raw(col string) string {
	p := r.p
	k := p.next
	p.next++
	if k < len(p.asked) && p.asked[k].name == col {
		return p.cell(p.asked[k].at)
	}
	i, ok := p.index[col]
	if !ok {
		i = -1
	}
	switch {
	case k < len(p.asked):
		p.asked[k] = columnAt{col, i}
	case k == len(p.asked) && k < maxAsked:
		p.asked = append(p.asked, columnAt{col, i})
	}
	return p.cell(i)
}

// maxAsked bounds the columns remembered per row (a kind has at most some 40).
const maxAsked = 64

// cell is the current row's cell at i, "" for -1 (a column the file lacks).
func (p *rowParser) cell(i int) string {
	if i < 0 {
		return ""
	}
	return p.cells[i]
}

// str returns a trimmed cell of text; a required one must not be empty.
func (r *row) str(col string, required bool) string {
	v := r.trimmed(col, required)
	if !r.textual(col) {
		return ""
	}
	return v
}

// trimmed returns a trimmed cell; a required one must not be empty.
func (r *row) trimmed(col string, required bool) string {
	v := strings.TrimSpace(r.raw(col))
	if v == "" && required {
		r.errorf(col, msgRequired)
	}
	return strings.Clone(v) // the reader reuses its buffers
}

// id returns a trimmed identifier; a control character (a tab, the unit separator that joins
// a review's key) is refused, so two different keys can never read the same.
func (r *row) id(col string, required bool) string {
	v := r.trimmed(col, required)
	if !r.identifying(col) {
		return ""
	}
	if i := strings.IndexFunc(v, unicode.IsControl); i >= 0 {
		r.errorf(col, msgControl, []rune(v[i:])[0])
	}
	return v
}

// text returns a cell as written, for free text such as comments.
func (r *row) text(col string) string {
	v := r.raw(col)
	if strings.TrimSpace(v) == "" || !r.textual(col) {
		return ""
	}
	return strings.Clone(v)
}

func (r *row) time(col string, required bool) time.Time {
	v := strings.TrimSpace(r.raw(col))
	if v == "" {
		if required {
			r.errorf(col, msgRequired)
		}
		return time.Time{}
	}
	if !r.textual(col) {
		return time.Time{}
	}
	t, err := cells.ParseTime(v, r.p.rd.zone())
	if err != nil {
		r.fail(col, err)
	}
	return t
}

// notBefore reports an end before its start (solved_at before created_at).
func (r *row) notBefore(endCol string, end time.Time, startCol string, start time.Time) {
	if !end.IsZero() && !start.IsZero() && end.Before(start) {
		loc := r.p.rd.zone()
		r.errorf(endCol, msgBefore, endCol, startCol,
			end.In(loc).Format(time.RFC3339), start.In(loc).Format(time.RFC3339))
	}
}

// given is col's cell, trimmed; a required one that is empty is an error.
func (r *row) given(col string, required bool) string {
	v := strings.TrimSpace(r.raw(col))
	if v == "" && required {
		r.errorf(col, msgRequired)
	}
	if v != "" && !r.numeric(col) { // given reads the numbers of row_numbers.go
		return ""
	}
	return v
}

// boolean reads a yes/no value. WAAR and ONWAAR are a Dutch Excel's TRUE and FALSE, as it writes
// them into a CSV it saves.
func (r *row) boolean(col string) bool {
	v := strings.ToLower(strings.TrimSpace(r.raw(col)))
	if v != "" && !r.yesNo(col) {
		return false
	}
	switch v {
	case "", "false", "0", "no", "nee", "onwaar":
		return false
	case "true", "1", "yes", "ja", "waar":
		return true
	}
	r.errorf(col, msgNotYesNo, v)
	return false
}

// oneOf reads a value from a fixed list, case-insensitively; def when empty.
func (r *row) oneOf(col string, required bool, def string, allowed ...string) string {
	v := strings.ToLower(strings.TrimSpace(r.raw(col)))
	if v == "" {
		if required {
			r.errorf(col, msgRequired)
		}
		return def
	}
	if !r.textual(col) {
		return def
	}
	for _, a := range allowed {
		if v == a {
			return a
		}
	}
	r.errorf(col, msgNotOneOf, v, strings.Join(allowed, ", "))
	return def
}

// attrs keeps the unknown columns of the row.
func (r *row) attrs() cx.Attrs {
	var a cx.Attrs
	for _, i := range r.p.extra {
		if v := strings.TrimSpace(r.p.cells[i]); v != "" {
			if a == nil {
				a = cx.Attrs{}
			}
			a[r.p.header[i]] = strings.Clone(v)
		}
	}
	return a
}
