package main

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// TestSyncZendesk runs `klantpuls sync zendesk` against a loopback stand-in answering in the
// documented shapes (one page of the incremental ticket export,
// https://developer.zendesk.com/api-reference/ticketing/ticket-management/incremental_exports/,
// and an empty page of satisfaction ratings,
// https://developer.zendesk.com/api-reference/ticketing/ticket-management/satisfaction_ratings/):
// the account from [sync.zendesk], the token from $KLANTPULS_ZENDESK_TOKEN, --since for the
// first run; the second run continues from the stored cursor.
func TestSyncZendesk(t *testing.T) {
	inEnglish(t)
	var asked []string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if u, p, _ := r.BasicAuth(); u != "anna@example.nl/token" || p != "tok-123" {
			w.WriteHeader(401)
			w.Write([]byte(`{"error":"Couldn't authenticate you"}`))
			return
		}
		asked = append(asked, r.URL.Path+"?"+r.URL.RawQuery)
		w.Header().Set("Content-Type", "application/json; charset=utf-8")
		if r.URL.Path == "/api/v2/satisfaction_ratings" {
			w.Write([]byte(`{"satisfaction_ratings":[],"meta":{"has_more":false,"after_cursor":null,"before_cursor":null},"links":{"prev":null,"next":null}}`))
			return
		}
		w.Write([]byte(`{"tickets":[{"url":"https://acme.zendesk.com/api/v2/tickets/4101.json","id":4101,` +
			`"via":{"channel":"email","source":{"from":{},"to":{},"rel":null}},"created_at":"2026-03-13T13:05:00Z",` +
			`"updated_at":"2026-03-13T15:40:00Z","type":"question","status":"solved","requester_id":381001,` +
			`"assignee_id":135,"group_id":44,"tags":[]}],"metric_sets":[{"id":94101,"ticket_id":4101,"replies":2,"reopens":0,` +
			`"solved_at":"2026-03-13T15:40:00Z","reply_time_in_minutes":{"calendar":35,"business":35},` +
			`"first_resolution_time_in_minutes":{"calendar":155,"business":155}}],` +
			`"after_url":"https://acme.zendesk.com/api/v2/incremental/tickets/cursor.json?cursor=c1","after_cursor":"c1",` +
			`"before_url":null,"before_cursor":null,"end_of_stream":true}`))
	}))
	defer srv.Close()
	p := newProject(t).withConfig("[sync.zendesk]\nurl = \"" + srv.URL + "\"\nemail = \"anna@example.nl\"\n")

	t.Setenv("KLANTPULS_ZENDESK_TOKEN", "")
	if _, stderr, code := p.run("sync", "zendesk", "--since", "2026-03-01"); code != 2 || !strings.Contains(stderr, "set $KLANTPULS_ZENDESK_TOKEN") {
		t.Errorf("without a token: %d %s", code, stderr)
	}
	if _, stderr, code := p.run("sync", "zendesk", "--token", "tok-123"); code != 2 || !strings.Contains(stderr, "unknown flag --token") {
		t.Errorf("a token on the command line: %d %s", code, stderr)
	}
	t.Setenv("KLANTPULS_ZENDESK_TOKEN", "tok-123")
	if _, stderr, code := p.run("sync", "zendesk"); code != 1 || !strings.Contains(stderr, "give --since") {
		t.Errorf("a first sync without --since: %d %s", code, stderr)
	}
	stdout, stderr, code := p.run("sync", "zendesk", "--since", "2026-03-01")
	if code != 0 || !strings.Contains(stdout, "zendesk.tickets: 1 page, 1 ticket, 1 written") ||
		!strings.Contains(stdout, "zendesk.ratings: 1 page, no records, 0 written") {
		t.Fatalf("sync: %d\n%s%s", code, stdout, stderr)
	}
	stdout, _, code = p.run("sync", "zendesk")
	if code != 0 || !strings.Contains(stdout, "zendesk.tickets: 1 page, 1 ticket, 0 written") {
		t.Errorf("the second sync: %d %s", code, stdout)
	}
	// 1772323200 is 2026-03-01T00:00:00Z; the second run starts at the stored cursor c1.
	if len(asked) != 4 || !strings.Contains(asked[0], "start_time=1772323200") || !strings.Contains(asked[2], "cursor=c1") {
		t.Errorf("asked %q", asked)
	}
	p.withConfig("[sync.zendesk]\nurl = \"http://zendesk.example.nl\"\nemail = \"anna@example.nl\"\n")
	if _, stderr, code := p.run("sync", "zendesk"); code != 1 || !strings.Contains(stderr, "plain http") {
		t.Errorf("plain http to another host: %d %s", code, stderr)
	}
}

// TestSyncSaysItsSetupInItsLanguage: `klantpuls sync` refuses a help desk that the config file
// or the environment does not set up — no account, no token or key, no --since for the first
// sync — in the command's language, as README says every refusal is. A Dutch run said "no
// Zendesk account configured: …" in English, the first thing README's setup (step 4) meets.
func TestSyncSaysItsSetupInItsLanguage(t *testing.T) {
	for _, lang := range []string{"nl", "en"} {
		t.Run(lang, func(t *testing.T) {
			t.Setenv("KLANTPULS_LANG", lang)
			t.Setenv("KLANTPULS_ZENDESK_TOKEN", "")
			t.Setenv("KLANTPULS_FRESHDESK_KEY", "")
			in := inLang(lang)
			p := newProject(t)
			p.says(in("klantpuls: geen Zendesk-account ingesteld: geef onder [sync.zendesk] subdomain (of url) en email in het configuratiebestand",
				"klantpuls: no Zendesk account configured: give [sync.zendesk] subdomain (or url) and email in the config file"), 2,
				"sync", "zendesk", "--since", "2026-01-01")
			p.says(in("klantpuls: geen Freshdesk-account ingesteld: geef onder [sync.freshdesk] domain (of url) in het configuratiebestand",
				"klantpuls: no Freshdesk account configured: give [sync.freshdesk] domain (or url) in the config file"), 2,
				"sync", "freshdesk", "--since", "2026-01-01")
			p.withConfig("[sync.zendesk]\nsubdomain = \"acme\"\nemail = \"anna@example.nl\"\n[sync.freshdesk]\ndomain = \"acme\"\n")
			p.says(in("klantpuls: geen Zendesk-API-token: zet $KLANTPULS_ZENDESK_TOKEN (Zendesk Admin Center > Apps and integrations > APIs > Zendesk API: zet Token access aan en voeg een API-token toe)",
				"klantpuls: no Zendesk API token: set $KLANTPULS_ZENDESK_TOKEN (Zendesk Admin Center > Apps and integrations > APIs > Zendesk API: turn on Token access, add an API token)"), 2,
				"sync", "zendesk", "--since", "2026-01-01")
			p.says(in("klantpuls: geen Freshdesk-API-sleutel: zet $KLANTPULS_FRESHDESK_KEY (Freshdesk: uw profielfoto > Profile settings > View API key)",
				"klantpuls: no Freshdesk API key: set $KLANTPULS_FRESHDESK_KEY (Freshdesk: your profile picture > Profile settings > View API key)"), 2,
				"sync", "freshdesk", "--since", "2026-01-01")
			// The token is there; the first sync lacks --since. Nothing is asked of Zendesk: the
			// refusal comes before the first request.
			t.Setenv("KLANTPULS_ZENDESK_TOKEN", "tok-123")
			p.says(in("klantpuls: zendesk.tickets: nog geen cursor: geef bij de eerste sync --since (zoals --since 2026-01-01), hoe ver terug die leest",
				"klantpuls: zendesk.tickets: no cursor yet: give --since (such as --since 2026-01-01) for the first sync, how far back to read"), 1,
				"sync", "zendesk")
		})
	}
}
