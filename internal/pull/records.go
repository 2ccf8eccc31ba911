package pull

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/klantpuls/klantpuls/internal/config"
	"github.com/klantpuls/klantpuls/internal/cx"
	"github.com/klantpuls/klantpuls/internal/importer"
	"github.com/klantpuls/klantpuls/internal/importer/mapping"
)

// Rows maps a page's items to records by a preset, as `klantpuls import --preset` maps a JSON
// export: every item is one line of an NDJSON text the importer's JSON reader reads, so an
// item's error names the page's URL and the item's place on it (URL:3 is its third item), and
// the canonical row parser checks each record as it checks a file's. A page with any bad item
// yields an error and no records.
type Rows struct {
	Map    *mapping.Map
	Config *config.Config
}

// NewRows finds a preset by name; the presets are embedded, so an error is a bug.
func NewRows(preset string, cfg *config.Config) (*Rows, error) {
	m, err := mapping.Preset(preset)
	if err != nil {
		return nil, err
	}
	return &Rows{Map: m, Config: cfg}, nil
}

// Records maps items (each one JSON object) read from url. An item a delete rule of the preset
// matches (a Zendesk ticket merged into another) is no record: it comes as the deletion of its
// key, for the page's transaction to carry out with its records.
func (r *Rows) Records(url string, items []json.RawMessage) ([]cx.Record, []cx.Deletion, error) {
	if len(items) == 0 {
		return nil, nil, nil
	}
	var ndjson bytes.Buffer
	for _, it := range items {
		if err := json.Compact(&ndjson, it); err != nil {
			return nil, nil, fmt.Errorf("%s: an item is not JSON: %w", url, err)
		}
		ndjson.WriteByte('\n')
	}
	var recs []cx.Record
	var deletes []cx.Deletion
	md := &importer.Mapped{Map: r.Map, File: url, Config: r.Config}
	_, err := md.ReadSheet(importer.NewJSON(&ndjson, url, ""), func(rec cx.Record) error {
		if d, ok := rec.(cx.Deletion); ok {
			deletes = append(deletes, d)
		} else {
			recs = append(recs, rec)
		}
		return nil
	})
	var rowErrs *importer.Errors
	if errors.As(err, &rowErrs) {
		return nil, nil, fmt.Errorf("items of the page do not map to records by the preset %s, so nothing of the page was committed and the sync stops here (line N is the page's Nth item):\n%w", r.Map.Name, err)
	}
	return recs, deletes, err
}

// wrap puts each item in an object of one member, {"name": item}, so that the importer's JSON
// reader takes it for one row whatever its first member is (a Freshdesk ticket's first member
// can be a list, cc_emails, which the reader would take for a page of rows).
func wrap(name string, items []json.RawMessage) []json.RawMessage {
	out := make([]json.RawMessage, len(items))
	key, _ := json.Marshal(name)
	for i, it := range items {
		out[i] = json.RawMessage(`{` + string(key) + `:` + string(it) + `}`)
	}
	return out
}

// newestByKey keeps, of the items with the same key member, the one whose time member is the
// latest (the later one of equal times): the importer refuses a key met twice in one page, and
// of a ticket's ratings the newest is the one that counts. Times are RFC 3339 in UTC, as both
// services write them, so they compare as text.
func newestByKey(items []json.RawMessage, key, at string) []json.RawMessage {
	best := map[string]int{}
	for i, it := range items {
		k := field(it, key)
		if j, ok := best[k]; !ok || field(it, at) >= field(items[j], at) {
			best[k] = i
		}
	}
	if len(best) == len(items) {
		return items
	}
	out := items[:0:0]
	for i, it := range items {
		if best[field(it, key)] == i {
			out = append(out, it)
		}
	}
	return out
}

// field reads one top-level member of an item as text: a number as written, a string unquoted.
func field(it json.RawMessage, name string) string {
	var m map[string]json.RawMessage
	if json.Unmarshal(it, &m) != nil {
		return ""
	}
	v := bytes.TrimSpace(m[name])
	var s string
	if json.Unmarshal(v, &s) == nil {
		return s
	}
	return string(v)
}

// splitDeleted parts a page's tickets into those that live and deletions of those the service
// reports gone (Zendesk: status "deleted"; Freshdesk: deleted or spam). A gone ticket may lack
// what a live one has, so it is not mapped; one klantpuls never had is deleted already.
func splitDeleted(tickets []json.RawMessage, gone func(json.RawMessage) bool) (live []json.RawMessage, deleted []cx.Deletion) {
	for _, t := range tickets {
		if id := field(t, "id"); id != "" && gone(t) {
			deleted = append(deleted, cx.Deletion{Of: cx.KindTickets, ID: id})
			continue
		}
		live = append(live, t)
	}
	return live, deleted
}
