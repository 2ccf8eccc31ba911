package web

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/klantpuls/klantpuls/internal/cx"
	"github.com/klantpuls/klantpuls/internal/engine"
	"github.com/klantpuls/klantpuls/internal/metric"
	"github.com/klantpuls/klantpuls/internal/pgtest"
	"github.com/klantpuls/klantpuls/internal/store/postgres/postgrestest"
	"github.com/klantpuls/klantpuls/internal/store/sqlite/sqlitetest"
)

// TestHookShopifyRedact: Shopify keys customers by e-mail address, so Shopify's
// customers/redact must leave the address nowhere — not as the customer's key, nor as the
// customer_id of their order — while the order counts as before under the pseudonym. On SQLite
// every cell of every table is read (but the tombstones': sqlitetest.CellsHolding) and its write-ahead log
// byte by byte, on PostgreSQL the files of the tables; the engine's file is written and read too.
func TestHookShopifyRedact(t *testing.T) {
	for _, db := range []string{"SQLite", "PostgreSQL"} {
		t.Run(db, func(t *testing.T) {
			dsn := filepath.Join(t.TempDir(), "klantpuls.db")
			if db == "PostgreSQL" {
				dsn = postgrestest.Fresh(t)
			}
			testShopifyRedact(t, dsn)
		})
	}
}

func testShopifyRedact(t *testing.T, dsn string) {
	order, err := os.ReadFile("../hooks/testdata/shopify-order.json")
	if err != nil {
		t.Fatal(err)
	}
	redact, err := os.ReadFile("../hooks/testdata/shopify-redact.json")
	if err != nil {
		t.Fatal(err)
	}
	ts := &testServer{t: t, dbPath: dsn, logs: &syncBuffer{}, tokens: map[string]string{}}
	ts.open(shopifyDays)
	_, send := shopifyHook(t, ts)
	ctx := context.Background()
	acquired := time.Date(2025, 11, 2, 9, 15, 0, 0, time.UTC)
	if _, err := ts.app.Ingest(ctx, []cx.Record{&cx.Customer{ID: "anna@example.nl", AcquiredAt: acquired,
		Name: "Anna de Vries", Email: "anna@example.nl", Segment: "zakelijk", Attrs: cx.Attrs{"kvk": "12345678"}}}); err != nil {
		t.Fatal(err)
	}
	if res := send("orders/create", "e1", string(order)); res.status != 200 {
		t.Fatalf("orders/create: %d %s", res.status, res.body)
	}
	march := engine.Query{From: time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC), To: time.Date(2026, 4, 1, 0, 0, 0, 0, time.UTC)}
	// Order #1001 of 13 March, Anna's only order: one buyer with one order.
	before := *marchFigures(t, ts, march).CLV
	if before.Orders != 1 || before.Buyers != 1 {
		t.Fatalf("before: clv %+v, want 1 order of 1 buyer", before)
	}

	if res := send("customers/redact", "e4", string(redact)); res.status != 200 {
		t.Fatalf("customers/redact: %d %s", res.status, res.body)
	}
	if _, err := ts.app.Record(ctx, cx.KindCustomers, "anna@example.nl"); cx.ErrorCode(err) != cx.ENOTFOUND {
		t.Errorf("after customers/redact a customer is still keyed by the address: %v", err)
	}
	rec, err := ts.app.Record(ctx, cx.KindOrders, "#1001")
	if err != nil {
		t.Fatal(err)
	}
	pseudonym := rec.(*cx.Order).CustomerID
	if !strings.HasPrefix(pseudonym, "erased-") {
		t.Fatalf("order #1001 names customer %q, want a pseudonym", pseudonym)
	}
	if rec, err = ts.app.Record(ctx, cx.KindCustomers, pseudonym); err != nil {
		t.Fatal(err)
	}
	want := cx.Customer{ID: pseudonym, AcquiredAt: acquired, Segment: "zakelijk"}
	if c := rec.(*cx.Customer); !reflect.DeepEqual(*c, want) {
		t.Errorf("the customer after customers/redact: %+v, want %+v", *c, want)
	}
	if after := *marchFigures(t, ts, march).CLV; !reflect.DeepEqual(after, before) {
		t.Errorf("clv after customers/redact %+v, want as before %+v", after, before)
	}
	snapshot := filepath.Join(t.TempDir(), "engine.snapshot")
	if err := ts.app.SaveSnapshot(snapshot); err != nil {
		t.Fatal(err)
	}
	files := map[string][]byte{"the engine file": readFile(t, snapshot)}
	if strings.HasPrefix(dsn, "postgres") {
		for _, table := range []string{"customers", "orders", "invitations", "audit_log", "hook_deliveries", "settings"} {
			files["the table "+table] = pgtest.TableFile(t, dsn, table)
		}
	} else {
		files["its write-ahead log"] = readFile(t, dsn+"-wal")
		for _, cell := range sqlitetest.CellsHolding(t, dsn, "anna@example.nl", "tombstones") {
			t.Errorf("the database still holds the address in %s", cell)
		}
	}
	for name, data := range files {
		if i := bytes.Index(data, []byte("anna@example.nl")); i >= 0 {
			t.Errorf("%s (%d bytes) still holds the address: …%q…", name, len(data), data[max(0, i-60):i+20])
		}
	}

	// The erasure is remembered: a later orders/updated of Anna's order (Shopify keeps sending
	// them: a refund, a fulfilment) stores the order and her customer record under the pseudonym,
	// without her name — both the 2 records as stored already, so nothing is written. (Its body
	// says the order was fulfilled, which klantpuls does not read: the first body again would be
	// a repeat, remembered by its body.)
	fulfilled := strings.Replace(string(order), `"currency":"EUR"`, `"currency":"EUR","fulfillment_status":"fulfilled"`, 1)
	if fulfilled == string(order) {
		t.Fatal("the order's body has no currency to add a fulfilment after")
	}
	res := send("orders/updated", "e5", fulfilled)
	if res.status != 200 || !strings.Contains(res.body, `"forgotten":2`) || !strings.Contains(res.body, `"written":0`) {
		t.Errorf("orders/updated after the erasure: %d %s; want 2 records forgotten, none written", res.status, res.body)
	}
	if _, err := ts.app.Record(ctx, cx.KindCustomers, "anna@example.nl"); cx.ErrorCode(err) != cx.ENOTFOUND {
		t.Errorf("after orders/updated a customer is keyed by the address again: %v", err)
	}
	if rec, err = ts.app.Record(ctx, cx.KindCustomers, pseudonym); err != nil {
		t.Fatal(err)
	}
	if c := rec.(*cx.Customer); !reflect.DeepEqual(*c, want) {
		t.Errorf("the customer after a later orders/updated: %+v, want %+v", *c, want)
	}
	if rec, err = ts.app.Record(ctx, cx.KindOrders, "#1001"); err != nil || rec.(*cx.Order).CustomerID != pseudonym {
		t.Errorf("order #1001 after a later orders/updated: %+v %v, want it of %s", rec, err, pseudonym)
	}
	if after := *marchFigures(t, ts, march).CLV; !reflect.DeepEqual(after, before) {
		t.Errorf("clv after a later orders/updated %+v, want as before %+v", after, before)
	}
}

// TestHookShopifyRedactBeforeTheOrder: Shopify's customers/redact arrives for a customer
// klantpuls holds nothing of yet (the shop's history is imported later, or the order's own
// delivery was retried and arrives after it). The erasure is remembered all the same, so the
// order that arrives next is stored under the pseudonym without Anna's name or address. README:
// customers/redact "erases the customer as klantpuls erase does"; later records for that id are
// stored without the erased data.
func TestHookShopifyRedactBeforeTheOrder(t *testing.T) {
	ts := startServer(t, shopifyDays)
	_, send := shopifyHook(t, ts)
	if res := send("customers/redact", "r1", string(readFile(t, "../hooks/testdata/shopify-redact.json"))); res.status != 200 {
		t.Fatalf("customers/redact: %d %s", res.status, res.body)
	}
	// The order names Anna's customer row and the order: both forgotten.
	if res := send("orders/create", "o1", string(readFile(t, "../hooks/testdata/shopify-order.json"))); res.status != 200 || !strings.Contains(res.body, `"forgotten":2`) {
		t.Errorf("orders/create after customers/redact: %d %s; want 2 records forgotten", res.status, res.body)
	}
	for _, text := range []string{"anna@example.nl", "Anna de Vries"} {
		if cells := sqlitetest.CellsHolding(t, ts.dbPath, text); len(cells) > 0 {
			t.Errorf("after customers/redact the database holds %q in %v", text, cells)
		}
	}
	rec, err := ts.app.Record(context.Background(), cx.KindOrders, "#1001")
	if err != nil || !strings.HasPrefix(rec.(*cx.Order).CustomerID, "erased-") {
		t.Errorf("order #1001: %+v %v; want it of a pseudonym", rec, err)
	}
}

// marchFigures are the figures of q's report, of one group.
func marchFigures(t *testing.T, ts *testServer, q engine.Query) metric.Set {
	t.Helper()
	g, err := ts.app.Report(context.Background(), q)
	if err != nil || len(g) != 1 {
		t.Fatalf("report: %v %v", g, err)
	}
	return g[0].Metrics
}

// readFile reads path; a file that is not there reads as empty.
func readFile(t *testing.T, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil && !os.IsNotExist(err) {
		t.Fatal(err)
	}
	return b
}
