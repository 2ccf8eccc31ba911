package mapping

import (
	"fmt"
	"strings"
	"testing"

	"github.com/klantpuls/klantpuls/internal/cx"
)

// ordersWithRefunds is a map for an export that writes a refund as a row of its own under its
// order's number (WooCommerce's Analytics > Orders), the rows not next to each other.
const ordersWithRefunds = `
title = "Orders and refunds"
[kinds.orders]
repeats = "merge"
earliest = ["ordered_at"]
sum = ["amount"]
[kinds.orders.fields]
order_id = { column = "Order #" }
customer_id = { column = "Customer" }
ordered_at = { column = "Date" }
amount = { column = "Net Sales" }
`

const wooHeader = "Date,Order #,Customer,Net Sales\n"

func TestSum(t *testing.T) {
	for _, c := range []mapCase{{
		name:    "an order and its refunds, apart and newest first: the sum, dated at the sale",
		mapping: ordersWithRefunds,
		// 3002: 20.66 − 8.26 = 12.4 exactly (float64 would give 12.400000000000002), written to
		// the two decimals of its cells; 3005: 16.49 − 16.49 = 0.00, not -0.00; 3007: 41.32 − 10
		// − 5.5 = 25.82. Each dated at its earliest row, the sale; listed in the order the
		// numbers were first met.
		src: wooHeader +
			"2026-03-25 15:00:00,3007,Fleur van Dam,-5.5\n" +
			"2026-03-20 10:00:00,3007,Fleur van Dam,-10\n" +
			"2026-03-13 20:10:00,3007,Fleur van Dam,41.32\n" +
			"2026-03-12 13:00:00,3005,Dirk Visser,-16.49\n" +
			"2026-03-09 09:05:00,3005,Dirk Visser,16.49\n" +
			"2026-03-05 09:30:00,3002,Bram Smit,-8.26\n" +
			"2026-03-03 11:00:00,3002,Bram Smit,20.66\n",
		opt: Options{Account: amsterdam},
		want: map[cx.Kind]string{cx.KindOrders: "order_id,customer_id,ordered_at,amount\n" +
			"3007,Fleur van Dam,2026-03-13T20:10:00+01:00,25.82\n" +
			"3005,Dirk Visser,2026-03-09T09:05:00+01:00,0.00\n" +
			"3002,Bram Smit,2026-03-03T11:00:00+01:00,12.40\n"},
	}, {
		name:    "a sign behind the formula guard ' is read as the sign",
		mapping: ordersWithRefunds,
		// Older WooCommerce wrote a negative number as '-8.26 (WC_CSV_Exporter::escape_data).
		src: wooHeader +
			"2026-03-05 09:30:00,3002,Bram Smit,'-8.26\n" +
			"2026-03-03 11:00:00,3002,Bram Smit,20.66\n",
		opt:  Options{Account: amsterdam},
		want: map[cx.Kind]string{cx.KindOrders: "order_id,customer_id,ordered_at,amount\n3002,Bram Smit,2026-03-03T11:00:00+01:00,12.40\n"},
	}, {
		name:    "a refund whose sale is not in the file ends below 0: an error on its first line, the other orders stand",
		mapping: ordersWithRefunds,
		src: wooHeader +
			"2026-03-04 10:00:00,2990,Anna de Vries,-20\n" +
			"2026-03-03 11:00:00,3002,Bram Smit,20.66\n" +
			"2026-03-06 10:00:00,2990,Anna de Vries,5\n",
		opt:  Options{Account: amsterdam},
		errs: []string{"export.csv:2: Net Sales: the rows of Order # 2990 add up to -15, below 0 (a refund whose sale is not in the file?): export a period that holds the sale too, or import with --skip-invalid to leave it out"},
		want: map[cx.Kind]string{cx.KindOrders: "order_id,customer_id,ordered_at,amount\n3002,Bram Smit,2026-03-03T11:00:00+01:00,20.66\n"},
	}, {
		name:    "without sum, an order met again keeps its first amount (the rule is the map's, not the engine's)",
		mapping: strings.Replace(ordersWithRefunds, `sum = ["amount"]`, "", 1),
		src:     wooHeader + "2026-03-03 11:00:00,3002,Bram Smit,20.66\n2026-03-05 09:30:00,3002,Bram Smit,-8.26\n",
		opt:     Options{Account: amsterdam},
		want:    map[cx.Kind]string{cx.KindOrders: "order_id,customer_id,ordered_at,amount\n3002,Bram Smit,2026-03-03T11:00:00+01:00,20.66\n"},
	}} {
		t.Run(c.name, c.run)
	}
}

func TestSumMistakes(t *testing.T) {
	orders := "title = \"T\"\n[kinds.orders.fields]\norder_id = { column = \"Nr\" }\ncustomer_id = { column = \"Klant\" }\nordered_at = { column = \"Datum\" }\namount = { column = \"Bedrag\" }\ngross_margin = { column = \"Marge\" }\n"
	want := `m.toml:%d: kinds.orders.sum: %q; list amount fields of this kind (such as "amount"), and only with repeats = "merge"`
	for _, c := range []struct {
		name, text, field string
		line              int
	}{
		{"sum without merge", orders + "[kinds.orders]\nsum = [\"amount\"]\n", "amount", 9},
		{"sum of a time", orders + "[kinds.orders]\nrepeats = \"merge\"\nsum = [\"ordered_at\"]\n", "ordered_at", 10},
		{"sum of a margin, a fraction", orders + "[kinds.orders]\nrepeats = \"merge\"\nsum = [\"gross_margin\"]\n", "gross_margin", 10},
		{"sum of a field not mapped", orders + "[kinds.orders]\nrepeats = \"merge\"\nsum = [\"bedrag\"]\n", "bedrag", 10},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, err := Parse("m.toml", []byte(c.text))
			if w := fmt.Sprintf(want, c.line, c.field); err == nil || err.Error() != w {
				t.Errorf("got  %v\nwant %s", err, w)
			}
		})
	}
}
