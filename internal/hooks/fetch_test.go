package hooks

import (
	"encoding/json"
	"errors"
	"net/http"
	"net/url"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/klantpuls/klantpuls/internal/cx"
)

// Trengo's TICKET_CREATED names the ticket only by id; a connection with an API token asks
// Trengo's API for it (GET /api/v2/tickets/{ticket_id}, Authorization: Bearer TOKEN,
// https://developers.trengo.com/reference). The answers under testdata are in the shape Trengo's
// API gives a ticket (id, subject, status, created_at with microseconds in UTC, contact with
// full_name, email and phone, channel with its type), as a public Trengo client records them.
func TestTrengoFetchBack(t *testing.T) {
	cases := []struct {
		name    string
		body    string // the form Trengo signs
		token   string
		answer  string // a file under testdata; "" answers 404 (gone)
		fail    error  // the request fails (a timeout, a 401 or 5xx, as the receiver reports them)
		asked   string // the path asked, "" when not asked
		records []string
		err     string
	}{
		// Created 12:58:41 UTC by the ticket itself, not 13:00:00 when the delivery was signed.
		{name: "an e-mail ticket", body: "ticket_id=5531", token: "trengo-api-token", answer: "trengo-ticket.json",
			asked:   "/api/v2/tickets/5531",
			records: []string{`{"ticket_id":"5531","created_at":"2026-03-13T12:58:41Z","customer_id":"anna@example.nl","channel":"email","direction":"inbound","attrs":{"subject":"Waar blijft mijn pakket?"}}`}},
		// A WhatsApp contact has no e-mail address: the phone number is the customer; no subject.
		{name: "a WhatsApp ticket", body: "ticket_id=5532", token: "trengo-api-token", answer: "trengo-ticket-whatsapp.json",
			asked:   "/api/v2/tickets/5532",
			records: []string{`{"ticket_id":"5532","created_at":"2026-03-13T12:40:00Z","customer_id":"+31612345678","channel":"whatsapp","direction":"inbound"}`}},
		{name: "without a token", body: "ticket_id=5531",
			records: []string{`{"ticket_id":"5531","created_at":"2026-03-13T13:00:00Z","direction":"inbound"}`}},
		{name: "a ticket Trengo no longer has", body: "ticket_id=5531", token: "trengo-api-token", asked: "/api/v2/tickets/5531",
			records: []string{`{"ticket_id":"5531","created_at":"2026-03-13T13:00:00Z","direction":"inbound"}`}},
		{name: "Trengo refuses the token", body: "ticket_id=5531", token: "trengo-api-token", asked: "/api/v2/tickets/5531",
			fail: errors.New("Trengo answered 401 Unauthorized"), err: "Trengo answered 401"},
		{name: "an id that is a path", body: "ticket_id=..%2F..%2Fusers", token: "trengo-api-token",
			err: `ticket_id: "../../users" is no id`},
		{name: "an id that is an address", body: "ticket_id=5531%3Fx%3Dhttps%3A%2F%2Fevil.example", token: "trengo-api-token",
			err: "is no id"},
	}
	s, _ := Lookup("trengo")
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			asked := ""
			d := &Delivery{Header: http.Header{}, Query: url.Values{"event": {"TICKET_CREATED"}}, Body: []byte(c.body),
				APIToken: []byte(c.token)}
			d.Header.Set("Trengo-Signature", readHeaders["trengo"]["Trengo-Signature"])
			d.Fetch = func(r *http.Request) ([]byte, error) {
				asked = r.URL.Path
				if r.Method != http.MethodGet || r.URL.Host != "app.trengo.com" || r.URL.Scheme != "https" ||
					r.Header.Get("Authorization") != "Bearer "+c.token || r.Header.Get("Accept") != "application/json" {
					t.Errorf("asked %s %s with %v", r.Method, r.URL, r.Header)
				}
				if c.fail != nil {
					return nil, c.fail
				}
				if c.answer == "" {
					return nil, nil
				}
				return os.ReadFile("testdata/" + c.answer)
			}
			b, err := s.Read(d)
			if asked != c.asked {
				t.Errorf("asked %q, want %q", asked, c.asked)
			}
			if c.err != "" {
				if err == nil || !strings.Contains(err.Error(), c.err) {
					t.Fatalf("got %v, want an error saying %q", err, c.err)
				}
				if c.fail != nil && !errors.Is(err, ErrFetch) {
					t.Errorf("%v is no ErrFetch: the receiver would not answer 503", err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, r := range b.Records {
				j, _ := json.Marshal(r)
				got = append(got, string(j))
			}
			same(t, "records", got, c.records)
		})
	}
}

// The other events do not ask: a message, an assignment and a closing are written as they come.
func TestTrengoFetchOnlyOnCreation(t *testing.T) {
	s, _ := Lookup("trengo")
	for _, ev := range []string{"INBOUND", "TICKET_ASSIGNED", "TICKET_CLOSED", "TICKET_MARKED_AS_SPAM"} {
		d := &Delivery{Header: http.Header{}, Query: url.Values{"event": {ev}}, Body: []byte("ticket_id=5531&message_id=1&user_name=Piet"),
			APIToken: []byte("trengo-api-token"), Fetch: func(r *http.Request) ([]byte, error) {
				t.Errorf("%s asked %s", ev, r.URL)
				return nil, nil
			}}
		d.Header.Set("Trengo-Signature", readHeaders["trengo"]["Trengo-Signature"])
		if _, err := s.Read(d); err != nil {
			t.Errorf("%s: %v", ev, err)
		}
	}
}

// A source file's [fetch] must name an https address of the tool with ids in its path only.
func TestFetchTable(t *testing.T) {
	for _, c := range []struct {
		f   fileFetch
		err string
	}{
		{fileFetch{URL: "https://app.trengo.com/api/v2/tickets/{ticket_id}", Auth: "bearer", Into: "fetched"}, ""},
		{fileFetch{URL: "http://app.trengo.com/api/v2/tickets/{ticket_id}", Auth: "bearer", Into: "fetched"}, "https address"},
		{fileFetch{URL: "https://{host}.trengo.com/api/v2/tickets/{ticket_id}", Auth: "bearer", Into: "fetched"}, "not its host"},
		{fileFetch{URL: "https://app.trengo.com/api/v2/tickets?id={ticket_id}", Auth: "bearer", Into: "fetched"}, "in its path"},
		{fileFetch{URL: "https://app.trengo.com/api/v2/tickets", Auth: "bearer", Into: "fetched"}, "names no {field}"},
		{fileFetch{URL: "https://app.trengo.com/api/v2/tickets/{ticket_id}", Auth: "basic", Into: "fetched"}, "auth"},
		{fileFetch{URL: "https://app.trengo.com/api/v2/tickets/{ticket_id}", Auth: "bearer"}, "into"},
	} {
		_, err := c.f.build()
		if c.err == "" && err != nil || c.err != "" && (err == nil || !strings.Contains(err.Error(), c.err)) {
			t.Errorf("%+v: got %v, want %q", c.f, err, c.err)
		}
	}
}

// TestTrengoReadBeforeFetch: ReadBeforeFetch asks nothing. A TICKET_CREATED with a token gives a
// batch that is Unfetched, with what the receiver checks before asking (the delivery's id, its
// event, the kind it writes: tickets) and no writes; FetchBack asks once and completes it.
func TestTrengoReadBeforeFetch(t *testing.T) {
	ticket, err := os.ReadFile("testdata/trengo-ticket.json")
	if err != nil {
		t.Fatal(err)
	}
	s, _ := Lookup("trengo")
	asked := 0
	d := &Delivery{Header: http.Header{}, Query: url.Values{"event": {"TICKET_CREATED"}}, Body: []byte("ticket_id=5531"),
		APIToken: []byte("trengo-api-token"), Fetch: func(*http.Request) ([]byte, error) { asked++; return ticket, nil }}
	d.Header.Set("Trengo-Signature", readHeaders["trengo"]["Trengo-Signature"])
	b, err := s.ReadBeforeFetch(d)
	if err != nil {
		t.Fatal(err)
	}
	if asked != 0 || !b.Unfetched() || b.Event != "TICKET_CREATED" || b.DeliveryID == "" ||
		!slices.Equal(b.Kinds(), []cx.Kind{cx.KindTickets}) || len(b.Records)+len(b.Patches) != 0 {
		t.Errorf("before the fetch: asked %d, unfetched %t, event %q, id %q, kinds %v, %d records; want 0, true, "+
			"TICKET_CREATED, the signature, tickets, none", asked, b.Unfetched(), b.Event, b.DeliveryID, b.Kinds(), len(b.Records))
	}
	if b, err = s.FetchBack(d, b); err != nil {
		t.Fatal(err)
	}
	if asked != 1 || b.Unfetched() || len(b.Records) != 1 {
		t.Errorf("after FetchBack: asked %d, unfetched %t, %d records; want 1, false, 1", asked, b.Unfetched(), len(b.Records))
	}
}
