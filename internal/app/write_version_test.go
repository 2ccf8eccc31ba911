package app

import (
	"context"
	"reflect"
	"testing"
	"time"

	"github.com/klantpuls/klantpuls/internal/cx"
	"github.com/klantpuls/klantpuls/internal/store"
)

// A versioned record (an orders/updated delivery) is compared with the stored one of its key
// on every write path: an older change arriving after a newer one is skipped — not stored, not
// counted as written, not given to the engine — and a newer one replaces the older. By hand: the
// order of 14 March (54.85, its first refund) and of 15 March (44.85, the second); March's
// average order is then the one order's amount.
func TestVersionedWritePaths(t *testing.T) {
	ctx := context.Background()
	order := func(amount float64, version string) cx.Record {
		at, _ := time.Parse(time.RFC3339, version)
		return &cx.Versioned{At: at, Record: &cx.Order{ID: "#1001", CustomerID: "anna@example.nl", OrderedAt: march(13, 13, 4),
			Amount: amount, Attrs: cx.Attrs{"shopify_id": "5839124410567", cx.SourceVersion: version}}}
	}
	older, newer := order(54.85, "2026-03-14T08:00:00Z"), order(44.85, "2026-03-15T10:00:00Z")
	arrivals := []struct {
		name          string
		first, second cx.Record
		written       int // by the second
	}{
		{"newer, then older", newer, older, 0},
		{"older, then newer", older, newer, 1},
	}
	for _, p := range writePaths(t) {
		for _, c := range arrivals {
			t.Run(p.name+": "+c.name, func(t *testing.T) {
				a := openWithConfig(t)
				if err := p.start(a); err != nil {
					t.Fatal(err)
				}
				if _, err := p.write(a, c.first); err != nil {
					t.Fatal(err)
				}
				n, err := p.write(a, c.second)
				if err != nil || n != c.written {
					t.Errorf("the second delivery: %d written, %v; want %d", n, err, c.written)
				}
				want := newer.(*cx.Versioned).Record
				if got, err := a.Record(ctx, cx.KindOrders, "#1001"); err != nil || !reflect.DeepEqual(got, want) {
					t.Errorf("stored %+v, %v; want %+v", got, err, want)
				}
				if aov := marchReport(t, a).CLV.AOV; aov == nil || *aov != 44.85 {
					t.Errorf("March's average order %v; want 44.85", shown(aov))
				}
			})
		}
	}
}

// A versioned supplement (a customer an order completes) that is stale fills nothing either:
// the stored record of the later change stays as it is, even its empty fields.
func TestVersionedSupplement(t *testing.T) {
	ctx := context.Background()
	a := openWithConfig(t)
	stored := &cx.Customer{ID: "anna@example.nl", AcquiredAt: march(2, 9, 0), Name: "Anna de Vries",
		Attrs: cx.Attrs{cx.SourceVersion: "2026-03-15T10:00:00Z"}}
	if _, err := a.Write(ctx, []cx.Record{stored}, nil); err != nil {
		t.Fatal(err)
	}
	late := &cx.Versioned{At: march(14, 8, 0), Record: &cx.Supplement{Record: &cx.Customer{ID: "anna@example.nl",
		AcquiredAt: march(1, 9, 0), Name: "A. de Vries", Email: "anna@example.nl", Attrs: cx.Attrs{cx.SourceVersion: "2026-03-14T08:00:00Z"}},
		Earliest: []string{"acquired_at"}}}
	if res, err := a.Write(ctx, []cx.Record{late}, nil); err != nil || res.Written != 0 {
		t.Errorf("the older supplement: %d written, %v; want none", res.Written, err)
	}
	if got, err := a.Record(ctx, cx.KindCustomers, "anna@example.nl"); err != nil || !reflect.DeepEqual(got, stored) {
		t.Errorf("stored %+v, %v; want %+v", got, err, stored)
	}
}

// A plain record (an import of files) costs no read of the stored record: only a supplement
// or a versioned record does.
func TestPlainRecordReadsNothing(t *testing.T) {
	tx := &countingTx{}
	rec := &cx.Order{ID: "#1001", CustomerID: "anna@example.nl", OrderedAt: march(13, 13, 4), Amount: 54.85}
	got, ok, err := complete(tx, rec)
	if got != cx.Record(rec) || !ok || err != nil || tx.gets != 0 {
		t.Errorf("complete: %v, %v, %v with %d reads; want the record, true, no error and no read", got, ok, err, tx.gets)
	}
}

// countingTx counts the reads of a write; complete calls nothing else on a plain record.
type countingTx struct {
	store.Tx
	gets int
}

func (tx *countingTx) Get(kind cx.Kind, key string) (cx.Record, error) {
	tx.gets++
	return nil, cx.NotFound(kind, key, "")
}
