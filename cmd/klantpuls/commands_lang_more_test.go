package main

import (
	"strings"
	"testing"
	"time"
)

// TestMoreCommandsSayInTheirLanguage: model fit's table and refusals, import --list-presets,
// sentiment's refusal, and the refusals the pages word too — the last administrator, a kind
// that is none, a connection's kinds — are in the command's language, as the commands of
// TestCommandsSayInTheirLanguage. A Dutch run said them in English. Each line is the whole line,
// as written by hand; a Dutch refusal the pages say is the page's sentence (web.Refused).
func TestMoreCommandsSayInTheirLanguage(t *testing.T) {
	for _, lang := range []string{"nl", "en"} {
		t.Run(lang, func(t *testing.T) {
			t.Setenv("KLANTPULS_LANG", lang)
			p := newProject(t)
			in, says := inLang(lang), p.says

			says(in(`klantpuls: --as-of "gisteren" is geen datum JJJJ-MM-DD`, `klantpuls: --as-of "gisteren" is not a date YYYY-MM-DD`), 2,
				"model", "fit", "--as-of", "gisteren")
			// The account's zone is Amsterdam's (no config file): its yesterday is the last day.
			ams, _ := time.LoadLocation("Europe/Amsterdam")
			yesterday := time.Now().In(ams).AddDate(0, 0, -1).Format(time.DateOnly)
			says(in("klantpuls: --as-of 2999-01-01 is nog niet voorbij: de modellen bekijken de dagen tot en met gisteren ("+yesterday+")",
				"klantpuls: --as-of 2999-01-01 is not over yet: the models observe days up to yesterday ("+yesterday+")"), 2,
				"model", "fit", "--as-of", "2999-01-01")
			// One customer bought twice: one repeat buyer, and the singular.
			p.mustImport("orders", "order_id,customer_id,ordered_at,amount\nO1,C1,2026-03-02 10:00,10\nO2,C1,2026-03-09 10:00,12\n")
			says(in("klantpuls: model fit op 2026-03-31: 1 klant deed een herhaalaankoop; de modellen hebben er minstens 20 nodig; geen cijfers",
				"klantpuls: model fit as of 2026-03-31: 1 customer made a repeat purchase; the models need at least 20; no figures"), 1,
				"model", "fit", "--as-of", "2026-03-31")

			says(in("Gebruik er een met: klantpuls import --preset NAAM BESTAND (docs/mapping.md)",
				"Use one with: klantpuls import --preset NAME FILE (docs/mapping.md)"), 0, "import", "--lang", lang, "--list-presets")
			says(in("  bron: https://support.zendesk.com/hc/en-us/articles/4408886165402",
				"  source: https://support.zendesk.com/hc/en-us/articles/4408886165402"), 0, "import", "--lang", lang, "--list-presets")

			stdin = strings.NewReader(strings.Repeat("x", 1<<20+1) + "\n")
			t.Cleanup(func() { stdin = strings.NewReader("") })
			says(in("klantpuls: standaardinvoer, regel 1: bufio.Scanner: token too long (één tekst per regel, hoogstens 1.048.576 bytes)",
				"klantpuls: standard input, line 1: bufio.Scanner: token too long (one text per line, at most 1,048,576 bytes)"), 1,
				"sentiment", "--lang", "nl")

			t.Setenv("KLANTPULS_USER_PASSWORD", "klantpuls-demo")
			says(in("gebruiker admin@example.com (admin) toegevoegd", "user admin@example.com (admin) added"), 0,
				"user", "add", "--email", "admin@example.com", "--role", "admin")
			says(in("klantpuls: admin@example.com is de laatste beheerder en kan niet worden verwijderd of een andere rol krijgen. Maak eerst een andere gebruiker beheerder.",
				"klantpuls: admin@example.com is the last administrator and cannot be removed: make another user an administrator first"), 1,
				"user", "remove", "--email", "admin@example.com")
			says(in(`klantpuls: --kind: onbekende soort "tiket" (kies uit customers, orders, tickets, messages, responses, mentions, reviews, events)`,
				`klantpuls: --kind: unknown kind "tiket" (want one of customers, orders, tickets, messages, responses, mentions, reviews, events)`), 2,
				"delete", "--kind", "tiket", "--id", "T1")
			says(in(`klantpuls: --kind: onbekende soort "tiket" (kies uit customers, orders, tickets, messages, responses, mentions, reviews, events)`,
				`klantpuls: --kind: unknown kind "tiket" (want one of customers, orders, tickets, messages, responses, mentions, reviews, events)`), 2,
				"import", "--lang", lang, "--kind", "tiket", p.file("t.csv", "ticket_id,created_at\n"))
			says(in(`klantpuls: Soorten: "tiket" is geen soort gegevens (wel: customers, orders, tickets, messages, responses, mentions, reviews, events).`,
				`klantpuls: kinds: unknown kind "tiket" (want one of customers, orders, tickets, messages, responses, mentions, reviews, events)`), 2,
				"connection", "add", "--source", "klantpuls", "--name", "Winkel", "--kinds", "tiket")
		})
	}
}
