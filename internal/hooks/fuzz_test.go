package hooks

import (
	"errors"
	"net/http"
	"net/url"
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/klantpuls/klantpuls/internal/cx"
)

// FuzzRead: any body, under any source and event, is read or refused with an error, never a
// panic, and a batch it reads is whole (an ignored event writes nothing) and names as its event
// only the URL's.
func FuzzRead(f *testing.F) {
	entries, _ := os.ReadDir("testdata")
	for _, e := range entries {
		if body, err := os.ReadFile("testdata/" + e.Name()); err == nil {
			for _, s := range Sources() {
				f.Add(s.Name, "", body)
			}
		}
	}
	for _, c := range readCases {
		if body, err := os.ReadFile("testdata/" + c.body); err == nil {
			f.Add(c.source, c.event, body)
		}
	}
	f.Add("shopify", "orders/create", []byte(`{"id":1,"name":"#1","created_at":"2026-01-01T00:00:00Z"}`))
	f.Add("trengo", "", []byte("ticket_id=1&contact_id=2"))
	f.Fuzz(func(t *testing.T, source, event string, body []byte) {
		s, ok := Lookup(source)
		if !ok {
			return
		}
		h := http.Header{}
		for _, name := range s.event.headers {
			h.Set(name, event)
		}
		q := url.Values{}
		if s.event.query != "" {
			q.Set(s.event.query, event)
		}
		b, err := s.Read(&Delivery{Header: h, Query: q, Body: body})
		if err != nil {
			return
		}
		if b.Ignored != "" && len(writtenKinds(b)) > 0 { // DeletesBy too
			t.Errorf("an ignored delivery writes: %+v", b)
		}
		// The receiver binds a connection to Event (web, hookEvent): only the URL's own event,
		// and one the source reads.
		if _, reads := s.events[b.Event]; b.Event != "" && (s.event.query == "" || !reads || b.Event != strings.TrimSpace(event)) {
			t.Errorf("%s: event %q from the URL's %q", source, b.Event, event)
		}
		// A connection made for a source may write the kinds it names: a delivery writes no other.
		for _, k := range writtenKinds(b) {
			if !slices.Contains(s.Kinds, k) {
				t.Errorf("%s wrote %s, which its Kinds %v lack", source, k, s.Kinds)
			}
		}
	})
}

// FuzzVerify: any signature header, secret and body is accepted or refused, never a panic, and
// every refusal wraps ErrSignature.
func FuzzVerify(f *testing.F) {
	for _, c := range verifyCases {
		for _, v := range c.header {
			f.Add(c.source, v, c.secret, []byte("{}"))
		}
	}
	f.Fuzz(func(t *testing.T, source, value, secret string, body []byte) {
		s, ok := Lookup(source)
		if !ok {
			return
		}
		h := http.Header{}
		for _, name := range []string{s.scheme.header, s.scheme.timestamp, "Klantpuls-Signature"} {
			if name != "" {
				h.Set(name, value)
			}
		}
		d := &Delivery{Header: h, Body: body}
		if err := s.Verify(d, []byte(secret), time.Unix(1767225600, 0)); err != nil && !isSignature(err) {
			t.Errorf("%v does not wrap ErrSignature", err)
		}
	})
}

func writtenKinds(b *Batch) []cx.Kind {
	if len(b.Erase) > 0 {
		return append(b.Kinds(), cx.KindCustomers)
	}
	return b.Kinds()
}

func isSignature(err error) bool { return err != nil && errors.Is(err, ErrSignature) }

// FuzzFetched: any answer of a tool's API to a fetch back is read into the delivery's records
// or refused (ErrFetch when it is no JSON object, a field error when a value does not read),
// never a panic.
func FuzzFetched(f *testing.F) {
	for _, name := range []string{"trengo-ticket.json", "trengo-ticket-whatsapp.json"} {
		if answer, err := os.ReadFile("testdata/" + name); err == nil {
			f.Add(answer)
		}
	}
	f.Add([]byte(`{"created_at":"yesterday","contact":[1],"channel":{"type":{"x":1}}}`))
	s, _ := Lookup("trengo")
	f.Fuzz(func(t *testing.T, answer []byte) {
		d := &Delivery{Header: http.Header{}, Query: url.Values{"event": {"TICKET_CREATED"}}, Body: []byte("ticket_id=5531"),
			APIToken: []byte("t"), Fetch: func(*http.Request) ([]byte, error) { return answer, nil }}
		b, err := s.Read(d)
		if err == nil && len(b.Records) != 1 {
			t.Errorf("a ticket created wrote %d records", len(b.Records))
		}
	})
}
