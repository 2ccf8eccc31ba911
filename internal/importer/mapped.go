package importer

import (
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"

	"github.com/klantpuls/klantpuls/internal/config"
	"github.com/klantpuls/klantpuls/internal/cx"
	"github.com/klantpuls/klantpuls/internal/importer/mapping"
)

// Mapped reads a tool's export by a mapping file (a preset or the user's own, klantpuls import
// --preset or --map): the mapping engine turns each source row into canonical rows of the kinds
// the map yields, and each is checked by the canonical row parser of its kind, so a mapped row
// obeys every rule a row of klantpuls's own file does. Every error names the export's line and
// the export's column. A source row is whole or nothing: when one of its records is bad, none
// of them is handed on.
type Mapped struct {
	Map      *mapping.Map
	File     string // the name used in errors
	Config   *config.Config
	Timezone *time.Location // as Reader.Timezone: wins over the map's and the account's zone
	Rejects  Rejects        // as Reader.Rejects: the export's refused rows, as read
	Lang     Lang
	Sheet    string // of a workbook: the sheet's name; "" is the first (Open)
}

// From returns a reading of r, a CSV file or a workbook (Open), in the shape app.Import takes.
func (md *Mapped) From(r io.Reader) func(put func(cx.Record) error) (int, error) {
	return func(put func(cx.Record) error) (int, error) {
		sh := Open(r, md.File, md.Sheet, md.Lang)
		defer sh.Close()
		return md.ReadSheet(sh, put)
	}
}

// output is one kind the export yields: its canonical row parser, and the source column behind
// each canonical column, so the parser's errors name the column the user knows.
type output struct {
	o mapping.Output
	p *rowParser
}

// mappedRun is one reading of an export.
type mappedRun struct {
	md    *Mapped
	errs  Errors
	kinds map[cx.Kind]*output
	keys  *rowKeys
	put   func(cx.Record) error
	// With group_by (groupAt, else -1) the engine answers for a group when the next one
	// starts: the source rows of the group being gathered, kept for the rejects file.
	groupAt  int
	groupKey string
	group    [][]string
	// columns are the export's columns, as the engine names them in errors.
	columns []string
}

// ReadSheet reads an export already split into rows of cells, and calls put for each valid record,
// of every kind, in file order (merged kinds, such as the customers of a Shopify order export, at
// the end); a record of a kind the map marks complete = true comes as a cx.Supplement, which the
// write completes the stored record with, and one of a kind with a version (version = "…") a
// cx.Versioned, which the write skips when the stored record is later; a row a delete rule matched
// (an order cancelled) comes as the cx.Deletion of its key, which the write carries out with the
// rest. It returns the number of data rows, and an *Errors when any row is bad (put may already
// have been called: the caller must discard what it was given).
func (md *Mapped) ReadSheet(sh Sheet, put func(cx.Record) error) (rows int, err error) {
	run := &mappedRun{md: md, errs: Errors{Lang: md.Lang}, kinds: map[cx.Kind]*output{},
		keys: newRowKeys(md.Rejects == nil), put: put, groupAt: -1}
	e, err := run.start(sh)
	if err != nil || e == nil {
		return 0, err
	}
	numbers := numbersOf(sh)
	for {
		cells, line, err := sh.Next()
		if err == io.EOF {
			break
		}
		rows++
		var re *RowError
		switch {
		case errors.As(err, &re):
			if err := run.refuse([][]string{cells}, []RowError{*re}); err != nil {
				return rows, err
			}
			continue
		case err != nil:
			return rows, fmt.Errorf("%s: %w", md.File, err)
		}
		var nums []bool
		if numbers != nil {
			nums = numbers()
		}
		recs, merrs := e.NumberedRow(line, cells, nums)
		if run.groupAt >= 0 { // the group's rows are kept past this one: the sheet reuses cells
			cells = slices.Clone(cells)
		}
		if err := run.answer(line, cells, recs, merrs); err != nil {
			return rows, err
		}
	}
	if err := run.finish(e); err != nil {
		return rows, err
	}
	if run.errs.Total > 0 {
		return rows, &run.errs
	}
	return rows, nil
}

// start reads the header rows, binds the map to them and makes a row parser per kind; a nil
// engine with a nil error never happens: header errors are an *Errors.
func (run *mappedRun) start(sh Sheet) (*mapping.Engine, error) {
	md := run.md
	if w, ok := sh.(interface{ Want([]string) }); ok { // a JSON file: its columns are the paths met
		w.Want(md.Map.SourceColumns())
	}
	header, err := sh.Header()
	if err == io.EOF {
		run.errs.add(RowError{File: md.File, Line: 1, Reason: msgEmptyFile.in(md.Lang)})
		return nil, &run.errs
	}
	if err != nil {
		return nil, (&Reader{File: md.File}).fileError(err)
	}
	headers := [][]string{slices.Clone(header)}
	for len(headers) < md.Map.HeaderRows {
		cells, _, err := sh.Next()
		if err != nil {
			break // the engine says how many header rows it wanted
		}
		headers = append(headers, slices.Clone(cells))
	}
	e, herrs := md.Map.Start(headers, mapping.Options{File: md.File, Account: md.Config.Timezone,
		Timezone: md.Timezone, Lang: md.Lang})
	for _, he := range herrs {
		run.errs.add(RowError(he))
	}
	if e == nil {
		return nil, &run.errs
	}
	for _, o := range e.Outputs() {
		rd := &Reader{Kind: o.Kind, File: md.File, Config: md.Config, Timezone: md.Timezone, Lang: md.Lang}
		p, perrs := newRowParser(rd, o.Header)
		for _, pe := range perrs {
			run.errs.add(sourceColumn(pe, o))
		}
		run.kinds[o.Kind] = &output{o: o, p: p}
	}
	if run.errs.Total > 0 {
		return nil, &run.errs
	}
	run.groupAt, run.columns = e.GroupColumn(), e.Columns()
	if md.Rejects != nil {
		if err := md.Rejects.Header(headers, sh.Delimiter()); err != nil {
			return nil, err
		}
	}
	return e, nil
}

// sourceColumn names the export's column behind a canonical column of an error.
func sourceColumn(re RowError, o mapping.Output) RowError {
	if i := slices.Index(o.Header, re.Column); i >= 0 && re.Column != "" {
		re.Column = o.From[i]
	}
	return re
}

// answer takes the engine's answer to one source row at line: the records and errors of the
// row itself or, with group_by, of the group the row ended (the engine answers for a group
// when the next one starts, and its lines are the group's).
func (run *mappedRun) answer(line int, cells []string, recs []mapping.Record, merrs []mapping.RowError) error {
	errs := engineErrors(merrs)
	if run.groupAt < 0 {
		return run.take([][]string{cells}, recs, errs)
	}
	if len(errs) > 0 && errs[0].Line == line { // the row itself is bad (its width, no group)
		return run.refuse([][]string{cells}, errs)
	}
	if key := strings.TrimSpace(cells[run.groupAt]); key != run.groupKey {
		group := run.group
		run.group, run.groupKey = nil, key
		if err := run.take(group, recs, errs); err != nil {
			return err
		}
	}
	run.group = append(run.group, cells)
	return nil
}

// finish takes what the engine answers at the end of the file: the last group, then the
// records of kinds merged over the file (a customer of several orders), each standing for no
// one source row, and the errors of merged records (an order whose rows add up below 0).
func (run *mappedRun) finish(e *mapping.Engine) error {
	if recs, merrs := e.FlushGroup(); len(run.group) > 0 {
		if err := run.take(run.group, recs, engineErrors(merrs)); err != nil {
			return err
		}
	}
	recs, merrs := e.FlushMerged()
	for _, r := range recs {
		if err := run.take([][]string{nil}, []mapping.Record{r}, nil); err != nil {
			return err
		}
	}
	for _, me := range merrs {
		if err := run.refuse([][]string{nil}, []RowError{RowError(me)}); err != nil {
			return err
		}
	}
	return nil
}

func engineErrors(merrs []mapping.RowError) []RowError {
	errs := make([]RowError, len(merrs))
	for i, me := range merrs {
		errs[i] = RowError(me)
	}
	return errs
}

// take checks the records of one source row (or group) by their kinds' canonical row parsers
// and hands them on, or refuses the row: all its records, or none. A row a delete rule matched
// is handed on as the cx.Deletion of its key, which the import's transaction carries out with
// the rest (a key never stored is nothing to delete); its key counts as a record's for repeats.
func (run *mappedRun) take(rows [][]string, recs []mapping.Record, bad []RowError) error {
	records := make([]cx.Record, 0, len(recs))
	for _, r := range recs {
		out := run.kinds[r.Kind]
		if r.Delete {
			if e, dup := out.p.repeated(run.keys, r.Cells, r.Line); dup {
				bad = append(bad, sourceColumn(e, out.o))
			} else if d, ok := out.p.deletion(r.Cells); ok {
				records = append(records, d)
			}
			continue
		}
		out.p.numbers = r.Numbers
		rec, errs := out.p.parse(r.Cells, r.Line)
		for _, e := range errs {
			bad = append(bad, sourceColumn(e, out.o))
		}
		if e, dup := out.p.repeated(run.keys, r.Cells, r.Line); dup {
			bad = append(bad, sourceColumn(e, out.o))
		}
		if rec != nil {
			records = append(records, out.o.Mark(rec))
		}
	}
	run.keys.done(len(bad) == 0) // a source row is taken whole or not at all
	inColumnOrder(bad, run.columns)
	switch {
	case len(bad) > 0:
		return run.refuse(rows, bad)
	case run.errs.Total > 0:
		return nil // the file will not be committed: only look for more errors
	}
	for _, rec := range records {
		if err := run.put(rec); err != nil {
			return err
		}
	}
	return nil
}

// refuse lists a bad source row's errors, or writes its rows to the rejects file.
func (run *mappedRun) refuse(rows [][]string, bad []RowError) error {
	if run.md.Rejects == nil {
		for _, e := range bad {
			run.errs.add(e)
		}
		return nil
	}
	for _, cells := range rows { // each row of a group, with the group's reasons
		if err := run.md.Rejects.Reject(cells, bad); err != nil {
			return err
		}
	}
	return nil
}
