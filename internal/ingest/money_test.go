package ingest

import (
	"errors"
	"strings"
	"testing"

	"github.com/klantpuls/klantpuls/internal/config"
	"github.com/klantpuls/klantpuls/internal/cx"
)

// An API batch is read by the import's rules (importer.ParseValues): an order in a currency
// without a rate refuses the whole batch, pointing at the field; with a rate it is converted
// when stored (1 USD = 0.92 EUR: 59.90 USD → 55.108 → 55.11 EUR), and a refund is negative.
func TestBatchCurrency(t *testing.T) {
	cfg := config.Default()
	cfg.Money = cx.Money{Currency: "EUR", Rates: map[string]float64{"USD": 0.92}}
	good := `{"order_id":"O1","customer_id":"C1","ordered_at":"2026-03-02T10:00:00+01:00","amount":59.90,"currency":"USD"},
		{"order_id":"R1","customer_id":"C1","ordered_at":"2026-03-09T10:00:00+01:00","amount":-20,"refund_of":"O1"}`
	gbp := `{"order_id":"O2","customer_id":"C2","ordered_at":"2026-03-03T10:00:00+01:00","amount":80,"currency":"GBP"}`
	_, err := Read(cx.KindOrders, cfg, []byte("["+good+","+gbp+"]"))
	var refused *Error
	if !errors.As(err, &refused) || refused.Reason != InvalidFields || len(refused.Fields) != 1 ||
		refused.Fields[0].Pointer != "/2/currency" ||
		!strings.HasPrefix(refused.Fields[0].Detail, "GBP is not the account's currency (EUR) and has no exchange rate") {
		t.Fatalf("got %#v, want one field /2/currency: GBP has no rate", err)
	}
	recs, err := Read(cx.KindOrders, cfg, []byte("["+good+"]"))
	if err != nil {
		t.Fatal(err)
	}
	o, r := recs[0].(*cx.Order), recs[1].(*cx.Order)
	if o.Amount != 55.11 || o.Currency != "USD" || o.OriginalAmount == nil || *o.OriginalAmount != 59.9 {
		t.Errorf("O1: %+v", *o)
	}
	if r.Amount != -20 || r.RefundOf != "O1" || !r.IsRefund() {
		t.Errorf("R1: %+v", *r)
	}
}

// A patch of an order stored in another currency converts what came once: 100 USD at 0.92 is
// stored as 92 EUR beside 100 USD; a patch of its margin keeps 92 and 100 (it was 84.64 — 92
// converted again — and original_amount turned into an attribute). A patch of the amount is in
// the order's own currency: 50 USD → 46 EUR.
func TestPatchCurrency(t *testing.T) {
	cfg := config.Default()
	cfg.Money = cx.Money{Currency: "EUR", Rates: map[string]float64{"USD": 0.92}}
	recs, err := Read(cx.KindOrders, cfg, []byte(`[{"order_id":"O1","customer_id":"C1","ordered_at":"2026-03-02T10:00:00+01:00","amount":100,"currency":"USD"}]`))
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		patch        string
		amount, orig float64
		margin       *float64
	}{
		{`{"gross_margin":0.3}`, 92, 100, ref(0.3)},
		{`{"amount":50}`, 46, 50, nil},
	} {
		rec, err := Patch(cx.KindOrders, cfg, recs[0], []byte(c.patch))
		if err != nil {
			t.Fatal(err)
		}
		o := rec.(*cx.Order)
		if o.Amount != c.amount || o.OriginalAmount == nil || *o.OriginalAmount != c.orig || o.Currency != "USD" ||
			len(o.Attrs) != 0 || (c.margin == nil) != (o.GrossMargin == nil) || c.margin != nil && *o.GrossMargin != *c.margin {
			t.Errorf("%s: %+v (original %v), want amount %v, original %v, no attrs", c.patch, *o, o.OriginalAmount, c.amount, c.orig)
		}
	}
}

func ref(v float64) *float64 { return &v }
