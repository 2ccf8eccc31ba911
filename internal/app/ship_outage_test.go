package app

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"net"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/klantpuls/klantpuls/internal/chtest"
	"github.com/klantpuls/klantpuls/internal/clickhouse"
	"github.com/klantpuls/klantpuls/internal/cx"
)

// TestShipToAfterAnOutage runs the serve loop (ShipTo) against ClickHouse behind a switch: a
// loopback proxy to the real server that, while down, drops every connection. Down at start,
// the shipper retries with a pause that doubles; up, it catches up; down again while records
// are written, it catches up on those when ClickHouse is back.
func TestShipToAfterAnOutage(t *testing.T) {
	a, direct, _ := openShip(t)
	defer func(p time.Duration) { shipPause = p }(shipPause)
	shipPause = 100 * time.Millisecond
	defer func(p time.Duration) { shipProgress = p }(shipProgress)
	shipProgress = 0 // every batch tells how far the pass is
	ctx, cancel := context.WithCancel(context.Background())
	sw := newSwitch(t, chtest.Shared(t).Addr())
	logs := &lockedBuffer{}
	done := make(chan struct{})
	go func() {
		defer close(done)
		a.ShipTo(ctx, "clickhouse://"+sw.addr+"/"+direct.Name(), slog.New(slog.NewJSONHandler(logs, nil)))
	}()
	defer func() { cancel(); <-done }()

	waitFor(t, "a second failed try", func() bool { return strings.Count(logs.String(), `"level":"WARN"`) >= 2 })
	if l := logs.String(); !strings.Contains(l, `"retry_in":100000000`) || !strings.Contains(l, `"retry_in":200000000`) {
		t.Errorf("the pauses do not double from shipPause:\n%s", l)
	}
	sw.up.Store(true)
	waitFor(t, "the catch-up", func() bool { return sameAsStore(a, direct) })
	// The pass logs its progress by batch, then what it shipped (after the last insert).
	waitFor(t, "the pass's log", func() bool { return strings.Contains(logs.String(), `"msg":"shipped to ClickHouse"`) })
	if l := logs.String(); !strings.Contains(l, `"kind":"tickets","shipped":`) {
		t.Errorf("the catch-up did not log its progress:\n%s", l)
	}

	sw.down()
	warned := strings.Count(logs.String(), `"level":"WARN"`)
	tk := &cx.Ticket{ID: "tijdens-storing", CreatedAt: time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)}
	if _, err := a.Write(context.Background(), []cx.Record{tk}, nil); err != nil {
		t.Fatal(err)
	}
	waitFor(t, "a failed try in the second outage", func() bool { return strings.Count(logs.String(), `"level":"WARN"`) > warned })
	sw.up.Store(true)
	waitFor(t, "the catch-up after the second outage", func() bool { return sameAsStore(a, direct) })
	if n := live(t, direct, cx.KindTickets, tk.ID); n != 1 {
		t.Errorf("the ticket written during the outage is in ClickHouse %d times", n)
	}
}

// sameAsStore tells whether ClickHouse holds as many records of every kind as the store.
func sameAsStore(a *App, db *clickhouse.DB) bool {
	ctx := context.Background()
	for _, kind := range cx.Kinds {
		want, err1 := a.store.Count(ctx, kind)
		got, err2 := db.Count(ctx, kind, clickhouse.Final)
		if err1 != nil || err2 != nil || got != want {
			return false
		}
	}
	return true
}

func waitFor(t *testing.T, what string, ok func() bool) {
	t.Helper()
	for deadline := time.Now().Add(15 * time.Second); time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
		if ok() {
			return
		}
	}
	t.Fatalf("no %s within 15 s", what)
}

// proxySwitch forwards loopback connections to a server while up; while down it closes every
// connection, new and open, as a server gone away does.
type proxySwitch struct {
	addr  string
	up    atomic.Bool
	mu    sync.Mutex
	conns []net.Conn
}

func newSwitch(t *testing.T, target string) *proxySwitch {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ln.Close() })
	s := &proxySwitch{addr: ln.Addr().String()}
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			if !s.up.Load() {
				c.Close()
				continue
			}
			server, err := net.Dial("tcp", target)
			if err != nil {
				c.Close()
				continue
			}
			s.mu.Lock()
			s.conns = append(s.conns, c, server)
			s.mu.Unlock()
			go func() { io.Copy(server, c); server.Close() }()
			go func() { io.Copy(c, server); c.Close() }()
		}
	}()
	return s
}

func (s *proxySwitch) down() {
	s.up.Store(false)
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, c := range s.conns {
		c.Close()
	}
	s.conns = nil
}

// lockedBuffer is a log the shipper writes while the test reads it.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}
