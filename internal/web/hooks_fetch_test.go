package web

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/klantpuls/klantpuls/internal/cx"
	"github.com/klantpuls/klantpuls/internal/hooks"
)

// toLoopback sends every request to the stand-in at target, keeping its path and headers: the
// receiver asks https://app.trengo.com/…, the stand-in answers.
type toLoopback struct{ target *url.URL }

func (l toLoopback) RoundTrip(r *http.Request) (*http.Response, error) {
	r = r.Clone(r.Context())
	r.URL.Scheme, r.URL.Host = l.target.Scheme, l.target.Host
	return http.DefaultTransport.RoundTrip(r)
}

// trengoSigned is a Trengo delivery's signature header: "<unix>;<hex HMAC-SHA256 of unix.body>"
// (https://developers.trengo.com/docs/verifiying-request).
func trengoSigned(secret, body string, at time.Time) string {
	ts := strconv.FormatInt(at.Unix(), 10)
	m := hmac.New(sha256.New, []byte(secret))
	m.Write([]byte(ts + "." + body))
	return ts + ";" + hex.EncodeToString(m.Sum(nil))
}

// trengoDelivery posts body to conn as Trengo delivers a webhook of event: the type in the URL
// the admin gave (?event=…), the form body, the signature header as sent.
func trengoDelivery(ts *testServer, conn *cx.Connection, event, body, signature string) response {
	return ts.anonymous().do("POST", HookPath(conn)+"?event="+event, "application/x-www-form-urlencoded",
		strings.NewReader(body), "Trengo-Signature", signature)
}

// TestHookTrengoFetchBack: a Trengo connection with an API token asks Trengo's API for a new
// ticket (GET /api/v2/tickets/{id}, Authorization: Bearer TOKEN) and writes its channel,
// customer and subject; while the API fails (401, 5xx, no answer within the time allowed, an
// answer over 1 MiB, a redirect, which is not followed) the delivery is answered 503,
// nothing is written and the connection counts the error, and the tool's retry, once the API
// answers, is written. The stand-in answers on loopback in the shape Trengo's API gives a
// ticket (internal/hooks/testdata/trengo-ticket.json).
func TestHookTrengoFetchBack(t *testing.T) {
	ticket, err := os.ReadFile("../hooks/testdata/trengo-ticket.json")
	if err != nil {
		t.Fatal(err)
	}
	const secret, token = "trengo_sign_3Fa9_webhook", "trengo-personal-access-token"
	const slow, huge = -1, -2
	var status atomic.Int32 // what the stand-in answers: 200 with the ticket, this status, slow or huge
	var asked atomic.Int32
	status.Store(http.StatusOK)
	api := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		asked.Add(1)
		switch {
		case r.Header.Get("Authorization") != "Bearer "+token:
			http.Error(w, `{"message":"Unauthenticated."}`, http.StatusUnauthorized)
		case r.Method != http.MethodGet || r.URL.Path != "/api/v2/tickets/5531":
			http.NotFound(w, r)
		case status.Load() == slow: // answers only when the receiver has given up
			<-r.Context().Done()
		case status.Load() == huge:
			w.Header().Set("Content-Type", "application/json")
			w.Write([]byte(`{"subject":"` + strings.Repeat("x", hooks.MaxFetched) + `"}`))
		case status.Load() == http.StatusFound: // elsewhere, where the token must not go
			http.Redirect(w, r, "https://elsewhere.example/api/v2/tickets/5531", http.StatusFound)
		case status.Load() != http.StatusOK:
			http.Error(w, `{"message":"Server Error"}`, int(status.Load()))
		default:
			w.Header().Set("Content-Type", "application/json")
			w.Write(ticket)
		}
	}))
	defer api.Close()
	target, _ := url.Parse(api.URL)

	ts := startServer(t)
	// The receiver's own client, reaching the stand-in and waiting 300 ms for it (5 s in earnest).
	client := newHookClient()
	client.Transport, client.Timeout = toLoopback{target}, 300*time.Millisecond
	ts.srv.hookClient.Store(client)
	c, keep, _, err := NewConnection("trengo", "Trengo", []string{"tickets", "messages"}, secret)
	if err != nil {
		t.Fatal(err)
	}
	c.Actor = "cli:test"
	if err := ts.app.CreateConnection(context.Background(), &c, keep, token); err != nil {
		t.Fatal(err)
	}
	tool := ts.anonymous()
	send := func() response {
		body := "ticket_id=5531"
		return tool.do("POST", HookPath(&c)+"?event=TICKET_CREATED", "application/x-www-form-urlencoded",
			strings.NewReader(body), "Trengo-Signature", trengoSigned(secret, body, time.Now()))
	}
	stored := func() *cx.Ticket {
		rec, err := ts.app.Record(context.Background(), cx.KindTickets, "5531")
		if cx.ErrorCode(err) == cx.ENOTFOUND {
			return nil
		} else if err != nil {
			t.Fatal(err)
		}
		return rec.(*cx.Ticket)
	}

	fails := []struct {
		status int32
		why    string // in the connection's last error
	}{
		{http.StatusUnauthorized, "answered 401"}, {http.StatusBadGateway, "answered 502"},
		{slow, "gave no answer within 300ms"}, {huge, "more than 1048576 bytes"}, {http.StatusFound, "answered 302"},
	}
	for i, fail := range fails {
		status.Store(fail.status)
		if res := send(); res.status != 503 || res.header.Get("Retry-After") == "" || !strings.Contains(res.body, "nothing was written") {
			t.Errorf("Trengo %q: %d %s; want 503 with Retry-After", fail.why, res.status, res.body)
		}
		if got := ts.connection(HookPath(&c)); got.Errors != int64(i+1) || !strings.HasPrefix(got.LastError, "503: ") ||
			!strings.Contains(got.LastError, fail.why) || strings.Contains(got.LastError, token) || got.Deliveries != 0 {
			t.Errorf("after Trengo %q: %d errors, last %q, %d deliveries", fail.why, got.Errors, got.LastError, got.Deliveries)
		}
		if stored() != nil {
			t.Fatalf("Trengo %q: a ticket was written", fail.why)
		}
	}
	status.Store(http.StatusOK)
	client = newHookClient() // the full 5 s, so a busy machine does not fail the answer that comes
	client.Transport = toLoopback{target}
	ts.srv.hookClient.Store(client)
	res := send()
	if res.status != 200 {
		t.Fatalf("the retry: %d %s", res.status, res.body)
	}
	// From the answer: created 12:58:41 UTC, the contact's address, an e-mail channel, the subject.
	got, _ := json.Marshal(stored())
	want := `{"ticket_id":"5531","created_at":"2026-03-13T12:58:41Z","customer_id":"anna@example.nl","channel":"email","direction":"inbound","attrs":{"subject":"Waar blijft mijn pakket?"}}`
	if string(got) != want {
		t.Errorf("ticket stored:\n got %s\nwant %s", got, want)
	}
	if n := asked.Load(); n != 6 {
		t.Errorf("Trengo's API asked %d times, want 6 (five failures, the retry; the redirect not followed)", n)
	}
	if conns, _ := ts.app.Connections(context.Background()); len(conns) != 1 || !conns[0].APIToken {
		t.Errorf("connections: %+v; want one keeping an API token", conns)
	}
}

// An API token is for a source that asks its tool back: a Shopify connection refuses one.
func TestConnectionAPITokenOnlyWhereAsked(t *testing.T) {
	if _, err := ConnectionAPIToken("shopify", "shpat_0123"); cx.ErrorCode(err) != cx.EINVALID || !strings.Contains(err.Error(), "Trengo") {
		t.Errorf("a Shopify API token: %v; want EINVALID naming Trengo", err)
	}
	if got, err := ConnectionAPIToken("trengo", " tok \n"); err != nil || got != "tok" {
		t.Errorf("a Trengo API token: %q, %v", got, err)
	}
}
