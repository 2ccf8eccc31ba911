package hooks

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/klantpuls/klantpuls/internal/cx"
)

func TestReadKlantpuls(t *testing.T) {
	s, _ := Lookup("klantpuls")
	d := delivery(t, verifyCase{body: "klantpuls.json"})
	b, err := s.Read(d)
	if err != nil {
		t.Fatal(err)
	}
	if b.DeliveryID != "d-1" || b.Ignored != "" {
		t.Errorf("delivery %q, ignored %q", b.DeliveryID, b.Ignored)
	}
	if len(b.Records) != 1 {
		t.Fatalf("%d records, want 1", len(b.Records))
	}
	tk, ok := b.Records[0].(*cx.Ticket)
	if !ok || tk.ID != "T-1" || tk.Agent != "Piet" || !tk.CreatedAt.Equal(time.Date(2026, 3, 13, 13, 5, 0, 0, time.UTC)) {
		t.Errorf("record %+v", b.Records[0])
	}
	if len(b.Patches) != 1 || b.Patches[0].Of != cx.KindTickets || b.Patches[0].ID != "T-0" {
		t.Fatalf("patches %+v", b.Patches)
	}
	var doc map[string]any
	json.Unmarshal(b.Patches[0].Doc, &doc)
	if doc["solved_at"] != "2026-03-13T15:40:00Z" || doc["agent"] != nil || len(doc) != 2 {
		t.Errorf("patch %s, want solved_at set and agent removed", b.Patches[0].Doc)
	}
	if len(b.Deletes) != 1 || b.Deletes[0] != (cx.Deletion{Of: cx.KindResponses, ID: "R-9"}) {
		t.Errorf("deletes %+v", b.Deletes)
	}
	if len(b.Erase) != 1 || b.Erase[0] != "anna@example.nl" {
		t.Errorf("erase %q", b.Erase)
	}
}

// TestReadKlantpulsPatchWholeNumber: a patch's reopens written 2.0 is the whole number 2, as
// a record's is; "2.0" as a string stays refused, as a cell is.
func TestReadKlantpulsPatchWholeNumber(t *testing.T) {
	s, _ := Lookup("klantpuls")
	for _, c := range []struct{ fields, want string }{
		{`{"reopens":2.0}`, `{"reopens":2}`},
		{`{"reopens":"2.0"}`, "not a whole number"},
	} {
		body := `{"patches":[{"kind":"tickets","id":"T-1","fields":` + c.fields + `}]}`
		b, err := s.Read(&Delivery{Header: http.Header{}, Body: []byte(body)})
		got := fmt.Sprint(err)
		if err == nil {
			got = string(b.Patches[0].Doc)
		}
		if !strings.Contains(got, c.want) {
			t.Errorf("fields %s: %s, want %s", c.fields, got, c.want)
		}
	}
}

// Each refusal names the JSON field (an RFC 6901 pointer) and why.
func TestReadKlantpulsRefuses(t *testing.T) {
	for _, c := range []struct{ body, want string }{
		{`{"records":{"tickets":[{"ticket_id":"T-1","created_at":"gisteren"}]}}`, "/records/tickets/0/created_at: "},
		{`{"records":{"ticket":[]}}`, "/records/ticket: no record kind"},
		{`{"patches":[{"kind":"tickets","id":"T-1","fields":{"solved_at":"morgen"}}]}`, "/patches/0/fields: solved_at: "},
		{`{"patches":[{"kind":"tickets","id":"T-1","fields":{"ticket_id":"T-2"}}]}`, "the key names the record"},
		{`{"patches":[{"kind":"tickets","id":"T-1","fields":{"reopens":"twice"}}]}`, "/patches/0/fields: reopens: "},
		{`{"patches":[{"kind":"tickets","id":"T-1","fields":{"created_at":null}}]}`, "created_at"},
		// A value of a type its field does not take, as the API refuses it.
		{`{"records":{"tickets":[{"ticket_id":false,"created_at":"2026-03-13 10:00"}]}}`, "/records/tickets/0/ticket_id: must be a string or a whole number, not true or false"},
		{`{"patches":[{"kind":"tickets","id":"T-1","fields":{"channel":123}}]}`, `/patches/0/fields: channel: must be a string, not a number`},
		{`{"patches":[{"kind":"tickets","id":"T-1","fields":{"customer_id":true}}]}`, `/patches/0/fields: customer_id: must be a string or a whole number`},
		{`{"deletes":[{"kind":"tickets"}]}`, "/deletes/0/id: missing"},
		{`{"erase":[" "]}`, "/erase/0: an empty customer id"},
		{`{"recrods":{}}`, `unknown field "recrods"`},
		{`{"erase":["a"],"erase":["b"]}`, `duplicate member "erase"`},
	} {
		s, _ := Lookup("klantpuls")
		_, err := s.Read(&Delivery{Header: http.Header{}, Body: []byte(c.body)})
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: got %v, want %q", c.body, err, c.want)
		}
	}
}

func TestReadKlantpulsEmpty(t *testing.T) {
	s, _ := Lookup("klantpuls")
	b, err := s.Read(&Delivery{Body: []byte(`{"delivery_id":"x"}`)})
	if err != nil || b.Ignored == "" {
		t.Errorf("an empty delivery: %+v, %v; want it ignored", b, err)
	}
}
