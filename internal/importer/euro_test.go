package importer

import (
	"strings"
	"testing"

	"github.com/klantpuls/klantpuls/internal/config"
	"github.com/klantpuls/klantpuls/internal/cx"
)

const euroHeader = "order_id;customer_id;ordered_at;amount;refund_of;currency;gross_margin\n"

// A Dutch Excel saves a cell formatted as currency with its euro sign (€ 12,50, 12,50 €) and one
// formatted as a percentage with its percent sign (30%): both were refused, the amount as "is
// not a number", the margin without saying that a fraction was wanted. An amount in euros is
// read as the number beside its sign, the margin as a hundredth of its percentage (the spec's
// fraction 0..1: 30% is 0.30 without doubt). By hand:
//
//	€ 12,50 = €12,50 = 12,50 € = 12,50 (no-break space) € = 12.50
//	-€ 3,00 = € -3,00 = -3.00 (refunds); € 1.234,56 = 1234.56
//	30% = 30 % = 0.30; 12,5% = 0.125; 0,3 = 0.3; 100% = 1
func TestOrderAmountsInEuros(t *testing.T) {
	got, err := readOrders(t, Dutch, euroHeader+
		"O1;C1;2-3-2026 10:00;€ 12,50;;;30%\n"+
		"O2;C1;3-3-2026 10:00;€12,50;;;30 %\n"+
		"R1;C1;4-3-2026 10:00;-€ 3,00;O1;;\n"+
		"R2;C1;4-3-2026 11:00;€ -3,00;O2;;\n"+
		"O3;C2;5-3-2026 10:00;12,50 €;;;12,5%\n"+
		"O4;C2;6-3-2026 10:00;12,50\u00a0€;;EUR;0,3\n"+
		"O5;C2;7-3-2026 10:00;€ 1.234,56;;eur;100%\n"+
		"O6;C2;8-3-2026 10:00;7,00;;;\n")
	if err != nil {
		t.Fatal(err)
	}
	want := []struct {
		id, currency string
		amount       float64
		margin       *float64
	}{
		{"O1", "", 12.5, ptr(0.3)},
		{"O2", "", 12.5, ptr(0.3)},
		{"R1", "", -3, nil},
		{"R2", "", -3, nil},
		{"O3", "", 12.5, ptr(0.125)},
		{"O4", "EUR", 12.5, ptr(0.3)},
		{"O5", "EUR", 1234.56, ptr(1.0)},
		{"O6", "", 7, nil},
	}
	if len(got) != len(want) {
		t.Fatalf("%d orders, want %d", len(got), len(want))
	}
	for i, w := range want {
		o := got[i]
		if o.ID != w.id || o.Currency != w.currency || !near(o.Amount, w.amount) || o.OriginalAmount != nil ||
			(o.GrossMargin == nil) != (w.margin == nil) || w.margin != nil && !near(*o.GrossMargin, *w.margin) {
			t.Errorf("order %d: got %+v (margin %v), want %+v (margin %v)", i, *o, o.GrossMargin, w, w.margin)
		}
	}
}

// Under an account in dollars a € names the amount's currency as the column currency would:
// converted at the configured rate, 1 EUR = 1.08 USD, € 10,00 is 10.80 USD, the 10 kept.
func TestOrderEurosUnderAnotherCurrency(t *testing.T) {
	cfg := config.Default()
	cfg.Money = cx.Money{Currency: "USD", Rates: map[string]float64{"EUR": 1.08}}
	rd := &Reader{Kind: cx.KindOrders, File: "orders.csv", Config: cfg, Lang: English}
	var got []*cx.Order
	if _, err := rd.Read(strings.NewReader(euroHeader+"O1;C1;2-3-2026 10:00;€ 10,00;;;\n"), func(r cx.Record) error {
		got = append(got, r.(*cx.Order))
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	if len(got) != 1 || got[0].Currency != "EUR" || !near(got[0].Amount, 10.8) || got[0].OriginalAmount == nil || *got[0].OriginalAmount != 10 {
		t.Errorf("got %+v, want 10.80 USD from 10 EUR", got)
	}
}

// Another currency's sign is not read as euros, an amount in euros is not one in another
// currency, and a margin above 100% is no margin: each refused, naming what to write.
func TestOrderAmountSignsRefused(t *testing.T) {
	for _, tt := range []struct {
		name, amount, currency, margin string
		english, dutch                 string
	}{
		{"a dollar sign", "$12.50", "", "",
			`orders.csv:2: amount: "$12.50" has a currency sign klantpuls does not read: an amount is written without one (12,50, in the account's currency) or with € for euros (€ 12,50); write another currency's code in the column currency`,
			`orders.csv:2: amount: "$12.50" heeft een valutateken dat klantpuls niet leest: een bedrag staat er zonder (12,50, in de valuta van het account) of met € voor euro's (€ 12,50); schrijf de code van een andere valuta in de kolom currency`},
		{"a pound sign after", "12,50 £", "GBP", "",
			`orders.csv:2: amount: "12,50 £" has a currency sign klantpuls does not read`,
			`orders.csv:2: amount: "12,50 £" heeft een valutateken dat klantpuls niet leest`},
		{"euros said to be dollars", "€ 12,50", "USD", "",
			"orders.csv:2: currency: the amount is in euros (€), and currency says USD: write one currency, the amount without € for another",
			"orders.csv:2: currency: het bedrag is in euro's (€), en currency zegt USD: schrijf één valuta, het bedrag zonder € voor een andere"},
		{"two euro signs", "€ 12,50 €", "", "",
			`orders.csv:2: amount: "€ 12,50 €" is not a number`,
			`orders.csv:2: amount: "€ 12,50 €" is geen getal`},
		{"a euro sign alone", "€", "", "",
			`orders.csv:2: amount: "€" is not a number`,
			`orders.csv:2: amount: "€" is geen getal`},
		{"a margin of 150%", "12,50", "", "150%",
			"orders.csv:2: gross_margin: 150% is outside 0..1: a margin is a fraction (0.3) or a percentage (30%)",
			"orders.csv:2: gross_margin: 150% ligt buiten 0..1: een marge is een fractie (0,3) of een percentage (30%)"},
		{"a margin of 30 without a sign", "12,50", "", "30",
			"orders.csv:2: gross_margin: 30 is outside 0..1: a margin is a fraction (0.3) or a percentage (30%)",
			"orders.csv:2: gross_margin: 30 ligt buiten 0..1"},
		{"a percent sign alone", "12,50", "", "%",
			`orders.csv:2: gross_margin: "%" is not a number`,
			`orders.csv:2: gross_margin: "%" is geen getal`},
	} {
		t.Run(tt.name, func(t *testing.T) {
			file := euroHeader + "O1;C1;2-3-2026 10:00;" + tt.amount + ";;" + tt.currency + ";" + tt.margin + "\n"
			for l, want := range map[Lang]string{English: tt.english, Dutch: tt.dutch} {
				if _, err := readOrders(t, l, file); err == nil || !strings.Contains(err.Error(), want) {
					t.Errorf("%s: %v; want %q", l, err, want)
				}
			}
		})
	}
}
