package mapping

import (
	"slices"
	"testing"
)

// SourceColumns names every column a map reads by name, so a JSON file can be offered them:
// group_by, then each kind's fields in canonical order (a minus column after its field), then
// the columns of its skip rules.
func TestSourceColumns(t *testing.T) {
	m, err := Preset("shopify-orders")
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"Name", "Email", "Created at", "Billing Name", "Cancelled at", "Financial Status",
		"Name", "Email", "Created at", "Total", "Refunded Amount", "Currency", "Cancelled at", "Financial Status"}
	if got := m.SourceColumns(); !slices.Equal(got, want) {
		t.Errorf("got  %q\nwant %q", got, want)
	}
	m = mustParse(t, "t.toml", "title = \"T\"\n[kinds.tickets]\nattributes = [\"Prioriteit\"]\n[kinds.tickets.fields]\nticket_id = { column = \"Nr\" }\ncreated_at = { column = \"Datum\" }\nagent = { join = [\"Voornaam\", \"Achternaam\"] }\ncategory = { match = \"^Soort\" }\ndirection = { value = \"inbound\" }\n")
	if got, want := m.SourceColumns(), []string{"Nr", "Datum", "Voornaam", "Achternaam", "Prioriteit"}; !slices.Equal(got, want) {
		t.Errorf("got  %q\nwant %q", got, want)
	}
}
