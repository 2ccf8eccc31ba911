package main

import (
	"strings"
	"testing"
)

// A canonical JSON file is held to the API's rule of JSON types (importer row_types.go): a text
// field takes a string, an id a string or a whole number in digits. true or 123 for a channel is
// no channel "true" or "123": the import names the file, the object's line and the field, in
// the import's language, and imports nothing. A numeric ticket id (4101) is taken as its digits.
func TestImportJSONFileTypes(t *testing.T) {
	file := "[\n" +
		`{"ticket_id":4101,"created_at":"2026-03-02 10:00","channel":"email"},` + "\n" +
		`{"ticket_id":"T2","created_at":"2026-03-02 10:00","channel":123},` + "\n" +
		`{"ticket_id":"T3","created_at":"2026-03-02 10:00","team":true},` + "\n" +
		`{"ticket_id":10.5,"created_at":"2026-03-02 10:00"}` + "\n]\n"
	for _, tt := range []struct {
		lang string
		want []string
	}{
		{"en", []string{
			`:3: channel: must be a string, not a number: send "123" if that text is meant`,
			`:4: team: must be a string, not true or false`,
			`:5: ticket_id: an id sent as a number must be a whole number in digits, such as 1042, not 10.5: send any other id as a string`,
		}},
		{"nl", []string{
			`:3: channel: moet een string zijn, geen getal: stuur "123" als die tekst bedoeld is`,
			`:4: team: moet een string zijn, geen true of false`,
			`:5: ticket_id: een id als getal moet een geheel getal in cijfers zijn, zoals 1042, niet 10.5: stuur een ander id als string`,
		}},
	} {
		t.Run(tt.lang, func(t *testing.T) {
			p := newProject(t)
			path := p.file("tickets.json", file)
			_, stderr, code := p.run("import", "--lang", tt.lang, "--kind", "tickets", path)
			if code != 1 {
				t.Errorf("exit %d, want 1\n%s", code, stderr)
			}
			for _, w := range tt.want {
				if !strings.Contains(stderr, path+w) {
					t.Errorf("stderr does not say %q:\n%s", path+w, stderr)
				}
			}
			if n := p.count("tickets"); n != 0 {
				t.Errorf("%d tickets committed, want none", n)
			}
		})
	}

	// The first object alone imports: 4101 is the ticket id "4101".
	p := newProject(t)
	path := p.file("one.json", `{"ticket_id":4101,"created_at":"2026-03-02 10:00","channel":"email"}`+"\n")
	if _, stderr, code := p.run("import", "--kind", "tickets", path); code != 0 {
		t.Fatalf("exit %d\n%s", code, stderr)
	}
	if n := p.count("tickets"); n != 1 {
		t.Errorf("%d tickets, want 1", n)
	}
}
