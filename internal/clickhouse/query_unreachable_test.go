package clickhouse

import (
	"context"
	"io"
	"net"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/klantpuls/klantpuls/internal/chtest"
	"github.com/klantpuls/klantpuls/internal/cx"
	"github.com/klantpuls/klantpuls/internal/engine"
)

// TestUnreachableIsUnavailable: a report asked while ClickHouse does not answer (stopped,
// restarted, its machine gone) is cx.EUNAVAILABLE — the API's 503, "try again" — naming the
// server, not an internal error: the API answered 500 "something went wrong on our side" for
// as long as an operator had ClickHouse stopped. The server is reached through a relay on
// loopback, which the test closes as a stopped ClickHouse closes its port.
func TestUnreachableIsUnavailable(t *testing.T) {
	server := chtest.Shared(t)
	dsn := server.NewDatabase(t)
	relay := relayTo(t, server.Addr())
	db, err := Open(context.Background(), strings.Replace(dsn, server.Addr(), relay.addr(), 1))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	q := NewQuerier(db, engine.Options{Timezone: time.UTC})
	query := engine.Query{From: june10(1), To: june10(30), Parts: engine.PartTicketCounts}
	if _, err := q.Answer(context.Background(), query); err != nil {
		t.Fatalf("while ClickHouse answers: %v", err)
	}
	relay.close()
	_, err = q.Answer(context.Background(), query)
	if code := cx.ErrorCode(err); code != cx.EUNAVAILABLE || !strings.Contains(err.Error(), relay.addr()) {
		t.Errorf("while ClickHouse does not answer: %s %v; want %s naming %s", code, err, cx.EUNAVAILABLE, relay.addr())
	}
}

// relay passes loopback connections on to a server until it is closed.
type relay struct {
	ln    net.Listener
	mu    sync.Mutex
	conns []net.Conn
}

func relayTo(t *testing.T, to string) *relay {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	r := &relay{ln: ln}
	t.Cleanup(r.close)
	go func() {
		for {
			in, err := ln.Accept()
			if err != nil {
				return
			}
			out, err := net.Dial("tcp", to)
			if err != nil {
				in.Close()
				continue
			}
			r.mu.Lock()
			r.conns = append(r.conns, in, out)
			r.mu.Unlock()
			go func() { io.Copy(out, in); out.Close() }()
			go func() { io.Copy(in, out); in.Close() }()
		}
	}()
	return r
}

func (r *relay) addr() string { return r.ln.Addr().String() }

// close stops listening and breaks every connection passed on, as a stopped server does.
func (r *relay) close() {
	r.ln.Close()
	r.mu.Lock()
	defer r.mu.Unlock()
	for _, c := range r.conns {
		c.Close()
	}
	r.conns = nil
}
