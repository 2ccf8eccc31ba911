package web

import (
	"fmt"
	"slices"
	"strings"
	"testing"
)

// TestAccountRefusalsInTheCallersLanguage: the users, tokens and erasure API (and a review row
// named without its criterion, or not stored) refuse a body in the request's Accept-Language, as the records
// and invitations API do: Dutch for nl, English without the header (a script). They answered
// in English whatever the request asked. Only the words differ: the status, type, title,
// instance and every pointer are the same in both languages. The English is the API's as it
// was; the Dutch is words_api.go's, the byte counts by hand.
func TestAccountRefusalsInTheCallersLanguage(t *testing.T) {
	ts := startServer(t)
	admin, w := ts.login("admin@example.com"), ts.withToken("adminWrite")
	if res := w.postJSON("/api/v1/customers", `{"customer_id":"C1","acquired_at":"2026-01-05","name":"Anna de Vries"}`); res.status != 200 {
		t.Fatalf("customer: %d %s", res.status, res.body)
	}
	user := fmt.Sprintf("/api/v1/users/%d", userID(t, admin, "manager@example.com"))
	const (
		userHint     = "send a JSON object with email, password, role, agent and team"
		userHintNL   = "stuur een JSON-object met email, password, role, agent en team"
		tokenHint    = `send a JSON object with name, scope (read or write) and optionally expires (like "90d")`
		tokenHintNL  = `stuur een JSON-object met name, scope (read of write) en eventueel expires (zoals "90d")`
		changeHint   = "send a JSON object with one or more of role, agent, team and password"
		changeHintNL = "stuur een JSON-object met een of meer van role, agent, team en password"
		eraseHint    = `send {"purge": false} to keep the customer's scores anonymously, {"purge": true} to delete their records`
		eraseHintNL  = `stuur {"purge": false} om de scores van de klant anoniem te bewaren, {"purge": true} om de records van de klant te verwijderen`
		criterion    = "a review row is named by its review_id and criterion: add ?criterion=… to the address"
		criterionNL  = "een rij van een review wordt genoemd met review_id en criterium: zet ?criterion=… achter het adres"
	)
	// said is what one language says: the problem's detail and each field's, in order.
	type said struct {
		detail string
		fields []string
	}
	for _, tc := range []struct {
		name         string
		c            *client
		method, path string
		body         string
		status       int
		pointers     []string
		en, nl       said
	}{
		// {"email": is 9 bytes and ends there.
		{"a user that is no JSON", admin, "POST", "/api/v1/users", `{"email":`, 400, nil,
			said{"not valid JSON at byte 9 (unexpected end of JSON input); " + userHint, nil},
			said{"geen geldige JSON bij byte 9 (unexpected end of JSON input); " + userHintNL, nil}},
		{"a user's e-mail address that is a number", admin, "POST", "/api/v1/users", `{"email":5}`, 422, []string{"/email"},
			said{userHint, []string{"must be a string"}}, said{userHintNL, []string{"moet een tekst zijn"}}},
		{"a user's e-mail address twice", admin, "POST", "/api/v1/users", `{"email":"a@example.com","email":"b@example.com"}`, 422, []string{""},
			said{userHint, []string{`duplicate member "email"`}}, said{userHintNL, []string{`dubbel veld "email"`}}},
		{"a user that is an array", admin, "POST", "/api/v1/users", `[]`, 422, []string{""},
			said{userHint, []string{"not a JSON object"}}, said{userHintNL, []string{"geen JSON-object"}}},
		// {"name": is 8 bytes and ends there.
		{"a token that is no JSON", admin, "POST", "/api/v1/tokens", `{"name":`, 400, nil,
			said{"not valid JSON at byte 8 (unexpected end of JSON input); " + tokenHint, nil},
			said{"geen geldige JSON bij byte 8 (unexpected end of JSON input); " + tokenHintNL, nil}},
		{"a token's scope that is true", admin, "POST", "/api/v1/tokens", `{"name":"a","scope":true}`, 422, []string{"/scope"},
			said{tokenHint, []string{"must be a string"}}, said{tokenHintNL, []string{"moet een tekst zijn"}}},
		{"a user's e-mail address changed", admin, "PATCH", user, `{"email":"m@example.com"}`, 422, []string{"/email"},
			said{changeHint, []string{"not a member of a user's change (role, agent, team, password); the e-mail address cannot be changed"}},
			said{changeHintNL, []string{"geen veld van een wijziging van een gebruiker (role, agent, team, password); het e-mailadres kan niet veranderen"}}},
		{"a team that is a number, a role that is null", admin, "PATCH", user, `{"team":5,"role":null}`, 422, []string{"/role", "/team"},
			said{changeHint, []string{"cannot be null", "must be a string"}}, said{changeHintNL, []string{"mag niet null zijn", "moet een tekst zijn"}}},
		// The app's refusal of a member (failNamed): its keyed sentence, as a page says it.
		{"a role that is none", admin, "PATCH", user, `{"role":"boss"}`, 422, []string{"/role"},
			said{`role: "boss" is not admin, manager or agent`, []string{`"boss" is not admin, manager or agent`}},
			said{`Rol: kies beheerder, manager of medewerker (niet "boss").`, []string{`Rol: kies beheerder, manager of medewerker (niet "boss").`}}},
		{"a change of nothing", admin, "PATCH", user, `{}`, 422, []string{""},
			said{changeHint, []string{"the object names nothing to change"}}, said{changeHintNL, []string{"het object noemt niets om te wijzigen"}}},
		// {"role": is 8 bytes and ends there.
		{"a change that is no JSON", admin, "PATCH", user, `{"role":`, 400, nil,
			said{"not valid JSON at byte 8 (unexpected end of JSON input); " + changeHint, nil},
			said{"geen geldige JSON bij byte 8 (unexpected end of JSON input); " + changeHintNL, nil}},
		{"an erasure misspelt", w, "POST", "/api/v1/customers/C1/erase", `{"purge_all":true}`, 422, []string{"/purge_all", "/purge"},
			said{eraseHint, []string{"not a member of an erasure: send only purge",
				"required: true deletes the customer's records, false keeps their scores anonymously"}},
			said{eraseHintNL, []string{"geen veld van een wissing: stuur alleen purge",
				"verplicht: true verwijdert de records van de klant, false bewaart de scores anoniem"}}},
		{"an erasure's purge that is a string", w, "POST", "/api/v1/customers/C1/erase", `{"purge":"true"}`, 422, []string{"/purge"},
			said{eraseHint, []string{"must be true or false"}}, said{eraseHintNL, []string{"moet true of false zijn"}}},
		{"an erasure that is a number", w, "POST", "/api/v1/customers/C1/erase", `5`, 422, []string{""},
			said{eraseHint, []string{"not a JSON object"}}, said{eraseHintNL, []string{"geen JSON-object"}}},
		// {"purge": is 9 bytes and ends there.
		{"an erasure that is no JSON", w, "POST", "/api/v1/customers/C1/erase", `{"purge":`, 400, nil,
			said{"not valid JSON at byte 9 (unexpected end of JSON input); " + eraseHint, nil},
			said{"geen geldige JSON bij byte 9 (unexpected end of JSON input); " + eraseHintNL, nil}},
		{"a review row deleted without its criterion", w, "DELETE", "/api/v1/reviews/V1", "", 400, nil,
			said{criterion, nil}, said{criterionNL, nil}},
		{"a review row patched without its criterion", w, "PATCH", "/api/v1/reviews/V1", `{"rating":5}`, 400, nil,
			said{criterion, nil}, said{criterionNL, nil}},
		// The English is the API's as it was (TestDeleteReviewRow); the Dutch names the criterion in Dutch.
		{"a review row not stored deleted", w, "DELETE", "/api/v1/reviews/QA-7?criterion=Toon", "", 404, nil,
			said{`no review "QA-7, criterion toon" to delete`, nil}, said{`Kwaliteitsbeoordeling "QA-7, criterium toon" bestaat niet.`, nil}},
	} {
		var english Problem
		for _, lang := range []struct {
			name   string
			header []string
			want   said
		}{{"without Accept-Language", nil, tc.en}, {"nl", []string{"Accept-Language", "nl"}, tc.nl}} {
			t.Run(tc.name+", "+lang.name, func(t *testing.T) {
				p, pointers, details := problemIn(t, tc.c, tc.method, tc.path, tc.body, tc.status, lang.header...)
				if p.Detail != lang.want.detail || !slices.Equal(details, lang.want.fields) {
					t.Errorf("said %q %q\nwant %q %q", p.Detail, details, lang.want.detail, lang.want.fields)
				}
				if !slices.Equal(pointers, tc.pointers) {
					t.Errorf("pointers %q, want %q", pointers, tc.pointers)
				}
				if lang.header == nil {
					english = p
				} else if p.Type != english.Type || p.Title != english.Title || p.Status != english.Status || p.Instance != english.Instance {
					t.Errorf("type, title, status, instance %q %q %d %q; in English %q %q %d %q",
						p.Type, p.Title, p.Status, p.Instance, english.Type, english.Title, english.Status, english.Instance)
				}
			})
		}
	}
	if got := w.get("/api/v1/customers/C1"); got.status != 200 || !strings.Contains(got.body, `"name":"Anna de Vries"`) {
		t.Errorf("the customer after refused erasures: %d %.200s", got.status, got.body)
	}
}
