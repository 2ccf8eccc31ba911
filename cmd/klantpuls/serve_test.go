package main

import (
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/klantpuls/klantpuls/internal/app"
	"github.com/klantpuls/klantpuls/internal/config"
	"github.com/klantpuls/klantpuls/internal/web"
)

// TestAPIReportIsTheCLIReport: the report endpoint answers exactly the bytes of
// `klantpuls report --format json` for the same query, split and unsplit.
func TestAPIReportIsTheCLIReport(t *testing.T) {
	inEnglish(t)
	p := newProject(t)
	p.mustImport("tickets", "ticket_id,created_at,channel,agent,first_reply_at,solved_at\n"+
		"T1,2026-03-13 17:30,email,Anna,2026-03-16 09:30,2026-03-16 12:00\nT2,2026-03-10 10:00,chat,Bram,2026-03-10 14:15,\n")
	p.mustImport("responses", "response_id,survey,score,submitted_at,ticket_id\nR1,csat,4,2026-03-17 10:00,T1\nR2,nps,3,2026-03-17 10:00,\n")
	db := filepath.Join(p.dir, "klantpuls.db")
	_, _, code := p.run("user", "add", "--email", "x@example.com") // without a password: refused
	if code != 2 {
		t.Errorf("user add without password: exit %d, want 2", code)
	}
	t.Setenv("KLANTPULS_USER_PASSWORD", "a long enough password")
	if _, stderr, code := p.run("user", "add", "--email", "boss@example.com", "--role", "admin"); code != 0 {
		t.Fatalf("user add: %s", stderr)
	}
	token, stderr, code := p.run("token", "create", "--name", "test", "--scope", "read")
	token = strings.TrimSpace(token)
	if code != 0 || !strings.HasPrefix(token, "kp_") || !strings.Contains(stderr, "not shown again") {
		t.Fatalf("token create: %d %q %s", code, token, stderr)
	}

	ctx, cancel := context.WithCancel(context.Background())
	a, err := app.Open(ctx, db, config.Default())
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	if err := a.LoadEngine(ctx); err != nil {
		t.Fatal(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	srv := web.New(web.Options{App: a})
	done := make(chan error, 1)
	go func() { done <- srv.Serve(ctx, ln) }()
	defer func() { cancel(); <-done }()

	for _, by := range []string{"", "agent", "channel", "segment"} {
		args := []string{"report", "--from", "2026-03-01", "--to", "2026-04-01", "--format", "json"}
		query := "from=2026-03-01&to=2026-04-01"
		if by != "" {
			args = append(args, "--by", by)
			query += "&by=" + by
		}
		cli, _, _ := p.run(args...)
		req, _ := http.NewRequest("GET", "http://"+ln.Addr().String()+"/api/v1/report?"+query, nil)
		req.Header.Set("Authorization", "Bearer "+token)
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(res.Body)
		res.Body.Close()
		if res.StatusCode != 200 || string(body) != cli {
			t.Errorf("by %q: the API answers (%d)\n%s\nthe command line\n%s", by, res.StatusCode, body, cli)
		}
	}
}

// TestServeCommand starts `klantpuls serve` itself: the admin from the environment, a port of
// its own, and a clean stop on interrupt.
func TestServeCommand(t *testing.T) {
	p := newProject(t)
	p.mustImport("tickets", "ticket_id,created_at\nT1,2026-03-02 10:00\n")
	// As a database of a release whose sentiment scorer was older (a new one records the
	// running scorer's version when first opened, and has nothing to score again).
	a, err := app.Open(context.Background(), filepath.Join(p.dir, "klantpuls.db"), nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := a.SetSetting(context.Background(), "sentiment.scorer_version", "0"); err != nil {
		t.Fatal(err)
	}
	a.Close()
	ln, _ := net.Listen("tcp", "127.0.0.1:0")
	addr := ln.Addr().String()
	ln.Close()
	t.Setenv("KLANTPULS_ADMIN_EMAIL", "admin@example.com")
	t.Setenv("KLANTPULS_ADMIN_PASSWORD", "a long enough password")
	ctx, cancel := context.WithCancel(context.Background())
	var out, errOut strings.Builder
	logs := &syncWriter{w: &errOut}
	done := make(chan int, 1)
	go func() {
		done <- run(ctx, []string{"--db", filepath.Join(p.dir, "klantpuls.db"), "serve", "--addr", addr}, &out, logs)
	}()
	var res *http.Response
	for i := 0; i < 100; i++ {
		var err error
		if res, err = http.Get("http://" + addr + "/readyz"); err == nil {
			break
		}
		time.Sleep(50 * time.Millisecond)
	}
	if res == nil || res.StatusCode != 200 {
		t.Fatalf("the server did not become ready: %v", res)
	}
	res.Body.Close()
	// Ready first, then the texts of an older scorer scored again in the background (here none
	// to score again: the import stored no text).
	const rescored = `"msg":"earlier texts scored again by the newer sentiment scorer","texts":0,"replies":0`
	for i := 0; i < 100 && !strings.Contains(logs.String(), rescored); i++ {
		time.Sleep(50 * time.Millisecond)
	}
	cancel()
	if code := <-done; code != 0 {
		t.Errorf("serve: exit %d", code)
	}
	got := errOut.String()
	for _, want := range []string{`"msg":"engine loaded"`, `"msg":"administrator created"`, `"msg":"listening"`, `"msg":"shutting down`, rescored} {
		if !strings.Contains(got, want) {
			t.Errorf("logs lack %s:\n%s", want, got)
		}
	}
}

// syncWriter serialises writes from the server's goroutines.
type syncWriter struct {
	mu sync.Mutex
	w  io.Writer
}

func (s *syncWriter) Write(b []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.w.Write(b)
}

// String is what was written so far (of a strings.Builder).
func (s *syncWriter) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.w.(fmt.Stringer).String()
}
