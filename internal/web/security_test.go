package web

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/klantpuls/klantpuls/internal/auth"
	"github.com/klantpuls/klantpuls/internal/cx"
)

func TestSecurityHeaders(t *testing.T) {
	ts := startServer(t)
	for _, path := range []string{"/login", "/healthz", "/api/v1/report", "/static/app.css", "/nowhere"} {
		res := ts.anonymous().get(path)
		csp := res.header.Get("Content-Security-Policy")
		if !strings.Contains(csp, "script-src 'self'") || strings.Contains(csp, "unsafe-inline") || !strings.Contains(csp, "frame-ancestors 'none'") {
			t.Errorf("%s: CSP %q", path, csp)
		}
		if res.header.Get("X-Content-Type-Options") != "nosniff" || res.header.Get("X-Frame-Options") != "DENY" {
			t.Errorf("%s: headers %v", path, res.header)
		}
	}
	// The pages carry no inline script and no inline style.
	page := ts.anonymous().get("/login").body
	if regexp.MustCompile(`<script|style=|onclick=`).MatchString(page) {
		t.Errorf("inline script or style in the login page:\n%s", page)
	}
}

func TestLoginSessionsAndCookies(t *testing.T) {
	ts := startServer(t)
	c := ts.anonymous()
	res := c.form("POST", "/login", url.Values{"email": {"admin@example.com"}, "password": {"wrong password!"}})
	if res.status != http.StatusUnauthorized || !strings.Contains(res.body, "klopt niet") {
		t.Errorf("wrong password: %d", res.status)
	}
	res = c.form("POST", "/login", url.Values{"email": {"nobody@example.com"}, "password": {testPassword}})
	if res.status != http.StatusUnauthorized {
		t.Errorf("unknown user: %d", res.status)
	}
	res = c.form("POST", "/login", url.Values{"email": {"ADMIN@example.com "}, "password": {testPassword}})
	cookie := res.header.Get("Set-Cookie")
	if res.status != http.StatusSeeOther || !strings.Contains(cookie, "HttpOnly") || !strings.Contains(cookie, "SameSite=Lax") {
		t.Fatalf("login: %d %q", res.status, cookie)
	}
	if strings.Contains(cookie, "Secure") {
		t.Errorf("plain HTTP on loopback must not mark the cookie Secure (the browser would drop it): %q", cookie)
	}
	// Behind a TLS proxy the cookie is Secure.
	res = ts.anonymous().form("POST", "/login", url.Values{"email": {"admin@example.com"}, "password": {testPassword}}, "X-Forwarded-Proto", "https")
	if !strings.Contains(res.header.Get("Set-Cookie"), "Secure") {
		t.Errorf("behind TLS: %q", res.header.Get("Set-Cookie"))
	}
	// The store keeps no secret in the clear: the cookie's value is not a session key.
	value := strings.TrimPrefix(strings.SplitN(cookie, ";", 2)[0], sessionCookie+"=")
	if _, err := ts.app.SessionByHash(context.Background(), []byte(value), time.Now()); err == nil {
		t.Error("a session is found by its plain secret; it must be stored hashed")
	}
	if _, err := ts.app.SessionByHash(context.Background(), auth.HashSecret(value), time.Now()); err != nil {
		t.Errorf("the session is not found by its hash: %v", err)
	}
	u, _ := ts.app.UserByEmail(context.Background(), "admin@example.com")
	if !strings.HasPrefix(u.PasswordHash, "$argon2id$") {
		t.Errorf("password hash %q is not argon2id", u.PasswordHash)
	}
}

func TestCSRF(t *testing.T) {
	ts := startServer(t)
	admin := ts.login("admin@example.com")
	form := url.Values{"name": {"export"}, "scope": {"read"}}
	if res := admin.form("POST", "/tokens", form, "Sec-Fetch-Site", "cross-site", "Origin", "https://evil.example"); res.status != http.StatusForbidden {
		t.Errorf("a form from another site: %d, want 403", res.status)
	}
	if res := admin.form("POST", "/tokens", form, "Sec-Fetch-Site", "same-origin"); res.status != http.StatusCreated || !strings.Contains(res.body, auth.TokenPrefix) {
		t.Errorf("a form from the site itself: %d", res.status)
	}
}

func TestTokensUIAndCLIShape(t *testing.T) {
	ts := startServer(t)
	manager := ts.login("manager@example.com")
	res := manager.form("POST", "/tokens", url.Values{"name": {"<b>Zendesk</b>"}, "scope": {"write"}})
	token := regexp.MustCompile(`kp_[A-Za-z0-9_-]+`).FindString(res.body)
	if res.status != http.StatusCreated || token == "" {
		t.Fatalf("create: %d", res.status)
	}
	if strings.Contains(res.body, "<b>Zendesk</b>") || !strings.Contains(res.body, "&lt;b&gt;Zendesk&lt;/b&gt;") {
		t.Error("the token's name is not escaped in the page")
	}
	// The new token works with its owner's role: a manager's token reads, but cannot ingest.
	c := ts.anonymous()
	c.token = token
	if res := c.get("/api/v1/me"); res.status != 200 || !strings.Contains(res.body, `"scope":"write"`) {
		t.Errorf("me with the new token: %d %s", res.status, res.body)
	}
	if res := c.postJSON("/api/v1/events", `{"event_id":"E1","customer_id":"C1","kind":"x","at":"2026-03-01 10:00"}`); res.status != 403 {
		t.Errorf("a manager's token ingests: %d", res.status)
	}
	// Listing shows it without its secret; deleting it ends it.
	var list struct{ Tokens []map[string]any }
	manager.get("/api/v1/tokens").json(t, &list)
	if len(list.Tokens) != 2 || strings.Contains(fmt.Sprint(list.Tokens), "kp_") {
		t.Errorf("tokens: %v", list.Tokens)
	}
	id := fmt.Sprint(list.Tokens[1]["id"])
	if res := manager.do("DELETE", "/api/v1/tokens/"+id, "", nil); res.status != 204 {
		t.Errorf("delete: %d", res.status)
	}
	if res := c.get("/api/v1/me"); res.status != 401 {
		t.Errorf("a deleted token still works: %d", res.status)
	}
	// A manager cannot delete the admin's token.
	admin, _ := ts.app.UserByEmail(context.Background(), "admin@example.com")
	all, _ := ts.app.Tokens(context.Background())
	for _, tok := range all {
		if tok.UserID == admin.ID {
			if res := manager.do("DELETE", fmt.Sprintf("/api/v1/tokens/%d", tok.ID), "", nil); res.status != 404 {
				t.Errorf("deleting another user's token: %d", res.status)
			}
			if _, err := ts.app.TokenByHash(context.Background(), tok.Hash); err != nil {
				t.Errorf("the admin's token is gone: %v", err)
			}
		}
	}
}

func TestRateLimit(t *testing.T) {
	ts := startServer(t, func(o *Options) { o.RatePerSecond, o.Burst = 1, 3 })
	c := ts.withToken("adminRead")
	var last response
	for range 4 {
		last = c.get("/api/v1/me")
	}
	if last.status != http.StatusTooManyRequests || last.header.Get("Retry-After") == "" {
		t.Errorf("fourth request: %d, Retry-After %q; want 429 with Retry-After", last.status, last.header.Get("Retry-After"))
	}
	// Another token has its own budget.
	if res := ts.withToken("adminWrite").get("/api/v1/me"); res.status != 200 {
		t.Errorf("another token: %d", res.status)
	}
}

// TestRateLimitPerAccount: an account's tokens and sessions share one limit, accountTokens
// tokens' worth, on top of each token's own: five tokens of one user, each within its own burst,
// got five bursts, and an admin's session calling the API had no limit at all. The clock stands
// still, so no bucket refills while the test asks.
func TestRateLimitPerAccount(t *testing.T) {
	type ask struct {
		who string // a token of the admin ("token1"…), the admin's "session", or "manager"'s token
		n   int
	}
	// A token's burst is 3 and an account's 12.
	for _, tt := range []struct {
		name string
		asks []ask
		want string
	}{
		{"five tokens of one account", []ask{{"token1", 3}, {"token2", 3}, {"token3", 3}, {"token4", 3}, {"token5", 3}, {"manager", 1}},
			"[200×12 429×3 200]"},
		{"a session calling the API", []ask{{"session", 13}, {"manager", 1}}, "[200×12 429 200]"},
		{"a session and a token share the account's", []ask{{"session", 10}, {"token1", 3}}, "[200×12 429]"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			now := time.Now()
			ts := startServer(t, func(o *Options) {
				o.RatePerSecond, o.Burst = 1, 3
				o.Now = func() time.Time { return now }
			})
			admin, err := ts.app.UserByEmail(context.Background(), "admin@example.com")
			if err != nil {
				t.Fatal(err)
			}
			callers := map[string]*client{"session": ts.login("admin@example.com"), "manager": ts.withToken("managerWrite")}
			for i := range 5 {
				plain, _, err := ts.app.CreateToken(context.Background(), admin.ID, fmt.Sprint("token", i+1), cx.ScopeRead, now)
				if err != nil {
					t.Fatal(err)
				}
				callers[fmt.Sprint("token", i+1)] = &client{ts: ts, http: ts.anonymous().http, token: plain}
			}
			var got []string
			for _, a := range tt.asks {
				for range a.n {
					res := callers[a.who].get("/api/v1/me")
					if res.status == http.StatusTooManyRequests && (res.header.Get("Retry-After") != "1" ||
						res.header.Get("Content-Type") != "application/problem+json" || !strings.Contains(res.body, `"status":429`)) {
						t.Errorf("%s: 429 with Retry-After %q, %s %s; want Retry-After 1 and a problem",
							a.who, res.header.Get("Retry-After"), res.header.Get("Content-Type"), res.body)
					}
					got = append(got, fmt.Sprint(res.status))
				}
			}
			if runs := fmt.Sprint(runsOf(got)); runs != tt.want {
				t.Errorf("got %s, want %s", runs, tt.want)
			}
		})
	}
}

// runsOf writes a list of outcomes as runs: [200 200 429] is [200×2 429].
func runsOf(outcomes []string) []string {
	var runs []string
	for i := 0; i < len(outcomes); {
		j := i
		for j < len(outcomes) && outcomes[j] == outcomes[i] {
			j++
		}
		if j-i == 1 {
			runs = append(runs, outcomes[i])
		} else {
			runs = append(runs, fmt.Sprintf("%s×%d", outcomes[i], j-i))
		}
		i = j
	}
	return runs
}

// TestGracefulShutdown: a write in flight when the server is told to stop is finished,
// committed and answered.
func TestGracefulShutdown(t *testing.T) {
	ts := startServer(t)
	pr, pw := io.Pipe()
	req, _ := http.NewRequest("POST", ts.url+"/api/v1/events", pr)
	req.Header.Set("Authorization", "Bearer "+ts.tokens["adminWrite"])
	done := make(chan *http.Response, 1)
	go func() {
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Errorf("in-flight request: %v", err)
		}
		done <- res
	}()
	io.WriteString(pw, `[{"event_id":"E1","customer_id":"C1","kind":"training","at":"2026-03-02 10:00"},`)
	time.Sleep(100 * time.Millisecond) // the handler is now reading the body
	stopped := make(chan struct{})
	go func() { ts.cancel(); <-ts.done; close(stopped) }()
	time.Sleep(100 * time.Millisecond) // shutdown has begun
	select {
	case <-stopped:
		t.Fatal("the server stopped before the request in flight finished")
	default:
	}
	io.WriteString(pw, `{"event_id":"E2","customer_id":"C1","kind":"training","at":"2026-03-02 11:00"}]`)
	pw.Close()
	res := <-done
	if res == nil || res.StatusCode != 200 {
		t.Fatalf("in-flight write: %v", res)
	}
	<-stopped
	ts.app.Close()
	ts.cancel = nil
	// The records are in the store.
	ts.open()
	n, err := ts.app.Engine().Report(ts.monthQuery())
	if err != nil || n[0].Metrics.Engagement == nil {
		t.Fatalf("report: %v", err)
	}
	if got := ts.app.Engine().Records(); got < 2 {
		t.Errorf("engine holds %d records after restart, want the 2 events", got)
	}
}

func TestHealthReadyMetrics(t *testing.T) {
	ts := startServer(t)
	if res := ts.anonymous().get("/healthz"); res.status != 200 {
		t.Errorf("healthz %d", res.status)
	}
	if res := ts.anonymous().get("/readyz"); res.status != 200 {
		t.Errorf("readyz %d", res.status)
	}
	ts.srv.SetReady(false)
	if res := ts.anonymous().get("/readyz"); res.status != 503 {
		t.Errorf("readyz when not ready: %d", res.status)
	}
	ts.srv.SetReady(true)
	ts.withToken("adminWrite").postJSON("/api/v1/events", `{"event_id":"E1","customer_id":"C1","kind":"x","at":"2026-03-01 10:00"}`)
	res := ts.withToken("adminRead").get("/metrics")
	for _, want := range []string{`klantpuls_http_requests_total{code="200",method="GET",route="GET /readyz"}`,
		`klantpuls_ingested_records_total{kind="events"} 1`, "klantpuls_engine_records 2", // the event and its customer
		`klantpuls_http_request_duration_seconds_bucket{route="POST /api/v1/events"`} {
		if !strings.Contains(res.body, want) {
			t.Errorf("metrics lack %s", want)
		}
	}
	// Logs are JSON lines, one per request.
	if !strings.Contains(ts.logs.String(), `"msg":"request","method":"GET","path":"/healthz","status":200`) {
		t.Errorf("log lines: %s", ts.logs.String()[:min(400, len(ts.logs.String()))])
	}
}

func regexpMust(p string) *regexp.Regexp { return regexp.MustCompile(p) }

// TestLoggedPath: the request log writes a survey link's path with its token replaced, and
// every other path as it is; every route with a {token} is one of them.
func TestLoggedPath(t *testing.T) {
	for _, rt := range startServer(t).srv.routeTable() {
		_, path, _ := strings.Cut(rt.pattern, " ")
		if strings.Contains(path, "{token}") {
			r := httptest.NewRequest("GET", strings.ReplaceAll(path, "{token}", "eyJ0.sig"), nil)
			if strings.Contains(loggedPath(r), "eyJ0.sig") {
				t.Errorf("%s: the log writes the token (%s)", rt.pattern, loggedPath(r))
			}
		}
	}
	for path, want := range map[string]string{
		"/a/eyJ0.sig":        "/a/…",
		"/s/eyJ0.sig/opened": "/s/…/opened",
		"/u/eyJ0.sig":        "/u/…",
		"/a/":                "/a/",
		"/a":                 "/a",
		"/audit":             "/audit",
		"/followups/R1":      "/followups/R1",
		"/w/site-key/answer": "/w/site-key/answer",
		"/":                  "/",
		// A customer keyed by their address: no erasure reaches the log.
		"/api/v1/customers/w.zwanenburg@example.nl/erase": "/api/v1/customers/…@…/erase",
		"/customers/jan%40example.nl":                     "/customers/…@…",
	} {
		r := httptest.NewRequest("GET", path, nil)
		if got := loggedPath(r); got != want {
			t.Errorf("loggedPath(%q) = %q, want %q", path, got, want)
		}
	}
}

// TestCredentialedAnswersNotStored: every answer to a route that needs a login or a token says
// Cache-Control: no-store (RFC 9111 section 5.2.2.5), so no browser's disk cache or proxy keeps
// it. The pages did; the JSON API did not: /api/v1/customers/{id} (a customer's name and
// address, kept in a browser's cache after the customer was erased), the audit log, the users.
func TestCredentialedAnswersNotStored(t *testing.T) {
	ts := startServer(t)
	if res := ts.withToken("adminWrite").postJSON("/api/v1/customers",
		`[{"customer_id":"C1","acquired_at":"2025-11-02 10:00","name":"Mirjam Peeters","email":"mirjam@example.com"}]`); res.status != http.StatusOK {
		t.Fatalf("ingest: %d %s", res.status, res.body)
	}
	clients := map[string]*client{"session": ts.login("admin@example.com"), "token": ts.withToken("adminRead")}
	for _, rt := range ts.srv.routeTable() {
		method, path, _ := strings.Cut(rt.pattern, " ")
		if rt.action == "" || rt.stream || method != "GET" { // a stream says no-store itself (TestLive)
			continue
		}
		path = strings.NewReplacer("{id}", "C1", "{$}", "", "{key}", "overview").Replace(path)
		for who, c := range clients {
			if res := c.get(path); !strings.Contains(res.header.Get("Cache-Control"), "no-store") {
				t.Errorf("%s by %s: %d with Cache-Control %q, want no-store", path, who, res.status, res.header.Get("Cache-Control"))
			}
		}
	}
}
