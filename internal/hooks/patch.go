package hooks

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"

	"github.com/klantpuls/klantpuls/internal/config"
	"github.com/klantpuls/klantpuls/internal/cx"
	"github.com/klantpuls/klantpuls/internal/importer"
)

// makePatch checks the fields of a partial update with exactly the rules of an import row's
// cells (importer.ParseValues), leaving out only the complaint that the row lacks the fields
// the patch does not change, and returns it as a JSON merge patch: each field's value as the
// record read holds it (canonicalValues), null for an empty one (the field is removed). The key cannot
// be patched: it names the record. A name the kind does not know is an attribute, as in an
// import file and in the API's PATCH (ingest.Patch). numbers, when not nil, says which values
// were JSON numbers (a 5.0 is then the whole number 5); types, when not nil, each value's JSON
// type, for a value sent in the API's record shape (klantpuls's format), so one of a type its
// field does not take is refused as the API refuses it. A tool's payload, mapped, gives none.
func makePatch(kind cx.Kind, id string, names, values []string, numbers []bool, types []importer.JSONType, cfg *config.Config) (cx.Patch, error) {
	id = strings.TrimSpace(id)
	cols := importer.Columns(kind)
	known := map[string]bool{}
	for _, c := range cols {
		known[c.Name] = true
	}
	for i, n := range names {
		if known[cx.NameKey(n)] {
			names[i] = cx.NameKey(n) // as an import file's header is read; another name is an attribute
		}
		if names[i] == cols[0].Name {
			return cx.Patch{}, fmt.Errorf("%s: the key names the record and is not patched", names[i])
		}
	}
	if len(names) == 0 {
		return cx.Patch{}, fmt.Errorf("no fields to change")
	}
	rowNames, rowValues := append([]string{cols[0].Name}, names...), append([]string{id}, values...)
	rowNumbers := append([]bool{false}, numbers...) // the placeholders after them are text (a short list reads false)
	for _, c := range cols[1:] {
		if c.Required && !slices.Contains(names, c.Name) {
			rowNames, rowValues = append(rowNames, c.Name), append(rowValues, placeholder(c.Name))
		}
	}
	parser := &importer.Values{Kind: kind, Config: cfg}
	var rec cx.Record
	var errs []importer.FieldError
	if types != nil {
		// The key and the placeholders after the fields are no values sent: Untyped.
		rec, errs = parser.ParseJSON(rowNames, rowValues, append([]importer.JSONType{importer.Untyped}, types...))
	} else {
		rec, errs = parser.Parse(rowNames, rowValues, rowNumbers)
	}
	for _, e := range errs {
		if e.Field == cols[0].Name || slices.Contains(names, e.Field) {
			return cx.Patch{}, e
		}
	}
	doc, err := canonicalValues(rec, names, values)
	if err != nil {
		return cx.Patch{}, err
	}
	raw, err := json.Marshal(doc)
	if err != nil {
		return cx.Patch{}, err
	}
	return cx.Patch{Of: kind, ID: id, Doc: raw}, nil
}

// canonicalValues are the patched fields as the record read from them holds them, in its JSON
// (an instant in UTC, a number as a number), so a patch says exactly what it changes whatever
// zone or form the source wrote; an empty value is null (the field is removed).
func canonicalValues(rec cx.Record, names, values []string) (map[string]any, error) {
	whole, err := json.Marshal(rec)
	if err != nil {
		return nil, err
	}
	var fields map[string]any
	if err := json.Unmarshal(whole, &fields); err != nil {
		return nil, err
	}
	attrs, _ := fields["attrs"].(map[string]any)
	doc := map[string]any{}
	for i, n := range names {
		switch v, ok := fields[n]; {
		case values[i] == "":
			doc[n] = nil
		case ok:
			doc[n] = v
		case attrs[n] != nil:
			doc[n] = attrs[n]
		default: // a value its field's JSON leaves out (complaint = false)
			doc[n] = values[i]
		}
	}
	return doc, nil
}

// placeholder stands in for a required field a patch leaves as it is, so the row parser reads
// the fields it does change; what it says of a placeholder is not the patch's concern. Times
// are early, so a patched time is never refused as before one of them.
func placeholder(name string) string {
	switch {
	case name == "at" || strings.HasSuffix(name, "_at"):
		return "2000-01-01T00:00:00Z"
	case name == "amount" || name == "score":
		return "0"
	case name == "survey":
		return "nps"
	case name == "author":
		return "customer"
	}
	return "x"
}
