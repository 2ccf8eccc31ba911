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
	// JSONStructured is an object or an array sent for a field of the kind, its cell the JSON
	// as sent: no field takes one, and the field's reader says what it takes instead (an
	// attribute's is refused by the body's reader, for any scalar will do there).
	JSONStructured
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
	case JSONStructured:
		r.errorf(col, msgStructuredNotText)
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
	case JSONStructured:
		r.errorf(col, msgStructuredNotID)
		return false
	}
	return true
}

// numeric reports whether col's value may be read as a number, recording why not: an object or
// an array is none. (A string of digits is read as a cell is; true is refused as no number.)
func (r *row) numeric(col string) bool {
	if r.jsonType(col) == JSONStructured {
		r.errorf(col, msgStructuredNotNumber)
		return false
	}
	return true
}

// yesNo reports whether col's value may be read as yes or no, recording why not.
func (r *row) yesNo(col string) bool {
	if r.jsonType(col) == JSONStructured {
		r.errorf(col, msgStructuredNotYesNo)
		return false
	}
	return true
}
