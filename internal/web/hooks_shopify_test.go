package web

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/klantpuls/klantpuls/internal/cx"
	"github.com/klantpuls/klantpuls/internal/store/postgres/postgrestest"
)

// shopifySigned is Shopify's X-Shopify-Hmac-Sha256: base64 of the HMAC-SHA256 of the raw body
// under the webhook secret (https://shopify.dev/docs/apps/build/webhooks/subscribe/https).
func shopifySigned(secret, body string) string {
	m := hmac.New(sha256.New, []byte(secret))
	m.Write([]byte(body))
	return base64.StdEncoding.EncodeToString(m.Sum(nil))
}

// shopifyDays is the server's clock for the Shopify and WooCommerce deliveries of testdata, whose
// records changed on 13–15 March 2026: the day after, as Shopify delivers within hours, a day
// late at most (https://shopify.dev/docs/apps/build/webhooks/best-practices), and WooCommerce
// builds a delivery when it sends it. At today's date they would be refused as replays, their
// records changed more than 7 days before (app.TooOldToTell).
func shopifyDays(o *Options) {
	o.Now = func() time.Time { return time.Date(2026, 3, 16, 12, 0, 0, 0, time.UTC) }
}

// TestHookShopifyOrderDelete: Shopify's orders/delete carries only the order's number id
// ({"id": 5839124410567}, https://shopify.dev/docs/api/webhooks?reference=toml#list-of-topics-orders/delete),
// and klantpuls keys a Shopify order by its name (#1001). The id kept with the order when
// orders/create wrote it finds the order after a restart, and the order is deleted, the other
// order kept; an id no order has is answered 200, writes nothing and is counted as a delivery.
// On SQLite and on PostgreSQL.
func TestHookShopifyOrderDelete(t *testing.T) {
	for _, db := range []string{"SQLite", "PostgreSQL"} {
		t.Run(db, func(t *testing.T) {
			dsn := filepath.Join(t.TempDir(), "klantpuls.db")
			if db == "PostgreSQL" {
				dsn = postgrestest.Fresh(t)
			}
			testShopifyOrderDelete(t, dsn)
		})
	}
}

// shopifyHook makes a Shopify connection on ts, and returns it and how to send it a delivery
// of a topic, signed.
func shopifyHook(t *testing.T, ts *testServer) (*cx.Connection, func(topic, event, body string) response) {
	t.Helper()
	const secret = "shpss_5f3c0e2b7d_webhook_secret"
	c := connectHook(t, ts, "shopify", secret)
	return c, func(topic, event, body string) response {
		t.Helper()
		return ts.anonymous().do("POST", HookPath(c), "application/json", strings.NewReader(body),
			"X-Shopify-Topic", topic, "X-Shopify-Event-Id", event, "X-Shopify-Hmac-Sha256", shopifySigned(secret, body))
	}
}

// connectHook makes a connection of source on ts, of every kind the source writes, with secret.
func connectHook(t *testing.T, ts *testServer, source, secret string) *cx.Connection {
	t.Helper()
	c, keep, _, err := NewConnection(source, "Webwinkel", nil, secret)
	if err != nil {
		t.Fatal(err)
	}
	c.Actor = "cli:test"
	if err := ts.app.CreateConnection(context.Background(), &c, keep, ""); err != nil {
		t.Fatal(err)
	}
	return &c
}

func testShopifyOrderDelete(t *testing.T, dsn string) {
	order, err := os.ReadFile("../hooks/testdata/shopify-order.json")
	if err != nil {
		t.Fatal(err)
	}
	// The same shop's next order: #1002, number id 5839124410568.
	next := strings.NewReplacer(`"id":5839124410567`, `"id":5839124410568`, `"#1001"`, `"#1002"`).Replace(string(order))
	ts := &testServer{t: t, dbPath: dsn, logs: &syncBuffer{}, tokens: map[string]string{}}
	ts.open(shopifyDays)
	c, send := shopifyHook(t, ts)
	stored := func(name string) bool {
		t.Helper()
		_, err := ts.app.Record(context.Background(), cx.KindOrders, name)
		if err != nil && cx.ErrorCode(err) != cx.ENOTFOUND {
			t.Fatal(err)
		}
		return err == nil
	}
	for i, body := range []string{string(order), next} {
		if res := send("orders/create", "evt-create-"+string(rune('1'+i)), body); res.status != 200 {
			t.Fatalf("orders/create: %d %s", res.status, res.body)
		}
	}
	ts.stop() // the id is kept with the order in the database, not in this process
	ts.open(shopifyDays)
	if !stored("#1001") || !stored("#1002") {
		t.Fatal("the orders were not stored")
	}

	res := send("orders/delete", "evt-delete-1", `{"id":5839124410567}`)
	if res.status != 200 || !strings.Contains(res.body, `"deletes":1`) {
		t.Errorf("orders/delete: %d %s; want 200 deleting one order", res.status, res.body)
	}
	if stored("#1001") || !stored("#1002") {
		t.Errorf("after orders/delete of 5839124410567: #1001 stored %v, #1002 stored %v; want #1002 only", stored("#1001"), stored("#1002"))
	}
	res = send("orders/delete", "evt-delete-2", `{"id":450789469}`)
	if res.status != 200 || !strings.Contains(res.body, `"deletes":0`) || !strings.Contains(res.body, "nothing to delete") {
		t.Errorf("orders/delete of an id no order has: %d %s; want 200, nothing to delete", res.status, res.body)
	}
	if !stored("#1002") {
		t.Error("an unknown id deleted #1002")
	}
	if got := ts.connection(HookPath(c)); got.Deliveries != 4 || got.Errors != 0 {
		t.Errorf("connection: %d deliveries, %d errors (%s); want 4 and 0", got.Deliveries, got.Errors, got.LastError)
	}
}

// TestHookShopifyOrderCompletesCustomer: orders/create carries the order's customer with only
// an address, a name and when their Shopify account was made (2025-11-02T10:15:00+01:00). It
// completes the customer stored (from a customers file) rather than replacing it: segment,
// e-mail address, referral and attributes stay, and acquired_at is the earlier of the two.
// A customer stored by no one is written as the order gives them.
func TestHookShopifyOrderCompletesCustomer(t *testing.T) {
	ts, send, order := shopifyServer(t, "shopify-order.json")
	ctx := context.Background()
	fromCRM := func(id string, acquired time.Time) *cx.Customer {
		return &cx.Customer{ID: id, AcquiredAt: acquired, Name: "Anna de Vries-Jansen", Email: "anna@example.nl",
			Segment: "zakelijk", ReferredBy: "bram@example.com", Attrs: cx.Attrs{"kvk": "12345678"}}
	}
	shopifyMade := time.Date(2025, 11, 2, 9, 15, 0, 0, time.UTC)
	cases := []struct {
		name   string
		id     string // the order's e-mail address
		stored *cx.Customer
		want   *cx.Customer
	}{
		{"a customers file's customer keeps its fields", "anna@example.nl",
			fromCRM("anna@example.nl", time.Date(2025, 6, 1, 8, 0, 0, 0, time.UTC)),
			fromCRM("anna@example.nl", time.Date(2025, 6, 1, 8, 0, 0, 0, time.UTC))},
		{"an account made before the customers file says takes acquired_at back", "anna.b@example.nl",
			fromCRM("anna.b@example.nl", time.Date(2026, 1, 10, 9, 0, 0, 0, time.UTC)),
			fromCRM("anna.b@example.nl", shopifyMade)},
		{"a customer stored by no one is the order's", "anna.c@example.nl",
			nil,
			&cx.Customer{ID: "anna.c@example.nl", AcquiredAt: shopifyMade, Name: "Anna de Vries"}},
	}
	for i, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if tc.stored != nil {
				if _, err := ts.app.Ingest(ctx, []cx.Record{tc.stored}); err != nil {
					t.Fatal(err)
				}
			}
			body := strings.NewReplacer("anna@example.nl", tc.id, `"#1001"`, fmt.Sprintf(`"#10%02d"`, i)).Replace(string(order))
			if res := send("orders/create", fmt.Sprintf("evt-%d", i), body); res.status != 200 {
				t.Fatalf("orders/create: %d %s", res.status, res.body)
			}
			got, err := ts.app.Record(ctx, cx.KindCustomers, tc.id)
			if err != nil || !reflect.DeepEqual(got, tc.want) {
				t.Errorf("stored after orders/create: %+v, %v\nwant %+v", got, err, tc.want)
			}
		})
	}
}

// A customers/update sets what Shopify knows of the customer — its name and when the account
// was made — and the customers file's segment, e-mail, referral and attributes stay; it used to
// replace the customer whole and blank them. The testdata customer: bram@example.com, Bram Smit,
// made 2026-03-14 09:58:40 +01:00, updated then.
func TestHookShopifyCustomerUpdateKeepsTheRest(t *testing.T) {
	ts, send, customer := shopifyServer(t, "shopify-customer.json")
	ctx := context.Background()
	stored := &cx.Customer{ID: "bram@example.com", AcquiredAt: time.Date(2025, 6, 1, 8, 0, 0, 0, time.UTC), Name: "B. Smit",
		Email: "bram@example.com", Segment: "zakelijk", ReferredBy: "anna@example.nl", Attrs: cx.Attrs{"kvk": "12345678"}}
	if _, err := ts.app.Ingest(ctx, []cx.Record{stored}); err != nil {
		t.Fatal(err)
	}
	if res := send("customers/update", "evt-u1", string(customer)); res.status != 200 {
		t.Fatalf("customers/update: %d %s", res.status, res.body)
	}
	got, err := ts.app.Record(ctx, cx.KindCustomers, "bram@example.com")
	if err != nil {
		t.Fatal(err)
	}
	c := got.(*cx.Customer)
	made := time.Date(2026, 3, 14, 8, 58, 40, 0, time.UTC)
	if c.Name != "Bram Smit" || !c.AcquiredAt.Equal(made) || c.Segment != "zakelijk" || c.Email != "bram@example.com" ||
		c.ReferredBy != "anna@example.nl" || c.Attrs["kvk"] != "12345678" || c.Attrs[cx.SourceVersion] != "2026-03-14T08:58:40Z" {
		t.Errorf("stored after customers/update: %+v\nwant Bram Smit made %v, segment, e-mail, referral and kvk kept, its version", c, made)
	}
}

// TestHookShopifyVoidedOrderLeaves: order #1002 comes pending (a bank transfer: a sale), then,
// cancelled unpaid, as voided. The voided order is no sale: it is deleted, #1001 stays, and the
// delivery counts as one deletion.
func TestHookShopifyVoidedOrderLeaves(t *testing.T) {
	ts, send, voided := shopifyServer(t, "shopify-order-voided.json")
	for i, file := range []string{"shopify-order.json", "shopify-order-pending.json"} {
		body, err := os.ReadFile(filepath.Join("..", "hooks", "testdata", file))
		if err != nil {
			t.Fatal(err)
		}
		if res := send("orders/create", fmt.Sprintf("evt-%d", i), string(body)); res.status != 200 {
			t.Fatalf("orders/create %s: %d %s", file, res.status, res.body)
		}
	}
	res := send("orders/updated", "evt-voided", string(voided))
	if res.status != 200 || !strings.Contains(res.body, `"deletes":1`) {
		t.Errorf("orders/updated, voided: %d %s; want 200 deleting one order", res.status, res.body)
	}
	for name, want := range map[string]bool{"#1001": true, "#1002": false} {
		if _, err := ts.app.Record(context.Background(), cx.KindOrders, name); (err == nil) != want {
			t.Errorf("order %s stored: %v; want %v", name, err == nil, want)
		}
	}
}

// shopifyServer is a server of its own with a Shopify connection, its send, and the testdata
// delivery named.
func shopifyServer(t *testing.T, testdata string) (*testServer, func(topic, event, body string) response, []byte) {
	t.Helper()
	body, err := os.ReadFile(filepath.Join("..", "hooks", "testdata", testdata))
	if err != nil {
		t.Fatal(err)
	}
	ts := &testServer{t: t, dbPath: filepath.Join(t.TempDir(), "klantpuls.db"), logs: &syncBuffer{}, tokens: map[string]string{}}
	ts.open(shopifyDays)
	_, send := shopifyHook(t, ts)
	return ts, send, body
}
