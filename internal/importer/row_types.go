package importer

import (
	"strings"
)

// JSONType is the JSON type a value of a record was sent as (Values.ParseJSON) or a canonical
// JSON file holds (jsonSheet.Types). What a field
// takes is said once, by the row reader of its kind of field (str, id, time, …): a client
// sending true or 123 for a channel means no channel "true" or "123", so a value of a type the
// field does not take is refused, not stored as the text it is written as.
type JSONType uint8

const (
	// Untyped is a cell of a CSV file or a workbook, a JSON file's list of values (joined),
	// null, or a value whose JSON type was not told (a tool's payload or export mapped by a
	// source or preset): read as the text it is.
	Untyped JSONType = iota
	JSONString
	JSONNumber
	JSONBoolean
)

// jsonType is the JSON type col's value was sent as: Untyped for a CSV or workbook cell.
func (r *row) jsonType(col string) JSONType {
	i, ok := r.p.index[col]
	if r.p.types == nil || !ok || i >= len(r.p.types) {
		return Untyped
	}
	return r.p.types[i]
}

// textual reports whether col's value may be read as text (a name, a timestamp, one of a
// list), recording why not: a JSON number or boolean is no text the sender meant.
func (r *row) textual(col string) bool {
	switch r.jsonType(col) {
	case JSONNumber:
		r.errorf(col, msgNumberNotText, strings.TrimSpace(r.p.cells[r.p.index[col]]))
		return false
	case JSONBoolean:
		r.errorf(col, msgBooleanNotText)
		return false
	}
	return true
}

// identifying reports whether col's value may be read as an id, recording why not. A tool
// sends numeric ids as JSON numbers (Shopify's 450789469, Zendesk's): a whole number written
// in digits is taken as those digits, exactly, however long (past 2^53 no float could keep
// it). Any other number (10.5, 1e3) has no one text, true or false none at all.
func (r *row) identifying(col string) bool {
	switch r.jsonType(col) {
	case JSONNumber:
		v := strings.TrimSpace(r.p.cells[r.p.index[col]])
		if strings.Trim(strings.TrimPrefix(v, "-"), "0123456789") != "" {
			r.errorf(col, msgNumberNotID, v)
			return false
		}
	case JSONBoolean:
		r.errorf(col, msgBooleanNotID)
		return false
	}
	return true
}
