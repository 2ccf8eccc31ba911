package ingest

import (
	"bytes"
	"encoding/json"
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/klantpuls/klantpuls/internal/config"
	"github.com/klantpuls/klantpuls/internal/cx"
)

// patchTargets are the stored records the patches of FuzzPatch change, one of each kind, with
// optional fields and attributes to keep or remove.
var patchTargets = map[cx.Kind]string{
	cx.KindCustomers: `{"customer_id":"C1","acquired_at":"2026-03-01 10:00","name":"Bakkerij de Vries","segment":"mkb","attrs":{"plaats":"Utrecht"}}`,
	cx.KindOrders:    `{"order_id":"O1","customer_id":"C1","ordered_at":"2026-03-01 10:00","amount":12.5,"gross_margin":0.3}`,
	cx.KindTickets:   `{"ticket_id":"T1","created_at":"2026-03-02 09:00","agent":"Anouk","solved_at":"2026-03-02 11:30","reopens":1,"attrs":{"plaats":"Utrecht","bron":"mail"}}`,
	cx.KindMessages:  `{"message_id":"M1","ticket_id":"T1","at":"2026-03-02 10:00","author":"agent","agent":"Anouk"}`,
	cx.KindResponses: `{"response_id":"R1","survey":"nps","score":9,"submitted_at":"2026-03-01 10:00","comment":"prima"}`,
	cx.KindMentions:  `{"mention_id":"X1","source":"x","at":"2026-03-01 10:00","text":"27\" scherm","author":"jan"}`,
	cx.KindReviews:   `{"review_id":"Q1","reviewed_at":"2026-03-01 10:00","agent":"Anna","criterion":"Toon","rating":4}`,
	cx.KindEvents:    `{"event_id":"E1","customer_id":"C1","kind":"training","at":"2026-03-01 10:00","attrs":{"x":"1"}}`,
}

// patchSeeds are patches good and bad, tried on every kind.
var patchSeeds = []string{
	`{}`, `{"agent":"Bas","solved_at":null}`, `{"Solved_At":"2026-03-02T12:00:00+01:00"}`,
	`{"attrs":{"plaats":null,"regio":"Noord"}}`, `{"plaats":"Zwolle","attrs":{"bron":null}}`, `{"attrs":null}`,
	`{"ticket_id":"T2"}`, `{"criterion":" toon","rating":null}`, `{"created_at":null}`, `{"score":11}`,
	`{"amount":"1.234,56"}`, `{"Solved_At":"gisteren"}`, `{"a":{"b":1}}`, `[]`, `null`, `{"x":1,"x":2}`, "{\"text\":\"caf\xe9\"}", `{`,
	`{"a":` + strings.Repeat("[", 70) + strings.Repeat("]", 70) + `}`,
}

// FuzzPatch applies arbitrary patches to a stored record of every kind (k picks it). Whatever
// the bytes, it does not panic; a refusal is an *Error of NotRecords or InvalidFields with every
// field named; an accepted patch keeps the record's kind and key, the fields of the stored
// record it does not name, and is a merge patch: applied again to its own result it changes
// nothing (RFC 7396 patches are idempotent); the result, sent whole, is accepted as it is.
func FuzzPatch(f *testing.F) {
	for i := range cx.Kinds {
		for _, p := range patchSeeds {
			f.Add(uint8(i), []byte(p))
		}
	}
	cfg := config.Default()
	stored := map[cx.Kind]cx.Record{}
	for kind, body := range patchTargets {
		recs, err := Read(kind, cfg, []byte(body))
		if err != nil {
			f.Fatalf("%s: %v", kind, err)
		}
		stored[kind] = recs[0]
	}
	f.Fuzz(func(t *testing.T, k uint8, doc []byte) {
		kind := cx.Kinds[int(k)%len(cx.Kinds)]
		before := stored[kind]
		rec, err := Patch(kind, cfg, before, doc)
		if err != nil {
			var p *Error
			if !errors.As(err, &p) || p.Reason != NotRecords && p.Reason != InvalidFields {
				t.Fatalf("refused with %T %v", err, err)
			}
			for _, e := range p.Fields {
				if e.Detail == "" {
					t.Fatalf("a problem without a detail: %+v", p.Fields)
				}
				pointsIntoPatch(t, doc, e.Pointer)
			}
			return
		}
		if rec.RecordKind() != kind || rec.Key() != before.Key() {
			t.Fatalf("patched %s into %s", cx.String(before), cx.String(rec))
		}
		keptFields(t, kind, before, rec, doc)
		again, err := Patch(kind, cfg, rec, doc)
		if err != nil {
			t.Fatalf("the patch, applied again to its result, is refused: %v", err)
		}
		first, second := jsonText(t, rec), jsonText(t, again)
		if !bytes.Equal(first, second) {
			t.Fatalf("a patch applied twice differs:\n%s\n%s", first, second)
		}
		whole, err := Read(kind, cfg, first)
		if err != nil || !bytes.Equal(jsonText(t, whole[0]), first) {
			t.Fatalf("the patched record sent whole: %v\n%s", err, first)
		}
	})
}

// pointsIntoPatch checks that a problem's pointer names a place in the patch, or a place the
// patch has no member for (a field of the stored record): never a member of the patch by the
// name or place it was merged under (/solved_at for "Solved_At", /attrs/plaats for "plaats").
func pointsIntoPatch(t *testing.T, doc []byte, pointer string) {
	t.Helper()
	var patch map[string]any
	dec := json.NewDecoder(bytes.NewReader(doc))
	dec.UseNumber()
	if dec.Decode(&patch) != nil {
		return // refused before it was read as members
	}
	if found, _ := lookUp(patch, pointer); found {
		return
	}
	names := func(obj any) (out []string) {
		m, _ := obj.(map[string]any)
		for name := range m {
			out = append(out, cx.NameKey(name))
		}
		return out
	}
	parts := strings.Split(strings.NewReplacer("~1", "/", "~0", "~").Replace(pointer), "/")
	top := names(patch)
	switch {
	case len(parts) > 1 && parts[1] != "attrs" && slices.Contains(top, cx.NameKey(parts[1])),
		len(parts) > 2 && parts[1] == "attrs" && (slices.Contains(top, cx.NameKey(parts[2])) ||
			slices.Contains(names(patch["attrs"]), cx.NameKey(parts[2]))):
		t.Fatalf("problem at %s, a member of the patch under another name or place:\n%s", pointer, doc)
	}
}

// keptFields checks that the fields of before the patch does not name are in after unchanged.
func keptFields(t *testing.T, kind cx.Kind, before, after cx.Record, doc []byte) {
	t.Helper()
	var patch map[string]json.RawMessage
	json.Unmarshal(doc, &patch)
	_, attrsGiven := patch["attrs"] // null removes them, and is named no further
	named := map[string]bool{"attrs": attrsGiven}
	names, _, _ := canonicalNames(English, kind, toAny(patch), nil)
	for name := range names {
		named[name] = true
	}
	var was, is map[string]json.RawMessage
	json.Unmarshal(jsonText(t, before), &was)
	json.Unmarshal(jsonText(t, after), &is)
	for name, v := range was {
		if !named[name] && !bytes.Equal(v, is[name]) {
			t.Fatalf("%s changed from %s to %s, not named by the patch %s", name, v, is[name], doc)
		}
	}
}

func toAny(m map[string]json.RawMessage) map[string]any {
	out := map[string]any{}
	for k, v := range m {
		out[k] = v
	}
	return out
}

func jsonText(t *testing.T, rec cx.Record) []byte {
	t.Helper()
	b, err := json.Marshal(rec)
	if err != nil {
		t.Fatal(err)
	}
	return b
}
