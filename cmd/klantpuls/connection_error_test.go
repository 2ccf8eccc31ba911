package main

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"net"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/klantpuls/klantpuls/internal/app"
	"github.com/klantpuls/klantpuls/internal/config"
	"github.com/klantpuls/klantpuls/internal/web"
)

// TestConnectionListSaysLastRefusalInItsLanguage: connection list says a connection's last
// refused delivery in the command's language (LAST ERROR), with the event the caller named.
// The record kept only the English. The deliveries are real ones,
// signed as Trengo signs (https://developers.trengo.com/docs/verifiying-request), over HTTP:
// the first binds TICKET_CLOSED, the second names another event and is refused (403).
func TestConnectionListSaysLastRefusalInItsLanguage(t *testing.T) {
	p := newProject(t)
	p.mustImport("tickets", "ticket_id,created_at\n5531,2026-03-02 10:00\n")
	const secret, ticket = "trengo_sign_closed_4Hm8", "ticket_id=5531"
	stdin = strings.NewReader(secret + "\n")
	out, errOut, code := p.run("connection", "add", "--source", "trengo", "--name", "Gesloten", "--secret-stdin")
	stdin = strings.NewReader("")
	if code != 0 {
		t.Fatalf("add: exit %d %s", code, errOut)
	}
	path := strings.Fields(out)[0]

	ctx, cancel := context.WithCancel(context.Background())
	a, err := app.Open(ctx, p.db, config.Default())
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- web.New(web.Options{App: a}).Serve(ctx, ln) }()
	defer func() { cancel(); <-done }()
	deliver := func(event string) int {
		t.Helper()
		at := strconv.FormatInt(time.Now().Unix(), 10)
		m := hmac.New(sha256.New, []byte(secret))
		m.Write([]byte(at + "." + ticket))
		req, _ := http.NewRequest("POST", "http://"+ln.Addr().String()+path+"?event="+event, strings.NewReader(ticket))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.Header.Set("Trengo-Signature", at+";"+hex.EncodeToString(m.Sum(nil)))
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		return res.StatusCode
	}
	if got := deliver("TICKET_CLOSED"); got != 200 {
		t.Fatalf("TICKET_CLOSED: %d", got)
	}
	if got := deliver("TICKET_MARKED_AS_SPAM"); got != 403 {
		t.Fatalf("another event: %d, want 403", got)
	}
	for lang, want := range map[string]string{
		"nl": `403: koppeling "Gesloten" ontvangt alleen TICKET_CLOSED, het event van haar eerste levering, en deze noemt TICKET_MARKED_AS_SPAM. De tool`,
		"en": `403: connection "Gesloten" receives TICKET_CLOSED only, the event of its first delivery, and this one names TICKET_MARKED_AS_SPAM. The tool`,
	} {
		t.Setenv("KLANTPULS_LANG", lang)
		out, errOut, code := p.run("connection", "list")
		if code != 0 {
			t.Fatalf("%s: exit %d %s", lang, code, errOut)
		}
		if !strings.Contains(out, want) {
			t.Errorf("%s: LAST ERROR lacks %q:\n%s", lang, want, out)
		}
	}
}
