package web

import (
	"context"
	"net/http"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/klantpuls/klantpuls/internal/cx"
	"github.com/klantpuls/klantpuls/internal/hook"
	"github.com/klantpuls/klantpuls/internal/hooks"
)

// The receiver's tests send deliveries in klantpuls's own format (internal/hooks, source
// klantpuls), signed as internal/hook signs alert webhooks: Klantpuls-Signature: t=…,v1=<hex
// HMAC-SHA256 of "t.body">. Each tool's own scheme is tested in internal/hooks.

const hookSecret = "kpwh_test-secret-of-this-connection"

// hookSecretB is a second connection's: each connection has a secret of its own.
const hookSecretB = "kpwh_test-secret-of-another-connection"

// connect makes a connection of source klantpuls that may write kinds and returns its path.
func (ts *testServer) connect(name string, secret string, kinds ...string) string {
	ts.t.Helper()
	c, keep, _, err := NewConnection("klantpuls", name, kinds, secret)
	if err != nil {
		ts.t.Fatal(err)
	}
	c.Actor = "cli:test"
	if err := ts.app.CreateConnection(context.Background(), &c, keep, ""); err != nil {
		ts.t.Fatal(err)
	}
	return HookPath(&c)
}

// deliver posts body to path signed with secret now; no secret sends no signature.
func (c *client) deliver(path, body, secret string) response {
	c.ts.t.Helper()
	var header []string
	if secret != "" {
		header = []string{hook.SignatureHeader, hook.Sign([]byte(secret), []byte(body), time.Now())}
	}
	return c.do("POST", path, "application/json", strings.NewReader(body), header...)
}

// connection reads a connection's counts by its path.
func (ts *testServer) connection(path string) *cx.Connection {
	ts.t.Helper()
	c, _, err := ts.app.Connection(context.Background(), path[strings.LastIndex(path, "/")+1:])
	if err != nil {
		ts.t.Fatal(err)
	}
	return c
}

// csatAnswers is a delivery of CSAT answers (scale 1–5) in March 2026, one per score.
func csatAnswers(delivery string, scores ...string) string {
	var recs []string
	for i, s := range scores {
		recs = append(recs, `{"response_id":"`+delivery+`-R`+string(rune('1'+i))+`","survey":"csat","score":`+s+
			`,"submitted_at":"2026-03-05T10:0`+string(rune('0'+i))+`:00+01:00"}`)
	}
	return `{"delivery_id":"` + delivery + `","records":{"responses":[` + strings.Join(recs, ",") + `]}}`
}

// TestHookDelivery follows one connection through what a tool may send: a signed delivery is
// written and counted in the report; a bad or missing signature, a kind the connection may not
// write, a body too large or not JSON are refused and write nothing; a delivery id seen before
// writes nothing again; a retry under a new id (a crash before its id was remembered) leaves
// every figure as it was.
func TestHookDelivery(t *testing.T) {
	ts := startServer(t)
	tool, reader := ts.anonymous(), ts.withToken("adminRead")
	path := ts.connect("Enquêtetool", hookSecret, "responses")
	csatN := func() float64 { t.Helper(); return reader.reportFigure("csat.n") }

	// Three answers, scores 5, 4 and 1: n 3, of which 4 and 5 satisfied (2 of 3, 66.7 %).
	first := csatAnswers("d-1", "5", "4", "1")
	if res := tool.deliver(path, first, hookSecret); res.status != 200 || !strings.Contains(res.body, `"written":3`) {
		t.Fatalf("a signed delivery: %d %s", res.status, res.body)
	}
	if n := csatN(); n != 3 {
		t.Fatalf("csat n = %v after the delivery, want 3", n)
	}
	satisfied := reader.reportFigure("csat.value")
	if satisfied < 66.66 || satisfied > 66.67 {
		t.Errorf("csat value = %v, want 2 of 3 satisfied, 66.67 %%", satisfied)
	}

	other := csatAnswers("d-2", "5")
	steps := []struct {
		name, path, body, secret string
		status                   int
		says                     string
	}{
		{"signed with another secret", path, other, "kpwh_another-secret-entirely", 401, "does not match"},
		{"no signature", path, other, "", 401, "nothing was written"},
		{"the signature of another body", path, other + " ", "", 401, ""},
		{"the same delivery id with other records", path, strings.Replace(other, `"d-2"`, `"d-1"`, 1), hookSecret, 200, `"repeat":true`},
		{"the first delivery again under a new id (its id never remembered)", path,
			strings.Replace(first, `"d-1"`, `"d-1-retry"`, 1), hookSecret, 200, `"written":0`},
		{"a kind the connection may not write", path,
			`{"delivery_id":"d-3","records":{"tickets":[{"ticket_id":"T1","created_at":"2026-03-05T10:00:00+01:00"}]}}`,
			hookSecret, 403, "may write responses, not tickets"},
		{"a kind it may not write beside one it may", path,
			`{"records":{"responses":[{"response_id":"X1","survey":"csat","score":5,"submitted_at":"2026-03-05T10:00:00+01:00"}],` +
				`"events":[{"event_id":"E1","customer_id":"C1","kind":"login","at":"2026-03-05T10:00:00+01:00"}]}}`,
			hookSecret, 403, "not events"},
		{"a body over 1 MiB", path, `{"delivery_id":"` + strings.Repeat("x", hooks.MaxBody) + `"}`, hookSecret, 413, "at most 1048576 bytes"},
		{"not JSON", path, `{"records":`, hookSecret, 422, "nothing was written"},
		{"a field out of its scale", path, csatAnswers("d-4", "9"), hookSecret, 422, "/records/responses/0/score"},
		{"an unknown connection", "/hooks/klantpuls/AAAAAAAAAAAAAAAA", other, hookSecret, 404, "no webhook connection"},
		{"a connection under another source", strings.Replace(path, "/klantpuls/", "/shopify/", 1), other, hookSecret, 404, ""},
		{"an unknown source", strings.Replace(path, "/klantpuls/", "/nope/", 1), other, hookSecret, 404, ""},
	}
	for _, st := range steps {
		var res response
		if st.name == "the signature of another body" { // signed, then changed on the way
			res = tool.do("POST", st.path, "application/json", strings.NewReader(st.body),
				hook.SignatureHeader, hook.Sign([]byte(hookSecret), []byte(other), time.Now()))
		} else {
			res = tool.deliver(st.path, st.body, st.secret)
		}
		if res.status != st.status || !strings.Contains(res.body, st.says) {
			t.Errorf("%s: %d %s; want %d saying %q", st.name, res.status, res.body, st.status, st.says)
		}
		if n, v := csatN(), reader.reportFigure("csat.value"); n != 3 || v != satisfied {
			t.Errorf("%s: csat n %v, value %v; want them unchanged at 3 and %v", st.name, n, v, satisfied)
		}
	}
	// Accepted: the first, the repeat and the retry; refused on this connection: the other
	// eight (those to no connection count nowhere), the last of them the score out of scale.
	// Four were refused before their signature was checked (three signatures, the body too
	// large): those are not written to the database (anyone can send them), only counted in
	// memory for the Koppelingen page, which shows all eight.
	c := ts.connection(path)
	if c.Deliveries != 3 || c.Errors != 4 || !strings.HasPrefix(c.LastError, "422: ") || c.LastDelivery.IsZero() {
		t.Errorf("connection stored: %d deliveries, %d errors, last %q; want 3, 4 and a 422", c.Deliveries, c.Errors, c.LastError)
	}
	if page := ts.login("admin@example.com").get("/connections").body; !strings.Contains(page, "<td>3</td><td>8</td>") {
		t.Errorf("the Koppelingen page does not show 3 deliveries and 8 errors:\n%s", page)
	}
	// A deletion of the answer scored 5: n 2 (4 and 1), 1 of 2 satisfied, 50 %. Sent again
	// under a new id (a retry whose id was never remembered) it deletes nothing more; a
	// deletion of an answer never stored is done already.
	deletion := func(delivery, id string) string {
		return `{"delivery_id":"` + delivery + `","deletes":[{"kind":"responses","id":"` + id + `"}]}`
	}
	for _, st := range []struct{ name, body, says string }{
		{"a deletion", deletion("x-1", "d-1-R1"), `"written":1`},
		{"the deletion again under a new id", deletion("x-1-retry", "d-1-R1"), `"written":0`},
		{"a deletion of an answer never stored", deletion("x-2", "nope"), `"written":0`},
	} {
		if res := tool.deliver(path, st.body, hookSecret); res.status != 200 || !strings.Contains(res.body, st.says) {
			t.Errorf("%s: %d %s; want 200 saying %s", st.name, res.status, res.body, st.says)
		}
		if n, v := csatN(), reader.reportFigure("csat.value"); n != 2 || v != 50 {
			t.Errorf("%s: csat n %v, value %v; want 2 and 50", st.name, n, v)
		}
	}
	// A GET changes nothing: the route takes POST only.
	if res := tool.do("GET", path, "", nil); res.status != http.StatusMethodNotAllowed {
		t.Errorf("GET: %d, want 405", res.status)
	}
	// A tool's server sends no browser headers, but one that did is not taken for a forged
	// form: the signature is the proof (the cross-origin check spares /hooks/).
	res := tool.do("POST", path, "application/json", strings.NewReader(csatAnswers("d-5", "5")),
		hook.SignatureHeader, hook.Sign([]byte(hookSecret), []byte(csatAnswers("d-5", "5")), time.Now()),
		"Origin", "https://elsewhere.example", "Sec-Fetch-Site", "cross-site")
	if res.status != 200 {
		t.Errorf("a delivery with a cross-site Origin: %d %s", res.status, res.body)
	}
}

// TestHookPatches: a delivery that changes one field of a stored answer changes the figures as
// the answer sent whole would; sent again it changes nothing more; a patch of an answer not
// stored yet is 409 and a patch out of the scale 422, both writing nothing.
func TestHookPatches(t *testing.T) {
	ts := startServer(t)
	tool, reader := ts.anonymous(), ts.withToken("adminRead")
	path := ts.connect("Enquêtetool", hookSecret, "responses")
	patch := func(delivery, id, score string) string {
		return `{"delivery_id":"` + delivery + `","patches":[{"kind":"responses","id":"` + id + `","fields":{"score":` + score + `}}]}`
	}
	// One answer scored 1 on 1–5: n 1, none satisfied (0 %); patched to 5: all satisfied (100 %).
	steps := []struct {
		name, body string
		status     int
		n, value   float64
	}{
		{"the answer whole", csatAnswers("a", "1"), 200, 1, 0},
		{"its score patched", patch("p-1", "a-R1", "5"), 200, 1, 100},
		{"the patch again, under a new id", patch("p-1-retry", "a-R1", "5"), 200, 1, 100},
		{"a patch of an answer not stored", patch("p-2", "b-R1", "1"), 409, 1, 100},
		{"a score out of the scale", patch("p-3", "a-R1", "9"), 422, 1, 100},
	}
	for _, st := range steps {
		if res := tool.deliver(path, st.body, hookSecret); res.status != st.status {
			t.Errorf("%s: %d %s; want %d", st.name, res.status, res.body, st.status)
		}
		if n, v := reader.reportFigure("csat.n"), reader.reportFigure("csat.value"); n != st.n || v != st.value {
			t.Errorf("%s: csat n %v, value %v; want %v and %v", st.name, n, v, st.n, st.value)
		}
	}
}

// TestHookErase: a delivery that erases a customer (Shopify's customers/redact, here in
// klantpuls's own format) removes their name, address and comment from what klantpuls holds and
// shows, keeps their answer counted, and needs a connection that may write customers.
func TestHookErase(t *testing.T) {
	ts := startServer(t)
	tool, reader := ts.anonymous(), ts.withToken("adminRead")
	path := ts.connect("Webshop", hookSecret, "customers", "responses")
	answersOnly := ts.connect("Enquêtes", hookSecretB, "responses")
	whole := `{"delivery_id":"w-1","records":{"customers":[{"customer_id":"C-77","acquired_at":"2026-01-05T10:00:00+01:00",` +
		`"name":"Wilhelmina Zwanenburg","email":"wilhelmina@example.nl"}],"responses":[{"response_id":"R-77","survey":"csat",` +
		`"score":2,"submitted_at":"2026-03-05T10:00:00+01:00","customer_id":"C-77","comment":"Mijn pakket van Zwanenburg kwam nooit"}]}}`
	if res := tool.deliver(path, whole, hookSecret); res.status != 200 {
		t.Fatalf("the customer and answer: %d %s", res.status, res.body)
	}
	erase := `{"delivery_id":"w-2","erase":["C-77"]}`
	if res := tool.deliver(answersOnly, erase, hookSecretB); res.status != 403 || !strings.Contains(res.body, "not customers") {
		t.Errorf("an erasure on a connection that may not write customers: %d %s; want 403", res.status, res.body)
	}
	if res := tool.deliver(path, erase, hookSecret); res.status != 200 || !strings.Contains(res.body, `"erased":1`) {
		t.Fatalf("the erasure: %d %s", res.status, res.body)
	}
	ctx := context.Background()
	rec, err := ts.app.Record(ctx, cx.KindResponses, "R-77")
	if err != nil {
		t.Fatal(err)
	}
	answer := rec.(*cx.Response)
	if answer.Comment != "" || answer.Score != 2 || !strings.HasPrefix(answer.CustomerID, "erased-") {
		t.Errorf("the answer after the erasure: %+v; want score 2 of a pseudonym, without its comment", answer)
	}
	if rec, err = ts.app.Record(ctx, cx.KindCustomers, answer.CustomerID); err != nil {
		t.Fatal(err)
	}
	if c := rec.(*cx.Customer); c.Name != "" || c.Email != "" {
		t.Errorf("the customer after the erasure: %+v", c)
	}
	// The answer stays counted: one CSAT answer, a 2, none satisfied.
	if n, v := reader.reportFigure("csat.n"), reader.reportFigure("csat.value"); n != 1 || v != 0 {
		t.Errorf("csat n %v, value %v after the erasure; want 1 and 0", n, v)
	}
	if res := reader.do("GET", "/api/v1/customers/C-77", "", nil); strings.Contains(res.body, "Zwanenburg") || strings.Contains(res.body, "wilhelmina@") {
		t.Errorf("the customer's page still names them: %s", res.body)
	}
}

// TestHookUnsignedPingRecordsNothing: README: "WooCommerce tests the URL with an unsigned
// ping when a webhook is saved; it is answered 200 and writes nothing", and "A delivery refused
// before its signature is checked … is not written anywhere, as anyone who knows the URL can
// send one". An unsigned body "webhook_id=12" is not proof of anything: anyone who knows the URL
// can send it. It must not be recorded on the connection, and it counts against the sender's
// address (hookFailuresBurst, 100), not the connection's limit of 1,000 a second, which is the
// tool's signed deliveries': past 100 pings from one address in a moment, it is answered 429.
func TestHookUnsignedPingRecordsNothing(t *testing.T) {
	ts := &testServer{t: t, dbPath: filepath.Join(t.TempDir(), "klantpuls.db"), logs: &syncBuffer{}, tokens: map[string]string{}}
	ts.open()
	c := connectHook(t, ts, "woocommerce", "wc-webhook-secret-9f2e")
	for i := 0; i < 3; i++ {
		res := ts.anonymous().do("POST", HookPath(c), "application/x-www-form-urlencoded", strings.NewReader("webhook_id=12"))
		if res.status != 200 {
			t.Fatalf("ping: %d %s", res.status, res.body)
		}
	}
	if got := ts.connection(HookPath(c)); got.Deliveries != 0 || !got.LastDelivery.IsZero() {
		t.Errorf("three unsigned pings by anyone were recorded on the connection: %d deliveries, last %v; want none recorded",
			got.Deliveries, got.LastDelivery)
	}
	// 117 more in a moment: the bucket of 100 refills one in 6 s, so they cannot all pass.
	refused := 0
	for range 117 {
		if res := ts.anonymous().do("POST", HookPath(c), "application/x-www-form-urlencoded", strings.NewReader("webhook_id=12")); res.status == 429 {
			refused++
		}
	}
	if refused == 0 {
		t.Error("120 pings from one address in a moment all answered 200; want 429 past the address's 100, pings counted against it")
	}
}
