package web

import (
	"context"
	"fmt"
	"regexp"
	"strings"
	"testing"
	"time"
)

// TestConnectionsPageSaysLastRefusalInItsLanguage: the Koppelingen page says a connection's
// last refused delivery in the page's language — one refused after its signature was checked
// (kept in the database) and one refused before (kept in memory) — and an error counted before
// the words were kept as its stored English. The connection's name comes escaped. The record
// kept only the English, so a Dutch admin read an English reason on the Dutch page.
func TestConnectionsPageSaysLastRefusalInItsLanguage(t *testing.T) {
	ts := startServer(t)
	admin := ts.login("admin@example.com")
	tool := ts.anonymous()
	kind := ts.connect("<i>Enquête</i>", hookSecret, "responses")
	tickets := `{"delivery_id":"d-1","records":{"tickets":[{"ticket_id":"T1","created_at":"2026-03-05T10:00:00+01:00"}]}}`
	if res := tool.deliver(kind, tickets, hookSecret); res.status != 403 {
		t.Fatalf("a kind the connection may not write: %d %s", res.status, res.body)
	}
	large := ts.connect("Groot", hookSecretB, "tickets") // each connection a secret of its own
	if res := tool.deliver(large, `{"delivery_id":"`+strings.Repeat("x", 1<<20)+`"}`, hookSecretB); res.status != 413 {
		t.Fatalf("a body too large: %d", res.status)
	}
	old := ts.connect("Oud", hookSecretB+"-old", "tickets")
	oldWhy := "422: tickets[0].created_at: not a time; nothing was written"
	if err := ts.app.DeliveryFailed(context.Background(), ts.connection(old).ID, time.Now(), oldWhy, nil); err != nil {
		t.Fatal(err)
	}
	cell := func(page, name string) string {
		row := regexp.MustCompile(`(?s)<th scope="row">` + regexp.QuoteMeta(name) + `</th>.*?</tr>`).FindString(page)
		return regexp.MustCompile(`<span class="error">[^<]*</span>`).FindString(row)
	}
	for _, c := range []struct {
		lang, kind, large string
	}{
		{"nl", "403: koppeling &#34;&lt;i&gt;Enquête&lt;/i&gt;&#34; mag responses schrijven, geen tickets; er is niets geschreven " +
			"(maak een koppeling die dat mag, of stuur alleen die soorten)</span>",
			"413: de body van een levering mag hoogstens 1048576 bytes hebben; er is niets geschreven</span>"},
		{"en", "403: connection &#34;&lt;i&gt;Enquête&lt;/i&gt;&#34; may write responses, not tickets; nothing was written " +
			"(make a connection that may, or send only those kinds)</span>",
			"413: a delivery&#39;s body may have at most 1048576 bytes; nothing was written</span>"},
	} {
		page := admin.get("/connections?lang=" + c.lang).body
		for _, row := range []struct{ name, want string }{
			{"&lt;i&gt;Enquête&lt;/i&gt;", c.kind}, {"Groot", c.large}, {"Oud", oldWhy + "</span>"},
		} {
			if got := cell(page, row.name); !strings.HasSuffix(got, row.want) {
				t.Errorf("%s, %s: last error %q, want it to end %q", c.lang, row.name, got, row.want)
			}
		}
	}
}

// TestHookWordsTakeTextValues: a connection keeps a refusal's values as text (refusalWords), so
// each of the receiver's sentences must say text in every verb: a %d said a stored size as
// "%!d(string=1048576)".
func TestHookWordsTakeTextValues(t *testing.T) {
	for lang, ws := range words {
		for key, form := range ws {
			if !strings.HasPrefix(key, "hook_") {
				continue
			}
			args := []any{"a", "b", "c", "d"}[:strings.Count(form, "%")-2*strings.Count(form, "%%")]
			if got := fmt.Sprintf(form, args...); strings.Contains(got, "%!") {
				t.Errorf("%s %s: %q", lang, key, got)
			}
		}
	}
}
