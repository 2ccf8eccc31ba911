package hooks

import (
	"embed"
	"fmt"
	"path"
	"regexp"
	"slices"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/BurntSushi/toml"

	"github.com/klantpuls/klantpuls/internal/cx"
	"github.com/klantpuls/klantpuls/internal/importer/mapping"
)

// sourceFiles are the sources: NAME.toml each, and the mapping files of its events in NAME/.
//
//go:embed sources
var sourceFiles embed.FS

// The keys of a source's file, as TOML decodes them.
type fileSource struct {
	Title     string               `toml:"title"`
	Docs      []string             `toml:"docs"`
	Format    string               `toml:"format"` // "events" (the default) or "klantpuls"
	Signature fileSignature        `toml:"signature"`
	Delivery  fileDelivery         `toml:"delivery"`
	Fetch     fileFetch            `toml:"fetch"`
	Events    map[string]fileEvent `toml:"events"`
}

type fileSignature struct {
	Scheme     string `toml:"scheme"`
	Header     string `toml:"header"`
	Encoding   string `toml:"encoding"`
	Prefix     string `toml:"prefix"`
	Signed     string `toml:"signed"`
	Timestamp  string `toml:"timestamp"`
	TimeFormat string `toml:"time_format"`
	Tolerance  string `toml:"tolerance"`
	Query      string `toml:"query"`
	Split      string `toml:"split"`
	SecretFrom string `toml:"secret_from"` // "tool" or "klantpuls": who makes the secret
	Ping       string `toml:"unsigned_ping"`
}

// fileDelivery says where a delivery names its event and itself: a header, or a member of the
// body (a dotted path, as the mapping files name the payload's fields).
type fileDelivery struct {
	EventHeader string   `toml:"event_header"`
	EventField  string   `toml:"event_field"`
	EventQuery  string   `toml:"event_query"` // the URL's query parameter (Trengo sends no event name)
	IDHeaders   []string `toml:"id_headers"`  // the first of them the delivery has
	IDField     string   `toml:"id_field"`
	// Remember is what a delivery is remembered by: "id" (its id, the default) or "body" (a
	// digest of its body, for a tool that signs nothing else, when the body has a time of
	// time_fields; one without is remembered by its id: replay.go).
	Remember string `toml:"remember"`
	// TimeFields are the body's members saying when its resource last changed, the first it has
	// (replay.go): a delivery older than deliveries are remembered is refused. They are read in
	// RFC 3339 and, with timezone, as 2006-01-02T15:04:05 without an offset in that zone.
	TimeFields []string `toml:"time_fields"`
	// Timezone is the IANA zone of a time_fields time written without an offset (WooCommerce's
	// date_modified_gmt: "UTC"), as a mapping file's timezone is its times'.
	Timezone string `toml:"timezone"`
}

// fileEvent is what one event writes: exactly one of map, delete, erase and ignore, or map and
// delete with require (a payload that fails require deletes the record instead).
type fileEvent struct {
	Map     string              `toml:"map"`     // records, by the mapping file NAME/MAP.toml
	Patch   []string            `toml:"patch"`   // with map: only these fields of its records, as patches
	Clear   []string            `toml:"clear"`   // of patch: fields an event without them removes (null)
	Lists   map[string]fileList `toml:"lists"`   // a new field: a list of objects by a member of each
	First   map[string][]string `toml:"first"`   // a new field: the first of these paths with a value
	Unix    []string            `toml:"unix"`    // fields in Unix seconds, read as times
	Sums    map[string][]string `toml:"sums"`    // a new field: the sum of the values at these paths
	When    map[string]fileWhen `toml:"when"`    // a new field: a copy of another or a constant, on a condition
	Set     map[string]string   `toml:"set"`     // a new field: a constant
	Delete  string              `toml:"delete"`  // a kind: the record of that kind whose key is at key
	Erase   bool                `toml:"erase"`   // the customer whose id is at key is erased
	Key     string              `toml:"key"`     // with delete and erase: the payload's field holding the id
	By      string              `toml:"by"`      // with delete: the attribute of the stored records that id is in (not their key)
	Ignore  string              `toml:"ignore"`  // why the event writes nothing
	Require map[string][]string `toml:"require"` // a payload field → the values it must have, else ignored (or, with map and delete, deleted)
	Fetch   bool                `toml:"fetch"`   // with map: the source's [fetch] answer joins the payload first
	// Has are members the event's documented body always holds: a body without one is another
	// event's, sent under this name (a tool that signs the body alone signs no event name), and
	// is refused.
	Has []string `toml:"has"`
}

// fileList makes a field of the list of objects at List, keyed by each one's member By.
type fileList struct {
	List string `toml:"list"`
	By   string `toml:"by"`
}

// fileWhen makes a field a copy of the field Copy, or the constant Value, when the field If has
// one of the values Is and none of the fields Unless has a value.
type fileWhen struct {
	If     string   `toml:"if"`
	Is     []string `toml:"is"`
	Unless []string `toml:"unless"`
	Copy   string   `toml:"copy"`
	Value  string   `toml:"value"`
}

// locator is where a delivery carries one value: a header (the first of several it has), a
// body field or a query parameter.
type locator struct {
	headers      []string
	field, query string
}

var sources = sync.OnceValue(func() []*Source {
	entries, err := sourceFiles.ReadDir("sources")
	if err != nil {
		panic(err)
	}
	var all []*Source
	for _, e := range entries {
		if e.IsDir() {
			continue
		}
		s, err := loadSource(strings.TrimSuffix(e.Name(), ".toml"))
		if err != nil {
			panic(err) // a bug of the build: TestSourcesLoad names it
		}
		all = append(all, s)
	}
	sort.Slice(all, func(i, j int) bool { return all[i].Name < all[j].Name })
	return all
})

func loadSource(name string) (*Source, error) {
	data, err := sourceFiles.ReadFile(path.Join("sources", name+".toml"))
	if err != nil {
		return nil, err
	}
	var f fileSource
	md, err := toml.Decode(string(data), &f)
	if err != nil {
		return nil, fmt.Errorf("sources/%s.toml: %v", name, err)
	}
	if keys := md.Undecoded(); len(keys) > 0 {
		return nil, fmt.Errorf("sources/%s.toml: unknown key %s", name, keys[0])
	}
	s := &Source{Name: name, Title: f.Title, docs: f.Docs,
		event: locator{field: f.Delivery.EventField, query: f.Delivery.EventQuery},
		id:    locator{headers: f.Delivery.IDHeaders, field: f.Delivery.IDField}, events: map[string]*event{},
		ToolSecret: f.Signature.SecretFrom == "tool"}
	s.timeFields = f.Delivery.TimeFields
	if s.timeZone, err = timeFieldsZone(f.Delivery); err != nil {
		return nil, fmt.Errorf("sources/%s.toml: %v", name, err)
	}
	if s.rememberBody, err = remembering(f.Delivery.Remember); err != nil {
		return nil, fmt.Errorf("sources/%s.toml: %v", name, err)
	}
	if f.Delivery.EventHeader != "" {
		s.event.headers = []string{f.Delivery.EventHeader}
	}
	if f.Signature.SecretFrom != "tool" && f.Signature.SecretFrom != "klantpuls" {
		return nil, fmt.Errorf("sources/%s.toml: signature.secret_from %q; write \"tool\" (the tool makes the secret) or \"klantpuls\"", name, f.Signature.SecretFrom)
	}
	if s.scheme, err = f.Signature.build(); err != nil {
		return nil, fmt.Errorf("sources/%s.toml: signature: %v", name, err)
	}
	if s.fetch, err = f.Fetch.build(); err != nil {
		return nil, fmt.Errorf("sources/%s.toml: fetch: %v", name, err)
	}
	kinds := map[cx.Kind]bool{}
	switch f.Format {
	case "klantpuls":
		s.read = readKlantpuls
		for _, k := range cx.Kinds {
			kinds[k] = true
		}
	case "", "events":
		for ev, fe := range f.Events {
			e, err := fe.build(name)
			if err != nil {
				return nil, fmt.Errorf("sources/%s.toml: events.%q: %v", name, ev, err)
			}
			if e.fetch && s.fetch == nil {
				return nil, fmt.Errorf("sources/%s.toml: events.%q: fetch = true needs the source's [fetch] table", name, ev)
			}
			s.events[ev] = e
			for _, k := range e.kinds() {
				kinds[k] = true
			}
		}
	default:
		return nil, fmt.Errorf("sources/%s.toml: format %q; write \"events\" or \"klantpuls\"", name, f.Format)
	}
	for _, k := range cx.Kinds {
		if kinds[k] {
			s.Kinds = append(s.Kinds, k)
		}
	}
	return s, nil
}

func (fs fileSignature) build() (scheme, error) {
	sc := scheme{kind: fs.Scheme, header: fs.Header, encoding: fs.Encoding, prefix: fs.Prefix,
		signed: fs.Signed, timestamp: fs.Timestamp, timeForm: fs.TimeFormat, query: fs.Query, split: fs.Split}
	if fs.Ping != "" {
		re, err := regexp.Compile(fs.Ping)
		if err != nil {
			return sc, fmt.Errorf("unsigned_ping %q: %v", fs.Ping, err)
		}
		sc.ping = re
	}
	if fs.Tolerance != "" {
		d, err := time.ParseDuration(fs.Tolerance)
		if err != nil || d <= 0 {
			return sc, fmt.Errorf("tolerance %q; write a duration such as \"5m\"", fs.Tolerance)
		}
		sc.tolerance = d
	}
	switch {
	case sc.kind == schemeKlantpuls:
		if sc.tolerance == 0 {
			return sc, fmt.Errorf("the klantpuls scheme needs a tolerance")
		}
	case sc.kind == schemeSecret:
		if sc.header == "" && sc.query == "" {
			return sc, fmt.Errorf("the secret scheme needs a header or a query parameter")
		}
	case sc.kind != schemeHMAC:
		return sc, fmt.Errorf("scheme %q; write %q, %q or %q", sc.kind, schemeHMAC, schemeSecret, schemeKlantpuls)
	case sc.header == "" || sc.encoding != "hex" && sc.encoding != "base64":
		return sc, fmt.Errorf("hmac-sha256 needs a header and encoding = \"hex\" or \"base64\"")
	case !slices.Contains([]string{"body", "timestamp+body", "timestamp.body"}, sc.signed):
		return sc, fmt.Errorf("signed %q; write \"body\", \"timestamp+body\" or \"timestamp.body\"", sc.signed)
	case sc.timestamp != "" && sc.split != "":
		return sc, fmt.Errorf("the timestamp is in its own header (timestamp = …) or before the signature (split = …), not both")
	case (sc.signed == "body") != (sc.timestamp == "" && sc.split == ""):
		return sc, fmt.Errorf("a signed timestamp needs its header (timestamp = …, or split = … in the signature's), and only then")
	case sc.signed != "body" && (sc.tolerance == 0 || sc.timeForm != "unix" && sc.timeForm != "rfc3339"):
		return sc, fmt.Errorf("a signed timestamp needs a tolerance and time_format = \"unix\" or \"rfc3339\"")
	}
	return sc, nil
}

// mapFile reads an event's mapping file, sources/SOURCE/MAP.toml, in the import's format.
func mapFile(source, name string) (*mapping.Map, error) {
	data, err := sourceFiles.ReadFile(path.Join("sources", source, name+".toml"))
	if err != nil {
		return nil, fmt.Errorf("map %q: no file sources/%s/%s.toml", name, source, name)
	}
	return mapping.Parse(source+"/"+name+".toml", data)
}
