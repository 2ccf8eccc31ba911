package main

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"net"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/klantpuls/klantpuls/internal/app"
	"github.com/klantpuls/klantpuls/internal/config"
	"github.com/klantpuls/klantpuls/internal/web"
)

// TestConnectionListShowsTheEvent: a Trengo connection receives only the event its first
// delivery named, and connection list says which (EVENT), "unbound" before then; a source
// naming no event in its URL shows "-". A column is for scripts: the same in Dutch and in
// English (README, "the columns of ... connection list"). The delivery is a real one:
// signed as Trengo signs (https://developers.trengo.com/docs/verifiying-request), over HTTP.
func TestConnectionListShowsTheEvent(t *testing.T) {
	p := newProject(t)
	p.mustImport("tickets", "ticket_id,created_at\n5531,2026-03-02 10:00\n") // the ticket TICKET_CLOSED closes
	const secret, ticket = "trengo_sign_closed_4Hm8", "ticket_id=5531"
	add := func(source, name, in string) string {
		t.Helper()
		stdin = strings.NewReader(in)
		defer func() { stdin = strings.NewReader("") }()
		args := []string{"connection", "add", "--source", source, "--name", name}
		if in != "" {
			args = append(args, "--secret-stdin")
		}
		out, errOut, code := p.run(args...)
		if code != 0 {
			t.Fatalf("add %s: exit %d %s", name, code, errOut)
		}
		return strings.Fields(out)[0]
	}
	closed := add("trengo", "Gesloten", secret+"\n")
	silent := add("trengo", "Stil", "trengo_sign_silent_9Zk1\n")
	shop := add("klantpuls", "Webwinkel", "")

	base := p.serveHooks(t)
	if got := trengoDeliver(t, base+closed, secret, ticket, "TICKET_CLOSED"); got != 200 {
		t.Fatalf("TICKET_CLOSED: %d", got)
	}

	for _, lang := range []string{"en", "nl"} {
		t.Setenv("KLANTPULS_LANG", lang)
		out, errOut, code := p.run("connection", "list")
		if code != 0 {
			t.Fatalf("%s: exit %d %s", lang, code, errOut)
		}
		lines := strings.Split(out, "\n")
		if !regexp.MustCompile(`\bKINDS +EVENT +API TOKEN\b`).MatchString(lines[0]) {
			t.Errorf("%s: the header has no EVENT after KINDS:\n%s", lang, out)
		}
		event := func(path string) string {
			for _, l := range lines {
				if f := regexp.MustCompile(`  +`).Split(l, -1); len(f) > 4 && f[2] == path {
					return f[4]
				}
			}
			return "(no row)"
		}
		for path, want := range map[string]string{closed: "TICKET_CLOSED", silent: "unbound", shop: "-"} {
			if got := event(path); got != want {
				t.Errorf("%s: %s receives %q, want %q:\n%s", lang, path, got, want, out)
			}
		}
	}
}

// serveHooks serves the project's database over real HTTP on a loopback port until the test
// ends, and returns its base URL.
func (p *project) serveHooks(t *testing.T) string {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	a, err := app.Open(ctx, p.db, config.Default())
	if err != nil {
		cancel()
		t.Fatal(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		cancel()
		a.Close()
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- web.New(web.Options{App: a}).Serve(ctx, ln) }()
	t.Cleanup(func() { cancel(); <-done; a.Close() })
	return "http://" + ln.Addr().String()
}

// trengoDeliver posts body to url (a connection's path on serveHooks's server) under event,
// signed with secret as Trengo signs (https://developers.trengo.com/docs/verifiying-request),
// and returns the answer's status.
func trengoDeliver(t *testing.T, url, secret, body, event string) int {
	t.Helper()
	at := strconv.FormatInt(time.Now().Unix(), 10)
	m := hmac.New(sha256.New, []byte(secret))
	m.Write([]byte(at + "." + body))
	req, _ := http.NewRequest("POST", url+"?event="+event, strings.NewReader(body))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Trengo-Signature", at+";"+hex.EncodeToString(m.Sum(nil)))
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	return res.StatusCode
}
