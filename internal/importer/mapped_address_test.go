package importer

import (
	"strings"
	"testing"

	"github.com/klantpuls/klantpuls/internal/config"
	"github.com/klantpuls/klantpuls/internal/cx"
	"github.com/klantpuls/klantpuls/internal/importer/mapping"
)

// A preset that keys a customer by e-mail address reads one address however it is cased:
// Shopify's export of Anna's two orders, once as Anna@Example.NL and once as anna@example.nl,
// is one customer anna@example.nl (mail providers compare addresses case-insensitively, as
// klantpuls's unsubscribes do: cx.AddressKey), with both orders.
func TestMappedAddressesAreOneCustomer(t *testing.T) {
	m, err := mapping.Preset("shopify-orders")
	if err != nil {
		t.Fatal(err)
	}
	file := "Name,Email,Financial Status,Total,Created at,Lineitem quantity,Refunded Amount,Billing Name,Cancelled at\n" +
		"#1,Anna@Example.NL,paid,10,2026-02-14 11:20:00 +0100,1,,Anna de Vries,\n" +
		"#2,anna@example.nl,paid,20,2026-03-02 09:00:00 +0100,1,,Anna de Vries,\n" +
		"#3, Bram@Example.NL ,paid,30,2026-03-03 09:00:00 +0100,1,,Bram,\n"
	md := &Mapped{Map: m, File: "export.csv", Config: config.Default()}
	customers, orders := map[string]*cx.Customer{}, map[string]string{}
	if _, err := md.From(strings.NewReader(file))(func(r cx.Record) error {
		if s, ok := r.(*cx.Supplement); ok { // the preset completes a stored customer
			r = s.Record
		}
		switch r := r.(type) {
		case *cx.Customer:
			customers[r.ID] = r
		case *cx.Order:
			orders[r.ID] = r.CustomerID
		}
		return nil
	}); err != nil {
		t.Fatalf("import: %v", err)
	}
	if len(customers) != 2 || customers["anna@example.nl"] == nil || customers["bram@example.nl"] == nil {
		t.Errorf("customers %v, want anna@example.nl and bram@example.nl", keysOf(customers))
	}
	want := map[string]string{"#1": "anna@example.nl", "#2": "anna@example.nl", "#3": "bram@example.nl"}
	for id, c := range want {
		if orders[id] != c {
			t.Errorf("order %s of %q, want %q", id, orders[id], c)
		}
	}
}

func keysOf(m map[string]*cx.Customer) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	return out
}
