package web

import (
	"net/http"
	"slices"
	"strings"
	"testing"
)

// TestRefusalInTheCallersLanguage: a record the API refuses is said in the language of the
// request's Accept-Language (its first tag that is Dutch or English; English when it sends none
// or names neither), in the words klantpuls import refuses the same row in (importer's
// messages.go: msgOffScale "%d ligt buiten de %s-schaal %d..%d", msgRequired; ingest's
// messages.go for the count). Only the words change: the status, type, title, instance and every
// field's pointer are the same in both languages, for a program that reads them.
func TestRefusalInTheCallersLanguage(t *testing.T) {
	ts := startServer(t)
	w := ts.withToken("adminWrite")
	if res := w.postJSON("/api/v1/responses", `{"response_id":"R9","survey":"nps","score":9,"submitted_at":"2026-03-05 10:00"}`); res.status != 200 {
		t.Fatalf("the record to patch: %d %s", res.status, res.body)
	}
	if res := w.postJSON("/api/v1/reviews", `{"review_id":"V1","criterion":"Toon","reviewed_at":"2026-03-03 10:00","agent":"Anouk","rating":3}`); res.status != 200 {
		t.Fatalf("the review to patch: %d %s", res.status, res.body)
	}
	const bad = `[{"response_id":"R1","survey":"nps","score":11,"submitted_at":"2026-03-05 10:00"},` +
		`{"response_id":"R2","survey":"nps","score":7,"submitted_at":""}]`
	type said struct {
		detail  string
		reasons []string
	}
	dutch := said{"2 ongeldige velden; er is niets opgeslagen",
		[]string{"11 ligt buiten de nps-schaal 0..10", "verplichte waarde ontbreekt: vul de cel in"}}
	english := said{"2 invalid fields; nothing was stored",
		[]string{"11 is outside the nps scale 0..10", "required value missing: fill in the cell"}}
	pointers := []string{"/0/score", "/1/submitted_at"}
	patchDutch := said{"1 ongeldig veld; er is niets opgeslagen", []string{"11 ligt buiten de nps-schaal 0..10"}}
	patchEnglish := said{"1 invalid field; nothing was stored", []string{"11 is outside the nps scale 0..10"}}
	// A review's row is named in the caller's words, its kind and "criterium" Dutch.
	keyDutch := said{"een patch kan de sleutel niet wijzigen; er is niets opgeslagen", []string{`de sleutel van kwaliteitsbeoordeling ` +
		`"V1, criterium toon" kan niet worden gewijzigd: laat hem uit de patch, of stuur het record in zijn geheel onder de nieuwe sleutel`}}
	keyEnglish := said{"a patch cannot change the key; nothing was stored", []string{`the key of reviews "V1, criterion toon" ` +
		`cannot be changed: leave it out of the patch, or send the record whole under its new key`}}

	var first *Problem
	for _, tc := range []struct {
		name, method, path, body, acceptLanguage string
		want                                     said
		pointers                                 []string
	}{
		{"nl", "POST", "/api/v1/responses", bad, "nl", dutch, pointers},
		{"en", "POST", "/api/v1/responses", bad, "en", english, pointers},
		{"a browser's nl-NL before en", "POST", "/api/v1/responses", bad, "nl-NL,nl;q=0.9,en;q=0.8", dutch, pointers},
		{"Dutch after a language klantpuls does not speak", "POST", "/api/v1/responses", bad, "fr-BE, nl;q=0.5", dutch, pointers},
		{"none: a script, English", "POST", "/api/v1/responses", bad, "", english, pointers},
		{"neither Dutch nor English: English", "POST", "/api/v1/responses", bad, "de", english, pointers},
		{"a patch, nl", "PATCH", "/api/v1/responses/R9", `{"score":11}`, "nl", patchDutch, []string{"/score"}},
		{"a patch, en", "PATCH", "/api/v1/responses/R9", `{"score":11}`, "en", patchEnglish, []string{"/score"}},
		{"a patch of a key, nl", "PATCH", "/api/v1/reviews/V1?criterion=toon", `{"criterion":"Kennis"}`, "nl", keyDutch, []string{"/criterion"}},
		{"a patch of a key, en", "PATCH", "/api/v1/reviews/V1?criterion=toon", `{"criterion":"Kennis"}`, "en", keyEnglish, []string{"/criterion"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var header []string
			if tc.acceptLanguage != "" {
				header = []string{"Accept-Language", tc.acceptLanguage}
			}
			p, gotPointers, gotReasons := problemIn(t, w, tc.method, tc.path, tc.body, http.StatusUnprocessableEntity, header...)
			if p.Detail != tc.want.detail || !slices.Equal(gotReasons, tc.want.reasons) {
				t.Errorf("said %q %q, want %q %q", p.Detail, gotReasons, tc.want.detail, tc.want.reasons)
			}
			if !slices.Equal(gotPointers, tc.pointers) {
				t.Errorf("pointers %q, want %q", gotPointers, tc.pointers)
			}
			if tc.method != "POST" {
				return
			}
			// The machine's fields are one answer, in whichever language.
			if first == nil {
				first = &p
			} else if p.Type != first.Type || p.Title != first.Title || p.Status != first.Status || p.Instance != first.Instance {
				t.Errorf("type, title, status, instance %q %q %d %q; in another language %q %q %d %q",
					p.Type, p.Title, p.Status, p.Instance, first.Type, first.Title, first.Status, first.Instance)
			}
		})
	}
}

// problemIn is the problem c is answered with when it sends body to path (a PATCH as a merge
// patch) with the header's Accept-Language, and each of its fields' pointer and detail. It
// fails the test unless the answer is a problem of status that varies by Accept-Language, so
// that a cache keeps the languages apart.
func problemIn(t *testing.T, c *client, method, path, body string, status int, header ...string) (p Problem, pointers, details []string) {
	t.Helper()
	contentType := "application/json"
	if method == "PATCH" {
		contentType = mergePatchType
	}
	res := c.do(method, path, contentType, strings.NewReader(body), header...)
	if res.status != status || res.header.Get("Content-Type") != "application/problem+json" {
		t.Fatalf("%d %s, want a %d problem: %s", res.status, res.header.Get("Content-Type"), status, res.body)
	}
	res.json(t, &p)
	for _, f := range p.Errors {
		pointers, details = append(pointers, f.Pointer), append(details, f.Detail)
	}
	if !slices.Contains(res.header.Values("Vary"), "Accept-Language") {
		t.Errorf("Vary %q: a cache must keep the languages apart", res.header.Values("Vary"))
	}
	return p, pointers, details
}
