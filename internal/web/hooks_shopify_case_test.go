package web

import (
	"context"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/klantpuls/klantpuls/internal/cx"
	"github.com/klantpuls/klantpuls/internal/store/sqlite/sqlitetest"
)

// TestHookShopifyAddressCase: Shopify keys a customer by e-mail address, and an address is one
// customer however it is cased (cx.CustomerKey). Anna's order sent as Anna@Example.NL stores
// her as anna@example.nl, and a customers/redact that names her ANNA@example.NL erases her:
// before, the order stored a customer "Anna@Example.NL" that the redaction of another spelling
// did not find (it erased ahead a customer no record named), so her address stayed.
func TestHookShopifyAddressCase(t *testing.T) {
	ts := startServer(t, shopifyDays)
	_, send := shopifyHook(t, ts)
	ctx := context.Background()
	order := strings.ReplaceAll(string(readFile(t, "../hooks/testdata/shopify-order.json")), `"anna@example.nl"`, `"Anna@Example.NL"`)
	if !strings.Contains(order, "Anna@Example.NL") {
		t.Fatal("the order's body has no address anna@example.nl")
	}
	if res := send("orders/create", "o1", order); res.status != 200 {
		t.Fatalf("orders/create: %d %s", res.status, res.body)
	}
	rec, err := ts.app.Record(ctx, cx.KindOrders, "#1001")
	if err != nil || rec.(*cx.Order).CustomerID != "anna@example.nl" {
		t.Fatalf("order #1001: %+v %v; want it of anna@example.nl", rec, err)
	}
	if _, err := ts.app.Record(ctx, cx.KindCustomers, "anna@example.nl"); err != nil {
		t.Fatalf("customer anna@example.nl: %v", err)
	}

	redact := strings.ReplaceAll(string(readFile(t, "../hooks/testdata/shopify-redact.json")), `"anna@example.nl"`, `"ANNA@example.NL"`)
	if res := send("customers/redact", "r1", redact); res.status != 200 {
		t.Fatalf("customers/redact: %d %s", res.status, res.body)
	}
	rec, err = ts.app.Record(ctx, cx.KindOrders, "#1001")
	if err != nil || !strings.HasPrefix(rec.(*cx.Order).CustomerID, "erased-") {
		t.Errorf("order #1001 after customers/redact: %+v %v; want it of a pseudonym", rec, err)
	}
	for _, text := range []string{"anna@example.nl", "Anna@Example.NL", "Anna de Vries"} {
		// The tombstone of the row re-keyed to the pseudonym names its old key, as after any
		// erasure (TestHookShopifyRedact).
		if cells := sqlitetest.CellsHolding(t, ts.dbPath, text, "tombstones"); len(cells) > 0 {
			t.Errorf("after customers/redact the database holds %q in %v", text, cells)
		}
	}
}

// An erasure asked by address (POST /api/v1/customers/{id}/erase, klantpuls erase) finds the
// customer a preset or webhook stored under the lower-cased address, however the asker cases
// it; a customer sent to the API under a cased address (ids are kept as sent there) is erased
// by that spelling still.
func TestEraseByAddressOfAnyCase(t *testing.T) {
	ts := startServer(t)
	w := ts.withToken("adminWrite")
	ctx := context.Background()
	at := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	if _, err := ts.app.Ingest(ctx, []cx.Record{
		&cx.Customer{ID: "anna@example.nl", AcquiredAt: at, Name: "Anna de Vries"},
		&cx.Customer{ID: "Bram@Example.NL", AcquiredAt: at, Name: "Bram"},
	}); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct{ asked, stored string }{
		{"Anna@Example.NL", "anna@example.nl"},
		{"Bram@Example.NL", "Bram@Example.NL"},
	} {
		res := w.postJSON("/api/v1/customers/"+url.PathEscape(c.asked)+"/erase", `{"purge":false}`)
		if res.status != 200 || !strings.Contains(res.body, `"customer_id":"`+c.stored+`"`) {
			t.Errorf("erase %s: %d %s; want %s erased", c.asked, res.status, res.body, c.stored)
		}
		if _, err := ts.app.Record(ctx, cx.KindCustomers, c.stored); cx.ErrorCode(err) != cx.ENOTFOUND {
			t.Errorf("after erasing %s the customer %s is there: %v", c.asked, c.stored, err)
		}
	}
}
