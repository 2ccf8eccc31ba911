package main

import (
	"context"
	"strings"
	"testing"

	"github.com/klantpuls/klantpuls/internal/app"
	"github.com/klantpuls/klantpuls/internal/cx"
)

// A mapping saved in the browser import, as the page saves it (docs/mapping.md's format): a
// Dutch helpdesk's tickets, semicolon-separated, day-first times.
const savedHelpdesk = `title = "Helpdesk: tickets"
time_formats = ["D-M-YYYY H:mm"]

[recognise]
columns = ["Ticketnummer", "Aangemaakt op", "Kanaal"]

[kinds.tickets.fields]
ticket_id = { column = "Ticketnummer" }
created_at = { column = "Aangemaakt op" }
channel = { column = "Kanaal" }
`

// TestImportSavedMapping: klantpuls import --mapping NAME reads a file by a mapping saved in the
// browser, records it so in the history, lists it with --list-presets, and says what is wrong
// with a name that is no saved mapping's.
func TestImportSavedMapping(t *testing.T) {
	p := newProject(t)
	ctx := context.Background()
	a, err := app.Open(ctx, p.db, nil)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := a.SaveMapping(ctx, &cx.SavedMapping{Name: "helpdesk", Text: savedHelpdesk, Actor: "anouk@shop.nl"}); err != nil {
		t.Fatal(err)
	}
	a.Close()
	file := p.file("helpdesk.csv", "Ticketnummer;Aangemaakt op;Kanaal\nT-1;13-3-2026 14:05;email\nT-2;1-7-2026 9:30;phone\n")

	_, stderr, code := p.run("import", "--mapping", "helpdesk", file)
	if code != 0 || !strings.Contains(stderr, "2 rows read") {
		t.Fatalf("import --mapping helpdesk: exit %d\n%s", code, stderr)
	}
	// T-1 in March and T-2 in July: one ticket in March, by email.
	d := p.report("2026-03-01", "2026-04-01")
	d.expect(1e-9, map[string]float64{"tickets.created": 1, "tickets.share.email": 100})

	a, err = app.Open(ctx, p.db, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	runs, err := a.ImportHistory(ctx, 0, 1)
	if err != nil || len(runs) != 1 || runs[0].Source != "mapping:helpdesk" || runs[0].Written != 2 {
		t.Errorf("history: %+v, %v; want the source mapping:helpdesk and 2 written", runs, err)
	}

	tests := []struct {
		args []string
		code int
		want string
	}{
		{[]string{"--mapping", "kantoor", file}, 1, `no saved mapping "kantoor"`},
		{[]string{"--mapping", "Helpdesk", file}, 2, `--mapping name: "Helpdesk"; write 1 to 63 lower-case letters`},
		{[]string{"--mapping", "helpdesk", "--preset", "zendesk-tickets", file}, 2, "--preset, --map and --mapping each say how to read the export"},
		{[]string{"--mapping", "helpdesk", "--kind", "tickets", file}, 2, "leave --kind out"},
		// No source given: the file's header is the saved mapping's, which is named.
		{[]string{"--lang", "en", file}, 2, `has the columns of the mapping "helpdesk" saved in the browser import (Helpdesk: tickets): import it with --mapping helpdesk`},
		{[]string{"--lang", "nl", p.file("anders.csv", "Nummer;Datum\n1;13-3-2026\n")}, 2, "geef --kind SOORT voor de eigen bestanden van klantpuls, of --preset NAAM"},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.args[:2], " "), func(t *testing.T) {
			_, stderr, code := p.run(append([]string{"import"}, tt.args...)...)
			if code != tt.code || !strings.Contains(stderr, tt.want) {
				t.Errorf("exit %d, want %d and %q:\n%s", code, tt.code, tt.want, stderr)
			}
		})
	}
	stdout, _, code := p.run("import", "--list-presets")
	if code != 0 || !strings.Contains(stdout, "Mappings saved in the browser import:\n\nhelpdesk\n  Helpdesk: tickets\n  saved by anouk@shop.nl on ") ||
		!strings.Contains(stdout, "klantpuls import --mapping NAME FILE") || !strings.Contains(stdout, "zendesk-tickets\n") {
		t.Errorf("--list-presets: exit %d\n%s", code, stdout)
	}
}

// A mistake in a --map file is said in the import's language (--lang), as every other import
// error, and names the map file, its line and the key; nothing is imported.
func TestImportMapMistakeInTheImportsLanguage(t *testing.T) {
	p := newProject(t)
	src := p.file("export.csv", "Nummer;Aangemaakt\nT1;02-03-2026 10:00\n")
	tickets := "title = \"Mijn helpdesk\"\n[kinds.tickets.fields]\nticket_id = { column = \"Nummer\" }\ncreated_at = { column = \"Aangemaakt\" }\n"
	tests := []struct {
		name, text, lang, want string
	}{
		{"an unknown column", tickets + "kanaal = { column = \"Kanaal\" }\n", "nl",
			`:5: kinds.tickets.fields.kanaal: tickets heeft geen kolom "kanaal"; schrijf een van ticket_id, `},
		{"an unknown column", tickets + "kanaal = { column = \"Kanaal\" }\n", "en",
			`:5: kinds.tickets.fields.kanaal: tickets has no column "kanaal"; write one of ticket_id, `},
		{"a required field missing", strings.Replace(tickets, "created_at = { column = \"Aangemaakt\" }\n", "", 1), "nl",
			`:2: kinds.tickets.fields: tickets heeft created_at nodig; voeg created_at = { column = "…" } toe (of value = "…" voor een vaste waarde)`},
		{"a field given twice", tickets + "ticket_id = { column = \"Id\" }\n", "nl",
			`:5: kinds.tickets.fields.ticket_id.column: staat er een tweede keer (eerst op regel 3): houd er een`},
		{"not TOML", "title = \n", "nl", `:1: het bestand is geen geldige TOML (de TOML-lezer meldt: expected value but found '\n' instead); zie docs/mapping.md`},
		{"a value of the wrong kind", "header_rows = \"2\"\n" + tickets, "nl", `:1: header_rows: schrijf hier een geheel getal, geen tekst`},
		{"an unknown key", tickets + "[kinds.tickets]\nherhaalt = \"merge\"\n", "nl",
			`:6: kinds.tickets.herhaalt: onbekende sleutel; deze tabel kent when_filled, skip, `},
		{"an unknown key", tickets + "[kinds.tickets]\nherhaalt = \"merge\"\n", "en",
			`:6: kinds.tickets.herhaalt: unknown key; this table takes when_filled, skip, `},
	}
	for _, tt := range tests {
		t.Run(tt.name+" --lang "+tt.lang, func(t *testing.T) {
			m := p.file("helpdesk.toml", tt.text)
			_, stderr, code := p.run("import", "--lang", tt.lang, "--map", m, src)
			if code != 1 || !strings.Contains(stderr, m+tt.want) {
				t.Errorf("exit %d, want 1 and %q:\n%s", code, m+tt.want, stderr)
			}
		})
	}
	if n := p.count("tickets"); n != 0 {
		t.Errorf("%d tickets stored from a refused map", n)
	}
}
