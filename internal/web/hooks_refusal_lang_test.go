package web

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/klantpuls/klantpuls/internal/hook"
	"github.com/klantpuls/klantpuls/internal/hooks"
)

// TestHookRefusalsInTheCallersLanguage: a delivery refused — to no connection, of a kind the
// connection may not write, a body too large, not readable — is answered in the language its
// Accept-Language asks for, as the API answers (apiLanguage: English without one), and tells a
// cache that the answer differs by it. They were English whatever the caller asked.
func TestHookRefusalsInTheCallersLanguage(t *testing.T) {
	ts := startServer(t)
	tool := ts.anonymous()
	path := ts.connect("Enquêtetool", hookSecret, "responses", "customers")
	tickets := `{"delivery_id":"d-3","records":{"tickets":[{"ticket_id":"T1","created_at":"2026-03-05T10:00:00+01:00"}]}}`
	for _, c := range []struct {
		name, path, body string
		status           int
		nl, en           string
	}{
		{"no connection", "/hooks/klantpuls/AAAAAAAAAAAAAAAA", tickets, 404,
			"geen webhookkoppeling op deze URL; kopieer de URL van de pagina Koppelingen (of klantpuls connection list)",
			"no webhook connection at this URL; copy the URL from the Koppelingen page (or klantpuls connection list)"},
		{"a kind the connection may not write", path, tickets, 403,
			`koppeling "Enquêtetool" mag responses, customers schrijven, geen tickets; er is niets geschreven (maak een koppeling die dat mag, of stuur alleen die soorten)`,
			`connection "Enquêtetool" may write responses, customers, not tickets; nothing was written (make a connection that may, or send only those kinds)`},
		{"a body too large", path, `{"delivery_id":"` + strings.Repeat("x", hooks.MaxBody) + `"}`, 413,
			"de body van een levering mag hoogstens 1048576 bytes hebben; er is niets geschreven",
			"a delivery's body may have at most 1048576 bytes; nothing was written"},
	} {
		for _, lang := range []string{"nl", "en", ""} {
			header := []string{hook.SignatureHeader, hook.Sign([]byte(hookSecret), []byte(c.body), time.Now())}
			if lang != "" {
				header = append(header, "Accept-Language", lang)
			}
			res := tool.do("POST", c.path, "application/json", strings.NewReader(c.body), header...)
			var p Problem
			res.json(t, &p)
			want := c.en
			if lang == "nl" {
				want = c.nl
			}
			if res.status != c.status || p.Detail != want {
				t.Errorf("%s, Accept-Language %q: %d %q, want %d %q", c.name, lang, res.status, p.Detail, c.status, want)
			}
			if !slices.Contains(res.header.Values("Vary"), "Accept-Language") {
				t.Errorf("%s, Accept-Language %q: Vary %q, want Accept-Language", c.name, lang, res.header.Values("Vary"))
			}
		}
	}
}
