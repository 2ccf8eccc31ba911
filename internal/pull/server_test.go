package pull

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/klantpuls/klantpuls/internal/app"
	"github.com/klantpuls/klantpuls/internal/config"
	"github.com/klantpuls/klantpuls/internal/cx"
	"github.com/klantpuls/klantpuls/internal/store/sqlite/sqlitetest"
)

// answer is one reply of the stand-in service: a status, headers and a body, or a connection
// dropped part way through its body.
type answer struct {
	status int
	header map[string]string
	body   string
	drop   bool // write the headers and half the body, then close the connection
}

// service is a stand-in for an outside API on loopback: it checks basic auth and answers each
// request by its path and query with the next of the answers given for it (the last one again
// once they run out), counting the requests.
type service struct {
	t          *testing.T
	user, pass string
	authFail   answer
	mu         sync.Mutex
	answers    map[string][]answer
	asked      map[string]int
	handle     func(w http.ResponseWriter, r *http.Request) bool // answers first when it returns true
	srv        *httptest.Server
}

func newService(t *testing.T, user, pass string, authFail answer) *service {
	s := &service{t: t, user: user, pass: pass, authFail: authFail, answers: map[string][]answer{}, asked: map[string]int{}}
	s.srv = httptest.NewServer(http.HandlerFunc(s.serve))
	t.Cleanup(s.srv.Close)
	return s
}

// on adds answers for the request path?query (the query with its keys sorted, as
// url.Values.Encode writes it).
func (s *service) on(key string, as ...answer) { s.answers[key] = append(s.answers[key], as...) }

func (s *service) count(key string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.asked[key]
}

func (s *service) serve(w http.ResponseWriter, r *http.Request) {
	if u, p, ok := r.BasicAuth(); !ok || u != s.user || p != s.pass {
		s.write(w, s.authFail)
		return
	}
	key := r.URL.Path + "?" + r.URL.Query().Encode()
	s.mu.Lock()
	n := s.asked[key]
	s.asked[key]++
	as := s.answers[key]
	s.mu.Unlock()
	if s.handle != nil && s.handle(w, r) {
		return
	}
	if len(as) == 0 {
		s.t.Errorf("unexpected request %s", key)
		http.NotFound(w, r)
		return
	}
	s.write(w, as[min(n, len(as)-1)])
}

func (s *service) write(w http.ResponseWriter, a answer) {
	for k, v := range a.header {
		w.Header().Set(k, v)
	}
	if a.drop {
		conn, buf, err := w.(http.Hijacker).Hijack()
		if err != nil {
			s.t.Fatal(err)
		}
		buf.WriteString("HTTP/1.1 200 OK\r\nContent-Type: application/json; charset=utf-8\r\n")
		buf.WriteString("Content-Length: " + strconv.Itoa(len(a.body)) + "\r\n\r\n" + a.body[:len(a.body)/2])
		buf.Flush()
		conn.Close()
		return
	}
	if w.Header().Get("Content-Type") == "" {
		w.Header().Set("Content-Type", "application/json; charset=utf-8")
	}
	w.WriteHeader(a.status)
	w.Write([]byte(a.body))
}

// clock is the tests' time: it moves only when the client waits, and keeps every wait.
type clock struct {
	mu    sync.Mutex
	now   time.Time
	waits []time.Duration
}

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *clock) Sleep(ctx context.Context, d time.Duration) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
	c.waits = append(c.waits, d)
	return ctx.Err()
}

// openApp opens a real SQLite file.
func openApp(t *testing.T) *app.App {
	t.Helper()
	a, err := app.Open(context.Background(), sqlitetest.New(t), config.Default())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { a.Close() })
	return a
}

// stored checks that the database holds exactly the records of want: as many of each kind,
// and each key of it.
func stored(t *testing.T, a *app.App, want map[cx.Kind][]string) {
	t.Helper()
	ctx := context.Background()
	for _, kind := range cx.Kinds {
		n, err := a.Count(ctx, kind)
		if err != nil {
			t.Fatal(err)
		}
		if n != len(want[kind]) {
			t.Errorf("%d %s stored, want %d", n, kind, len(want[kind]))
		}
		for _, k := range want[kind] {
			if _, err := a.Record(ctx, kind, k); err != nil {
				t.Errorf("%s %s: %v", kind, k, err)
			}
		}
	}
}

func cursorOfStream(t *testing.T, a *app.App, name string) string {
	t.Helper()
	c, err := a.SyncCursor(context.Background(), name)
	if err != nil && cx.ErrorCode(err) != cx.ENOTFOUND {
		t.Fatal(err)
	}
	return c
}
