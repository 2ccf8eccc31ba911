package main

import (
	"strings"
	"testing"
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

	base := p.serveHooks(t)
	deliver := func(event string) int { return trengoDeliver(t, base+path, secret, ticket, event) }
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
