package web

import (
	"context"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/klantpuls/klantpuls/internal/store/sqlite/sqlitetest"
)

// TestConnectionsPageShowsTheEvent: a Trengo connection receives only the event its first
// delivery named (hookEvent), and an admin whose webhook URL named a wrong one sees which on the
// Live koppelingen page, in Dutch and in English; a Trengo connection with no delivery yet says
// it has none, and a connection of a source that names no event in its URL says nothing of one.
func TestConnectionsPageShowsTheEvent(t *testing.T) {
	c := &clock{t: time.Date(2026, 3, 16, 12, 0, 0, 0, time.UTC)}
	ts := startServerOn(t, sqlitetest.New(t), func(o *Options) { o.Now = c.now })
	const createdSecret, closedSecret = "trengo_sign_created_7Qx2", "trengo_sign_closed_4Hm8"
	for _, m := range []struct{ source, name, secret string }{
		{"trengo", "Trengo nieuw", createdSecret}, {"trengo", "Trengo gesloten", closedSecret},
		{"trengo", "Trengo stil", "trengo_sign_silent_9Zk1"}, {"klantpuls", "Webwinkel", ""},
		{"trengo", "Trengo vreemd", "trengo_sign_odd_2Pq5"},
	} {
		conn, keep, _, err := NewConnection(m.source, m.name, nil, m.secret)
		if err != nil {
			t.Fatal(err)
		}
		conn.Actor = "cli:test"
		if err := ts.app.CreateConnection(context.Background(), &conn, keep, ""); err != nil {
			t.Fatal(err)
		}
		if m.name == "Trengo vreemd" {
			// The event is the URL's, untrusted: the page escapes it, whatever it is. (The
			// receiver binds only an event the source reads; this one is bound directly.)
			if _, err := ts.app.BindEvent(context.Background(), conn.ID, `<b onclick="x()">TICKET</b>`); err != nil {
				t.Fatal(err)
			}
		}
		if event := map[string]string{"Trengo nieuw": "TICKET_CREATED", "Trengo gesloten": "TICKET_CLOSED"}[m.name]; event != "" {
			const ticket = "ticket_id=5531"
			res := trengoDelivery(ts, &conn, event, ticket, trengoSigned(m.secret, ticket, c.now()))
			if res.status != 200 {
				t.Fatalf("%s: %d %s", event, res.status, res.body)
			}
		}
	}

	admin := ts.login("admin@example.com")
	for _, lang := range []struct {
		query, closed, unbound string
	}{
		{"", "Ontvangt alleen: <code>TICKET_CLOSED</code>", "Ontvangt alleen: nog geen"},
		{"?lang=en", "Receives only: <code>TICKET_CLOSED</code>", "Receives only: not yet bound"},
	} {
		res := admin.get("/connections" + lang.query)
		if res.status != 200 {
			t.Fatalf("%q: %d %s", lang.query, res.status, res.body)
		}
		row := func(name string) string {
			return regexp.MustCompile(`(?s)<th scope="row">` + name + `</th>.*?</tr>`).FindString(res.body)
		}
		if got := row("Trengo gesloten"); !strings.Contains(got, lang.closed) {
			t.Errorf("%q: the row of the connection bound to TICKET_CLOSED lacks %q:\n%s", lang.query, lang.closed, got)
		}
		if got := row("Trengo nieuw"); !strings.Contains(got, strings.Replace(lang.closed, "TICKET_CLOSED", "TICKET_CREATED", 1)) {
			t.Errorf("%q: the row of the connection bound to TICKET_CREATED lacks it:\n%s", lang.query, got)
		}
		if got := row("Trengo stil"); !strings.Contains(got, lang.unbound) {
			t.Errorf("%q: the row of the Trengo connection without a delivery lacks %q:\n%s", lang.query, lang.unbound, got)
		}
		if got := row("Trengo vreemd"); !strings.Contains(got, "<code>&lt;b onclick=&#34;x()&#34;&gt;TICKET&lt;/b&gt;</code>") {
			t.Errorf("%q: the row of a connection bound to HTML does not show it escaped:\n%s", lang.query, got)
		}
		if got, words := row("Webwinkel"), strings.Split(lang.closed, ":")[0]; got == "" || strings.Contains(got, words) {
			t.Errorf("%q: the row of a klantpuls connection speaks of an event (%q):\n%s", lang.query, words, got)
		}
	}
}
