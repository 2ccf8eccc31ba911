package web

import (
	"context"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/klantpuls/klantpuls/internal/cx"
	"github.com/klantpuls/klantpuls/internal/store/sqlite/sqlitetest"
)

// TestHookTrengoReplayAsksNoAPI: Trengo's API is asked for a new ticket (GET
// /api/v2/tickets/{id}, Authorization: Bearer TOKEN, https://developers.trengo.com/reference)
// only for a TICKET_CREATED that will be written. It was asked before the receiver knew the
// delivery for a repeat or for another event than its connection's, so whoever captured one
// delivery could make a request with the customer's token for each copy sent again (up to the
// connection's limit of 1000 a second), and Trengo throttling the token made genuine deliveries
// 503. A captured TICKET_CREATED sent again five times within the hour is five repeats, the API
// asked once, for the first; a captured TICKET_CLOSED sent again as ?event=TICKET_CREATED to its
// connection is refused (403), the API not asked.
func TestHookTrengoReplayAsksNoAPI(t *testing.T) {
	ticket, err := os.ReadFile("../hooks/testdata/trengo-ticket.json")
	if err != nil {
		t.Fatal(err)
	}
	const token = "trengo-personal-access-token"
	var asked atomic.Int32
	api := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		asked.Add(1)
		if r.Header.Get("Authorization") != "Bearer "+token || r.URL.Path != "/api/v2/tickets/5531" {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		w.Write(ticket)
	}))
	defer api.Close()
	target, _ := url.Parse(api.URL)

	c := &clock{t: time.Date(2026, 3, 16, 12, 0, 0, 0, time.UTC)}
	ts := startServerOn(t, sqlitetest.New(t), func(o *Options) { o.Now = c.now })
	client := newHookClient()
	client.Transport = toLoopback{target}
	ts.srv.hookClient.Store(client)
	connect := func(secret string) *cx.Connection {
		t.Helper()
		conn, keep, _, err := NewConnection("trengo", "Trengo", []string{"tickets", "messages"}, secret)
		if err != nil {
			t.Fatal(err)
		}
		conn.Actor = "cli:test"
		if err := ts.app.CreateConnection(context.Background(), &conn, keep, token); err != nil {
			t.Fatal(err)
		}
		return &conn
	}
	const createdSecret, closedSecret = "trengo_sign_created_6Tb1", "trengo_sign_closed_5Rw8"
	created, closed := connect(createdSecret), connect(closedSecret)
	send := func(conn *cx.Connection, event, signature string) response {
		t.Helper()
		return trengoDelivery(ts, conn, event, "ticket_id=5531", signature)
	}

	captured := trengoSigned(createdSecret, "ticket_id=5531", c.now())
	if res := send(created, "TICKET_CREATED", captured); res.status != 200 || !strings.Contains(res.body, `"written":1`) {
		t.Fatalf("TICKET_CREATED: %d %s; want 200 and one row written", res.status, res.body)
	}
	c.add(10 * time.Minute) // within Trengo's hour: the captured signature still verifies
	for i := range 5 {
		if res := send(created, "TICKET_CREATED", captured); res.status != 200 || !strings.Contains(res.body, `"repeat":true`) {
			t.Errorf("copy %d of the TICKET_CREATED: %d %s; want 200, a repeat", i+1, res.status, res.body)
		}
	}
	if n := asked.Load(); n != 1 {
		t.Errorf("Trengo's API asked %d times; want 1, for the delivery written, none for its five copies", n)
	}
	if got := ts.connection(HookPath(created)); got.Deliveries != 6 || got.Errors != 0 {
		t.Errorf("TICKET_CREATED connection: %d deliveries, %d errors; want 6 (one written, five repeats) and 0", got.Deliveries, got.Errors)
	}

	before := asked.Load()
	closedCaptured := trengoSigned(closedSecret, "ticket_id=5531", c.now())
	if res := send(closed, "TICKET_CLOSED", closedCaptured); res.status != 200 {
		t.Fatalf("TICKET_CLOSED: %d %s", res.status, res.body)
	}
	c.add(time.Minute)
	if res := send(closed, "TICKET_CREATED", closedCaptured); res.status != 403 || !strings.Contains(res.body, `"parameter":"event"`) {
		t.Errorf("the TICKET_CLOSED sent again as TICKET_CREATED: %d %s; want 403 naming the event parameter", res.status, res.body)
	}
	if n := asked.Load() - before; n != 0 {
		t.Errorf("Trengo's API asked %d times; want 0: not for a delivery of another event than its connection's", n)
	}
}
