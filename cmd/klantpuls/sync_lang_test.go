package main

import (
	"net/http"
	"net/http/httptest"
	"testing"
)

// TestSyncSaysItsFailuresInItsLanguage: what goes wrong while `klantpuls sync` runs — the help
// desk refusing the credentials, having a problem, answering with something that is not JSON,
// not being reachable — is said in the command's language, naming the stream and the address
// it asked. A Dutch run said them in English, as serve's log does.
func TestSyncSaysItsFailuresInItsLanguage(t *testing.T) {
	status, body := 0, ""
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(status)
		w.Write([]byte(body))
	}))
	defer srv.Close()
	// The first page the tickets' stream asks for: the incremental export from --since.
	asked := srv.URL + "/api/v2/incremental/tickets/cursor.json?include=metric_sets&start_time=1767225600"
	t.Setenv("KLANTPULS_ZENDESK_TOKEN", "tok-123")
	for _, lang := range []string{"nl", "en"} {
		t.Run(lang, func(t *testing.T) {
			t.Setenv("KLANTPULS_LANG", lang)
			in := inLang(lang)
			p := newProject(t).withConfig("[sync.zendesk]\nurl = \"" + srv.URL + "\"\nemail = \"anna@example.nl\"\n")
			status, body = 401, `{"error":"Couldn't authenticate you"}`
			p.says(in("klantpuls: zendesk.tickets: "+asked+": 401 Unauthorized: Zendesk weigerde de inloggegevens; controleer "+
				"[sync.zendesk] email (anna@example.nl) en het token in $KLANTPULS_ZENDESK_TOKEN, en of Token access aan staat in de API-instellingen van Zendesk",
				"klantpuls: zendesk.tickets: "+asked+": 401 Unauthorized: Zendesk refused the credentials; check "+
					"[sync.zendesk] email (anna@example.nl) and the token in $KLANTPULS_ZENDESK_TOKEN, and that token access is on in the Zendesk API settings"), 1,
				"sync", "zendesk", "--since", "2026-01-01")
			status, body = 500, "oops"
			p.says(in("klantpuls: zendesk.tickets: "+asked+": 500 Internal Server Error: Zendesk heeft een probleem; de volgende sync vraagt het opnieuw",
				"klantpuls: zendesk.tickets: "+asked+": 500 Internal Server Error: Zendesk has a problem; the next sync asks again"), 1,
				"sync", "zendesk", "--since", "2026-01-01")
			status, body = 200, "Help Center Closed"
			p.says(in(`klantpuls: zendesk.tickets: `+asked+`: het antwoord is geen JSON (text/plain; charset=utf-8, beginnend met "Help Center Closed"): is `+srv.URL+` het adres van uw Zendesk-account?`,
				`klantpuls: zendesk.tickets: `+asked+`: the answer is not JSON (text/plain; charset=utf-8, starting "Help Center Closed"): is `+srv.URL+` the address of your Zendesk account?`), 1,
				"sync", "zendesk", "--since", "2026-01-01")
		})
	}
}
