package importer

import (
	"strings"

	"github.com/klantpuls/klantpuls/internal/config"
	"github.com/klantpuls/klantpuls/internal/cx"
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
	if _, ok := kinds[kind]; !ok {
		return nil, []FieldError{{Field: "kind", Reason: "unknown record kind " + string(kind)}}
	}
	rd := &Reader{Kind: kind, Config: cfg}
	p, headerErrs := newRowParser(rd, names)
	var errs []FieldError
	for _, e := range headerErrs {
		errs = append(errs, FieldError{Field: e.Column, Reason: memberReason(e)})
	}
	if len(errs) > 0 {
		return nil, errs
	}
	rec, rowErrs := p.parse(values, 0)
	for _, e := range rowErrs {
		errs = append(errs, FieldError{Field: e.Column, Reason: e.Reason})
	}
	return rec, errs
}

// memberReason words a header problem for members of an object rather than columns of a file.
// A problem with a name itself has no field: it is the object's.
func memberReason(e RowError) string {
	switch {
	case strings.HasPrefix(e.Reason, "required column missing"):
		return "required field missing"
	case strings.HasPrefix(e.Reason, "the column appears twice"):
		return "given twice (names match trimmed and case-insensitively)"
	case e.Column == "" && strings.Contains(e.Reason, "has no name"):
		return "a member has no name"
	case e.Column == "":
		_, what, _ := strings.Cut(e.Reason, " is ")
		return "a member name is " + what
	}
	return e.Reason
}
