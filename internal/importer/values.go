package importer

import (
	"strconv"
	"strings"

	"github.com/klantpuls/klantpuls/internal/config"
	"github.com/klantpuls/klantpuls/internal/cx"
	"github.com/klantpuls/klantpuls/internal/importer/cells"
)

// FieldError is a problem with one field of a record sent as named values.
type FieldError struct {
	Field  string
	Reason string
}

func (e FieldError) Error() string { return e.Field + ": " + e.Reason }

// ParseValues validates one record given as named values — the members of a JSON object sent
// to the API — with exactly the rules of a row of an import file: the same names, formats and
// checks, and unknown names kept as attributes. The record is nil when there are errors.
func ParseValues(kind cx.Kind, cfg *config.Config, names, values []string) (cx.Record, []FieldError) {
	return (&Values{Kind: kind, Config: cfg}).Parse(names, values, nil)
}

// Values validates the records of one body, each given as named values, as the rows of one
// import file: what holds between rows holds between them. A number column written both ways
// (1.234,50 in one record, 1.250 in another: separators.go) is refused at the later record, as
// the file is; records are counted from 0, as the pointers into a JSON array are.
type Values struct {
	Kind   cx.Kind
	Config *config.Config
	// Lang is the language of the errors' reasons, as an import file's (Reader.Lang); "" is
	// English.
	Lang Lang

	seps separators // shared by the records' parsers
	read int        // records parsed so far
}

// Parse validates the next record of the body. numbers, when given, tells for each value
// whether it was written as a JSON number (not a string): such a number without a fractional
// part (5.0, 5e0) is the whole number it is for a field that takes one, as JSON Schema's
// "integer" counts it (Python writes a float score so). A string "5.0" is refused as a cell is.
func (v *Values) Parse(names, values []string, numbers []bool) (cx.Record, []FieldError) {
	return v.parse(names, values, numbers, nil)
}

// ParseJSON validates the next record of the body, told the JSON type of each value (Untyped
// for null): a value of a type its field does not take is refused (row_types.go), where Parse
// reads every value as the text it is written as.
func (v *Values) ParseJSON(names, values []string, types []JSONType) (cx.Record, []FieldError) {
	return v.parse(names, values, nil, types) // a JSON number is one by its type (row.whole)
}

func (v *Values) parse(names, values []string, numbers []bool, types []JSONType) (cx.Record, []FieldError) {
	if _, ok := kinds[v.Kind]; !ok {
		return nil, []FieldError{{Field: "kind", Reason: "unknown record kind " + string(v.Kind)}}
	}
	if v.seps == nil {
		v.seps = separators{}
	}
	v.read++
	var errs []FieldError
	// "\u0000" is valid JSON: refused here in a body's words, where the header's check would
	// tell the sender to save a file as "CSV UTF-8".
	for _, name := range names {
		if holdsNUL(name) {
			errs = append(errs, FieldError{Reason: msgMemberNameHolds.in(v.Lang, cells.Message(msgNUL))})
		}
	}
	if len(errs) > 0 {
		return nil, errs
	}
	rd := &Reader{Kind: v.Kind, Config: v.Config, Lang: v.Lang}
	p, headerErrs := newRowParser(rd, names)
	for _, e := range headerErrs {
		errs = append(errs, FieldError{Field: e.Column, Reason: memberReason(e, v.Lang)})
	}
	// A file's column without a name is taken while it stays empty (a spreadsheet's trailing
	// delimiter); an object has no such thing, and a member named "" is its mistake.
	for range p.nameless {
		errs = append(errs, FieldError{Reason: msgMemberNoName.in(v.Lang)})
	}
	if len(errs) > 0 {
		return nil, errs
	}
	p.seps, p.records, p.numbers, p.types = v.seps, true, numbers, types
	rec, rowErrs := p.parse(values, v.read) // the line of the first record is 1: 0 is "not yet" to seps
	// By the kind's columns, not names: an object's members have no order a person chose (a
	// PATCH's come merged, by name), and data.md's is the one its fields are known by.
	inColumnOrder(rowErrs, columnNames(v.Kind))
	for _, e := range rowErrs {
		errs = append(errs, FieldError{Field: e.Column, Reason: e.Reason})
	}
	return rec, errs
}

// wholeNumber reads a JSON number (RFC 8259's grammar, which the decoder has checked) that has
// no fractional part, however written: 5, 5.0, 5.00e0, 50e-1, 0.5e1. Digits are counted, not
// converted to a float, so 5.0000000000000001 is no whole number and 1e400 none that fits.
func wholeNumber(s string) (int, bool) {
	neg := strings.HasPrefix(s, "-")
	mantissa, exp, hasExp := strings.Cut(strings.ToLower(strings.TrimPrefix(s, "-")), "e")
	whole, frac, _ := strings.Cut(mantissa, ".")
	digits := strings.TrimLeft(whole+frac, "0")
	if digits == "" {
		return 0, true // 0.0, 0e-400
	}
	e := 0
	if hasExp {
		n, err := strconv.Atoi(exp) // "+5" and "-5" too
		if err != nil || n > 1<<40 || n < -1<<40 {
			return 0, false // with a digit not 0: a fraction, or far past an int's range
		}
		e = n
	}
	e -= len(frac)
	for strings.HasSuffix(digits, "0") {
		digits, e = digits[:len(digits)-1], e+1
	}
	if e < 0 || len(digits)+e > 19 { // a fraction left, or past an int64's 19 digits
		return 0, false
	}
	n, err := strconv.Atoi(digits + strings.Repeat("0", e))
	if err != nil {
		return 0, false
	}
	if neg {
		n = -n
	}
	return n, true
}

// memberReason words a header problem for members of an object rather than columns of a file,
// in l. Of the header's problems only a column given twice and a required one missing name
// their column; a problem with a name itself has no field: it is the object's.
func memberReason(e RowError, l Lang) string {
	switch {
	case e.Column != "" && e.Reason == msgTwice.in(l):
		return msgFieldTwice.in(l)
	case e.Column != "":
		return msgFieldRequired.in(l)
	}
	_, what, _ := strings.Cut(e.Reason, " is ") // msgBadName, in either language
	return msgMemberNameIs.in(l, what)
}
