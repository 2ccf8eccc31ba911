package hooks

import (
	"strings"
	"testing"
)

// An event's file is refused, naming what to write, when its keys do not make one event.
func TestEventFileRefused(t *testing.T) {
	require := map[string][]string{"status": {"processing"}}
	for _, c := range []struct {
		name string
		fe   fileEvent
		want string
	}{
		{"when without if", fileEvent{Map: "message", When: map[string]fileWhen{"human": {Is: []string{"user"}, Value: "human"}}},
			"when.human: give if, and exactly one of copy and value"},
		{"when without copy or value", fileEvent{Map: "message", When: map[string]fileWhen{"human": {If: "sender.type", Is: []string{"user"}}}},
			"when.human: give if, and exactly one of copy and value"},
		{"when with copy and value", fileEvent{Map: "message", When: map[string]fileWhen{"human": {If: "sender.type", Is: []string{"user"}, Copy: "sender.name", Value: "human"}}},
			"when.human: give if, and exactly one of copy and value"},
		{"map and delete without require", fileEvent{Map: "order", Delete: "orders", Key: "id"},
			"map with delete deletes the record of a payload that fails require: give require"},
		{"map and delete of a kind the map does not write", fileEvent{Map: "order", Delete: "tickets", Key: "id", Require: require},
			`delete "tickets" is no kind its map writes`},
		{"map and erase", fileEvent{Map: "order", Erase: true, Key: "id", Require: require},
			"give exactly one of map, delete, erase and ignore"},
	} {
		t.Run(c.name, func(t *testing.T) {
			source := "woocommerce"
			if c.fe.Map == "message" {
				source = "chatwoot"
			}
			if _, err := c.fe.build(source); err == nil || !strings.Contains(err.Error(), c.want) {
				t.Errorf("got %v, want %q", err, c.want)
			}
		})
	}
}

// TestReadEventFromTheURL: a delivery whose event is in the URL's query (Trengo's ?event=,
// unsigned) gives the event in Batch.Event, for the receiver to hold its connection to one
// event; an event klantpuls does not read, or one a source names in a header, gives none.
func TestReadEventFromTheURL(t *testing.T) {
	want := map[string]string{
		"trengo ticket closed":         "TICKET_CLOSED",
		"trengo ticket marked as spam": "TICKET_MARKED_AS_SPAM",
		"trengo voice call":            "",
		"shopify order created":        "",
	}
	for _, c := range readCases {
		w, ok := want[c.name]
		if !ok {
			continue
		}
		delete(want, c.name)
		s, _ := Lookup(c.source)
		b, err := s.Read(c.delivery(t, s))
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		if b.Event != w {
			t.Errorf("%s: event %q; want %q", c.name, b.Event, w)
		}
	}
	if len(want) > 0 {
		t.Errorf("no read cases %v", want)
	}
}
