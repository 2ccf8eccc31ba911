package web

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/klantpuls/klantpuls/internal/cx"
)

// Shopify signs a delivery's body alone: X-Shopify-Hmac-Sha256 covers neither X-Shopify-Topic
// nor the delivery's ids (X-Shopify-Event-Id, X-Shopify-Webhook-Id), and Shopify counts any 2xx
// as delivered and retries anything else, 8 times over 4 hours
// (https://shopify.dev/docs/apps/build/webhooks, "Respond to the webhook"; the changelog
// https://shopify.dev/changelog/updates-to-webhook-retry-mechanism). Whoever captured a
// delivery can send it again under any headers.

// shopifyReplay is a server on a clock the test moves, 12:00 UTC on 14 March 2026 (four hours
// after shopify-order.json's updated_at), with a Shopify connection; send posts a body signed
// with the connection's secret under the headers given.
func shopifyReplay(t *testing.T) (ts *testServer, c *clock, conn *cx.Connection, send func(body string, header ...string) response) {
	t.Helper()
	c = &clock{t: time.Date(2026, 3, 14, 12, 0, 0, 0, time.UTC)}
	ts = startServer(t, func(o *Options) { o.Now = c.now })
	const secret = "shpss_5f3c0e2b7d_webhook_secret"
	conn = connectHook(t, ts, "shopify", secret)
	return ts, c, conn, func(body string, header ...string) response {
		t.Helper()
		return ts.anonymous().do("POST", HookPath(conn), "application/json", strings.NewReader(body),
			append([]string{"X-Shopify-Hmac-Sha256", shopifySigned(secret, body)}, header...)...)
	}
}

func (ts *testServer) stored(t *testing.T, kind cx.Kind, id string) bool {
	t.Helper()
	_, err := ts.app.Record(context.Background(), kind, id)
	if err != nil && cx.ErrorCode(err) != cx.ENOTFOUND {
		t.Fatal(err)
	}
	return err == nil
}

// TestHookShopifyReplayAfterTheIdsAreForgotten: delivery ids are remembered 7 days. Order #1001
// is created and then deleted in the shop; 8 days later someone sends the captured orders/create
// again, its id forgotten. Before the fix it was written: the deleted order was back in every
// figure. Now a delivery whose order changed (updated_at) more than 7 days ago is refused:
// nothing written or remembered, counted as a refusal on the connection, and answered 200 —
// Shopify itself never sends one so late, and a 4xx would only be retried. Six days on, the same
// delivery is still remembered: a repeat.
func TestHookShopifyReplayAfterTheIdsAreForgotten(t *testing.T) {
	ts, c, conn, send := shopifyReplay(t)
	order := string(readFile(t, "../hooks/testdata/shopify-order.json")) // updated_at 2026-03-14T09:00:00+01:00
	if res := send(order, "X-Shopify-Topic", "orders/create", "X-Shopify-Event-Id", "evt-create"); res.status != 200 || !ts.stored(t, cx.KindOrders, "#1001") {
		t.Fatalf("orders/create: %d %s", res.status, res.body)
	}
	if res := send(`{"id":5839124410567}`, "X-Shopify-Topic", "orders/delete", "X-Shopify-Event-Id", "evt-delete"); res.status != 200 || ts.stored(t, cx.KindOrders, "#1001") {
		t.Fatalf("orders/delete: %d %s", res.status, res.body)
	}
	c.add(6 * 24 * time.Hour)
	if res := send(order, "X-Shopify-Topic", "orders/create", "X-Shopify-Event-Id", "evt-create"); res.status != 200 || !strings.Contains(res.body, `"repeat":true`) {
		t.Errorf("the same delivery 6 days on: %d %s; want 200, a repeat", res.status, res.body)
	}
	c.add(2 * 24 * time.Hour) // 8 days after the order changed, 20:00 UTC on 22 March
	res := send(order, "X-Shopify-Topic", "orders/create", "X-Shopify-Event-Id", "evt-create")
	if res.status != 200 || !strings.Contains(res.body, `"written":0`) || !strings.Contains(res.body, "2026-03-14T09:00:00+01:00, more than 7 days ago") {
		t.Errorf("the same delivery 8 days on: %d %s; want 200, nothing written, saying when its order changed", res.status, res.body)
	}
	if ts.stored(t, cx.KindOrders, "#1001") {
		t.Error("the replay brought the deleted order #1001 back")
	}
	got := ts.connection(HookPath(conn))
	if got.Deliveries != 3 || got.Errors != 1 || !strings.Contains(got.LastError, "a replay") {
		t.Errorf("connection: %d deliveries, %d errors, last %q; want 3 (create, delete, the repeat), 1 and the replay", got.Deliveries, got.Errors, got.LastError)
	}
	// Refused, it was not remembered: refused again, not a repeat.
	if res := send(order, "X-Shopify-Topic", "orders/create", "X-Shopify-Event-Id", "evt-create"); res.status != 200 || strings.Contains(res.body, `"repeat"`) || !strings.Contains(res.body, "a replay") {
		t.Errorf("the replay again: %d %s; want it refused again", res.status, res.body)
	}
}

// TestHookShopifyReplayUnderAnotherTopic: a captured orders/updated, its body signed, sent again
// under another topic: as orders/delete it deletes the order by the body's id, as
// customers/redact it erases the order's customer (the body has customer.email). With the same
// X-Shopify-Event-Id it was a repeat already; under the delivery's other id header
// (X-Shopify-Webhook-Id, which Shopify sends too) or any made-up one it was written. Now a
// delivery is remembered by its signed body, so the body under any topic and any id is a
// repeat: nothing deleted, nothing erased.
func TestHookShopifyReplayUnderAnotherTopic(t *testing.T) {
	ts, _, _, send := shopifyReplay(t)
	order := string(readFile(t, "../hooks/testdata/shopify-order.json"))
	res := send(order, "X-Shopify-Topic", "orders/updated", "X-Shopify-Event-Id", "evt-1", "X-Shopify-Webhook-Id", "wh-1")
	if res.status != 200 || !ts.stored(t, cx.KindOrders, "#1001") || !ts.stored(t, cx.KindCustomers, "anna@example.nl") {
		t.Fatalf("orders/updated: %d %s", res.status, res.body)
	}
	// customers/redact refuses an order's body before it is looked up as a repeat
	// (TestHookShopifyRedactNeedsARedactBody).
	for _, replay := range []struct {
		name, topic, idHeader, id string
		status                    int
		answer                    string
	}{
		{"orders/delete, the same event id", "orders/delete", "X-Shopify-Event-Id", "evt-1", 200, `"repeat":true`},
		{"orders/delete, the webhook id alone", "orders/delete", "X-Shopify-Webhook-Id", "wh-1", 200, `"repeat":true`},
		{"customers/redact, a made-up id", "customers/redact", "X-Shopify-Event-Id", "evt-made-up", 422, "shop_id: missing"},
		{"customers/create, a made-up id", "customers/create", "X-Shopify-Event-Id", "evt-made-up-2", 200, `"repeat":true`},
		{"orders/delete, no id", "orders/delete", "X-Shopify-Shop-Domain", "webwinkel.myshopify.com", 200, `"repeat":true`},
	} {
		t.Run(replay.name, func(t *testing.T) {
			res := send(order, "X-Shopify-Topic", replay.topic, replay.idHeader, replay.id)
			if res.status != replay.status || !strings.Contains(res.body, replay.answer) {
				t.Errorf("%d %s; want %d, %s", res.status, res.body, replay.status, replay.answer)
			}
			if !ts.stored(t, cx.KindOrders, "#1001") {
				t.Error("the replay deleted order #1001")
			}
			if !ts.stored(t, cx.KindCustomers, "anna@example.nl") {
				t.Error("the replay erased anna@example.nl")
			}
		})
	}
}

// TestHookShopifyRedactNeedsARedactBody: a shop's webhooks are all signed with one secret, and
// may go to other places besides klantpuls (another app, an automation), so a signed order body
// klantpuls never received can be sent to it under X-Shopify-Topic: customers/redact; it has
// customer.email, and erased Anna. customers/redact's documented body always has shop_id and
// orders_to_redact (https://shopify.dev/docs/apps/build/compliance/privacy-law-compliance): one
// without is refused 422, naming the member, and nothing is erased. The documented body erases.
func TestHookShopifyRedactNeedsARedactBody(t *testing.T) {
	ts, _, _, send := shopifyReplay(t)
	if _, err := ts.app.Ingest(context.Background(), []cx.Record{&cx.Customer{ID: "anna@example.nl", Name: "Anna de Vries",
		Email: "anna@example.nl", AcquiredAt: time.Date(2025, 11, 2, 9, 15, 0, 0, time.UTC)}}); err != nil {
		t.Fatal(err)
	}
	order := string(readFile(t, "../hooks/testdata/shopify-order.json"))
	res := send(order, "X-Shopify-Topic", "customers/redact", "X-Shopify-Event-Id", "evt-elsewhere")
	if res.status != 422 || !strings.Contains(res.body, "shop_id: missing") {
		t.Errorf("an order's body as customers/redact: %d %s; want 422 naming shop_id", res.status, res.body)
	}
	if !ts.stored(t, cx.KindCustomers, "anna@example.nl") {
		t.Error("an order's body as customers/redact erased anna@example.nl")
	}
	res = send(string(readFile(t, "../hooks/testdata/shopify-redact.json")), "X-Shopify-Topic", "customers/redact", "X-Shopify-Event-Id", "evt-redact")
	if res.status != 200 || !strings.Contains(res.body, `"erased":1`) || ts.stored(t, cx.KindCustomers, "anna@example.nl") {
		t.Errorf("customers/redact: %d %s; want 200, anna@example.nl erased", res.status, res.body)
	}
}
