package app

import (
	"reflect"
	"testing"

	"github.com/klantpuls/klantpuls/internal/cx"
)

// TestErasedHash: the pseudonym's hash is HMAC-SHA256 under the installation's key, cut to 16
// bytes — the expected values are from openssl (dgst -sha256 -mac HMAC -macopt hexkey:000102…1f)
// — so it is neither the plain SHA-256 of the address (cedddd16…, found by hashing guessed
// addresses) nor the same under another installation's key.
func TestErasedHash(t *testing.T) {
	key := make([]byte, 32)
	for i := range key {
		key[i] = byte(i)
	}
	for _, c := range []struct {
		name string
		key  []byte
		want string
	}{
		{"the key 00 01 … 1f", key, "f7be7a9611ce53bafd45eeffc15e6445"},
		{"another installation's key (32 zero bytes)", make([]byte, 32), "2ba7a4c560b8ba48e6647747ac8ec0b4"},
	} {
		t.Run(c.name, func(t *testing.T) {
			if got := erasedHash(c.key, "anna@example.nl"); got != c.want {
				t.Errorf("erasedHash = %s, want %s", got, c.want)
			}
		})
	}
	if got := pseudonymOf(erasedHash(key, "anna@example.nl")); got != "erased-f7be7a9611ce53bafd45eeffc15e6445" {
		t.Errorf("pseudonym %s", got)
	}
}

// TestMoved: every kind's reference to the customer moves, and nothing else.
func TestMoved(t *testing.T) {
	const from, to = "anna@example.nl", "erased-1"
	for _, c := range []struct {
		name string
		rec  cx.Record
		want cx.Record
	}{
		{"the customer", &cx.Customer{ID: from, Segment: "zakelijk"}, &cx.Customer{ID: to, Segment: "zakelijk"}},
		{"a customer they referred", &cx.Customer{ID: "bram", ReferredBy: from}, &cx.Customer{ID: "bram", ReferredBy: to}},
		{"an order", &cx.Order{ID: "#1001", CustomerID: from, Amount: 54.85}, &cx.Order{ID: "#1001", CustomerID: to, Amount: 54.85}},
		{"a ticket", &cx.Ticket{ID: "T1", CustomerID: from}, &cx.Ticket{ID: "T1", CustomerID: to}},
		{"an answer", &cx.Response{ID: "R1", Score: 9, CustomerID: from}, &cx.Response{ID: "R1", Score: 9, CustomerID: to}},
		{"an event", &cx.Event{ID: "E1", CustomerID: from}, &cx.Event{ID: "E1", CustomerID: to}},
		{"another's order", &cx.Order{ID: "#1002", CustomerID: "bram"}, nil},
		{"a message", &cx.Message{ID: "M1", TicketID: "T1"}, nil},
	} {
		t.Run(c.name, func(t *testing.T) {
			got := moved(c.rec, from, to)
			if !reflect.DeepEqual(got, c.want) {
				t.Errorf("moved = %+v, want %+v", got, c.want)
			}
		})
	}
}
