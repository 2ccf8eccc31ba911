package hooks

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strings"
)

// Fetching back. Some tools send a webhook that names a thing only by its id (Trengo's form:
// ticket_id=5531, as Mollie sends only a payment's id) and leave the rest to their API. A source
// whose file has a [fetch] table asks for it: after the signature verified and the receiver's
// checks that need no answer (Unfetched), an event with fetch = true GETs the URL the table
// names, with the connection's API token, and the answer joins the payload under the member
// `into`, where the event's mapping reads it. The URL is the
// source file's, never the payload's: only ids are put into it, and only ids that are letters,
// digits, - and _ (a payload cannot steer the request elsewhere, SSRF). The request itself is
// the receiver's (internal/web): it bounds its time and the answer's size, so this package
// stays free of I/O.

// ErrFetch is wrapped by a Read error when the tool's API could not be asked or did not answer
// as documented: nothing of the delivery is written, and the receiver answers 503 so the tool
// sends it again.
var ErrFetch = errors.New("hooks: fetching back")

// MaxFetched is the largest answer of a tool's API read: a Trengo ticket with its contact and
// channel is some kilobytes.
const MaxFetched = 1 << 20

// Fetcher does one request of fetching back and returns the answer's body: nil when the tool
// answers that the thing is gone (404), so the delivery is written with what it holds itself.
type Fetcher func(*http.Request) ([]byte, error)

// fileFetch is a source's [fetch] table.
type fileFetch struct {
	URL  string `toml:"url"`  // https, with {field} in its path for the payload's ids
	Auth string `toml:"auth"` // "bearer": the connection's API token as a bearer token
	Into string `toml:"into"` // the payload member the answer is put under
}

// fetching is a source's fetch, checked.
type fetching struct {
	url, into string
	fields    []string // the payload's fields the URL takes, in order
}

// urlField is {field} in a fetch URL; the id put in its place may only be an id.
var (
	urlField = regexp.MustCompile(`\{([A-Za-z0-9_.]+)\}`)
	plainID  = regexp.MustCompile(`^[A-Za-z0-9_-]{1,64}$`)
)

func (ff fileFetch) build() (*fetching, error) {
	if ff == (fileFetch{}) {
		return nil, nil
	}
	u, err := url.Parse(urlField.ReplaceAllString(ff.URL, "1"))
	switch {
	case err != nil || u.Scheme != "https" || u.Host == "" || u.User != nil || u.RawQuery != "" || u.Fragment != "" ||
		!strings.HasPrefix(ff.URL, "https://"+u.Host+"/"):
		return nil, fmt.Errorf("url %q: write the API's https address, ids as {field} in its path (not its host)", ff.URL)
	case ff.Auth != "bearer":
		return nil, fmt.Errorf("auth %q; write \"bearer\" (the connection's API token)", ff.Auth)
	case ff.Into == "" || strings.Contains(ff.Into, "."):
		return nil, fmt.Errorf("into %q: name a member of the payload for the answer, such as \"fetched\"", ff.Into)
	}
	f := &fetching{url: ff.URL, into: ff.Into}
	for _, m := range urlField.FindAllStringSubmatch(ff.URL, -1) {
		f.fields = append(f.fields, m[1])
	}
	if len(f.fields) == 0 {
		return nil, fmt.Errorf("url %q names no {field} of the payload", ff.URL)
	}
	return f, nil
}

// unfetched is what a batch needs to be completed once the tool's API is asked.
type unfetched struct {
	e       *event
	name    string
	payload map[string]any
}

// Unfetched tells a batch read by ReadBeforeFetch whose event asks the tool's API, not asked
// yet: it holds the delivery's id, event and time, and the kinds it writes (Kinds), but no
// writes. The request is made with the customer's token, and whoever captured a delivery can
// send it again, so the receiver first checks what needs no answer of the API — the event its
// connection receives, a delivery it remembers, the kinds it may write — and fetches back only
// a delivery it will write.
func (b *Batch) Unfetched() bool { return b.unfetched != nil }

// FetchBack asks the tool's API for an Unfetched batch's delivery and completes the batch with
// its writes; an error wraps ErrFetch when the API could not be asked (the receiver answers
// 503) and otherwise names the field (422). A batch not Unfetched is returned as it is.
func (s *Source) FetchBack(d *Delivery, b *Batch) (*Batch, error) {
	u := b.unfetched
	if u == nil {
		return b, nil
	}
	b.unfetched = nil
	if err := s.fetchInto(d, u.payload); err != nil {
		return nil, err
	}
	if err := s.mapEvent(d, u.e, u.name, u.payload, b); err != nil {
		return nil, err
	}
	return b, nil
}

// Fetches tells whether the source asks the tool's API back, so a connection of it can keep an
// API token (Trengo); without one its deliveries write what they hold themselves.
func (s *Source) Fetches() bool { return s.fetch != nil }

// fetchInto asks the tool's API for what the payload names by id and puts the answer under the
// fetch's member; nothing when the tool answers the thing is gone.
func (s *Source) fetchInto(d *Delivery, payload map[string]any) error {
	f := s.fetch
	target := f.url
	for _, field := range f.fields {
		id := strings.TrimSpace(valueAt(payload, field))
		if !plainID.MatchString(id) {
			return fieldError(field, "%q is no id to ask %s's API for (letters, digits, - and _, at most 64)", id, s.Title)
		}
		target = strings.Replace(target, "{"+field+"}", url.PathEscape(id), 1)
	}
	req, err := http.NewRequest(http.MethodGet, target, nil)
	if err != nil {
		return fmt.Errorf("%w: %v", ErrFetch, err)
	}
	req.Header.Set("Accept", "application/json")
	req.Header.Set("Authorization", "Bearer "+string(d.APIToken))
	body, err := d.Fetch(req)
	switch {
	case err != nil:
		return fmt.Errorf("%w: GET %s: %v", ErrFetch, req.URL.Path, err)
	case body == nil:
		return nil
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.UseNumber()
	var answer map[string]any
	if err := dec.Decode(&answer); err != nil {
		return fmt.Errorf("%w: GET %s answered no JSON object: %v", ErrFetch, req.URL.Path, err)
	}
	payload[f.into] = answer
	return nil
}
