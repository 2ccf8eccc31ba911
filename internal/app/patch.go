package app

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/klantpuls/klantpuls/internal/cx"
)

// Patch commits one patch, as Write does, and returns the record it made, as stored. It is a
// person's correction (the API's PATCH), so the audit log records who changed which fields of
// what, as it records a deletion (Delete): a line record_patch in the patch's transaction, by
// whoever ctx says acts (ActingAs), naming the fields changed and never their values, which may
// be a customer's name or address. A patch that changes nothing, or one refused, adds no line.
// The patches of Write and WriteChanges are a tool's data flow, as its records are: no lines.
func (a *App) Patch(ctx context.Context, p cx.Patch) (cx.Record, error) {
	var made cx.Record
	_, _, err := a.write(ctx, func(w *written) (bool, error) {
		stored, rec, err := w.applyPatch(a, p)
		if err != nil || rec == nil {
			return false, err
		}
		made = rec
		fields, err := changedFields(stored, rec)
		if err != nil || len(fields) == 0 {
			return false, err
		}
		return false, a.auditIn(ctx, w.tx, cx.AuditRecordPatch, recordSubject(p.Of, p.ID), cx.Phrase("fields", strings.Join(fields, ", ")))
	}, nil, nil, nil)
	if err != nil {
		return nil, err
	}
	if made == nil { // older than the stored record (p.At): that one stays
		return a.Record(ctx, p.Of, p.ID)
	}
	return made, nil
}

// changedFields names the fields of stored that rec, what a patch made of it, holds otherwise,
// by their names in the record's JSON, an attribute as "attrs.<name>", in order of name. The
// sentiment score is left out: it is derived from the text when the record is written (score),
// so a changed comment is named as the comment.
func changedFields(stored, rec cx.Record) ([]string, error) {
	was, err := jsonFields(stored)
	if err != nil {
		return nil, err
	}
	now, err := jsonFields(rec)
	if err != nil {
		return nil, err
	}
	var changed []string
	for _, name := range differing(was, now) {
		switch name {
		case "sentiment":
		case "attrs":
			wasAttrs, err := jsonObject(was["attrs"])
			if err != nil {
				return nil, err
			}
			nowAttrs, err := jsonObject(now["attrs"])
			if err != nil {
				return nil, err
			}
			for _, attr := range differing(wasAttrs, nowAttrs) {
				changed = append(changed, "attrs."+attr)
			}
		default:
			changed = append(changed, name)
		}
	}
	slices.Sort(changed)
	return changed, nil
}

// differing names the members that a and b do not hold alike, one held by only one of them too.
func differing(a, b map[string]json.RawMessage) []string {
	var names []string
	for _, name := range slices.Sorted(maps.Keys(a)) {
		if v, ok := b[name]; !ok || !bytes.Equal(v, a[name]) {
			names = append(names, name)
		}
	}
	for _, name := range slices.Sorted(maps.Keys(b)) {
		if _, ok := a[name]; !ok {
			names = append(names, name)
		}
	}
	return names
}

// jsonFields is rec as the API writes it, by member. The members of one record type are written
// alike (encoding/json, maps in order of key), so equal values are equal bytes.
func jsonFields(rec cx.Record) (map[string]json.RawMessage, error) {
	whole, err := json.Marshal(rec)
	if err != nil {
		return nil, fmt.Errorf("app: unable to write %s as JSON: %w", cx.String(rec), err)
	}
	return jsonObject(whole)
}

// jsonObject reads a JSON object by member; nothing (an absent member) is an empty one.
func jsonObject(raw json.RawMessage) (map[string]json.RawMessage, error) {
	members := map[string]json.RawMessage{}
	if len(raw) == 0 {
		return members, nil
	}
	if err := json.Unmarshal(raw, &members); err != nil {
		return nil, fmt.Errorf("app: unable to read a record's JSON: %w", err)
	}
	return members, nil
}
