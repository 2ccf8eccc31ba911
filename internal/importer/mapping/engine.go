package mapping

import (
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/klantpuls/klantpuls/internal/cx"
	"github.com/klantpuls/klantpuls/internal/importer/cells"
)

// Options are what the engine takes from the command, not from the map.
type Options struct {
	File     string         // the name errors give
	Account  *time.Location // the account's time zone: times without an offset, unless the map says
	Timezone *time.Location // --timezone, when given: wins over the map's zone
	Lang     cells.Lang     // of the messages (--lang); "" is English
}

// Output is one kind of record a file yields and its canonical header: the row a canonical
// file of that kind would start with. From says, column by column, which source column fills
// it, so an error the canonical parser finds can name the source column the user knows.
type Output struct {
	Kind   cx.Kind
	Header []string
	From   []string
	Merged bool // repeats = "merge": its records come at Flush, one per key, of no one source row
	// Complete: complete = true, its records complete the stored ones of their keys (Mark);
	// Earliest are then the time fields that keep the earlier instant of the two.
	Complete bool
	Earliest []string
	// Update: update = true, its records set the columns of Header, empty or not, and the
	// stored record of their key keeps its others (a customers/update carries no segment: the
	// customers file's stays).
	Update bool
	// Versioned: version = "…", its records carry the time their resource last changed, as the
	// attribute cx.SourceVersion (the last column of Header), and are compared with the stored
	// record of their key (Mark).
	Versioned bool
}

// Mark makes rec, a record of this output, what a write is to take it for: with complete =
// true a cx.Supplement, which completes the stored record of its key instead of replacing it;
// with version and a version in rec, a cx.Versioned, which is not written when the stored
// record holds a later change. A record whose source gave no version is written as it comes.
func (o Output) Mark(rec cx.Record) cx.Record {
	out := rec
	switch {
	case o.Complete:
		out = &cx.Supplement{Record: rec, Earliest: o.Earliest}
	case o.Update:
		out = &cx.Supplement{Record: rec, Earliest: o.Earliest, Carries: o.Header}
	}
	if o.Versioned {
		if at, ok := cx.VersionOf(rec); ok {
			out = &cx.Versioned{Record: out, At: at}
		}
	}
	return out
}

// Record is one canonical row: its cells in the order of its kind's Output header, and the
// line of the source file it comes from.
type Record struct {
	Kind  cx.Kind
	Line  int
	Cells []string
	// Numbers, when not nil, tells per cell whether it is a JSON number of the source as
	// written (NumberedRow): a whole-number field then takes 5.0 for 5, as the API does.
	Numbers []bool
	// Delete: a delete rule matched (an order the export shows cancelled). The row is no record
	// of its key, and the stored record of the key is to be deleted: Cells hold the key's
	// fields only (the first, and a review's criterion).
	Delete bool
}

// RowError is one problem with a source row: FILE:LINE: SOURCE COLUMN: reason and what to do.
// Line 0 is the file as a whole (the header does not fit the map).
type RowError struct {
	File   string
	Line   int
	Column string
	Reason string
}

func (e RowError) Error() string {
	if e.Column == "" {
		return fmt.Sprintf("%s:%d: %s", e.File, e.Line, e.Reason)
	}
	return fmt.Sprintf("%s:%d: %s: %s", e.File, e.Line, e.Column, e.Reason)
}

// Engine maps the rows of one source file. It holds at most one group of rows (group_by) and
// one record per key of the kinds that merge repeats, never the file.
type Engine struct {
	m       *Map
	file    string
	lang    cells.Lang
	zone    *time.Location
	names   []string // the source columns' names (two header rows joined)
	footer  []*regexp.Regexp
	kinds   []*bound
	groupAt int // the group_by column; -1 without

	pending    []string // the group being gathered: the first non-empty cell of each column
	lines      []int    // the line each pending cell came from
	numbers    []bool   // whether each pending cell was a JSON number; nil when none was given
	deleting   []bool   // per kind: a row of the group matched a delete rule
	firstAt    int      // the group's first line; 0 when none is pending
	groupKey   string
	rowLines   []int // each cell's line for a row without group_by, reused
	layoutHint int   // the time format that read the last time: an export keeps to one
}

// bound is a kindMap with its source columns found in this file's header.
type bound struct {
	*kindMap
	out   Output
	cols  []source // per field
	attrs []int    // source positions of attributes
	skips []int    // per skip rule: its column's source position; -1 when the file lacks it
	dels  []int    // per delete rule: as skips
	// version is the source position of the version column (version = "…"); -1 without, or
	// when this file or payload lacks it.
	version int
	merged  *merger // with repeats = "merge"
	read    []bool  // per field: a time the engine reads and writes as RFC 3339

	// Per row, reused: which fields are computed, and the instants read.
	done  []bool
	times []time.Time
}

// source is where a field's value comes from in this file: positions, -1 for absent.
type source struct {
	at    []int // one position, or the joined ones; empty for a constant or an absent column
	minus int
	name  string // how errors name the source column
}

// Start checks a file's header rows against the map and returns the engine for its rows.
// A source column the map needs and the header lacks (or holds twice) is an error of line 1.
func (m *Map) Start(header [][]string, opt Options) (*Engine, []RowError) {
	e := &Engine{m: m, file: opt.File, lang: opt.Lang, footer: m.footer, groupAt: -1}
	e.zone = opt.Account
	if m.zone != nil {
		e.zone = m.zone
	}
	if opt.Timezone != nil {
		e.zone = opt.Timezone
	}
	if e.zone == nil {
		e.zone = time.UTC
	}
	if len(header) != m.HeaderRows {
		return nil, []RowError{{File: e.file, Line: 1, Reason: msgHeaderRows.In(e.lang, m.Name, m.HeaderRows, len(header))}}
	}
	e.names = columnNames(header)
	var errs []RowError
	if m.GroupBy != "" {
		e.groupAt = e.position(m.GroupBy, false, &errs)
	}
	for _, km := range m.kinds {
		e.kinds = append(e.kinds, e.bind(km, &errs))
	}
	e.deleting = make([]bool, len(e.kinds))
	if len(errs) > 0 {
		return nil, once(errs)
	}
	return e, nil
}

// once keeps the first of equal errors, in their order: a column missing that fields of two
// kinds read (zendesk-tickets' Via, of the ticket and of its answer) is said once.
func once(errs []RowError) []RowError {
	seen := map[RowError]bool{}
	return slices.DeleteFunc(errs, func(e RowError) bool {
		if seen[e] {
			return true
		}
		seen[e] = true
		return false
	})
}

// columnNames are the source columns' names. With two header rows a column is "question /
// option"; a blank question continues the one to its left, a blank option leaves the question.
func columnNames(header [][]string) []string {
	names := make([]string, len(header[0]))
	question := ""
	for i, h := range header[0] {
		if i == 0 {
			h = strings.TrimPrefix(h, "\ufeff") // a byte order mark a reader left
		}
		if h = strings.TrimSpace(h); h != "" || len(header) == 1 {
			question = h
		}
		names[i] = question
		if len(header) == 2 && i < len(header[1]) && strings.TrimSpace(header[1][i]) != "" {
			names[i] = question + " / " + strings.TrimSpace(header[1][i])
		}
	}
	return names
}

// position finds a source column by name; absent is an error unless optional (then -1).
func (e *Engine) position(name string, optional bool, errs *[]RowError) int {
	at := find(e.names, name)
	switch {
	case at == -2:
		*errs = append(*errs, RowError{File: e.file, Line: 1, Column: name, Reason: msgColumnTwice.In(e.lang)})
	case at < 0 && !optional:
		*errs = append(*errs, RowError{File: e.file, Line: 1, Column: name, Reason: msgColumnMissing.In(e.lang, e.m.Name)})
	}
	return at
}

// matching finds the one source column whose name matches a pattern.
func (e *Engine) matching(f *field, errs *[]RowError) int {
	var hits []int
	for i, n := range e.names {
		if f.match.MatchString(n) {
			hits = append(hits, i)
		}
	}
	name := "match " + strings.TrimPrefix(f.match.String(), "(?i)")
	switch {
	case len(hits) == 1:
		return hits[0]
	case len(hits) > 1:
		*errs = append(*errs, RowError{File: e.file, Line: 1, Column: e.names[hits[0]], Reason: msgMatchTwice.In(e.lang, e.names[hits[0]], e.names[hits[1]], name, f.where)})
	case !f.optional:
		*errs = append(*errs, RowError{File: e.file, Line: 1, Reason: msgMatchNone.In(e.lang, name, f.where)})
	}
	return -1
}

func (e *Engine) bind(km *kindMap, errs *[]RowError) *bound {
	b := &bound{kindMap: km, out: Output{Kind: km.kind}, version: -1}
	for _, f := range km.fields {
		s := source{minus: -1}
		switch {
		case f.column != "":
			s.name = f.column
			if at := e.position(f.column, f.optional, errs); at >= 0 {
				s.at = []int{at}
			}
		case f.match != nil:
			if at := e.matching(f, errs); at >= 0 {
				s.at, s.name = []int{at}, e.names[at]
			}
		case f.join != nil:
			s.name = strings.Join(f.join, " + ")
			for _, c := range f.join {
				if at := e.position(c, f.optional, errs); at >= 0 {
					s.at = append(s.at, at)
				}
			}
		default:
			s.name = f.where + ".value"
		}
		if f.minus != "" {
			s.minus = e.position(f.minus, f.optional, errs)
			s.name += " - " + f.minus
		}
		b.cols = append(b.cols, s)
		b.out.Header = append(b.out.Header, f.target.name)
		b.out.From = append(b.out.From, s.name)
	}
	for _, r := range km.skip {
		b.skips = append(b.skips, e.position(r.column, true, errs))
	}
	for _, r := range km.deletes {
		b.dels = append(b.dels, e.position(r.column, true, errs))
	}
	for _, a := range km.attributes {
		if at := e.position(a, true, errs); at >= 0 {
			b.attrs = append(b.attrs, at)
			b.out.Header = append(b.out.Header, strings.TrimSpace(e.names[at]))
			b.out.From = append(b.out.From, e.names[at])
		}
	}
	// Optional: a source that gives no version (an older API, a trigger body without it) has
	// its records written as they come.
	if km.version != "" {
		if b.version = e.position(km.version, true, errs); b.version >= 0 {
			b.out.Header = append(b.out.Header, cx.SourceVersion)
			b.out.From = append(b.out.From, e.names[b.version])
			b.out.Versioned = true
		}
	}
	if km.merge {
		b.merged = &merger{at: map[string]int{}}
		b.out.Merged = true
	}
	if km.complete || km.update {
		b.out.Complete, b.out.Update = km.complete, km.update
		for _, j := range km.earliest {
			b.out.Earliest = append(b.out.Earliest, km.fields[j].target.name)
		}
	}
	b.read = e.m.timesRead(km)
	b.done, b.times = make([]bool, len(km.fields)), make([]time.Time, len(km.fields))
	return b
}

// GroupColumn is the position of the group_by column in the source rows; -1 without group_by.
func (e *Engine) GroupColumn() int { return e.groupAt }

// Columns are the export's columns, named as errors name them (two header rows joined).
func (e *Engine) Columns() []string { return slices.Clone(e.names) }

// Outputs are the kinds this file yields, in the order of cx.Kinds, with their headers.
func (e *Engine) Outputs() []Output {
	out := make([]Output, len(e.kinds))
	for i, b := range e.kinds {
		out[i] = b.out
	}
	return out
}

// Row maps one source row (its cells and its line in the file). It returns the records the
// row completes: none while a group is being gathered, and none of kinds that merge repeats,
// which wait for Flush. A bad row yields no record of any kind and one error per bad cell.
// The records' cells may share memory with cells; what the engine keeps, it copies.
func (e *Engine) Row(line int, cells []string) ([]Record, []RowError) {
	return e.NumberedRow(line, cells, nil)
}

// NumberedRow is Row of a source whose cells may be JSON numbers (a JSON export): numbers, when
// not nil, tells per cell whether it was one, and each record's Numbers which of its cells are
// such a number, passed on as written.
func (e *Engine) NumberedRow(line int, cells []string, numbers []bool) ([]Record, []RowError) {
	if len(cells) == 0 || len(cells) == 1 && strings.TrimSpace(cells[0]) == "" {
		return nil, nil // a blank line
	}
	for _, re := range e.footer {
		if re.MatchString(strings.TrimSpace(cells[0])) {
			return nil, nil
		}
	}
	if len(cells) != len(e.names) {
		return nil, []RowError{{File: e.file, Line: line, Reason: msgRowWidth.In(e.lang, len(cells), len(e.names))}}
	}
	if e.groupAt < 0 {
		e.rowLines = slices.Grow(e.rowLines[:0], len(cells))[:len(cells)]
		for i := range e.rowLines {
			e.rowLines[i] = line
		}
		return e.mapRow(line, cells, e.rowLines, numbers)
	}
	key := strings.TrimSpace(cells[e.groupAt])
	if key == "" {
		return nil, []RowError{{File: e.file, Line: line, Column: e.names[e.groupAt], Reason: msgNoGroup.In(e.lang)}}
	}
	var recs []Record
	var errs []RowError
	if e.firstAt > 0 && key != e.groupKey {
		recs, errs = e.mapRow(e.firstAt, e.pending, e.lines, e.numbers)
		e.firstAt = 0
	}
	e.gather(line, key, cells, numbers)
	return recs, errs
}

// gather adds a row to the pending group: a cell still empty takes this row's value, so a
// field of the group is its first non-empty value (Shopify gives an order's fields on its first
// line item's row only). A delete rule is matched by each row: any row that says the key is no
// record (cancelled) makes the group one deletion.
func (e *Engine) gather(line int, key string, cells []string, numbers []bool) {
	if e.firstAt == 0 {
		e.firstAt, e.groupKey = line, strings.Clone(key)
		e.pending = make([]string, len(cells))
		e.lines = make([]int, len(cells))
		e.numbers = nil
		if numbers != nil {
			e.numbers = make([]bool, len(cells))
		}
		clear(e.deleting)
	}
	for i, c := range cells {
		if strings.TrimSpace(e.pending[i]) == "" && strings.TrimSpace(c) != "" {
			e.pending[i], e.lines[i] = strings.Clone(c), line
			if e.numbers != nil && numbers != nil {
				e.numbers[i] = numbers[i]
			}
		}
	}
	for k, b := range e.kinds {
		e.deleting[k] = e.deleting[k] || matches(b.deletes, b.dels, cells)
	}
}

// Flush ends the file: FlushGroup, then FlushMerged.
func (e *Engine) Flush() ([]Record, []RowError) {
	recs, errs := e.FlushGroup()
	merged, merrs := e.FlushMerged()
	return append(recs, merged...), append(errs, merrs...)
}

// FlushGroup maps the pending group (group_by), the file's last.
func (e *Engine) FlushGroup() ([]Record, []RowError) {
	if e.firstAt == 0 {
		return nil, nil
	}
	recs, errs := e.mapRow(e.firstAt, e.pending, e.lines, e.numbers)
	e.firstAt = 0
	return recs, errs
}

// FlushMerged returns the records of the kinds that merge repeats, one per key in the order
// their keys were first met. A sum that ends below 0 (refunds of an order whose sale is not in
// the file) is an error on the key's first line, and its record is left out.
func (e *Engine) FlushMerged() ([]Record, []RowError) {
	var recs []Record
	var errs []RowError
	for _, b := range e.kinds {
		if b.merged == nil {
			continue
		}
		for _, r := range b.merged.records() {
			if j := negativeSum(r, b.sum); j >= 0 && !r.Delete {
				errs = append(errs, RowError{File: e.file, Line: r.Line, Column: b.cols[j].name,
					Reason: msgSumNegative.In(e.lang, b.out.From[0], r.Cells[0], r.Cells[j])})
				continue
			}
			recs = append(recs, r)
		}
	}
	return recs, errs
}

// negativeSum is the first sum field of a merged record below 0; -1 when none is.
func negativeSum(r Record, sum []int) int {
	for _, j := range sum {
		if v, err := strconv.ParseFloat(r.Cells[j], 64); err == nil && v < 0 {
			return j
		}
	}
	return -1
}

// mapRow maps one source row (or gathered group) into a record of each kind it yields, or the
// deletion of its key where a delete rule matched. The row is whole or nothing: a bad cell for
// any kind keeps every kind's record out.
func (e *Engine) mapRow(line int, cells []string, lines []int, numbers []bool) ([]Record, []RowError) {
	var recs []Record
	var errs []RowError
	for k, b := range e.kinds {
		if e.groupAt >= 0 && e.deleting[k] || matches(b.deletes, b.dels, cells) {
			if vals, ok := e.key(b, cells, lines, &errs); ok {
				recs = append(recs, Record{Kind: b.kind, Line: line, Cells: vals, Delete: true})
			}
			continue
		}
		if vals, ok := e.fill(b, cells, lines, &errs); ok {
			recs = append(recs, Record{Kind: b.kind, Line: line, Cells: vals, Numbers: b.numbers(cells, numbers, vals)})
		}
	}
	if len(errs) > 0 {
		return nil, errs
	}
	kept := recs[:0]
	for i, r := range recs {
		if b := e.bound(r.Kind); b.merged != nil {
			b.merged.add(recs[i], b.earliest, b.sum)
			continue
		}
		kept = append(kept, r)
	}
	return kept, nil
}

func (e *Engine) bound(kind cx.Kind) *bound {
	for _, b := range e.kinds {
		if b.kind == kind {
			return b
		}
	}
	return nil
}
