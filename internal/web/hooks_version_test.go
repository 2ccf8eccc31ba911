package web

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/klantpuls/klantpuls/internal/cx"
)

// TestHookOutOfOrder: an order changed twice whose deliveries cross (the tools retry and deliver
// concurrently; Shopify says webhooks may arrive out of order, to be told apart by updated_at).
// The later change is what stays stored, whichever arrives last; the older one arriving last is
// answered 200 (a tool retries an error without end), with nothing written.
//
// Shopify #1001: updated_at 14 March 09:00 with current_total_price 54.85 (after a first
// refund), 15 March 11:00 with 44.85 (a second). WooCommerce 727: date_modified_gmt 14 March
// 09:00, 64.85 less refunds of 10.00 and 2.50 = 52.35; 15 March 10:00 with a third refund of
// 5.00: 47.35.
func TestHookOutOfOrder(t *testing.T) {
	shopifyOrder, err := os.ReadFile("../hooks/testdata/shopify-order.json")
	if err != nil {
		t.Fatal(err)
	}
	wooOrder, err := os.ReadFile("../hooks/testdata/woocommerce-order.json")
	if err != nil {
		t.Fatal(err)
	}
	sources := []struct {
		name          string
		send          func(ts *testServer) func(event, body string) response
		order         string
		older, newer  string
		before, after float64
	}{
		{name: "Shopify orders/updated", order: "#1001", before: 54.85, after: 44.85,
			send: func(ts *testServer) func(event, body string) response {
				_, send := shopifyHook(t, ts)
				return func(event, body string) response { return send("orders/updated", event, body) }
			},
			older: string(shopifyOrder),
			newer: strings.NewReplacer(`"updated_at":"2026-03-14T09:00:00+01:00"`, `"updated_at":"2026-03-15T11:00:00+01:00"`,
				`"current_total_price":"54.85"`, `"current_total_price":"44.85"`).Replace(string(shopifyOrder))},
		{name: "WooCommerce order.updated", order: "727", before: 52.35, after: 47.35,
			send: func(ts *testServer) func(event, body string) response {
				return wooHook(t, ts, "order.updated")
			},
			older: string(wooOrder),
			newer: strings.NewReplacer(`"date_modified_gmt":"2026-03-14T09:00:00"`, `"date_modified_gmt":"2026-03-15T10:00:00"`,
				`{"id":731,"reason":"","total":"-2.50"}`, `{"id":731,"reason":"","total":"-2.50"},{"id":732,"reason":"Te laat","total":"-5.00"}`).Replace(string(wooOrder))},
	}
	for _, src := range sources {
		for _, c := range []struct {
			name          string
			first, second string
			written       int // by the second
		}{
			{"newer, then older", src.newer, src.older, 0},
			{"older, then newer", src.older, src.newer, 1},
		} {
			t.Run(src.name+": "+c.name, func(t *testing.T) {
				ts := &testServer{t: t, dbPath: filepath.Join(t.TempDir(), "klantpuls.db"), logs: &syncBuffer{}, tokens: map[string]string{}}
				ts.open()
				send := src.send(ts)
				if res := send("e1", c.first); res.status != 200 {
					t.Fatalf("first: %d %s", res.status, res.body)
				}
				res := send("e2", c.second)
				var got struct{ Written int }
				if res.json(t, &got); res.status != 200 || got.Written != c.written {
					t.Errorf("second: %d %s; want 200, %d written", res.status, res.body, c.written)
				}
				rec, err := ts.app.Record(context.Background(), cx.KindOrders, src.order)
				if err != nil {
					t.Fatal(err)
				}
				if o := rec.(*cx.Order); o.Amount != src.after {
					t.Errorf("stored amount %v; want the later change's %v (the earlier's %v)", o.Amount, src.after, src.before)
				}
			})
		}
	}
}

// wooHook makes a WooCommerce connection on ts and returns how to send it a delivery of a topic,
// signed as WooCommerce signs: base64 of the HMAC-SHA256 of the body, as Shopify's.
func wooHook(t *testing.T, ts *testServer, topic string) func(event, body string) response {
	t.Helper()
	const secret = "wc-webhook-secret-9f2e"
	c := connectHook(t, ts, "woocommerce", secret)
	return func(event, body string) response {
		t.Helper()
		return ts.anonymous().do("POST", HookPath(c), "application/json", strings.NewReader(body),
			"X-WC-Webhook-Topic", topic, "X-WC-Webhook-Delivery-ID", event, "X-WC-Webhook-Signature", shopifySigned(secret, body))
	}
}
