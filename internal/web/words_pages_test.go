package web

import (
	"regexp"
	"strings"
	"testing"
)

// TestEveryPageInBothLanguages walks every dashboard page, as an administrator with data, in
// Dutch and in English: no page asks for a word the catalogue lacks (T marks it ⟦key⟧), and a
// Dutch page shows no channel in English (email, phone) in a filter's options or a table.
func TestEveryPageInBothLanguages(t *testing.T) {
	ts := dashServer(t)
	if res := ts.withToken("adminWrite").postJSON("/api/v1/tickets",
		`[{"ticket_id":"T9","created_at":"2026-03-18 10:00","agent":"Bram","team":"Sales","channel":"phone"}]`); res.status != 200 {
		t.Fatalf("phone ticket: %d %s", res.status, res.body)
	}
	admin := ts.login("admin@example.com")
	var paths []string
	for _, path := range ts.srv.PagePaths() {
		if !strings.Contains(path, "{id}") {
			paths = append(paths, path)
		}
	}
	paths = append(paths, "/customers/C1", "/tickets/T1")
	if len(paths) < 15 {
		t.Fatalf("only %d pages found in the route table: %v", len(paths), paths)
	}
	missing := regexp.MustCompile(`⟦[^⟧]*⟧`)
	englishValue := regexp.MustCompile(`<option[^>]*>\s*(email|phone|social)\s*</option>|<td>(email|phone|social)</td>|<span>(email|phone|social)</span>`)
	for _, lang := range []string{"nl", "en"} {
		for _, path := range paths {
			t.Run(lang+" "+path, func(t *testing.T) {
				res := admin.get(path + "?period=month&lang=" + lang)
				if res.status != 200 {
					t.Fatalf("status %d", res.status)
				}
				if m := missing.FindAllString(res.body, -1); m != nil {
					t.Errorf("words not in the catalogue: %v", m)
				}
				if lang == "nl" {
					if m := englishValue.FindAllString(res.body, -1); m != nil {
						t.Errorf("English data values on a Dutch page: %v", m)
					}
				}
			})
		}
	}
	// The filter offers the channels by their Dutch names, with the data's value in the URL.
	page := admin.get("/?period=month&lang=nl").body
	for _, want := range []string{`<option value="email">e-mail</option>`, `<option value="phone">telefoon</option>`} {
		if !strings.Contains(page, want) {
			t.Errorf("Dutch channel filter lacks %s", want)
		}
	}
}

func TestDataValueLabels(t *testing.T) {
	nl, en := &page{Lang: "nl"}, &page{Lang: "en"}
	for _, c := range []struct{ got, want string }{
		{nl.Channel("email"), "e-mail"}, {nl.Channel("Phone"), "telefoon"}, {nl.Channel("social"), "social media"},
		{nl.Channel("chat"), "chat"}, {nl.Channel("Balie Utrecht"), "Balie Utrecht"}, // a channel of the account's own: as seen
		{en.Channel("phone"), "phone"}, {en.Channel("email"), "e-mail"},
		{nl.EventKind("app_login"), "inloggen in de app"}, {en.EventKind("loyalty_program"), "loyalty programme"},
		{nl.SurveyKind("nps"), "NPS"}, {nl.Role("admin"), "beheerder"}, {nl.Role("agent"), "medewerker"},
		{en.Role("admin"), "administrator"},
		{nl.Count(1, "order"), "1 bestelling"}, {nl.Count(2, "order"), "2 bestellingen"},
		{nl.Count(0, "order"), "0 bestellingen"}, {nl.Count(2310, "order"), "2.310 bestellingen"},
		{en.Count(1, "order"), "1 order"}, {en.Count(2310, "order"), "2,310 orders"},
	} {
		if c.got != c.want {
			t.Errorf("got %q, want %q", c.got, c.want)
		}
	}
}
