// Package importer reads the canonical CSV files of data.md section 2: it matches columns by
// name, validates every row, and hands valid records on. Every row error names the file, the
// line, the column and the reason; the caller commits nothing of a file that has any.
package importer

import (
	"cmp"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/klantpuls/klantpuls/internal/config"
	"github.com/klantpuls/klantpuls/internal/cx"
)

// RowError is one problem with one cell (or row) of an import file.
type RowError struct {
	File   string
	Line   int    // 1 is the header, as an editor counts
	Column string // empty when the problem is the whole row
	Reason string
}

func (e RowError) Error() string {
	if e.Column == "" {
		return fmt.Sprintf("%s:%d: %s", e.File, e.Line, e.Reason)
	}
	return fmt.Sprintf("%s:%d: %s: %s", e.File, e.Line, e.Column, e.Reason)
}

// inColumnOrder orders the errors of one row (or one group of rows) as a person reads it: by
// line, then by the position of their column among the file's columns (compared as the header
// is matched, case and spaces aside), an error of the whole row first and one of a column the
// file lacks last; errors of one column keep the order they were found in. The checks run in
// the order a kind's build function reads its columns and compares them, which is not the
// file's (a reply before its ticket is found after reopens).
func inColumnOrder(errs []RowError, columns []string) {
	at := func(e RowError) int {
		if e.Column == "" {
			return -1
		}
		i := slices.IndexFunc(columns, func(c string) bool { return strings.EqualFold(strings.TrimSpace(c), strings.TrimSpace(e.Column)) })
		if i < 0 {
			return len(columns)
		}
		return i
	}
	slices.SortStableFunc(errs, func(a, b RowError) int {
		return cmp.Or(cmp.Compare(a.Line, b.Line), cmp.Compare(at(a), at(b)))
	})
}

// Errors is every problem found in a file, the first MaxErrors of them kept.
type Errors struct {
	List  []RowError
	Total int  // also those not kept
	Lang  Lang // of the count of the rest
}

// MaxErrors is how many row errors are kept (and printed) per file; the rest are counted.
const MaxErrors = 100

func (e *Errors) Error() string {
	var b strings.Builder
	for i, r := range e.List {
		if i > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(r.Error())
	}
	if more := e.Total - len(e.List); more > 0 {
		b.WriteString("\n" + msgMoreErrors.Of(e.Lang, more))
	}
	return b.String()
}

func (e *Errors) add(r RowError) {
	e.Total++
	if len(e.List) < MaxErrors {
		e.List = append(e.List, r)
	}
}

// Reader reads one import file.
type Reader struct {
	Kind   cx.Kind
	File   string // the name used in errors
	Config *config.Config
	// Timezone reads times without an offset (klantpuls import --timezone); nil is the
	// account's, Config.Timezone.
	Timezone *time.Location
	// Rejects, when set, takes every row that is refused, and the file's good rows are handed
	// on (klantpuls import --skip-invalid); nil keeps a file all or nothing. A header that
	// cannot be read still refuses the whole file.
	Rejects Rejects
	// Lang is the language of every message (klantpuls import --lang); "" is English.
	Lang Lang
}

// zone is the time zone local times of the file are read in.
func (rd *Reader) zone() *time.Location {
	if rd.Timezone != nil {
		return rd.Timezone
	}
	return rd.Config.Timezone
}

// Read validates every row of the file r (a CSV file or the first sheet of a workbook: Open)
// and calls put for each valid record, in file order. It returns the number of data rows, and
// an *Errors when any row is bad (put may already have been called for good rows: the caller
// must discard them). Other errors (reading, put) stop at once.
func (rd *Reader) Read(r io.Reader, put func(cx.Record) error) (rows int, err error) {
	sh := Open(r, rd.File, "", rd.Lang)
	defer sh.Close()
	return rd.ReadSheet(sh, put)
}

// ReadSheet is Read over any sheet: a file already split into rows of cells.
func (rd *Reader) ReadSheet(sh Sheet, put func(cx.Record) error) (rows int, err error) {
	errs := Errors{Lang: rd.Lang}
	header, err := sh.Header()
	if err == io.EOF {
		errs.add(RowError{File: rd.File, Line: 1, Reason: msgEmptyFile.in(rd.Lang)})
		return 0, &errs
	}
	if err != nil {
		return 0, rd.fileError(err)
	}
	p, herrs := newRowParser(rd, header)
	for _, e := range herrs {
		errs.add(e)
	}
	if errs.Total > 0 {
		return 0, &errs
	}
	if rd.Rejects != nil {
		if err := rd.Rejects.Header([][]string{header}, sh.Delimiter()); err != nil {
			return 0, err
		}
	}
	keys := newRowKeys(rd.Rejects == nil)
	types := typesOf(sh)
	var bad []RowError // the current row's problems
	for {
		rec, line, err := sh.Next()
		if err == io.EOF {
			break
		}
		rows++
		bad = bad[:0]
		var record cx.Record
		var re *RowError
		switch {
		case errors.As(err, &re):
			bad = append(bad, *re)
		case err != nil:
			return rows, fmt.Errorf("%s: %w", rd.File, err)
		case len(rec) == 1 && rec[0] == "":
			continue // a blank line
		default:
			if types != nil { // a JSON file's 5.0 is the whole number 5, and its true or 123 no text, as the API's (row_types.go)
				p.types = types()
			}
			var rowErrs []RowError
			record, rowErrs = p.parse(rec, line)
			bad = append(bad, rowErrs...)
		}
		// Duplicates are found from the key cells, so a row bad otherwise is checked too.
		if err == nil {
			if e, dup := p.repeated(keys, rec, line); dup {
				bad = append(bad, e)
			}
		}
		keys.done(len(bad) == 0)
		inColumnOrder(bad, p.header)
		switch {
		case len(bad) > 0 && rd.Rejects != nil:
			if err := rd.Rejects.Reject(rec, bad); err != nil {
				return rows, err
			}
			continue
		case len(bad) > 0:
			for _, e := range bad {
				errs.add(e)
			}
			continue
		case errs.Total > 0:
			continue // the file will not be committed: only look for more errors
		}
		if err := put(record); err != nil {
			return rows, err
		}
	}
	if errs.Total > 0 {
		return rows, &errs
	}
	return rows, nil
}

// From returns a reading of r in the shape app.Import takes: every valid record to put, and the
// number of rows read.
func (rd Reader) From(r io.Reader) func(put func(cx.Record) error) (int, error) {
	return func(put func(cx.Record) error) (int, error) { return rd.Read(r, put) }
}

// fileError makes a row error of a header that cannot be read as cells.
func (rd *Reader) fileError(err error) error {
	var re *RowError
	if errors.As(err, &re) {
		return &Errors{List: []RowError{*re}, Total: 1}
	}
	return fmt.Errorf("%s: %w", rd.File, err)
}

// csvReason says what is wrong with a line that is not CSV, and how a spreadsheet user mends
// it: a stray quote (27" screens) is the usual cause.
func csvReason(pe *csv.ParseError, l Lang) string {
	switch {
	case errors.Is(pe.Err, csv.ErrBareQuote):
		return msgBareQuote.in(l)
	case errors.Is(pe.Err, csv.ErrQuote):
		return msgBadQuote.in(l)
	}
	return pe.Err.Error()
}

// holdsNUL reports whether v is UTF-8 text with a NUL character in it: what a record of a JSON
// body (where \u0000 is valid) is refused for by cellProblem, worded for its sender (msgNUL).
func holdsNUL(v string) bool { return utf8.ValidString(v) && strings.IndexByte(v, 0) >= 0 }

// cellProblem says what makes a cell unusable, or "": text that is not valid UTF-8 or holds a
// NUL character (which no text should, and PostgreSQL cannot store), or more characters than
// any text field takes (the same bound as a survey comment).
func cellProblem(v string, l Lang) string {
	switch {
	case !cx.IsText(v):
		return msgNotUTF8.in(l)
	case cx.TextTooLong(v):
		return msgTooLong.in(l, utf8.RuneCountInString(strings.TrimSpace(v)), cx.MaxText)
	}
	return ""
}
