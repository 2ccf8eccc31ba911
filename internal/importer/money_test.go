package importer

import (
	"strings"
	"testing"

	"github.com/klantpuls/klantpuls/internal/config"
	"github.com/klantpuls/klantpuls/internal/cx"
)

// readOrders reads an orders file under an account in EUR with one rate, 1 USD = 0.92 EUR, in
// language l.
func readOrders(t *testing.T, l Lang, file string) ([]*cx.Order, error) {
	t.Helper()
	cfg := config.Default()
	cfg.Money = cx.Money{Currency: "EUR", Rates: map[string]float64{"USD": 0.92}}
	rd := &Reader{Kind: cx.KindOrders, File: "orders.csv", Config: cfg, Lang: l}
	var got []*cx.Order
	_, err := rd.Read(strings.NewReader(file), func(r cx.Record) error {
		got = append(got, r.(*cx.Order))
		return nil
	})
	return got, err
}

const ordersHeader = "order_id,customer_id,ordered_at,amount,refund_of,currency\n"

// An amount in another currency is converted at the configured rate when it is written, and
// the amount as it came is kept. By hand, at 1 USD = 0.92 EUR:
//
//	100.00 USD × 0.92 = 92.00 EUR
//	 59.90 USD × 0.92 = 55.108 → 55.11 EUR (to the cent, half away from zero)
//	-20.00 USD × 0.92 = -18.40 EUR (a refund, of O1)
//	 12.50 EUR, and 7.00 with no currency: the account's, as they came
func TestOrderCurrencyConverted(t *testing.T) {
	got, err := readOrders(t, English, ordersHeader+
		"O1,C1,2026-03-02 10:00,100.00,,USD\n"+
		"O2,C1,2026-03-03 10:00,59.90,,usd\n"+
		"R1,C1,2026-03-04 10:00,-20.00,O1,USD\n"+
		"O3,C2,2026-03-05 10:00,12.50,,EUR\n"+
		"O4,C2,2026-03-06 10:00,7.00,,\n")
	if err != nil {
		t.Fatal(err)
	}
	want := []struct {
		id, currency, refundOf string
		amount                 float64
		original               *float64
	}{
		{"O1", "USD", "", 92, ptr(100.0)},
		{"O2", "USD", "", 55.11, ptr(59.9)},
		{"R1", "USD", "O1", -18.4, ptr(-20.0)},
		{"O3", "EUR", "", 12.5, nil},
		{"O4", "", "", 7, nil},
	}
	if len(got) != len(want) {
		t.Fatalf("%d orders, want %d", len(got), len(want))
	}
	for i, w := range want {
		o := got[i]
		if o.ID != w.id || o.Currency != w.currency || o.RefundOf != w.refundOf || !near(o.Amount, w.amount) ||
			(o.OriginalAmount == nil) != (w.original == nil) || w.original != nil && *o.OriginalAmount != *w.original {
			t.Errorf("order %d: got %+v (original %v), want %+v", i, *o, o.OriginalAmount, w)
		}
	}
}

func near(a, b float64) bool { return a-b < 1e-9 && b-a < 1e-9 }

// A currency that is neither the account's nor has a rate refuses the file, on the row that
// holds it, in the user's language (the import then commits nothing: TestImportMixedCurrency).
func TestOrderCurrencyWithoutRate(t *testing.T) {
	file := ordersHeader + "O1,C1,2026-03-02 10:00,100.00,,EUR\nO2,C1,2026-03-03 10:00,80.00,,GBP\n"
	for _, tt := range []struct {
		lang Lang
		want string
	}{
		{English, "orders.csv:3: currency: GBP is not the account's currency (EUR) and has no exchange rate: " +
			"add it to the configuration ([exchange_rates] GBP = …) or convert the amounts before importing"},
		{Dutch, "orders.csv:3: currency: GBP is niet de valuta van het account (EUR) en heeft geen wisselkoers: " +
			"zet hem in de configuratie ([exchange_rates] GBP = …) of reken de bedragen om voor het importeren"},
	} {
		if _, err := readOrders(t, tt.lang, file); err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: %v; want %q", tt.lang, err, tt.want)
		}
	}
}

// The rules of a refund (cx.Order.IsRefund): negative, and not a refund of itself.
func TestOrderRefundRules(t *testing.T) {
	for _, tt := range []struct{ name, row, want string }{
		{"a refund of a named order", "R1,C1,2026-03-04 10:00,-20,O1,", ""},
		{"a refund of an order not named", "R1,C1,2026-03-04 10:00,-20,,", ""},
		{"a refund of nothing", "R1,C1,2026-03-04 10:00,0,O1,",
			"orders.csv:2: amount: 0 is not below 0, yet the row is a refund of O1: write a refund as a negative amount (-20), or leave refund_of empty"},
		{"a refund of itself", "R1,C1,2026-03-04 10:00,-20,R1,",
			"orders.csv:2: refund_of: an order cannot be a refund of itself"},
		{"a currency that is no code", "O1,C1,2026-03-04 10:00,20,,euro",
			`orders.csv:2: currency: "euro" is not a currency code: write the three letters of ISO 4217 (EUR, USD, GBP)`},
		{"a dollar amount at the bound converts below it", "O1,C1,2026-03-04 10:00,1000000000000,,USD", ""},
	} {
		t.Run(tt.name, func(t *testing.T) {
			got, err := readOrders(t, English, ordersHeader+tt.row+"\n")
			switch {
			case tt.want == "" && (err != nil || len(got) != 1):
				t.Errorf("got %d orders, %v; want the row taken", len(got), err)
			case tt.want != "" && (err == nil || !strings.Contains(err.Error(), tt.want)):
				t.Errorf("got %v, want %q", err, tt.want)
			}
		})
	}
}
