package mapping

import (
	"testing"

	"github.com/BurntSushi/toml"
)

// A mistake's line is where the file writes its key, however the TOML writes it; a key the
// file leaves out has the line of the nearest table around it that it writes, or none.
func TestLineOf(t *testing.T) {
	const text = `# a comment [kinds.tickets]
title = """
[kinds.events]
a title over "lines" """""
docs = [
  "https://example.com/[a]", # ] a comment in a list
  'C:\docs',
]
"time_formats" = ["DD-MM-YYYY"]

[kinds.tickets]
repeats = "merge"

[ kinds . tickets . fields ]
ticket_id = { column = "Id" }
channel = { column = "Kanaal", values = {
  "E-mail" = "email", 'Telefoon' = "phone" },
  default = "other" }
agent.column = "Medewerker"

[kinds."tickets".skip]
"Financial Status" = "^voided$"
`
	var decoded map[string]any
	if _, err := toml.Decode(text, &decoded); err != nil {
		t.Fatalf("the test's text is not TOML: %v", err)
	}
	for _, c := range []struct {
		key  string
		want int
	}{
		{"title", 2},
		{"docs", 5},
		{"time_formats[0]", 9},
		{"kinds.tickets", 11},
		{"kinds.tickets.repeats", 12},
		{"kinds.tickets.fields", 14},
		{"kinds.tickets.fields.ticket_id", 15},
		{"kinds.tickets.fields.ticket_id.column", 15},
		{"kinds.tickets.fields.channel.values", 16},
		{"kinds.tickets.fields.channel.default", 18},
		{`kinds.tickets.fields.created_at`, 14}, // left out: its table's line
		{"kinds.tickets.fields.agent", 19},
		{`kinds.tickets.skip."Financial Status"`, 22},
		{"kinds.events", 11}, // only inside a string: the first table of kinds
		{"header_rows", 0},
	} {
		if got := lineOf(text, c.key); got != c.want {
			t.Errorf("%s: line %d, want %d", c.key, got, c.want)
		}
	}
}
