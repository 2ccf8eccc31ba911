package web

import (
	"net/url"
	"strings"
	"testing"

	"github.com/klantpuls/klantpuls/internal/app"
	"github.com/klantpuls/klantpuls/internal/config"
	"github.com/klantpuls/klantpuls/internal/importer/mapping"
)

// FuzzColumnsForm: whatever a column form's query holds (any kind, columns, values, settings)
// and whatever a file's header names, the form is read without a panic, a mapping file is
// written only when every required field is given, and the file written is TOML the parser
// reads: a mistake in it is one of the form's values (a zone, a format), never its quoting.
func FuzzColumnsForm(f *testing.F) {
	f.Add("Ticketnummer;Aangemaakt op", helpdeskColumns.Encode())
	f.Add("id\x00;\"at\"", "kind=events&for=events&col.event_id=id&val.customer_id=K\\1&val.kind=x&col.at=%22at%22")
	f.Add("Nr;Cijfer;Op", "kind=responses&for=responses&col.response_id=Nr&val.survey=nps&col.score=Cijfer&col.submitted_at=Op&scale_low=1&scale_high=10&timezone=Mars/Base")
	f.Add("a", "kind=tickets&scale_low=x&decimal=%3B&time_format=DD]]")
	// NaN and Inf parse as floats but are no scale (the form wrote scale = [NaN, +Inf]).
	f.Add("Nr;Cijfer;Op", "kind=responses&for=responses&col.response_id=Nr&val.survey=nps&col.score=Cijfer&col.submitted_at=Op&scale_low=NaN&scale_high=Inf")
	s := &Server{app: &app.App{Config: config.Default()}}
	d := &dashPage{page: &page{Lang: "en"}}
	f.Fuzz(func(t *testing.T, header, query string) {
		q, err := url.ParseQuery(query)
		if err != nil {
			return
		}
		form := s.readColumnsForm(q, strings.Split(header, ";"), "export.csv", d)
		if form.Text == "" {
			return
		}
		if form.Missing != "" || form.Problem != "" {
			t.Fatalf("a mapping file written beside %q %q", form.Missing, form.Problem)
		}
		if _, err := mapping.ParseBounded("form", form.Text); err != nil && strings.Contains(err.Error(), "not TOML") {
			t.Fatalf("the form wrote a file that is not TOML: %v\n%s", err, form.Text)
		}
	})
}

// TestGuessColumns: the form's first guess takes a column whose name is the field's read
// loosely, and the kind whose required fields the header names most of.
func TestGuessColumns(t *testing.T) {
	tests := []struct {
		header []string
		field  string
		column string
		kind   string
	}{
		{[]string{"Ticket ID", "Created at", "Kanaal"}, "ticket_id", "Ticket ID", "tickets"},
		{[]string{"ticket-id", "created_at"}, "created_at", "created_at", "tickets"},
		{[]string{"Order ID", "Customer ID", "Ordered at", "Amount"}, "amount", "Amount", "orders"},
		{[]string{"Response_ID", "Score", "Survey", "Submitted at", "Ticket ID"}, "ticket_id", "Ticket ID", "responses"},
		{[]string{"Ticketnummer", "Aangemaakt op"}, "ticket_id", "", "tickets"}, // nothing named: tickets, nothing guessed
		{[]string{"Klant", "Bedrag"}, "customer_id", "", "tickets"},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.header, ","), func(t *testing.T) {
			if got := guessColumn(tt.header, tt.field); got != tt.column {
				t.Errorf("guessColumn(%s) = %q, want %q", tt.field, got, tt.column)
			}
			if got := guessKind(tt.header); string(got) != tt.kind {
				t.Errorf("guessKind = %s, want %s", got, tt.kind)
			}
		})
	}
}
