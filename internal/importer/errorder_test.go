package importer

import (
	"strconv"
	"strings"
	"testing"

	"github.com/klantpuls/klantpuls/internal/config"
	"github.com/klantpuls/klantpuls/internal/cx"
	"github.com/klantpuls/klantpuls/internal/importer/mapping"
)

// columnsOf lists the columns the errors name, in the order given, as line:column.
func columnsOf(errs []RowError) string {
	var out []string
	for _, e := range errs {
		out = append(out, strconv.Itoa(e.Line)+":"+e.Column)
	}
	return strings.Join(out, " ")
}

// A row's errors are listed in the order of the file's columns, as a person reads the row, not
// in the order the checks ran (a reply before its ticket was found last, after reopens).
func TestRowErrorsInColumnOrder(t *testing.T) {
	for _, tc := range []struct{ name, file, want string }{
		{"canonical order: a reply before the ticket, then reopens",
			"ticket_id,created_at,first_reply_at,reopens\n" +
				"T1,2026-03-02 10:00,2026-03-02 09:00,-1\n",
			"2:first_reply_at 2:reopens"},
		{"columns in another order",
			"reopens,First_Reply_At,created_at,ticket_id\n" +
				"x,nope,2026-03-02 10:00,T1\n",
			"2:reopens 2:first_reply_at"}, // an error names the column as the importer knows it
		{"a repeated key last in the row comes after the cells before it",
			"reopens,created_at,ticket_id\n" +
				"1,2026-03-02 10:00,T1\n" +
				"x,2026-03-02 10:00,T1\n",
			"3:reopens 3:ticket_id"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := read(cx.KindTickets, tc.file)
			if got := columnsOf(rowErrors(t, err)); got != tc.want {
				t.Errorf("errors on %s, want %s", got, tc.want)
			}
		})
	}
}

// A mapped export's row errors are listed in the order of the export's columns, whatever the
// order of the canonical columns behind them.
func TestMappedRowErrorsInColumnOrder(t *testing.T) {
	m, err := mapping.Parse("tickets.toml", []byte(`title = "Tickets"
[kinds.tickets.fields]
ticket_id = { column = "Nr" }
created_at = { column = "Aangemaakt" }
first_reply_at = { column = "Eerste reactie" }
reopens = { column = "Heropend" }
`))
	if err != nil {
		t.Fatal(err)
	}
	file := "Heropend,Eerste reactie,Aangemaakt,Nr\n" +
		"x,nope,2026-03-02 10:00,T1\n"
	md := &Mapped{Map: m, File: "tickets.csv", Config: config.Default()}
	_, err = md.From(strings.NewReader(file))(func(cx.Record) error { return nil })
	if got, want := columnsOf(rowErrors(t, err)), "2:Heropend 2:Eerste reactie"; got != want {
		t.Errorf("errors on %s, want %s", got, want)
	}
}

// A record as named values (a JSON object) lists its errors by the kind's columns, as data.md
// orders them: its members have no order a person chose — a PATCH's come merged, by name — and
// listed by them, "reopens" came before "solved_at".
func TestNamedValuesErrorsInTheKindsOrder(t *testing.T) {
	v := &Values{Kind: cx.KindTickets, Config: config.Default()}
	_, errs := v.Parse([]string{"created_at", "reopens", "solved_at", "ticket_id"},
		[]string{"2026-03-02 10:00", "-1", "gisteren", "T1"}, nil)
	var got []string
	for _, e := range errs {
		got = append(got, e.Field)
	}
	if want := "solved_at reopens"; strings.Join(got, " ") != want {
		t.Errorf("fields in error: %q, want %q (data.md's order)", got, want)
	}
}
