// Package ingest reads records from JSON bodies, as strict as an import file: the same field
// names, formats and checks as a row of a CSV import (importer.ParseValues), and what
// encoding/json would smooth over (text that is not UTF-8, a member given twice) refused with a
// pointer to where it is. It is pure — bytes in, records or a refusal out — so it may import
// cx, config and importer, never app, store or web (which answers its refusals over HTTP).
package ingest

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"maps"
	"slices"
	"strconv"

	"github.com/klantpuls/klantpuls/internal/config"
	"github.com/klantpuls/klantpuls/internal/cx"
	"github.com/klantpuls/klantpuls/internal/importer"
)

// MaxBatch is the most records one body may carry.
const MaxBatch = 10000

// MaxProblems is how many invalid fields one refusal lists, as the CSV import lists rows.
const MaxProblems = 100

// Read turns a body of one record (a JSON object) or a batch (an array of up to MaxBatch
// objects) of a kind into records. A body it refuses gets an *Error back, saying why: NotRecords
// when it is not an object or an array of objects, TooMany for too many records, InvalidFields
// listing every invalid field with a pointer into the body. Any invalid field refuses the
// whole body.
func Read(kind cx.Kind, cfg *config.Config, body []byte) ([]cx.Record, error) {
	return ReadIn(English, kind, cfg, body)
}

// ReadIn is Read with a refusal said in l (the API's caller's language), in the words an import
// file's rows are refused in; the pointers and reasons are the same in every language.
func ReadIn(l Lang, kind cx.Kind, cfg *config.Config, body []byte) ([]cx.Record, error) {
	objects, single, err := splitBody(body, l)
	if err != nil {
		return nil, &Error{Reason: NotRecords, Detail: err.Error()}
	}
	if len(objects) > MaxBatch {
		return nil, &Error{Reason: TooMany, Detail: msgTooMany.In(l, len(objects), MaxBatch)}
	}
	recs, problems := parseRecords(l, kind, cfg, objects, single)
	// What encoding/json smooths over (bad UTF-8, a member given twice) comes first.
	problems = append(CheckBodyIn(l, body), problems...)
	if len(problems) == 0 {
		return recs, nil
	}
	detail := RefusalDetail(l, len(problems), msgNothingStored.In(l))
	if len(problems) > MaxProblems {
		problems = problems[:MaxProblems]
	}
	return nil, &Error{Reason: InvalidFields, Detail: detail, Fields: problems}
}

// RefusalDetail is the detail of a refusal of n invalid fields in l, ending in what came of
// the body ("nothing was stored", said in l by the caller): "1 invalid field; …", "2 invalid
// fields; …", and past MaxProblems how many are listed.
func RefusalDetail(l Lang, n int, outcome string) string {
	switch {
	case n > MaxProblems:
		return msgInvalidListed.In(l, n, MaxProblems, outcome)
	case n == 1:
		return msgInvalidField.In(l, outcome)
	}
	return msgInvalidFields.In(l, n, outcome)
}

// jsonSpace is the white space RFC 8259 allows around values, and nothing else.
const jsonSpace = " \t\r\n"

// notJSONAt is where body stops being JSON, by err of encoding/json reading it from its first
// byte: the byte counted from one in the body as received (white space before the JSON counts),
// and why in encoding/json's words; ok is false when err names no place. SyntaxError.Offset
// counts the bytes read up to and including the wrong one; for text that ends too soon it is
// the last byte that is not white space, which a json.Decoder says as io.ErrUnexpectedEOF,
// without a place, and json.Unmarshal as the length of all it read, trailing white space too.
func notJSONAt(body []byte, err error) (at int, why string, ok bool) {
	end := len(bytes.TrimRight(body, jsonSpace))
	var se *json.SyntaxError
	switch {
	case errors.As(err, &se):
		return min(int(se.Offset), end), err.Error(), se.Offset > 0 && end > 0
	case errors.Is(err, io.ErrUnexpectedEOF):
		return end, "unexpected end of JSON input", end > 0
	}
	return 0, "", false
}

// NotJSON says in l where body stops being JSON, by err of encoding/json reading it from its
// first byte: "not valid JSON at byte N (why)", as a patch says it; ok is false, and nothing is
// said, when err names no place (a value of the wrong type, say).
func NotJSON(l Lang, body []byte, err error) (detail string, ok bool) {
	at, why, ok := notJSONAt(body, err)
	if !ok {
		return "", false
	}
	return msgNotJSONAt.In(l, at, why), true
}

// notJSON is err said by at with where body stops being JSON (notJSONAt), else by plain.
func notJSON(l Lang, at, plain msg, body []byte, err error) error {
	if n, why, ok := notJSONAt(body, err); ok {
		return errors.New(at.In(l, n, why))
	}
	return errors.New(plain.In(l, err))
}

// splitBody returns the members of each object in the body: one object, or an array of them.
// An item of the array that is not an object (null, a number, a string, an array) is nil, for
// parseRecords to name by its pointer.
func splitBody(body []byte, l Lang) (objects []map[string]json.RawMessage, single bool, err error) {
	trimmed := bytes.Trim(body, jsonSpace) // not TrimSpace: a \v or U+0085 before the JSON is no JSON
	switch {
	case len(trimmed) == 0:
		return nil, false, errors.New(msgBodyEmpty.In(l))
	case trimmed[0] == '{':
		var obj map[string]json.RawMessage
		if err := json.Unmarshal(body, &obj); err != nil {
			return nil, false, notJSON(l, msgBodyNotJSONAt, msgBodyNotJSON, body, err)
		}
		return []map[string]json.RawMessage{obj}, true, nil
	case trimmed[0] == '[':
		var items []json.RawMessage
		if err := json.Unmarshal(body, &items); err != nil {
			return nil, false, notJSON(l, msgBodyNotJSONAt, msgBodyNotJSON, body, err)
		}
		if len(items) == 0 {
			return nil, false, errors.New(msgArrayEmpty.In(l))
		}
		objects = make([]map[string]json.RawMessage, len(items))
		for i, item := range items {
			if t := bytes.TrimLeft(item, jsonSpace); len(t) > 0 && t[0] == '{' {
				json.Unmarshal(t, &objects[i]) // no error: valid JSON, and any object fits the map
			}
		}
		return objects, false, nil
	}
	return nil, false, errors.New(msgSendRecords.In(l))
}

// parseRecords checks every object; problems point into the body (RFC 6901).
func parseRecords(l Lang, kind cx.Kind, cfg *config.Config, objects []map[string]json.RawMessage, single bool) ([]cx.Record, []Field) {
	var recs []cx.Record
	var problems []Field
	seen := map[string]int{}
	values := importer.Values{Kind: kind, Config: cfg, Lang: l} // the records are read as the rows of one file
	for i, obj := range objects {
		prefix := ""
		if !single {
			prefix = "/" + strconv.Itoa(i)
		}
		if obj == nil {
			problems = append(problems, Field{Pointer: prefix, Detail: msgItemNotObject.In(l)})
			continue
		}
		members, bad, errs := flatten(l, kind, obj)
		for _, e := range errs {
			problems = append(problems, Field{Pointer: prefix + e.Pointer, Detail: e.Detail})
		}
		names, cells, types := make([]string, len(members)), make([]string, len(members)), make([]importer.JSONType, len(members))
		for j, m := range members {
			names[j], cells[j], types[j] = m.name, m.value, m.json
		}
		// Told each value's JSON type, the importer refuses one its field does not take (a
		// boolean for a channel), as it reads the field.
		rec, fieldErrs := values.ParseJSON(names, cells, types)
		for _, e := range fieldErrs {
			if !bad[e.Field] { // else already reported as not a value
				problems = append(problems, Field{Pointer: prefix + pointerOf(members, e.Field), Detail: e.Reason})
			}
		}
		if rec == nil || len(errs) > 0 {
			continue
		}
		if first, dup := seen[rec.Key()]; dup {
			problems = append(problems, Field{Pointer: prefix, Detail: msgDuplicateKey.In(l, cx.ShownKeyWith(kind, rec.Key(), wordCriterion.In(l)), first)})
			continue
		}
		seen[rec.Key()] = i
		recs = append(recs, rec)
	}
	return recs, problems
}

// member is one value of an object as an import file's cell would hold it, where it is in
// the object (a JSON pointer), and its JSON type.
type member struct {
	name, value, pointer string
	json                 importer.JSONType
}

// flatten turns an object's members into cells, each with its JSON type (which fits which
// field the importer says): strings as they are, numbers as written, booleans as true/false,
// null as empty. Members of a nested "attrs" object become
// attributes; one named like a field of the kind is refused, for attrs are the extra ones
// (OpenAPI InputAttrs: "a name may not repeat a field") and the importer, which reads every
// name as a column, would make it the field. bad holds the names (as cx.NameKey) of members
// that are no value.
func flatten(l Lang, kind cx.Kind, obj map[string]json.RawMessage) (members []member, bad map[string]bool, problems []Field) {
	bad = map[string]bool{}
	fields := map[string]bool{}
	for _, c := range importer.Columns(kind) {
		fields[c.Name] = true
	}
	add := func(name string, raw json.RawMessage, pointer string) {
		v, err := cellOf(raw)
		if err == errNotAValue && fields[cx.NameKey(name)] && pointer == "/"+PointerEscape(name) {
			// An object or array for a field: its reader says what the field takes (a
			// string, a number, …), as for true or 123 where it takes none.
			members = append(members, member{name: name, value: string(bytes.Trim(raw, jsonSpace)), pointer: pointer, json: importer.JSONStructured})
			return
		}
		if err != nil {
			bad[cx.NameKey(name)] = true
			detail := err.Error()
			if err == errNotAValue {
				detail = msgNotAValue.In(l)
			}
			problems = append(problems, Field{Pointer: pointer, Detail: detail})
			return
		}
		members = append(members, member{name: name, value: v, pointer: pointer, json: jsonType(raw)})
	}
	// Members in name order, so problems are listed the same way every time.
	for _, name := range slices.Sorted(maps.Keys(obj)) {
		raw, at := obj[name], "/"+PointerEscape(name)
		if name != "attrs" {
			add(name, raw, at)
			continue
		}
		var attrs map[string]json.RawMessage
		if err := json.Unmarshal(raw, &attrs); err != nil {
			bad[name] = true
			problems = append(problems, Field{Pointer: at, Detail: msgAttrsShape.In(l)})
			continue
		}
		for _, k := range slices.Sorted(maps.Keys(attrs)) {
			if _, clash := obj[k]; clash {
				problems = append(problems, Field{Pointer: at + "/" + PointerEscape(k), Detail: msgAttrAlsoField.In(l)})
				continue
			}
			if field := cx.NameKey(k); fields[field] {
				problems = append(problems, Field{Pointer: at + "/" + PointerEscape(k), Detail: msgAttrIsField.In(l, field, kind)})
				continue
			}
			add(k, attrs[k], at+"/"+PointerEscape(k))
		}
	}
	return members, bad, problems
}

// pointerOf is where a field the importer names (trimmed, lower case) is in the object: the
// member as the client spelled it, "" (the object) for a problem with a name itself, or where
// a missing field belongs.
func pointerOf(members []member, field string) string {
	if field == "" {
		return ""
	}
	for _, m := range members {
		if cx.NameKey(m.name) == field {
			return m.pointer
		}
	}
	return "/" + PointerEscape(field)
}

// jsonType is the type of a JSON value; Untyped for null.
func jsonType(raw json.RawMessage) importer.JSONType {
	t := bytes.TrimLeft(raw, jsonSpace)
	switch {
	case len(t) == 0 || t[0] == 'n':
		return importer.Untyped
	case t[0] == '"':
		return importer.JSONString
	case t[0] == 't' || t[0] == 'f':
		return importer.JSONBoolean
	case t[0] == '{' || t[0] == '[':
		return importer.JSONStructured
	}
	return importer.JSONNumber
}

func cellOf(raw json.RawMessage) (string, error) {
	t := bytes.Trim(raw, jsonSpace)
	switch {
	case len(t) == 0 || string(t) == "null":
		return "", nil
	case t[0] == '"':
		var s string
		err := json.Unmarshal(t, &s)
		return s, err
	case t[0] == '{' || t[0] == '[':
		return "", errNotAValue
	}
	return string(t), nil // a number or true/false, as written
}

// errNotAValue is an object or array where an attribute's value belongs (a field's reader says
// what the field takes); flatten words it.
var errNotAValue = errors.New("must be a string, a number or a boolean")

// PointerEscape escapes a member name for a JSON pointer (RFC 6901 section 3: "~" as "~0", "/"
// as "~1"): the one escape of every pointer a refusal names, a record body's and the API's own
// bodies' (web).
func PointerEscape(s string) string {
	var b bytes.Buffer
	for _, c := range s {
		switch c {
		case '~':
			b.WriteString("~0")
		case '/':
			b.WriteString("~1")
		default:
			b.WriteRune(c)
		}
	}
	return b.String()
}
