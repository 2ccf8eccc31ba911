package chtest

import (
	"io"
	"net"
	"strings"
	"sync"
	"testing"
)

// Relay passes loopback connections on to a server until it is closed: a ClickHouse a test
// can take away (Close) as a stopped server closes its port, while the shared server runs on
// for the other tests.
type Relay struct {
	ln    net.Listener
	mu    sync.Mutex
	conns []net.Conn
}

// NewRelay listens on a free loopback port and passes each connection on to addr; it is
// closed when the test ends.
func NewRelay(t testing.TB, addr string) *Relay {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	r := &Relay{ln: ln}
	t.Cleanup(r.Close)
	go func() {
		for {
			in, err := ln.Accept()
			if err != nil {
				return
			}
			out, err := net.Dial("tcp", addr)
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

// Addr is the relay's HOST:PORT.
func (r *Relay) Addr() string { return r.ln.Addr().String() }

// Close stops listening and breaks every connection passed on.
func (r *Relay) Close() {
	r.ln.Close()
	r.mu.Lock()
	defer r.mu.Unlock()
	for _, c := range r.conns {
		c.Close()
	}
	r.conns = nil
}

// NewRelayedDatabase is NewDatabase reached through a new relay: the DSN names the relay, so
// closing it takes ClickHouse away from the code under test alone.
func (s *Server) NewRelayedDatabase(t testing.TB) (dsn string, relay *Relay) {
	t.Helper()
	relay = NewRelay(t, s.addr)
	return strings.Replace(s.NewDatabase(t), s.addr, relay.Addr(), 1), relay
}
