package ingest

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"maps"
	"slices"
	"strings"

	"github.com/klantpuls/klantpuls/internal/config"
	"github.com/klantpuls/klantpuls/internal/cx"
	"github.com/klantpuls/klantpuls/internal/importer"
)

// Patch applies doc, a JSON merge patch (RFC 7396), to the record stored and returns the
// record it makes, checked by Read: with exactly the rules of a record sent whole or a row of
// an import file. The patch is applied to the record's JSON in data.md's field names (as the
// API returns it); a field whose value is null is removed. A member the kind does not know is
// an attribute, as in an import file: it goes into "attrs", so {"plaats": "Zwolle"} sets the
// attribute and {"plaats": null} removes it; "attrs" itself may be patched too. Member names
// compare as an import file's columns do (trimmed, case-insensitive). A patch cannot change
// the key: it names the record. A refusal is an *Error whose fields point where the patch has
// the member ({"Plaats": {…}} at /Plaats, not the /attrs/plaats it was merged into), or, for a
// field the patch does not name, into the patched record's JSON.
func Patch(kind cx.Kind, cfg *config.Config, stored cx.Record, doc []byte) (cx.Record, error) {
	return PatchIn(English, kind, cfg, stored, doc)
}

// PatchIn is Patch with a refusal said in l, as ReadIn says one.
func PatchIn(l Lang, kind cx.Kind, cfg *config.Config, stored cx.Record, doc []byte) (cx.Record, error) {
	if problems := CheckBodyIn(l, doc); len(problems) > 0 {
		return nil, &Error{Reason: InvalidFields, Detail: msgPatchUnreadable.In(l), Fields: problems}
	}
	patch, err := decodeObject(doc, l)
	if err != nil {
		return nil, &Error{Reason: NotRecords, Detail: msgPatchShape.In(l, err)}
	}
	whole, err := json.Marshal(stored)
	if err != nil {
		return nil, fmt.Errorf("ingest: unable to write %s as JSON: %w", cx.String(stored), err)
	}
	target, err := decodeObject(whole, l)
	if err != nil {
		return nil, fmt.Errorf("ingest: unable to read %s as JSON: %w", cx.String(stored), err)
	}
	// The sentiment score is derived from the text when the record is written (app), not a
	// field of an import file: read back here it would become an attribute. A "sentiment" in
	// the patch itself is an attribute, as that column of an import file is.
	delete(target, "sentiment")
	asSent(target)
	if v, given := patch["attrs"]; given && v == nil {
		delete(target, "attrs") // all removed, before any given beside it are added
	}
	patch, where, problems := canonicalNames(l, kind, patch, target)
	if len(problems) > 0 {
		return nil, &Error{Reason: InvalidFields, Detail: RefusalDetail(l, len(problems), msgNothingStored.In(l)), Fields: problems}
	}
	merged, err := json.Marshal(mergePatch(target, patch))
	if err != nil {
		return nil, fmt.Errorf("ingest: unable to write a patched %s: %w", cx.String(stored), err)
	}
	recs, err := ReadIn(l, kind, cfg, merged)
	if err != nil {
		var refused *Error
		if errors.As(err, &refused) {
			for i, f := range refused.Fields {
				refused.Fields[i].Pointer = where.inPatch(f.Pointer)
			}
		}
		return nil, err
	}
	rec := recs[0]
	if rec.Key() != stored.Key() {
		return nil, &Error{Reason: InvalidFields, Detail: msgKeyChangeRefused.In(l),
			Fields: []Field{{Pointer: where.inPatch("/" + PointerEscape(keyField(kind, patch))), Detail: msgKeyUnchanging.In(l, shownRecord(l, stored))}}}
	}
	return rec, nil
}

// asSent turns a stored record back into the fields it was sent with, where storing changed
// them: an order in another currency is stored converted (amount) beside what came
// (original_amount), and read again it must be converted from what came, once — not from the
// converted amount a second time, nor keep original_amount as an unknown field (an attribute).
func asSent(target map[string]any) {
	if v, ok := target["original_amount"]; ok {
		target["amount"] = v
		delete(target, "original_amount")
	}
}

// decodeObject reads a JSON object, numbers as written (json.Number), so a value not patched
// comes back exactly.
func decodeObject(doc []byte, l Lang) (map[string]any, error) {
	dec := json.NewDecoder(bytes.NewReader(doc))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return nil, notJSON(l, msgNotJSONAt, msgNotJSON, doc, err)
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, errors.New(msgAfterValue.In(l))
	}
	obj, ok := v.(map[string]any)
	if !ok {
		return nil, errors.New(msgNotObject.In(l))
	}
	return obj, nil
}

// canonicalNames renames the patch's members to the names the stored record's JSON uses: a
// field of the kind by its name (Solved_At is solved_at, as in an import file's header), and
// any other member into "attrs", where the record keeps attributes, under the name the record
// has it by when it has it (attribute names, too, compare trimmed and case-insensitively). Two
// members that are one name so compared are refused, as an import file's header would be.
// where leads each renamed member's pointer back to the member as the patch has it.
func canonicalNames(l Lang, kind cx.Kind, patch, target map[string]any) (map[string]any, renames, []Field) {
	known := map[string]bool{}
	for _, c := range importer.Columns(kind) {
		known[c.Name] = true
	}
	storedAttrs, _ := target["attrs"].(map[string]any)
	attrName := func(name string) string {
		for have := range storedAttrs {
			if cx.NameKey(have) == cx.NameKey(name) {
				return have
			}
		}
		return name
	}
	out := map[string]any{}
	attrs, _ := patch["attrs"].(map[string]any)
	var problems []Field
	seen := map[string]string{} // by compared name: the pointer of the member first given
	given := func(name, pointer string) bool {
		key := cx.NameKey(name)
		if first, dup := seen[key]; dup {
			problems = append(problems, Field{Pointer: pointer,
				Detail: msgGivenTwiceAt.In(l, first)})
			return false
		}
		seen[key] = pointer
		return true
	}
	renamed := map[string]any{}
	where := renames{}
	for _, name := range slices.Sorted(maps.Keys(attrs)) { // sorted: the same outcome every time
		if given(name, "/attrs/"+PointerEscape(name)) {
			renamed[attrName(name)] = attrs[name]
			where["/attrs/"+PointerEscape(attrName(name))] = "/attrs/" + PointerEscape(name)
		}
	}
	for _, name := range slices.Sorted(maps.Keys(patch)) {
		v := patch[name]
		switch field := cx.NameKey(name); {
		case name == "attrs":
			if _, isObject := v.(map[string]any); !isObject && v != nil {
				out[name] = v // Read refuses it (null Patch has done: it removed them all)
			}
		case !given(name, "/"+PointerEscape(name)):
		case known[field]:
			out[field] = v
			where["/"+PointerEscape(field)] = "/" + PointerEscape(name)
		default:
			renamed[attrName(name)] = v
			where["/attrs/"+PointerEscape(attrName(name))] = "/" + PointerEscape(name)
		}
	}
	if _, refused := out["attrs"]; len(renamed) > 0 && !refused {
		out["attrs"] = renamed
	}
	return out, where, problems
}

// renames leads a pointer into the patched record back into the patch: by canonical pointer
// of a member (as canonicalNames renamed it), the member's pointer in the patch.
type renames map[string]string

// inPatch is where a pointer into the patched record is in the patch: the member's own
// pointer (and any path below it) for a member the patch renamed; as it is otherwise, a field
// the patch did not name and the record has.
func (w renames) inPatch(pointer string) string {
	for canonical, own := range w {
		if rest, found := strings.CutPrefix(pointer, canonical); found && (rest == "" || rest[0] == '/') {
			return own + rest
		}
	}
	return pointer
}

// mergePatch is RFC 7396 section 2, MergePatch(Target, Patch), for a patch that is an object.
func mergePatch(target any, patch map[string]any) map[string]any {
	obj, ok := target.(map[string]any)
	if !ok {
		obj = map[string]any{}
	}
	for name, v := range patch {
		switch p := v.(type) {
		case nil:
			delete(obj, name)
		case map[string]any:
			obj[name] = mergePatch(obj[name], p)
		default:
			obj[name] = v
		}
	}
	return obj
}

// keyField is the field of the key a patch changed: of a review's two (review_id, criterion)
// the one the patch gives.
func keyField(kind cx.Kind, patch map[string]any) string {
	var key string
	for _, c := range importer.Columns(kind) {
		if _, given := patch[c.Name]; c.Key && (given || key == "") {
			key = c.Name
		}
	}
	return key
}
