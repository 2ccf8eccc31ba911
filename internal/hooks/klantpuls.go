package hooks

import (
	"bytes"
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/klantpuls/klantpuls/internal/cx"
	"github.com/klantpuls/klantpuls/internal/importer"
	"github.com/klantpuls/klantpuls/internal/ingest"
)

// klantpulsBody is klantpuls's own delivery format (README, "Live connections"), for a script
// or a tool without a source of its own: records of any kind in the API's record shape, patches,
// deletions and erasures, in one body that is written whole or not at all.
type klantpulsBody struct {
	DeliveryID string                     `json:"delivery_id"`
	Records    map[string]json.RawMessage `json:"records"`
	Patches    []klantpulsWrite           `json:"patches"`
	Deletes    []klantpulsWrite           `json:"deletes"`
	Erase      []string                   `json:"erase"`
}

// klantpulsWrite is one patch ({"kind","id","fields"}) or deletion ({"kind","id"}).
type klantpulsWrite struct {
	Kind   string         `json:"kind"`
	ID     string         `json:"id"`
	Fields map[string]any `json:"fields"`
}

// fieldError is a delivery's body refused: the JSON field (an RFC 6901 pointer) and why.
func fieldError(pointer, format string, args ...any) error {
	if pointer == "" {
		pointer = "/"
	}
	return fmt.Errorf("%s: %s", pointer, fmt.Sprintf(format, args...))
}

func readKlantpuls(d *Delivery) (*Batch, error) {
	if p := ingest.CheckBody(d.Body); len(p) > 0 {
		return nil, fieldError(p[0].Pointer, "%s", p[0].Detail)
	}
	var body klantpulsBody
	dec := json.NewDecoder(bytes.NewReader(d.Body))
	dec.DisallowUnknownFields()
	dec.UseNumber()
	if err := dec.Decode(&body); err != nil {
		return nil, fieldError("", "not klantpuls's delivery format (%v); send {\"delivery_id\", \"records\", \"patches\", \"deletes\", \"erase\"}", err)
	}
	b := &Batch{DeliveryID: strings.TrimSpace(body.DeliveryID), Erase: body.Erase}
	cfg := d.config()
	for _, name := range slices.Sorted(maps.Keys(body.Records)) {
		kind := cx.Kind(name)
		if !slices.Contains(cx.Kinds, kind) {
			return nil, fieldError("/records/"+name, "no record kind; write one of %s", cx.KindNames(cx.Kinds))
		}
		recs, err := ingest.Read(kind, cfg, body.Records[name])
		if err != nil {
			return nil, ingestError("/records/"+name, err)
		}
		b.Records = append(b.Records, recs...)
	}
	for i, p := range body.Patches {
		at := fmt.Sprintf("/patches/%d", i)
		kind, err := writeKind(at, p)
		if err != nil {
			return nil, err
		}
		names, values := make([]string, 0, len(p.Fields)), make([]string, 0, len(p.Fields))
		types := make([]importer.JSONType, 0, len(p.Fields))
		for _, name := range slices.Sorted(maps.Keys(p.Fields)) {
			v, ok := cellOf(p.Fields[name])
			if !ok {
				return nil, fieldError(at+"/fields/"+name, "must be a string, a number, a boolean or null")
			}
			names, values, types = append(names, name), append(values, v), append(types, jsonTypeOf(p.Fields[name]))
		}
		patch, err := makePatch(kind, p.ID, names, values, nil, types, d.config())
		if err != nil {
			return nil, fieldError(at+"/fields", "%v", err)
		}
		b.Patches = append(b.Patches, patch)
	}
	for i, del := range body.Deletes {
		kind, err := writeKind(fmt.Sprintf("/deletes/%d", i), del)
		if err != nil {
			return nil, err
		}
		b.Deletes = append(b.Deletes, cx.Deletion{Of: kind, ID: strings.TrimSpace(del.ID)})
	}
	for i, id := range b.Erase {
		if b.Erase[i] = strings.TrimSpace(id); b.Erase[i] == "" {
			return nil, fieldError(fmt.Sprintf("/erase/%d", i), "an empty customer id")
		}
	}
	if len(b.Records)+len(b.Patches)+len(b.Deletes)+len(b.Erase) == 0 {
		b.Ignored = "the delivery holds no records, patches, deletes or erasures"
	}
	return b, nil
}

func writeKind(at string, w klantpulsWrite) (cx.Kind, error) {
	kind := cx.Kind(w.Kind)
	switch {
	case !slices.Contains(cx.Kinds, kind):
		return "", fieldError(at+"/kind", "%q is no record kind; write one of %s", w.Kind, cx.KindNames(cx.Kinds))
	case strings.TrimSpace(w.ID) == "":
		return "", fieldError(at+"/id", "missing: the key of the record")
	}
	return kind, nil
}

// ingestError names the first field of a refused list of records.
func ingestError(at string, err error) error {
	if ie, ok := err.(*ingest.Error); ok && len(ie.Fields) > 0 {
		return fieldError(at+ie.Fields[0].Pointer, "%s", ie.Fields[0].Detail)
	}
	return fieldError(at, "%v", err)
}
