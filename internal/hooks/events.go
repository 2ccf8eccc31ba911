package hooks

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/url"
	"slices"
	"strings"

	"github.com/klantpuls/klantpuls/internal/config"
	"github.com/klantpuls/klantpuls/internal/cx"
	"github.com/klantpuls/klantpuls/internal/importer"
	"github.com/klantpuls/klantpuls/internal/importer/mapping"
	"github.com/klantpuls/klantpuls/internal/ingest"
)

// event is what one event of a source writes: the records of its mapping (or patches of some
// of their fields), a deletion, an erasure, or nothing.
type event struct {
	m       *mapping.Map
	patch   []string
	lists   map[string]string
	delete  cx.Kind
	erase   bool
	key     string
	ignore  string
	require map[string][]string
}

func (fe fileEvent) build(source string) (*event, error) {
	e := &event{patch: fe.Patch, lists: fe.Lists, delete: cx.Kind(fe.Delete), erase: fe.Erase,
		key: fe.Key, ignore: fe.Ignore, require: fe.Require}
	given := 0
	for _, g := range []bool{fe.Map != "", fe.Delete != "", fe.Erase, fe.Ignore != ""} {
		if g {
			given++
		}
	}
	switch {
	case given != 1:
		return nil, errors.New("give exactly one of map, delete, erase and ignore")
	case (fe.Delete != "" || fe.Erase) != (fe.Key != ""):
		return nil, errors.New("delete and erase take key, the payload's field holding the id, and only they do")
	case fe.Delete != "" && !slices.Contains(cx.Kinds, e.delete):
		return nil, fmt.Errorf("delete %q is no record kind", fe.Delete)
	case fe.Map == "" && (len(fe.Patch) > 0 || len(fe.Lists) > 0):
		return nil, errors.New("patch and lists go with map")
	}
	if fe.Map == "" {
		return e, nil
	}
	m, err := mapFile(source, fe.Map)
	if err != nil {
		return nil, err
	}
	e.m = m
	if len(e.patch) > 0 && len(m.Kinds()) != 1 {
		return nil, errors.New("a patch event's map yields one kind")
	}
	for _, f := range e.patch {
		if !slices.ContainsFunc(importer.Columns(m.Kinds()[0]), func(c importer.Column) bool { return c.Name == f && !c.Key }) {
			return nil, fmt.Errorf("patch: %q is no field of %s but its key", f, m.Kinds()[0])
		}
	}
	return e, nil
}

func (e *event) kinds() []cx.Kind {
	switch {
	case e.m != nil:
		return e.m.Kinds()
	case e.delete != "":
		return []cx.Kind{e.delete}
	case e.erase:
		return []cx.Kind{cx.KindCustomers}
	}
	return nil
}

// readEvents reads a delivery of a source whose events are described by its file.
func (s *Source) readEvents(d *Delivery) (*Batch, error) {
	payload, err := decodePayload(d.Body)
	if err != nil {
		return nil, err
	}
	b := &Batch{DeliveryID: s.id.find(d, payload)}
	name := s.event.find(d, payload)
	if name == "" && (s.event.header != "" || s.event.field != "") {
		return nil, fieldError(s.event.where(), "missing: the event's name")
	}
	e, ok := s.events[name]
	switch {
	case !ok:
		b.Ignored = fmt.Sprintf("event %q is not read by klantpuls; choose only %s", name, strings.Join(slicesSorted(s.events), ", "))
		return b, nil
	case e.ignore != "":
		b.Ignored = e.ignore
		return b, nil
	}
	for _, path := range slicesSorted(e.require) {
		if v := valueAt(payload, path); !slices.Contains(e.require[path], v) {
			b.Ignored = fmt.Sprintf("%s is %q, not %s: nothing to write", path, v, strings.Join(e.require[path], " or "))
			return b, nil
		}
	}
	if e.delete != "" || e.erase {
		id := strings.TrimSpace(valueAt(payload, e.key))
		if id == "" {
			return nil, fieldError(e.key, "missing: the id of the record")
		}
		if e.erase {
			b.Erase = []string{id}
		} else {
			b.Deletes = []cx.Deletion{{Of: e.delete, ID: id}}
		}
		return b, nil
	}
	if err := e.mapPayload(d, payload, b); err != nil {
		return nil, err
	}
	if len(b.Records)+len(b.Patches) == 0 {
		b.Ignored = fmt.Sprintf("event %q holds nothing klantpuls counts (%s)", name, e.m.Title)
	}
	return b, nil
}

// decodePayload reads a JSON body (checked as the API checks one: valid UTF-8, no member
// twice) or a form-encoded one (Trengo) into values by name.
func decodePayload(body []byte) (map[string]any, error) {
	t := bytes.TrimSpace(body)
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

func (l locator) find(d *Delivery, payload map[string]any) string {
	if l.header != "" {
		return strings.TrimSpace(d.Header.Get(l.header))
	}
	if l.field != "" {
		return strings.TrimSpace(valueAt(payload, l.field))
	}
	return ""
}

func (l locator) where() string {
	if l.header != "" {
		return "header " + l.header
	}
	return l.field
}

// mapPayload runs the event's mapping over the payload as over a JSON export of one row: the
// import's JSON reader flattens it (dotted paths), the mapping engine maps it, and the row
// parser checks each record, so a delivery is held to exactly an import row's rules.
func (e *event) mapPayload(d *Delivery, payload map[string]any, b *Batch) error {
	for path, member := range e.lists {
		byMember(payload, path, member)
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
	recs, errs := eng.Row(line, cells)
	more, ferrs := eng.Flush()
	if errs = append(errs, ferrs...); len(errs) > 0 {
		return fieldError(errs[0].Column, "%s", errs[0].Reason)
	}
	outputs := eng.Outputs()
	for _, r := range append(recs, more...) {
		o := outputs[slices.IndexFunc(outputs, func(o mapping.Output) bool { return o.Kind == r.Kind })]
		if err := e.take(o, r.Cells, cfg, b); err != nil {
			return err
		}
	}
	return nil
}

// take checks one mapped record and adds it to the batch, whole or as a patch.
func (e *event) take(o mapping.Output, cells []string, cfg *config.Config, b *Batch) error {
	source := func(field string) string {
		if i := slices.Index(o.Header, field); i >= 0 {
			return o.From[i]
		}
		return field
	}
	if len(e.patch) == 0 {
		rec, errs := importer.ParseValues(o.Kind, cfg, o.Header, cells)
		if len(errs) > 0 {
			return fieldError(source(errs[0].Field), "%s", errs[0].Reason)
		}
		b.Records = append(b.Records, rec)
		return nil
	}
	var names, values []string
	for _, f := range e.patch {
		if i := slices.Index(o.Header, f); i >= 0 {
			names, values = append(names, f), append(values, cells[i])
		}
	}
	p, err := makePatch(o.Kind, cells[0], names, values, cfg)
	if err != nil {
		var fe importer.FieldError
		if errors.As(err, &fe) {
			return fieldError(source(fe.Field), "%s", fe.Reason)
		}
		return fieldError(source(o.Header[0]), "%v", err)
	}
	b.Patches = append(b.Patches, p)
	return nil
}

// byMember turns a list of objects at path into an object keyed by each one's member (a
// dotted path), so the mapping can name an element: Typeform's answers by their field's ref.
func byMember(payload map[string]any, path, member string) {
	parent, last := payload, path
	if i := strings.LastIndex(path, "."); i >= 0 {
		p, ok := lookup(payload, path[:i]).(map[string]any)
		if !ok {
			return
		}
		parent, last = p, path[i+1:]
	}
	list, ok := parent[last].([]any)
	if !ok {
		return
	}
	keyed := map[string]any{}
	for _, item := range list {
		if obj, ok := item.(map[string]any); ok {
			if k := valueAt(obj, member); k != "" {
				keyed[k] = obj
			}
		}
	}
	parent[last] = keyed
}

func lookup(payload map[string]any, path string) any {
	var v any = payload
	for _, part := range strings.Split(path, ".") {
		m, ok := v.(map[string]any)
		if !ok {
			return nil
		}
		v = m[part]
	}
	return v
}
