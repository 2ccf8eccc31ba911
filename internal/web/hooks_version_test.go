package web

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

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
				ts.open(shopifyDays)
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

// TestHookLateUpdateAfterCancel: Shopify says webhooks may arrive out of order and
// to tell them apart by updated_at; README ("Live connections"): "a cancelled order … is
// deleted, whatever an earlier delivery wrote", and "acknowledges with 200, without writing it
// (written: 0), a delivery older than the record it holds". Order #1001 is created (updated_at
// 13 March 14:04), then an edit (14 March 09:00) whose orders/updated is retried late, after the
// order was cancelled (15 March 10:00). The late, older orders/updated must not bring the
// cancelled order back as a sale. The same for WooCommerce: order 727 cancelled (15 March) and a
// late order.updated of 14 March in status processing.
func TestHookLateUpdateAfterCancel(t *testing.T) {
	t.Run("Shopify", func(t *testing.T) {
		order, err := os.ReadFile("../hooks/testdata/shopify-order.json")
		if err != nil {
			t.Fatal(err)
		}
		edit := string(order) // updated_at 2026-03-14T09:00:00+01:00
		created := strings.Replace(edit, `"updated_at":"2026-03-14T09:00:00+01:00"`, `"updated_at":"2026-03-13T14:04:12+01:00"`, 1)
		cancelled := strings.NewReplacer(`"updated_at":"2026-03-14T09:00:00+01:00"`, `"updated_at":"2026-03-15T10:00:00+01:00","cancelled_at":"2026-03-15T10:00:00+01:00"`,
			`"financial_status":"partially_refunded"`, `"financial_status":"refunded"`).Replace(edit)
		ts := &testServer{t: t, dbPath: filepath.Join(t.TempDir(), "klantpuls.db"), logs: &syncBuffer{}, tokens: map[string]string{}}
		ts.open(shopifyDays)
		_, send := shopifyHook(t, ts)
		for _, d := range []struct{ topic, event, body string }{
			{"orders/create", "evt-1", created},
			{"orders/cancelled", "evt-3", cancelled},
		} {
			if res := send(d.topic, d.event, d.body); res.status != 200 {
				t.Fatalf("%s: %d %s", d.topic, res.status, res.body)
			}
		}
		if _, err := ts.app.Record(context.Background(), cx.KindOrders, "#1001"); cx.ErrorCode(err) != cx.ENOTFOUND {
			t.Fatalf("after orders/cancelled #1001 is still stored (%v)", err)
		}
		res := send("orders/updated", "evt-2", edit) // the retry of the 14 March edit
		if res.status != 200 {
			t.Fatalf("late orders/updated: %d %s", res.status, res.body)
		}
		if rec, err := ts.app.Record(context.Background(), cx.KindOrders, "#1001"); err == nil {
			t.Errorf("a late orders/updated of 14 March (answer %s) brought the order cancelled on 15 March back as a sale: %+v", res.body, rec)
		}
	})
	t.Run("WooCommerce", func(t *testing.T) {
		order, err := os.ReadFile("../hooks/testdata/woocommerce-order.json")
		if err != nil {
			t.Fatal(err)
		}
		edit := string(order) // processing, date_modified_gmt 2026-03-14T09:00:00
		cancelled := strings.NewReplacer(`"date_modified_gmt":"2026-03-14T09:00:00"`, `"date_modified_gmt":"2026-03-15T10:00:00"`,
			`"status":"processing"`, `"status":"cancelled"`).Replace(edit)
		created := strings.Replace(edit, `"date_modified_gmt":"2026-03-14T09:00:00"`, `"date_modified_gmt":"2026-03-13T13:05:00"`, 1)
		ts := &testServer{t: t, dbPath: filepath.Join(t.TempDir(), "klantpuls.db"), logs: &syncBuffer{}, tokens: map[string]string{}}
		ts.open(shopifyDays)
		send := wooHook(t, ts, "order.updated")
		if res := send("d-1", created); res.status != 200 {
			t.Fatalf("order.updated (created): %d %s", res.status, res.body)
		}
		if res := send("d-3", cancelled); res.status != 200 || !strings.Contains(res.body, `"deletes":1`) {
			t.Fatalf("order.updated (cancelled): %d %s", res.status, res.body)
		}
		res := send("d-2", edit)
		if rec, err := ts.app.Record(context.Background(), cx.KindOrders, "727"); err == nil {
			t.Errorf("a late order.updated of 14 March (answer %d %s) brought order 727, cancelled on 15 March, back as a sale: %+v", res.status, res.body, rec)
		}
	})
}

// zendeskHook makes a Zendesk connection on ts and returns how to send it a delivery signed as
// Zendesk signs: X-Zendesk-Webhook-Signature = base64(HMACSHA256(TIMESTAMP + BODY)),
// https://developer.zendesk.com/documentation/webhooks/verifying/.
func zendeskHook(t *testing.T, ts *testServer) (*cx.Connection, func(invocation, body string) response) {
	t.Helper()
	const secret = "dGhpc19zZWNyZXRfaXNfZm9yX3Rlc3Rpbmdfb25seQ=="
	c := connectHook(t, ts, "zendesk", secret)
	return c, func(invocation, body string) response {
		t.Helper()
		stamp := time.Now().UTC().Format(time.RFC3339)
		m := hmac.New(sha256.New, []byte(secret))
		m.Write([]byte(stamp + body))
		return ts.anonymous().do("POST", HookPath(c), "application/json", strings.NewReader(body),
			"X-Zendesk-Webhook-Signature", base64.StdEncoding.EncodeToString(m.Sum(nil)),
			"X-Zendesk-Webhook-Signature-Timestamp", stamp, "X-Zendesk-Webhook-Invocation-Id", invocation)
	}
}

func zendeskTicketBody(typ, updated, group, assignee string) string {
	return `{"type":"` + typ + `","ticket":{"id":"4101","created_at":"2026-03-13T09:00Z","updated_at":"` + updated + `",` +
		`"requester_email":"anna@example.nl","group":"` + group + `","assignee":"` + assignee + `","type":"Question","via":"Mail"},` +
		`"satisfaction":{"rating":"Unoffered","comment":""}}`
}

// TestHookStalePatch: README, "Live connections": "Deliveries may arrive out of
// order. For sources whose payload carries the resource's update time (… Zendesk tickets and
// ratings …) klantpuls … acknowledges with 200, without writing it, a delivery older than the
// record it holds." Ticket 4101 is created (09:00), solved (10:00) and reopened (11:00); the
// solved delivery is retried and arrives after the reopening. The ticket is open in Zendesk:
// it must not end up solved. Likewise a group change of 10:00 (Billing) arriving after one of
// 11:00 (Support) must leave the ticket in Support.
func TestHookStalePatch(t *testing.T) {
	ts := &testServer{t: t, dbPath: filepath.Join(t.TempDir(), "klantpuls.db"), logs: &syncBuffer{}, tokens: map[string]string{}}
	ts.open()
	_, send := zendeskHook(t, ts)
	for _, d := range []struct{ id, body string }{
		{"inv-1", zendeskTicketBody("klantpuls:ticket.created", "2026-03-13T09:00Z", "Support", "Piet Jansen")},
		{"inv-3", zendeskTicketBody("klantpuls:ticket.reopened", "2026-03-13T11:00Z", "Support", "Piet Jansen")},
		{"inv-2", zendeskTicketBody("klantpuls:ticket.solved", "2026-03-13T10:00Z", "Support", "Piet Jansen")}, // late retry
		{"inv-5", zendeskTicketBody("klantpuls:ticket.updated", "2026-03-13T12:00Z", "Support", "Piet Jansen")},
		{"inv-4", zendeskTicketBody("klantpuls:ticket.updated", "2026-03-13T11:30Z", "Billing", "Kees Bakker")}, // late retry
	} {
		if res := send(d.id, d.body); res.status != 200 {
			t.Fatalf("%s: %d %s", d.id, res.status, res.body)
		}
	}
	rec, err := ts.app.Record(context.Background(), cx.KindTickets, "4101")
	if err != nil {
		t.Fatal(err)
	}
	tk := rec.(*cx.Ticket)
	if !tk.SolvedAt.IsZero() {
		t.Errorf("ticket 4101 reopened at 11:00 is stored solved at %v by the solved delivery of 10:00 that arrived late", tk.SolvedAt)
	}
	if tk.Team != "Support" || tk.Agent != "Piet Jansen" {
		t.Errorf("ticket 4101 team %q agent %q; want Support / Piet Jansen of the 12:00 update, not the late 11:30 one", tk.Team, tk.Agent)
	}
}
