package web

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/klantpuls/klantpuls/internal/app"
	"github.com/klantpuls/klantpuls/internal/config"
	"github.com/klantpuls/klantpuls/internal/cx"
	"github.com/klantpuls/klantpuls/internal/engine"
	"github.com/klantpuls/klantpuls/internal/store/sqlite/sqlitetest"
	"github.com/klantpuls/klantpuls/internal/survey"
)

// The tests of this package start the real server on a loopback port, over a real SQLite file,
// and talk to it over HTTP.

const testPassword = "correct horse battery"

type testServer struct {
	t      *testing.T
	url    string
	dbPath string
	app    *app.App
	srv    *Server
	cancel context.CancelFunc
	done   chan error
	logs   *syncBuffer
	// lazyEngine: open leaves the engine to be loaded when a page first asks (an import then
	// does not reload it), so a test can measure the two apart.
	lazyEngine bool

	tokens map[string]string // name → plain token
}

type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// startServer opens a fresh database with three users (admin, manager, agent Anna of team
// Support) and tokens, and serves it; opts may change the server's options.
func startServer(t *testing.T, opts ...func(*Options)) *testServer {
	t.Helper()
	return startServerOn(t, sqlitetest.New(t), opts...)
}

// startServerOn is startServer on the empty database at dsn: a SQLite file or a PostgreSQL
// database (pgtest).
func startServerOn(t *testing.T, dsn string, opts ...func(*Options)) *testServer {
	t.Helper()
	ts := &testServer{t: t, dbPath: dsn, logs: &syncBuffer{}, tokens: map[string]string{}}
	ts.open(opts...)
	ctx := context.Background()
	now := time.Now()
	admin, err := ts.app.CreateUser(ctx, "admin@example.com", testPassword, cx.RoleAdmin, "", "", now)
	if err != nil {
		t.Fatal(err)
	}
	manager, err := ts.app.CreateUser(ctx, "manager@example.com", testPassword, cx.RoleManager, "", "", now)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := ts.app.CreateUser(ctx, "anna@example.com", testPassword, cx.RoleAgent, "Anna", "Support", now); err != nil {
		t.Fatal(err)
	}
	for name, owner := range map[string]struct {
		id    int64
		scope string
	}{"adminRead": {admin.ID, cx.ScopeRead}, "adminWrite": {admin.ID, cx.ScopeWrite}, "managerWrite": {manager.ID, cx.ScopeWrite}} {
		plain, _, err := ts.app.CreateToken(ctx, owner.id, name, owner.scope, now)
		if err != nil {
			t.Fatal(err)
		}
		ts.tokens[name] = plain
	}
	return ts
}

// open starts serving the database (again, after a stop).
func (ts *testServer) open(opts ...func(*Options)) {
	t := ts.t
	ctx := context.Background()
	// A new SQLite file is a copy of one migrated once (startServer's too): Open's migrating
	// it took a sixth of the package's CPU under the race detector (goose's parser).
	a, err := app.Open(ctx, sqlitetest.FreshUnlessThere(t, ts.dbPath), config.Default())
	if err != nil {
		t.Fatal(err)
	}
	if !ts.lazyEngine {
		if err := a.LoadEngine(ctx); err != nil {
			t.Fatal(err)
		}
	}
	o := Options{App: a, Log: slog.New(slog.NewJSONHandler(ts.logs, nil))}
	for _, f := range opts {
		f(&o)
	}
	if o.Surveys == nil { // as `klantpuls serve` has them, without a mail server
		signer, err := survey.NewSigner(ctx, a)
		if err != nil {
			t.Fatal(err)
		}
		now := o.Now
		if now == nil {
			now = time.Now
		}
		o.Surveys = &survey.Service{App: a, Invitations: a, Signer: signer, Now: now, Log: o.Log}
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ts.app, ts.srv, ts.url = a, New(o), "http://"+ln.Addr().String()
	if o.Surveys.BaseURL == "" {
		o.Surveys.BaseURL = ts.url
	}
	ts.srv.SetReady(true)
	sctx, cancel := context.WithCancel(ctx)
	ts.cancel, ts.done = cancel, make(chan error, 1)
	go func() { ts.done <- ts.srv.Serve(sctx, ln) }()
	t.Cleanup(ts.stop)
}

// stop shuts the server down gracefully and closes the database.
func (ts *testServer) stop() {
	if ts.cancel == nil {
		return
	}
	ts.cancel()
	if err := <-ts.done; err != nil {
		ts.t.Errorf("serve: %v", err)
	}
	ts.app.Close()
	ts.cancel = nil
}

// client is one caller: anonymous, a logged-in user (cookies) or a token.
type client struct {
	ts    *testServer
	http  *http.Client
	token string
}

func (ts *testServer) anonymous() *client {
	jar, _ := cookiejar.New(nil)
	return &client{ts: ts, http: &http.Client{Jar: jar, Timeout: 20 * time.Second,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}}
}

func (ts *testServer) withToken(name string) *client {
	c := ts.anonymous()
	c.token = ts.tokens[name]
	return c
}

// login logs in through the login form and returns a client holding the session cookie.
func (ts *testServer) login(email string) *client {
	ts.t.Helper()
	c := ts.anonymous()
	res := c.form("POST", "/login", url.Values{"email": {email}, "password": {testPassword}})
	if res.status != http.StatusSeeOther {
		ts.t.Fatalf("login %s: %d %s", email, res.status, res.body)
	}
	return c
}

type response struct {
	status int
	header http.Header
	body   string
}

func (r response) json(t *testing.T, v any) {
	t.Helper()
	if err := json.Unmarshal([]byte(r.body), v); err != nil {
		t.Fatalf("not JSON (%d): %v\n%s", r.status, err, r.body)
	}
}

func (c *client) do(method, path, contentType string, body io.Reader, header ...string) response {
	c.ts.t.Helper()
	req, err := http.NewRequest(method, c.ts.url+path, body)
	if err != nil {
		c.ts.t.Fatal(err)
	}
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	if c.token != "" {
		req.Header.Set("Authorization", "Bearer "+c.token)
	}
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	res, err := c.http.Do(req)
	if err != nil {
		c.ts.t.Fatalf("%s %s: %v", method, path, err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return response{status: res.StatusCode, header: res.Header, body: string(b)}
}

func (c *client) get(path string) response { return c.do("GET", path, "", nil) }

func (c *client) postJSON(path, body string) response {
	return c.do("POST", path, "application/json", strings.NewReader(body))
}

func (c *client) form(method, path string, v url.Values, header ...string) response {
	return c.do(method, path, "application/x-www-form-urlencoded", strings.NewReader(v.Encode()), header...)
}

// reportN returns a figure of the unsplit report of March 2026 (for example "csat.n").
func (c *client) reportFigure(path string) float64 {
	c.ts.t.Helper()
	res := c.get("/api/v1/report?from=2026-03-01&to=2026-04-01")
	if res.status != 200 {
		c.ts.t.Fatalf("report: %d %s", res.status, res.body)
	}
	var doc map[string]any
	res.json(c.ts.t, &doc)
	var cur any = doc["groups"].([]any)[0].(map[string]any)["metrics"]
	for _, p := range strings.Split(path, ".") {
		cur = cur.(map[string]any)[p]
	}
	f, _ := cur.(float64)
	return f
}

func (ts *testServer) monthQuery() engineQuery {
	from := time.Date(2026, 3, 1, 0, 0, 0, 0, ts.app.Config.Timezone)
	return engineQuery{From: from, To: from.AddDate(0, 1, 0)}
}

type engineQuery = engine.Query

// TestDrainAnswersNotReadyBeforeClosing: with Drain, a stopping server answers /readyz with
// 503 and goes on answering other requests for that long before it closes its port (README,
// Production: "503 while stopping"), so a load balancer takes it out before connections are
// refused; without it the port closes at once and the 503 could never be seen.
func TestDrainAnswersNotReadyBeforeClosing(t *testing.T) {
	const drain = 800 * time.Millisecond
	ts := startServer(t, func(o *Options) { o.Drain = drain })
	if res := ts.anonymous().get("/readyz"); res.status != 200 {
		t.Fatalf("readyz before the stop: %d", res.status)
	}
	stopped := time.Now()
	ts.cancel()
	time.Sleep(drain / 4)
	if res := ts.anonymous().get("/readyz"); res.status != 503 {
		t.Errorf("readyz while stopping: %d, want 503", res.status)
	}
	if res := ts.anonymous().get("/healthz"); res.status != 200 {
		t.Errorf("healthz while stopping: %d, want 200 (still answering)", res.status)
	}
	if err := <-ts.done; err != nil || time.Since(stopped) < drain {
		t.Errorf("serve ended after %v (%v), want after the drain of %v", time.Since(stopped), err, drain)
	}
	if _, err := http.Get(ts.url + "/healthz"); err == nil {
		t.Error("the port still answers after the stop")
	}
	ts.app.Close()
	ts.cancel = nil
}
