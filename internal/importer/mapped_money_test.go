package importer

import (
	"strings"
	"testing"

	"github.com/klantpuls/klantpuls/internal/config"
	"github.com/klantpuls/klantpuls/internal/cx"
	"github.com/klantpuls/klantpuls/internal/importer/mapping"
)

// mappedOrders reads file by m and returns the orders handed on by id, failing on any error.
func mappedOrders(t *testing.T, m *mapping.Map, file string) map[string]*cx.Order {
	t.Helper()
	md := &Mapped{Map: m, File: "export.csv", Config: config.Default()}
	got := map[string]*cx.Order{}
	_, err := md.From(strings.NewReader(file))(func(r cx.Record) error {
		if o, ok := r.(*cx.Order); ok {
			got[o.ID] = o
		}
		return nil
	})
	if err != nil {
		t.Fatalf("import: %v", err)
	}
	return got
}

// An export read by a preset takes an amount as a Dutch Excel saves a euro cell, as a file of
// klantpuls's own does (TestEuroAmounts): Shopify's Total € 12,50 is 12.50, -€ 3,00 is -3.
func TestMappedEuroAmountsByPreset(t *testing.T) {
	m, err := mapping.Preset("shopify-orders")
	if err != nil {
		t.Fatal(err)
	}
	file := "Name,Email,Financial Status,Total,Created at,Lineitem quantity,Refunded Amount,Billing Name,Cancelled at\n" +
		"#1,anna@example.nl,paid,€ 12,50,2026-02-14 11:20:00 +0100,1,,Naam,\n" +
		"#2,bram@example.nl,paid,12,50 €,2026-02-14 11:30:00 +0100,1,,Naam,\n" +
		"#3,cor@example.nl,paid,-€ 3,00,2026-02-14 11:40:00 +0100,1,,Naam,\n"
	// The CSV quotes nothing: the amounts with a comma need quotes.
	file = strings.NewReplacer("€ 12,50", `"€ 12,50"`, "12,50 €", `"12,50 €"`, "-€ 3,00", `"-€ 3,00"`).Replace(file)
	got := mappedOrders(t, m, file)
	for id, want := range map[string]float64{"#1": 12.5, "#2": 12.5, "#3": -3} {
		if o := got[id]; o == nil || o.Amount != want {
			t.Errorf("order %s: %+v, want amount %v", id, o, want)
		}
	}
}

// An export read by a map of the user's own (--map, or one saved in the browser and read by
// --mapping, which Parse reads alike) takes € 12,50 as 12.50 in euros and a gross margin of
// 30% as 0.3, as a file of klantpuls's own does.
func TestMappedEuroAndPercentByMap(t *testing.T) {
	text := `title = "Kassa"
decimal = ","
[kinds.orders.fields]
order_id = { column = "Bon" }
customer_id = { column = "Klant" }
ordered_at = { column = "Datum" }
amount = { column = "Bedrag" }
gross_margin = { column = "Marge" }
`
	file := "Bon;Klant;Datum;Bedrag;Marge\n" +
		"B1;K1;2026-03-02 10:00;€ 12,50;30%\n" +
		"B2;K2;2026-03-02 11:00;1.234,50 €;12,5 %\n"
	want := map[string][2]float64{"B1": {12.5, 0.3}, "B2": {1234.5, 0.125}}
	saved, err := mapping.ParseSaved("kassa", text)
	if err != nil {
		t.Fatal(err)
	}
	byMap, err := mapping.Parse("kassa.toml", []byte(text))
	if err != nil {
		t.Fatal(err)
	}
	for name, m := range map[string]*mapping.Map{"--map": byMap, "saved mapping": saved} {
		t.Run(name, func(t *testing.T) {
			got := mappedOrders(t, m, file)
			for id, w := range want {
				o := got[id]
				if o == nil || o.Amount != w[0] || o.GrossMargin == nil || *o.GrossMargin != w[1] {
					t.Errorf("order %s: %+v, want amount %v, gross margin %v", id, o, w[0], w[1])
				}
			}
		})
	}
}

// A € names the amount's currency in a mapped export as in a file of klantpuls's own: beside
// the column currency USD it is refused, naming the export's column Currency.
func TestMappedEuroBesideAnotherCurrency(t *testing.T) {
	m, err := mapping.Preset("shopify-orders")
	if err != nil {
		t.Fatal(err)
	}
	file := "Name,Email,Financial Status,Currency,Total,Created at,Lineitem quantity,Refunded Amount,Billing Name,Cancelled at\n" +
		"#1,anna@example.nl,paid,USD,\"€ 12,50\",2026-02-14 11:20:00 +0100,1,,Naam,\n"
	md := &Mapped{Map: m, File: "export.csv", Config: config.Default()}
	_, err = md.From(strings.NewReader(file))(func(cx.Record) error { return nil })
	errs := rowErrors(t, err)
	if len(errs) != 1 || errs[0].Line != 2 || errs[0].Column != "Currency" || !strings.Contains(errs[0].Reason, "USD") {
		t.Errorf("errors %v, want one on line 2, column Currency, naming USD", errs)
	}
}

// Rows of one order that a preset adds up (WooCommerce's sale and its refund) add up with a €
// on their amounts: € 20.66 and -€ 8.26 are 12.40 in euros.
func TestMappedEuroAmountsAddedUp(t *testing.T) {
	m, err := mapping.Preset("woocommerce-orders")
	if err != nil {
		t.Fatal(err)
	}
	file := "Date,Order #,Status,Customer,Customer type,Items sold,Net Sales\n" +
		"2026-03-30 10:00:00,3021,completed,Gijs de Boer,new,2,€ 20.66\n" +
		"2026-03-31 10:00:00,3021,completed,Gijs de Boer,new,-1,-€ 8.26\n"
	got := mappedOrders(t, m, file)
	if o := got["3021"]; o == nil || o.Amount != 12.4 {
		t.Errorf("order 3021: %+v, want amount 12.4", o)
	}
}
