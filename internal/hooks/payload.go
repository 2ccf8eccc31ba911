package hooks

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/url"
	"slices"
	"time"

	"github.com/klantpuls/klantpuls/internal/config"
	"github.com/klantpuls/klantpuls/internal/cx"
	"github.com/klantpuls/klantpuls/internal/importer"
	"github.com/klantpuls/klantpuls/internal/importer/mapping"
	"github.com/klantpuls/klantpuls/internal/ingest"
)

// decodePayload reads a JSON body (checked as the API checks one: valid UTF-8, no member
// twice) or a form-encoded one (Trengo) into values by name.
func decodePayload(body []byte) (map[string]any, error) {
	t := bytes.TrimSpace(body)
	if len(t) > 0 && t[0] == '[' {
		return nil, fieldError("", "the body is a JSON list; the tool sends one object per delivery")
	}
	if len(t) == 0 || t[0] != '{' {
		form, err := url.ParseQuery(string(t))
		if err != nil || len(form) == 0 {
			return nil, fieldError("", "the body is neither a JSON object nor a form")
		}
		out := map[string]any{}
		for k, v := range form {
			out[k] = v[0]
		}
		return out, nil
	}
	if p := ingest.CheckBody(body); len(p) > 0 {
		return nil, fieldError(p[0].Pointer, "%s", p[0].Detail)
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.UseNumber()
	var payload map[string]any
	if err := dec.Decode(&payload); err != nil {
		return nil, fieldError("", "the body is not a JSON object: %v", err)
	}
	return payload, nil
}

// valueAt is the value at a dotted path of the payload, as a cell holds it; "" when absent.
func valueAt(payload map[string]any, path string) string {
	v, _ := cellOf(lookup(payload, path))
	return v
}

// cellOf is a decoded JSON value as an import file's cell holds it: a string as it is, a number
// or a boolean as written, null (or absent) as empty; an object or a list is no cell (false).
func cellOf(v any) (string, bool) {
	switch x := v.(type) {
	case nil:
		return "", true
	case string:
		return x, true
	case json.Number:
		return x.String(), true
	case bool:
		return fmt.Sprint(x), true
	}
	return "", false
}

// jsonTypeOf is the JSON type of a decoded scalar; Untyped for null.
func jsonTypeOf(v any) importer.JSONType {
	switch v.(type) {
	case string:
		return importer.JSONString
	case json.Number:
		return importer.JSONNumber
	case bool:
		return importer.JSONBoolean
	}
	return importer.Untyped
}

// mapPayload runs the event's mapping over the payload as over a JSON export of one row: the
// import's JSON reader flattens it (dotted paths), the mapping engine maps it, and the row
// parser checks each record, so a delivery is held to exactly an import row's rules.
func (e *event) mapPayload(d *Delivery, payload map[string]any, b *Batch) error {
	if err := e.shape.apply(payload); err != nil {
		return err
	}
	row, err := json.Marshal([]any{payload}) // a list holds its rows: the payload is one
	if err != nil {
		return err
	}
	sh := importer.NewJSON(bytes.NewReader(row), "payload", importer.English)
	sh.(interface{ Want([]string) }).Want(e.m.SourceColumns())
	header, err := sh.Header()
	if err != nil {
		return fieldError("", "%v", err)
	}
	cells, line, err := sh.Next()
	if err != nil && err != io.EOF {
		return fieldError("", "%v", err)
	}
	cfg := d.config()
	eng, errs := e.m.Start([][]string{header}, mapping.Options{File: "payload", Account: cfg.Timezone})
	if len(errs) > 0 {
		return fieldError(errs[0].Column, "%s", errs[0].Reason)
	}
	// Which cells were JSON numbers: a rating sent as 5.0 is the whole number 5, as an import
	// file's and the API's is.
	recs, errs := eng.NumberedRow(line, cells, importer.NumbersOf(sh))
	more, ferrs := eng.Flush()
	if errs = append(errs, ferrs...); len(errs) > 0 {
		return fieldError(errs[0].Column, "%s", errs[0].Reason)
	}
	outputs := eng.Outputs()
	for _, r := range append(recs, more...) {
		o := outputs[slices.IndexFunc(outputs, func(o mapping.Output) bool { return o.Kind == r.Kind })]
		if err := e.take(o, r.Cells, r.Numbers, cfg, b); err != nil {
			return err
		}
	}
	return nil
}

// take checks one mapped record and adds it to the batch, whole or as a patch.
func (e *event) take(o mapping.Output, cells []string, numbers []bool, cfg *config.Config, b *Batch) error {
	source := func(field string) string {
		if i := slices.Index(o.Header, field); i >= 0 {
			return o.From[i]
		}
		return field
	}
	if len(e.patch) == 0 {
		rec, errs := (&importer.Values{Kind: o.Kind, Config: cfg}).Parse(o.Header, cells, numbers)
		if len(errs) > 0 {
			return fieldError(source(errs[0].Field), "%s", errs[0].Reason)
		}
		b.Records = append(b.Records, o.Mark(rec))
		return nil
	}
	var names, values []string
	var nums []bool
	for _, f := range e.patch {
		if i := slices.Index(o.Header, f); i >= 0 && (cells[i] != "" || slices.Contains(e.clear, f)) {
			names, values = append(names, f), append(values, cells[i])
			nums = append(nums, i < len(numbers) && numbers[i])
		}
	}
	if len(names) == 0 {
		return nil // the event carries none of the fields it may change
	}
	// The resource's update time, where the source gives one: the patch is not applied over a
	// later change (app), and applied it moves the stored record's version on.
	var at time.Time
	if i := slices.Index(o.Header, cx.SourceVersion); o.Versioned && i >= 0 {
		if t, ok := cx.ParseVersion(cells[i]); ok {
			at, names, values, nums = t, append(names, cx.SourceVersion), append(values, cells[i]), append(nums, false)
		}
	}
	p, err := makePatch(o.Kind, cells[0], names, values, nums, nil, cfg)
	if err != nil {
		var fe importer.FieldError
		if errors.As(err, &fe) {
			return fieldError(source(fe.Field), "%s", fe.Reason)
		}
		return fieldError(source(o.Header[0]), "%v", err)
	}
	p.At = at
	b.Patches = append(b.Patches, p)
	return nil
}
