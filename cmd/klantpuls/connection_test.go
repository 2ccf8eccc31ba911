package main

import (
	"context"
	"regexp"
	"strings"
	"testing"

	"github.com/klantpuls/klantpuls/internal/app"
	"github.com/klantpuls/klantpuls/internal/config"
	"github.com/klantpuls/klantpuls/internal/cx"
	"github.com/klantpuls/klantpuls/internal/web"
)

// TestConnectionCommands: connection add prints the path and, when it makes the secret, the
// secret, which is then the connection's; with --secret-stdin it keeps the one piped in and
// prints only the path; list shows both; remove removes one; each change is in the audit log
// without its secret. Bad input is a usage error naming the flag.
func TestConnectionCommands(t *testing.T) {
	inEnglish(t)
	p := newProject(t)
	out, errOut, code := p.run("connection", "add", "--source", "klantpuls", "--name", "Webwinkel", "--kinds", "orders,customers")
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if code != 0 || len(lines) != 2 || !regexp.MustCompile(`^/hooks/klantpuls/[A-Za-z0-9_-]{16}$`).MatchString(lines[0]) ||
		!regexp.MustCompile(`^kpwh_[A-Za-z0-9_-]{43}$`).MatchString(lines[1]) || !strings.Contains(errOut, "it is not shown again") {
		t.Fatalf("add: exit %d\n%s\n%s", code, out, errOut)
	}
	made := lines[0][strings.LastIndex(lines[0], "/")+1:]

	const pasted = "shpss_0123456789abcdef0123456789ab"
	stdin = strings.NewReader(pasted + "\n")
	defer func() { stdin = strings.NewReader("") }()
	out, errOut, code = p.run("connection", "add", "--source", "klantpuls", "--name", "Helpdesk", "--secret-stdin")
	if code != 0 || strings.Count(out, "\n") != 1 || !strings.HasPrefix(out, "/hooks/klantpuls/") || strings.Contains(out+errOut, pasted) {
		t.Fatalf("add --secret-stdin: exit %d\n%s\n%s", code, out, errOut)
	}
	piped := strings.TrimSpace(out[strings.LastIndex(out, "/")+1:])

	a, err := app.Open(context.Background(), p.db, config.Default())
	if err != nil {
		t.Fatal(err)
	}
	for id, want := range map[string]string{made: lines[1], piped: pasted} {
		if _, secret, err := a.Connection(context.Background(), id); err != nil || string(secret) != want {
			t.Errorf("connection %s: secret %q, %v; want %q", id, secret, err, want)
		}
	}
	a.Close()

	out, _, code = p.run("connection", "list")
	if code != 0 || !strings.Contains(out, made) || !strings.Contains(out, "orders,customers") || !strings.Contains(out, piped) ||
		strings.Contains(out, pasted) || strings.Contains(out, lines[1]) {
		t.Errorf("list: exit %d\n%s", code, out)
	}
	if _, errOut, code = p.run("connection", "remove", made); code != 0 || !strings.Contains(errOut, "removed") {
		t.Errorf("remove: exit %d %s", code, errOut)
	}
	if out, _, _ = p.run("connection", "list"); strings.Contains(out, made) || !strings.Contains(out, piped) {
		t.Errorf("list after remove:\n%s", out)
	}
	if _, errOut, code = p.run("connection", "remove", made); code != 1 || !strings.Contains(errOut, "no connection "+made+" (klantpuls connection list shows them)") {
		t.Errorf("remove again: exit %d %s, want 1 saying there is no such connection", code, errOut)
	}

	a, err = app.Open(context.Background(), p.db, config.Default())
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	entries, err := a.AuditLog(context.Background(), app.AuditQuery{})
	if err != nil {
		t.Fatal(err)
	}
	var actions []string
	for _, e := range entries {
		if strings.Contains(web.AuditDetail("en", e), pasted) || strings.Contains(web.AuditDetail("en", e), lines[1]) {
			t.Errorf("the audit log holds a secret: %+v", e)
		}
		if strings.HasPrefix(e.Action, "connection_") {
			actions = append(actions, e.Action)
		}
	}
	want := []string{cx.AuditConnectionDelete, cx.AuditConnectionCreate, cx.AuditConnectionCreate}
	if strings.Join(actions, " ") != strings.Join(want, " ") {
		t.Errorf("audit actions %q, want %q", actions, want)
	}

	for _, c := range []struct {
		args []string
		says string
	}{
		{[]string{"--source", "nope", "--name", "x"}, `source: "nope" is not a webhook source`},
		{[]string{"--source", "klantpuls", "--name", "x", "--kinds", "ticket"}, "kinds: unknown kind"},
		{[]string{"--source", "klantpuls", "--name", " "}, "name: give the connection a name"},
		{[]string{"--source", "klantpuls", "--name", "x", "--secret-stdin"}, "standard input holds no secret"},
	} {
		if _, errOut, code := p.run(append([]string{"connection", "add"}, c.args...)...); code != 2 || !strings.Contains(errOut, c.says) {
			t.Errorf("add %q: exit %d %s; want 2 saying %q", c.args, code, errOut, c.says)
		}
	}
	if out, _, code := p.run("connection", "add", "--help"); code != 0 || !strings.Contains(out, "--secret-stdin") {
		t.Errorf("add --help: exit %d\n%s", code, out)
	}
}

// TestConnectionAPIToken: --api-token-stdin keeps the line after the secret as the connection's
// API token (sealed; connection list says it is kept, never what it is); a source that never
// asks its tool back refuses one, and a missing line is a usage error naming the flag.
func TestConnectionAPIToken(t *testing.T) {
	inEnglish(t)
	p := newProject(t)
	const secret, token = "trengo_sign_3Fa9_webhook", "trengo-personal-access-token"
	stdin = strings.NewReader(secret + "\n" + token + "\n")
	defer func() { stdin = strings.NewReader("") }()
	out, errOut, code := p.run("connection", "add", "--source", "trengo", "--name", "Trengo", "--secret-stdin", "--api-token-stdin")
	if code != 0 || strings.Contains(out+errOut, token) {
		t.Fatalf("add: exit %d\n%s\n%s", code, out, errOut)
	}
	id := strings.TrimSpace(out[strings.LastIndex(out, "/")+1:])
	a, err := app.Open(context.Background(), p.db, config.Default())
	if err != nil {
		t.Fatal(err)
	}
	got, err := a.ConnectionToken(context.Background(), id)
	a.Close()
	if err != nil || string(got) != token {
		t.Errorf("API token %q, %v; want %q", got, err, token)
	}
	if out, _, _ = p.run("connection", "list"); !strings.Contains(out, "API TOKEN") || !strings.Contains(out, "kept") || strings.Contains(out, token) {
		t.Errorf("list:\n%s", out)
	}
	for _, c := range []struct {
		source, in, says string
	}{
		{"shopify", secret + "\nshpat_0123\n", "API token: Shopify's webhooks carry what they write"},
		{"trengo", secret + "\n", "--api-token-stdin: standard input holds no API token"},
	} {
		stdin = strings.NewReader(c.in)
		if _, errOut, code := p.run("connection", "add", "--source", c.source, "--name", "x", "--secret-stdin", "--api-token-stdin"); code != 2 ||
			!strings.Contains(errOut, c.says) {
			t.Errorf("%s: exit %d %s; want 2 saying %q", c.source, code, errOut, c.says)
		}
	}
}
