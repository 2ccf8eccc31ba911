// Package hooks holds the webhook sources: for each tool that pushes its changes (Shopify,
// WooCommerce, Chatwoot, Zendesk, Trengo, Freshdesk, Typeform, and klantpuls's own format), how
// a delivery is verified and what it writes. A source is data, not code (DESIGN.md, "Growing
// the product"): a file sources/NAME.toml names its signature scheme (one of a small shared
// set, schemes.go) and, per event, a mapping file in the import's mapping format
// (internal/importer/mapping) that turns the payload into records, so a delivery's records pass
// exactly the checks an import row gets. The package does no I/O, bytes in and writes out: the
// receiver (internal/web) bounds the body, looks up the connection's secret and API token, does
// the requests of fetching back a source's file asks for (fetch.go), answers and commits.
package hooks

import (
	"errors"
	"net/http"
	"net/url"
	"slices"
	"sync"
	"time"

	"github.com/klantpuls/klantpuls/internal/config"
	"github.com/klantpuls/klantpuls/internal/cx"
)

// MaxBody is the largest body a delivery may have: the receiver refuses a larger one with 413
// before calling anything here. Shopify's largest order payloads are some hundred kilobytes.
const MaxBody = 1 << 20

// ErrSignature is wrapped by every error of Verify: the receiver answers 401.
var ErrSignature = errors.New("hooks: signature")

// Delivery is one request a tool sent, as the receiver read it.
type Delivery struct {
	Header http.Header
	Query  url.Values
	Body   []byte
	// APIToken is the connection's token for the tool's API and Fetch the receiver's way of
	// asking it: with both, an event that names a thing only by its id is fetched back (see
	// fetch.go); without, it writes what the delivery holds itself.
	APIToken []byte
	Fetch    Fetcher
	// Config is the install's configuration: its survey scales, time zone and review criteria
	// check the records as an import's rows are checked. nil reads with config.Default().
	Config *config.Config
}

// Source is one tool that sends webhooks.
type Source struct {
	Name  string    // in the URL: /hooks/NAME/CONNECTION
	Title string    // for people: "Shopify"
	Kinds []cx.Kind // what its deliveries may write, in the order of cx.Kinds
	// ToolSecret: the tool makes the signing secret (Shopify, Zendesk, Chatwoot, Trengo) and the
	// admin copies it into the connection; otherwise klantpuls makes it and the admin pastes it
	// into the tool (WooCommerce, Typeform, Freshdesk, klantpuls's own format).
	ToolSecret bool

	docs   []string          // the documentation its scheme and payloads follow
	scheme scheme            // how a delivery is verified
	event  locator           // where a delivery names its event ("" when one shape only)
	id     locator           // where a delivery names itself (its delivery id)
	events map[string]*event // by event name
	// rememberBody: a delivery is remembered by its body's digest, not its id (replay.go).
	rememberBody bool
	timeFields   []string                        // the body's members saying when its resource changed (replay.go)
	timeZone     *time.Location                  // of a time_fields time without an offset; nil: RFC 3339 only
	fetch        *fetching                       // how its API is asked back (nil: never)
	read         func(*Delivery) (*Batch, error) // a source read by Go rather than by its events (klantpuls)
}

// Batch is what one verified delivery writes. The receiver commits it whole or not at all.
type Batch struct {
	DeliveryID string // the source's own delivery or event id; "" when it sends none
	BodyDigest string // for a source remembered by its body, one with a time (Changed): its digest (RememberAs)
	// Changed is when the body says its resource last changed (the source's time_fields); zero
	// when the source names none or the body has none.
	Changed time.Time
	Records []cx.Record   // whole records
	Patches []cx.Patch    // partial updates (an event carrying only some fields)
	Deletes []cx.Deletion // e.g. a WooCommerce order deleted, a Zendesk ticket deleted
	// DeletesBy are deletions of records the tool names by an id klantpuls keeps as an attribute
	// (Shopify's orders/delete sends the order's number id; klantpuls keys it by its name): the
	// receiver finds the records and deletes them with Deletes.
	DeletesBy []DeleteBy
	Erase     []string // customer ids to erase (Shopify customers/redact, GDPR)
	Ignored   string   // non-empty: an event that writes nothing, and why (answered 200)
	// Event is the event a delivery names in the URL's query (event_query: Trengo), one the
	// source reads; "" for a source that names it elsewhere. The query is not signed and the
	// tool's events may share one body, so the receiver holds the connection to the one event
	// its first delivery named (cx.Connection.Event): the same body under another is a replay.
	Event string
	// unfetched: the event asks the tool's API first, not asked yet (ReadBeforeFetch).
	unfetched *unfetched
}

// DeleteBy deletes the records of kind Of whose attribute Attr is Value.
type DeleteBy struct {
	Of          cx.Kind
	Attr, Value string
}

// Kinds are the kinds of the batch's records, patches and deletions, one per write, in that
// order. An erasure (Erase) changes customers besides. An Unfetched batch holds no writes yet:
// its kinds are those its event's mapping writes.
func (b *Batch) Kinds() []cx.Kind {
	if b.unfetched != nil {
		return b.unfetched.e.kinds()
	}
	var kinds []cx.Kind
	for _, r := range b.Records {
		kinds = append(kinds, r.RecordKind())
	}
	for _, p := range b.Patches {
		kinds = append(kinds, p.Of)
	}
	for _, d := range b.Deletes {
		kinds = append(kinds, d.Of)
	}
	for _, d := range b.DeletesBy {
		kinds = append(kinds, d.Of)
	}
	return kinds
}

// Sources returns every source, sorted by Name.
func Sources() []*Source { return slices.Clone(sources()) }

// Lookup returns the source of that name.
func Lookup(name string) (*Source, bool) {
	for _, s := range sources() {
		if s.Name == name {
			return s, true
		}
	}
	return nil, false
}

// Docs are the pages of the tool's documentation the source follows.
func (s *Source) Docs() []string { return slices.Clone(s.docs) }

// Verify returns nil when d carries a valid signature made with secret (within the source's
// timestamp tolerance of now where it sends a time); otherwise an error wrapping ErrSignature
// that says why (missing header, bad encoding, mismatch, too old): the receiver answers 401.
func (s *Source) Verify(d *Delivery, secret []byte, now time.Time) error {
	if len(secret) == 0 {
		return signatureError("the connection has no secret; make a new one")
	}
	return s.scheme.verify(d, secret, now)
}

// Unsigned tells a request to a source that tests its URL with an unsigned ping (WooCommerce)
// that carries no signature: a ping (IsPing) at most, which anyone who knows the URL can send,
// and otherwise refused by Verify. The receiver counts it against the sender's address, not
// against the connection's limits, which are the tool's real deliveries'.
func (s *Source) Unsigned(h http.Header) bool { return s.scheme.mayBePing(h) }

// IsPing tells the tool's unsigned test of the URL: answered 200, it writes nothing (Read
// gives a batch with only Ignored, PingIgnored).
func (s *Source) IsPing(d *Delivery) bool { return s.scheme.isPing(d) }

// EventInURL tells a source whose deliveries name their event in the URL, unsigned (Trengo's
// ?event=): its connection receives the one event its first delivery named (cx.Connection.Event).
func (s *Source) EventInURL() bool { return s.event.query != "" }

// PingIgnored is why a ping writes nothing.
const PingIgnored = "the tool's test of the URL (a ping): nothing to write"

// Read turns a verified delivery into writes; an error names the JSON field and why (the
// receiver answers 422). Nothing of a delivery with an error is to be written.
func (s *Source) Read(d *Delivery) (*Batch, error) {
	b, err := s.ReadBeforeFetch(d)
	if err != nil || !b.Unfetched() {
		return b, err
	}
	return s.FetchBack(d, b)
}

// ReadBeforeFetch is Read up to asking the tool's API (fetch.go): a delivery whose event is
// fetched back gives a batch that is Unfetched, and FetchBack completes it.
func (s *Source) ReadBeforeFetch(d *Delivery) (*Batch, error) {
	if s.read != nil {
		return s.read(d)
	}
	return s.readEvents(d)
}

func (d *Delivery) config() *config.Config {
	if d.Config != nil {
		return d.Config
	}
	return defaultConfig()
}

// defaultConfig is made once: a receiver without the install's configuration reads every
// delivery with it, and a Config is never changed once made.
var defaultConfig = sync.OnceValue(config.Default)
