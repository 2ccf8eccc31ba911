package main

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/klantpuls/klantpuls/internal/app"
	"github.com/klantpuls/klantpuls/internal/cx"
)

// TestAccountCommands: `klantpuls user add` refuses weak passwords (defect 12), `token create
// --expires` makes a token that expires, and these commands and imports are in the audit log
// as done on the command line.
func TestAccountCommands(t *testing.T) {
	p := newProject(t)
	for _, weak := range []struct{ password, why string }{
		{"aaaaaaaaaa", "repeated or sequential"},
		{"welkom2024!", "common and leaked"},
		{"boss.example2024", "own e-mail address"},
	} {
		t.Setenv("KLANTPULS_USER_PASSWORD", weak.password)
		_, stderr, code := p.run("user", "add", "--email", "boss.example@example.com", "--role", "admin")
		if code != 1 || !strings.Contains(stderr, "password: ") || !strings.Contains(stderr, weak.why) {
			t.Errorf("user add with %q: exit %d %s; want 1 saying %q", weak.password, code, stderr, weak.why)
		}
	}
	t.Setenv("KLANTPULS_USER_PASSWORD", "klantpuls-demo")
	if _, stderr, code := p.run("user", "add", "--email", "boss.example@example.com", "--role", "admin"); code != 0 {
		t.Fatalf("user add: %s", stderr)
	}
	before := time.Now()
	if _, stderr, code := p.run("token", "create", "--name", "export", "--expires", "90d"); code != 0 ||
		!strings.Contains(stderr, "it expires ") {
		t.Fatalf("token create --expires 90d: exit %d %s", code, stderr)
	}
	if _, stderr, code := p.run("token", "create", "--name", "x", "--expires", "3 months"); code != 2 ||
		!strings.Contains(stderr, "--expires: expires: \"3 months\" is not a number of days") {
		t.Errorf("--expires 3 months: exit %d %s; want 2", code, stderr)
	}
	p.mustImport("events", "event_id,customer_id,kind,at\nE1,C1,login,2026-03-02 10:00\n")
	bad := p.file("bad.csv", "event_id,customer_id,kind,at\nE2,C1,login,gisteren\n")
	if _, _, code := p.run("import", "--kind", "events", bad); code != 1 {
		t.Errorf("a bad file: exit %d, want 1", code)
	}

	ctx := context.Background()
	a, err := app.Open(ctx, p.db, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	tokens, err := a.Tokens(ctx)
	if err != nil || len(tokens) != 1 {
		t.Fatalf("tokens: %+v %v", tokens, err)
	}
	if d := tokens[0].ExpiresAt.Sub(before.AddDate(0, 0, 90)); d < -time.Second || d > time.Minute {
		t.Errorf("the token expires %v, want 90 days after %v", tokens[0].ExpiresAt, before)
	}
	entries, err := a.AuditLog(ctx, app.AuditQuery{})
	if err != nil {
		t.Fatal(err)
	}
	want := []struct{ action, subject, detail string }{
		{cx.AuditImport, bad, "events: refused, nothing imported"},
		{cx.AuditImport, p.dir + "/events.csv", "events: 1 rows read, 1 written (0 replaced)"},
		{cx.AuditTokenCreate, "token 1", "export (read) for boss.example@example.com, expires " + tokens[0].ExpiresAt.Format(time.DateOnly)},
		{cx.AuditUserCreate, "boss.example@example.com", "role admin"},
	}
	if len(entries) != len(want) {
		t.Fatalf("audit log: %+v, want %d entries", entries, len(want))
	}
	for i, w := range want {
		e := entries[i]
		if e.Action != w.action || e.Subject != w.subject || e.Detail != w.detail ||
			!strings.HasPrefix(e.Actor, "cli:") || !strings.HasPrefix(e.From, "cli on ") {
			t.Errorf("entry %d: %+v, want %s of %q (%q) by cli:… from cli on …", i, e, w.action, w.subject, w.detail)
		}
	}
	// The same two imports in the import history the dashboard shows, newest first.
	runs, err := a.ImportHistory(ctx, 0, 10)
	if err != nil {
		t.Fatal(err)
	}
	wantRuns := []cx.ImportRun{
		{File: bad, Source: "events", Rows: 0, Written: 0, Status: cx.ImportFailed},
		{File: p.dir + "/events.csv", Source: "events", Rows: 1, Written: 1, Status: cx.ImportDone},
	}
	if len(runs) != len(wantRuns) {
		t.Fatalf("import history: %+v, want %d runs", runs, len(wantRuns))
	}
	for i, w := range wantRuns {
		r := runs[i]
		if r.File != w.File || r.Source != w.Source || r.Rows != w.Rows || r.Written != w.Written || r.Status != w.Status ||
			!strings.HasPrefix(r.Actor, "cli:") || (w.Status == cx.ImportFailed) != strings.Contains(r.Error, "gisteren") {
			t.Errorf("run %d: %+v, want %+v by cli:…", i, r, w)
		}
	}
}

// TestServeTrustedProxies: a list of trusted proxies that is not one stops `serve` before it
// listens, naming where the list came from.
func TestServeTrustedProxies(t *testing.T) {
	p := newProject(t)
	t.Setenv("KLANTPULS_TRUSTED_PROXIES", "10.0.0.0/8, nginx")
	_, stderr, code := p.run("serve", "--addr", "127.0.0.1:0")
	if code != 2 || !strings.Contains(stderr, `--trusted-proxies ($KLANTPULS_TRUSTED_PROXIES): "nginx" is not an IP address`) {
		t.Errorf("exit %d %s; want 2 naming the variable", code, stderr)
	}
	p.withConfig("[server]\ntrusted_proxies = [\"10.0.0.5/8\"]\n")
	t.Setenv("KLANTPULS_TRUSTED_PROXIES", "")
	_, stderr, code = p.run("serve", "--addr", "127.0.0.1:0")
	if code != 1 || !strings.Contains(stderr, `server.trusted_proxies: "10.0.0.5/8" has bits set past its length`) {
		t.Errorf("a bad config: exit %d %s; want 1 naming the key", code, stderr)
	}
}
