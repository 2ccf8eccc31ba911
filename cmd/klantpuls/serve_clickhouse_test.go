package main

import (
	"context"
	"net"
	"strings"
	"testing"
	"time"

	"github.com/klantpuls/klantpuls/internal/chtest"
	"github.com/klantpuls/klantpuls/internal/clickhouse"
	"github.com/klantpuls/klantpuls/internal/cx"
)

// TestServeShipsToClickHouse starts `klantpuls serve` with $KLANTPULS_CLICKHOUSE: what was
// stored before it started, and what another process imports while it runs, reach ClickHouse.
func TestServeShipsToClickHouse(t *testing.T) {
	dsn := chtest.Shared(t).NewDatabase(t)
	p := newProject(t)
	p.mustImport("tickets", "ticket_id,created_at,team\nT1,2026-03-02 10:00,Support\nT2,2026-03-02 11:00,Support\n")
	ln, _ := net.Listen("tcp", "127.0.0.1:0")
	addr := ln.Addr().String()
	ln.Close()
	t.Setenv("KLANTPULS_CLICKHOUSE", dsn)
	t.Setenv("KLANTPULS_ADMIN_EMAIL", "admin@example.com")
	t.Setenv("KLANTPULS_ADMIN_PASSWORD", "a long enough password")
	ctx, cancel := context.WithCancel(context.Background())
	var errOut strings.Builder
	done := make(chan int, 1)
	go func() {
		done <- run(ctx, []string{"--db", p.db, "serve", "--addr", addr}, &strings.Builder{}, &syncWriter{w: &errOut})
	}()
	stopped := false
	stop := func() {
		if !stopped {
			stopped = true
			cancel()
			if code := <-done; code != 0 {
				t.Errorf("serve: exit %d", code)
			}
		}
	}
	defer stop()
	ch, err := clickhouse.Open(context.Background(), dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer ch.Close()
	waitCount(t, ch, 2)
	p.mustImport("tickets", "ticket_id,created_at\nT3,2026-03-03 09:00\n") // another process's write
	waitCount(t, ch, 3)
	stop()
	logs := errOut.String()
	for _, want := range []string{`"msg":"shipping to ClickHouse"`, `"msg":"shipped to ClickHouse"`} {
		if !strings.Contains(logs, want) {
			t.Errorf("logs lack %s:\n%s", want, logs)
		}
	}
}

// waitCount waits (up to 20 s: the shipper polls SQLite every second) for ClickHouse to hold
// want tickets.
func waitCount(t *testing.T, ch *clickhouse.DB, want int) {
	t.Helper()
	var got int
	var err error
	for deadline := time.Now().Add(20 * time.Second); time.Now().Before(deadline); time.Sleep(100 * time.Millisecond) {
		if got, err = ch.Count(context.Background(), cx.KindTickets, clickhouse.Final); err == nil && got == want {
			return
		}
	}
	t.Fatalf("ClickHouse holds %d tickets (%v); want %d", got, err, want)
}

func TestServeRefusesABadClickHouse(t *testing.T) {
	p := newProject(t)
	t.Setenv("KLANTPULS_CLICKHOUSE", "http://ch.internal:8123/kp")
	_, stderr, code := p.run("serve", "--addr", "127.0.0.1:0")
	if code != 2 || !strings.Contains(stderr, "--clickhouse ($KLANTPULS_CLICKHOUSE): not a ClickHouse address") {
		t.Errorf("exit %d:\n%s", code, stderr)
	}
	t.Setenv("KLANTPULS_CLICKHOUSE", "")
	p.config = p.file("klantpuls.toml", "[engine]\nkind = \"clickhouse\"\nclickhouse = \"clickhouse://127.0.0.1:9000/kp\"\n")
	_, stderr, code = p.run("serve", "--addr", "127.0.0.1:0")
	if code == 0 || !strings.Contains(stderr, "127.0.0.1:9000") {
		t.Errorf("kind = clickhouse, no server at its address: exit %d:\n%s", code, stderr)
	}
}
