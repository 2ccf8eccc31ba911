package hooks

import (
	"errors"
	"fmt"
	"maps"
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/klantpuls/klantpuls/internal/cx"
	"github.com/klantpuls/klantpuls/internal/importer"
	"github.com/klantpuls/klantpuls/internal/importer/mapping"
)

// event is what one event of a source writes: the records of its mapping (or patches of some
// of their fields), a deletion, an erasure, or nothing. An event with both a mapping and a
// deletion writes the records of a payload that meets require and deletes the record of one that
// does not: an order cancelled, or no longer paid, is no sale, whatever an earlier delivery wrote.
type event struct {
	m       *mapping.Map
	patch   []string // fields written as a patch when the event carries them
	clear   []string // of patch: fields an event without them removes
	shape   shaping
	delete  cx.Kind
	erase   bool
	key     string
	by      string // with delete: the stored records' attribute holding the key's id
	ignore  string
	require map[string][]string
	fetch   bool     // the source's API is asked for the rest first, when the connection has a token
	has     []string // members its body always holds (fileEvent.Has)
}

func (fe fileEvent) build(source string) (*event, error) {
	e := &event{patch: fe.Patch, clear: fe.Clear, delete: cx.Kind(fe.Delete), erase: fe.Erase,
		key: fe.Key, by: fe.By, ignore: fe.Ignore, require: fe.Require, fetch: fe.Fetch, has: fe.Has,
		shape: shaping{lists: fe.Lists, unix: fe.Unix, sums: fe.Sums, first: fe.First, when: fe.When, set: fe.Set}}
	given := 0
	for _, g := range []bool{fe.Map != "", fe.Delete != "", fe.Erase, fe.Ignore != ""} {
		if g {
			given++
		}
	}
	// map with delete: a payload that fails require deletes the record (an order cancelled).
	mapOrDelete := given == 2 && fe.Map != "" && fe.Delete != ""
	switch {
	case mapOrDelete && len(fe.Require) == 0:
		return nil, errors.New("map with delete deletes the record of a payload that fails require: give require")
	case given != 1 && !mapOrDelete:
		return nil, errors.New("give exactly one of map, delete, erase and ignore (or map and delete, with require)")
	case (fe.Delete != "" || fe.Erase) != (fe.Key != ""):
		return nil, errors.New("delete and erase take key, the payload's field holding the id, and only they do")
	case fe.Delete != "" && !slices.Contains(cx.Kinds, e.delete):
		return nil, fmt.Errorf("delete %q is no record kind", fe.Delete)
	case fe.By != "" && fe.Delete == "":
		return nil, errors.New("by goes with delete")
	case fe.Map == "" && (len(fe.Patch) > 0 || !e.shape.empty() || fe.Fetch):
		return nil, errors.New("patch, clear, lists, unix, sums, first, when, set and fetch go with map")
	}
	for _, field := range slices.Sorted(maps.Keys(fe.When)) {
		if w := fe.When[field]; w.If == "" || (w.Copy == "") == (w.Value == "") {
			return nil, fmt.Errorf("when.%s: give if, and exactly one of copy and value", field)
		}
	}
	for _, f := range e.clear {
		if !slices.Contains(e.patch, f) {
			return nil, fmt.Errorf("clear: %q is not among patch's fields", f)
		}
	}
	if fe.Map == "" {
		return e, nil
	}
	m, err := mapFile(source, fe.Map)
	if err != nil {
		return nil, err
	}
	e.m = m
	if e.delete != "" && !slices.Contains(m.Kinds(), e.delete) {
		return nil, fmt.Errorf("delete %q is no kind its map writes", fe.Delete)
	}
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

// readEvents reads a delivery of a source whose events are described by its file, up to asking
// the tool's API (an unfetched batch: ReadBeforeFetch).
func (s *Source) readEvents(d *Delivery) (*Batch, error) {
	if s.scheme.isPing(d) {
		return &Batch{Ignored: PingIgnored}, nil
	}
	payload, err := decodePayload(d.Body)
	if err != nil {
		return nil, err
	}
	b := &Batch{DeliveryID: s.deliveryID(d, payload), Changed: s.changedAt(payload)}
	if s.rememberBody && !b.Changed.IsZero() {
		b.BodyDigest = bodyDigest(d.Body)
	}
	name := s.event.find(d, payload)
	if name == "" && (len(s.event.headers) > 0 || s.event.field != "" || s.event.query != "") {
		return nil, fieldError(s.event.where(), "missing: the event's name")
	}
	e, ok := s.events[name]
	if ok && s.event.query != "" {
		b.Event = name
	}
	switch {
	case !ok:
		b.Ignored = fmt.Sprintf("event %q is not read by klantpuls; choose only %s", name, strings.Join(slices.Sorted(maps.Keys(s.events)), ", "))
		return b, nil
	case e.ignore != "":
		b.Ignored = e.ignore
		return b, nil
	}
	for _, m := range e.has {
		if lookup(payload, m) == nil {
			return nil, fieldError(m, "missing: a %s body always has it, so this body is another event's sent as %s", name, name)
		}
	}
	for _, path := range slices.Sorted(maps.Keys(e.require)) {
		if v := valueAt(payload, path); !slices.Contains(e.require[path], v) {
			if e.delete != "" {
				b, err := e.remove(payload, b)
				if err == nil && len(b.Deletes) == 1 {
					b.Deletes[0].At = e.changedAt(d, payload)
				}
				return b, err
			}
			b.Ignored = fmt.Sprintf("%s is %q, not %s: nothing to write", path, v, strings.Join(e.require[path], " or "))
			return b, nil
		}
	}
	if e.m == nil && (e.delete != "" || e.erase) {
		return e.remove(payload, b)
	}
	if e.fetch && len(d.APIToken) > 0 && d.Fetch != nil {
		// Not asked yet: the receiver first checks what it can without the answer (FetchBack).
		b.unfetched = &unfetched{e: e, name: name, payload: payload}
		return b, nil
	}
	return b, s.mapEvent(d, e, name, payload, b)
}

// mapEvent writes into b the records or patches of event e that the payload holds.
func (s *Source) mapEvent(d *Delivery, e *event, name string, payload map[string]any, b *Batch) error {
	if at := s.scheme.sentAt(d); at != "" {
		payload[sentAtField] = at
	}
	if err := e.mapPayload(d, payload, b); err != nil {
		return err
	}
	if len(b.Records)+len(b.Patches) == 0 {
		b.Ignored = fmt.Sprintf("event %q holds nothing klantpuls counts (%s)", name, e.m.Title)
	}
	return nil
}

// remove adds the event's deletion or erasure of the record whose id the payload holds at key.
func (e *event) remove(payload map[string]any, b *Batch) (*Batch, error) {
	id := strings.TrimSpace(valueAt(payload, e.key))
	if id == "" {
		return nil, fieldError(e.key, "missing: the id of the record")
	}
	switch {
	case e.erase:
		b.Erase = []string{id}
	case e.by != "":
		b.DeletesBy = []DeleteBy{{Of: e.delete, Attr: e.by, Value: id}}
	default:
		b.Deletes = []cx.Deletion{{Of: e.delete, ID: id}}
	}
	return b, nil
}

// changedAt is when the source changed the record the payload deletes (a cancelled order's
// updated_at), as its mapping reads the version of a record it writes: the deletion is not
// applied over a later change, and an older change delivered after it does not bring the
// record back (app). Zero when the mapping keeps no version, or reads no record of the kind
// from the payload.
func (e *event) changedAt(d *Delivery, payload map[string]any) time.Time {
	var mapped Batch
	if e.mapPayload(d, payload, &mapped) != nil {
		return time.Time{}
	}
	for _, r := range mapped.Records {
		if v, ok := r.(*cx.Versioned); ok && r.RecordKind() == e.delete {
			return v.At
		}
	}
	return time.Time{}
}

// deliveryID is the delivery's id (the source's id locator). A source that sends none is
// remembered by its signature header (Trengo's id_headers), which verifies in more spellings
// than the tool writes: hex in capitals, white space before the timestamp's split. Remembered as
// sent, each was another delivery, and a captured one respelled was written again; so such an
// id is the signature in the one spelling the scheme writes (scheme.spelled).
func (s *Source) deliveryID(d *Delivery, payload map[string]any) string {
	if h := s.id.header(d); h != "" && http.CanonicalHeaderKey(h) == http.CanonicalHeaderKey(s.scheme.header) {
		if spelled, ok := s.scheme.spelled(d); ok {
			return spelled
		}
	}
	return s.id.find(d, payload)
}

// header is the first of the locator's headers the delivery has, the one find reads; "" for none.
func (l locator) header(d *Delivery) string {
	for _, h := range l.headers {
		if strings.TrimSpace(d.Header.Get(h)) != "" {
			return h
		}
	}
	return ""
}

func (l locator) find(d *Delivery, payload map[string]any) string {
	if h := l.header(d); h != "" {
		return strings.TrimSpace(d.Header.Get(h))
	}
	if l.query != "" {
		return strings.TrimSpace(d.Query.Get(l.query))
	}
	if l.field != "" {
		return strings.TrimSpace(valueAt(payload, l.field))
	}
	return ""
}

func (l locator) where() string {
	if len(l.headers) > 0 {
		return "header " + strings.Join(l.headers, " or ")
	}
	if l.query != "" {
		return "the URL's ?" + l.query + "="
	}
	return l.field
}
