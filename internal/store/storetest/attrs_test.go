package storetest_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/klantpuls/klantpuls/internal/cx"
	"github.com/klantpuls/klantpuls/internal/store"
)

// TestKeysWithAttr: records are found by an attribute's exact value on both databases — not by
// another attribute holding the same text, not by a value that LIKE's wildcards (_ and %) or
// SQLite's case-blind LIKE would let match, not by a value that merely contains it.
func TestKeysWithAttr(t *testing.T) {
	at := time.Date(2026, 3, 13, 13, 4, 12, 0, time.UTC)
	order := func(id string, attrs cx.Attrs) *cx.Order {
		return &cx.Order{ID: id, CustomerID: "anna@example.nl", OrderedAt: at, Amount: 10, Attrs: attrs}
	}
	for _, db := range databases {
		t.Run(db.name, func(t *testing.T) {
			ctx := context.Background()
			s, err := db.open(ctx, db.fresh(t))
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { s.Close() })
			tx, err := s.Begin(ctx)
			if err != nil {
				t.Fatal(err)
			}
			for _, o := range []*cx.Order{
				order("#1001", cx.Attrs{"shopify_id": "5839124410567", "kanaal": "web"}),
				order("#1002", cx.Attrs{"shopify_id": "5839124410568"}),
				order("#1003", cx.Attrs{"notitie": "5839124410567"}),                 // the value under another name
				order("#1004", cx.Attrs{"shopifyXid": "5839124410567"}),              // _ as a wildcard
				order("#1005", cx.Attrs{"SHOPIFY_ID": "5839124410567"}),              // SQLite's LIKE ignores case
				order("#1006", cx.Attrs{"shopify_id": "58391244105670"}),             // a longer id
				order("#1007", cx.Attrs{"x": `"shopify_id":"5839124410567"` + "\n"}), // the text inside a value
				order("#1008", nil),
			} {
				if err := tx.Put(o); err != nil {
					t.Fatal(err)
				}
			}
			if _, err := tx.Commit(); err != nil {
				t.Fatal(err)
			}
			finder := s.(store.AttrKeys)
			for value, want := range map[string]string{"5839124410567": "#1001", "5839124410568": "#1002", "1": "", "%": ""} {
				keys, err := finder.KeysWithAttr(ctx, cx.KindOrders, "shopify_id", value)
				if err != nil || strings.Join(keys, ",") != want {
					t.Errorf("shopify_id %s: %q, %v; want %q", value, keys, err, want)
				}
			}
			if _, err := finder.KeysWithAttr(ctx, cx.Kind("bestellingen"), "shopify_id", "1"); err == nil {
				t.Error("a kind that is none: no error")
			}
		})
	}
}
