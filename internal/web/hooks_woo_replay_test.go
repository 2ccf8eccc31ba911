package web

import (
	"strings"
	"testing"
	"time"

	"github.com/klantpuls/klantpuls/internal/cx"
)

// WooCommerce signs a delivery's body alone: X-WC-Webhook-Signature is base64 of the
// HMAC-SHA256 of the body (WC_Webhook::generate_signature), and X-WC-Webhook-Topic and
// X-WC-Webhook-Delivery-ID are set beside it, unsigned (WC_Webhook::deliver,
// https://github.com/woocommerce/woocommerce/blob/trunk/plugins/woocommerce/includes/class-wc-webhook.php;
// https://woocommerce.com/document/webhooks/). Whoever captured a delivery can send it again
// under any topic and id. WooCommerce's own dates are UTC without an offset
// (date_modified_gmt, https://woocommerce.github.io/woocommerce-rest-api-docs/#order-properties).

// wooReplay is a server on a clock the test moves, 12:00 UTC on 14 March 2026 (three hours after
// woocommerce-order.json's date_modified_gmt, 09:00 UTC), with a WooCommerce connection; send
// posts a body signed with the connection's secret under the topic and delivery id given.
func wooReplay(t *testing.T) (ts *testServer, c *clock, conn *cx.Connection, send func(topic, id, body string) response) {
	t.Helper()
	c = &clock{t: time.Date(2026, 3, 14, 12, 0, 0, 0, time.UTC)}
	ts = startServer(t, func(o *Options) { o.Now = c.now })
	const secret = "wc-webhook-secret-9f2e"
	conn = connectHook(t, ts, "woocommerce", secret)
	return ts, c, conn, func(topic, id, body string) response {
		t.Helper()
		return ts.anonymous().do("POST", HookPath(conn), "application/json", strings.NewReader(body),
			"X-WC-Webhook-Topic", topic, "X-WC-Webhook-Delivery-ID", id, "X-WC-Webhook-Signature", shopifySigned(secret, body))
	}
}

// TestHookWooReplayUnderAnotherTopic: a captured order.updated of order 727 sent again as
// order.deleted deleted the order, its body having the order's id; under a new delivery id it
// was no repeat. Now the body is what is remembered: under any topic and id it is a repeat, and
// order 727 and its customer stay.
func TestHookWooReplayUnderAnotherTopic(t *testing.T) {
	ts, _, _, send := wooReplay(t)
	order := string(readFile(t, "../hooks/testdata/woocommerce-order.json"))
	if res := send("order.updated", "d-1", order); res.status != 200 || !ts.stored(t, cx.KindOrders, "727") {
		t.Fatalf("order.updated: %d %s", res.status, res.body)
	}
	for _, replay := range []struct{ topic, id string }{
		{"order.deleted", "d-1"},
		{"order.deleted", "d-made-up"},
		{"order.updated", "d-made-up-2"},
		{"order.restored", "d-made-up-3"},
	} {
		t.Run(replay.topic+" "+replay.id, func(t *testing.T) {
			res := send(replay.topic, replay.id, order)
			if res.status != 200 || !strings.Contains(res.body, `"repeat":true`) {
				t.Errorf("%d %s; want 200, a repeat", res.status, res.body)
			}
			if !ts.stored(t, cx.KindOrders, "727") {
				t.Error("the replay deleted order 727")
			}
		})
	}
}

// TestHookWooReplayAfterTheIdsAreForgotten: delivery ids are remembered 7 days. Order 727 is
// created and then deleted in the shop; 8 days after it changed (date_modified_gmt 14 March
// 09:00 UTC) someone sends the captured order.created again. Before, it was written: the deleted
// order was back in every figure. Now it is answered 200, nothing written, saying when the order
// changed, and counted as a refusal: WooCommerce builds a delivery's body when it sends it and
// never sends it again, so none of its own is that old. A customer's body likewise.
func TestHookWooReplayAfterTheIdsAreForgotten(t *testing.T) {
	ts, c, conn, send := wooReplay(t)
	order := string(readFile(t, "../hooks/testdata/woocommerce-order.json"))
	if res := send("order.created", "d-create", order); res.status != 200 || !ts.stored(t, cx.KindOrders, "727") {
		t.Fatalf("order.created: %d %s", res.status, res.body)
	}
	if res := send("order.deleted", "d-delete", `{"id":727}`); res.status != 200 || ts.stored(t, cx.KindOrders, "727") {
		t.Fatalf("order.deleted: %d %s", res.status, res.body)
	}
	c.add(8 * 24 * time.Hour) // 12:00 UTC on 22 March, 8 days and 3 hours after the change
	res := send("order.created", "d-replay", order)
	if res.status != 200 || !strings.Contains(res.body, `"written":0`) || !strings.Contains(res.body, "2026-03-14T09:00:00Z, more than 7 days ago") {
		t.Errorf("the order.created 8 days on: %d %s; want 200, nothing written, saying when its order changed", res.status, res.body)
	}
	if ts.stored(t, cx.KindOrders, "727") {
		t.Error("the replay brought the deleted order 727 back")
	}
	// chris@example.org changed 14 March 10:02 UTC (date_modified_gmt): 8 days on as well.
	res = send("customer.created", "d-customer", string(readFile(t, "../hooks/testdata/woocommerce-customer.json")))
	if res.status != 200 || !strings.Contains(res.body, "2026-03-14T10:02:00Z, more than 7 days ago") || ts.stored(t, cx.KindCustomers, "chris@example.org") {
		t.Errorf("a customer.created of 14 March, 8 days on: %d %s; want 200, nothing written", res.status, res.body)
	}
	got := ts.connection(HookPath(conn))
	if got.Deliveries != 2 || got.Errors != 2 || !strings.Contains(got.LastError, "a replay") {
		t.Errorf("connection: %d deliveries, %d errors, last %q; want 2 (create, delete), 2 and the replay", got.Deliveries, got.Errors, got.LastError)
	}
}

// TestHookWooOrderTrashedAgain: WooCommerce sends order.deleted as {"id": 727} each time order
// 727 is trashed (WC_Webhook::build_payload: "If a resource has been deleted, just include the
// ID in the payload"), so an order trashed, restored and trashed again sends the same body
// twice. Remembered by its body, the second would be a repeat and the order, trashed in the
// shop, counted as a sale; a body without a time of its own is remembered by its delivery id.
func TestHookWooOrderTrashedAgain(t *testing.T) {
	ts, c, _, send := wooReplay(t)
	order := string(readFile(t, "../hooks/testdata/woocommerce-order.json"))
	restored := strings.Replace(order, `"date_modified_gmt":"2026-03-14T09:00:00"`, `"date_modified_gmt":"2026-03-14T12:30:00"`, 1)
	for _, d := range []struct {
		topic, id, body string
		stored          bool
	}{
		{"order.created", "d-1", order, true},
		{"order.deleted", "d-2", `{"id":727}`, false},
		{"order.restored", "d-3", restored, true},
		{"order.deleted", "d-4", `{"id":727}`, false},
	} {
		c.add(time.Hour)
		if res := send(d.topic, d.id, d.body); res.status != 200 || ts.stored(t, cx.KindOrders, "727") != d.stored {
			t.Fatalf("%s %s: %d %s; want order 727 stored %v", d.topic, d.id, res.status, res.body, d.stored)
		}
	}
}
