package cx

import (
	"reflect"
	"testing"
	"time"
)

func TestSupplementComplete(t *testing.T) {
	at := func(s string) time.Time {
		v, err := time.Parse(time.RFC3339, s)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	num := func(v float64) *float64 { return &v }
	crm := func() *Customer {
		return &Customer{ID: "anna@example.nl", AcquiredAt: at("2025-06-01T08:00:00Z"), Name: "Anna de Vries",
			Email: "anna@example.nl", Segment: "zakelijk", ReferredBy: "bram@example.com", Attrs: Attrs{"kvk": "12345678"}}
	}
	rating := func() *Response {
		return &Response{ID: "4196", Survey: "csat", Score: 0, SubmittedAt: at("2026-03-02T13:00:00Z"), CustomerID: "7691",
			TicketID: "4196", Agent: "137", Comment: "Pakket nooit aangekomen", Scale: "good-bad", Sentiment: num(-0.4)}
	}
	cases := []struct {
		name     string
		stored   Record
		add      Record
		earliest []string
		carries  []string // an update's columns (Supplement.Carries)
		want     Record
	}{
		{name: "an order's customer keeps what the customers file gave",
			stored: crm(), earliest: []string{"acquired_at"},
			add:  &Customer{ID: "anna@example.nl", AcquiredAt: at("2026-03-10T08:00:00Z"), Name: "A. de Vries"},
			want: crm()},
		{name: "an earlier order moves acquired_at back, the rest stays",
			stored: crm(), earliest: []string{"acquired_at"},
			add: &Customer{ID: "anna@example.nl", AcquiredAt: at("2025-01-15T09:30:00Z"), Name: "A. de Vries"},
			want: &Customer{ID: "anna@example.nl", AcquiredAt: at("2025-01-15T09:30:00Z"), Name: "Anna de Vries",
				Email: "anna@example.nl", Segment: "zakelijk", ReferredBy: "bram@example.com", Attrs: Attrs{"kvk": "12345678"}}},
		{name: "without earliest the stored acquired_at stays",
			stored: crm(),
			add:    &Customer{ID: "anna@example.nl", AcquiredAt: at("2025-01-15T09:30:00Z")},
			want:   crm()},
		{name: "empty fields are filled, attributes by name",
			stored: &Customer{ID: "anna@example.nl", AcquiredAt: at("2026-02-14T10:20:00Z"), Attrs: Attrs{"kvk": "1", "land": "NL"}},
			add: &Customer{ID: "anna@example.nl", AcquiredAt: at("2026-03-10T08:00:00Z"), Name: "Anna de Vries",
				ChurnedAt: at("2026-03-31T00:00:00Z"), Attrs: Attrs{"kvk": "2", "bron": "shop"}},
			earliest: []string{"acquired_at"},
			want: &Customer{ID: "anna@example.nl", AcquiredAt: at("2026-02-14T10:20:00Z"), Name: "Anna de Vries",
				ChurnedAt: at("2026-03-31T00:00:00Z"), Attrs: Attrs{"kvk": "1", "land": "NL", "bron": "shop"}}},
		{name: "a ticket's rating column keeps the rating's comment and time",
			stored: rating(),
			add: &Response{ID: "4196", Survey: "csat", Score: 0, SubmittedAt: at("2026-03-02T10:30:00Z"), CustomerID: "7691",
				TicketID: "4196", Team: "Support", Agent: "Piet Jansen", Scale: "good-bad"},
			want: &Response{ID: "4196", Survey: "csat", Score: 0, SubmittedAt: at("2026-03-02T13:00:00Z"), CustomerID: "7691",
				TicketID: "4196", Team: "Support", Agent: "137", Comment: "Pakket nooit aangekomen", Scale: "good-bad", Sentiment: num(-0.4)}},
		// A score of 4 on the install's 1..5 read on good-bad would be no answer at all.
		{name: "a score keeps its scale",
			stored: &Response{ID: "R1", Survey: "csat", Score: 4, SubmittedAt: at("2026-03-02T13:00:00Z")},
			add:    &Response{ID: "R1", Survey: "csat", Score: 1, SubmittedAt: at("2026-03-02T10:30:00Z"), Scale: "good-bad"},
			want:   &Response{ID: "R1", Survey: "csat", Score: 4, SubmittedAt: at("2026-03-02T13:00:00Z")}},
		// An erased answer keeps its score without its text; a comment given now brings its own.
		{name: "a comment brings its sentiment",
			stored: &Response{ID: "R1", Survey: "csat", Score: 4, SubmittedAt: at("2026-03-02T13:00:00Z"), Sentiment: num(0.5)},
			add: &Response{ID: "R1", Survey: "csat", Score: 4, SubmittedAt: at("2026-03-02T13:00:00Z"), Comment: "Traag",
				Sentiment: num(-0.3)},
			want: &Response{ID: "R1", Survey: "csat", Score: 4, SubmittedAt: at("2026-03-02T13:00:00Z"), Comment: "Traag",
				Sentiment: num(-0.3)}},
		{name: "an amount keeps its currency, a margin is filled",
			stored: &Order{ID: "#1001", CustomerID: "anna@example.nl", OrderedAt: at("2026-03-13T13:04:12Z"), Amount: 54.85},
			add: &Order{ID: "#1001", CustomerID: "anna@example.nl", OrderedAt: at("2026-03-13T13:04:12Z"), Amount: 50,
				Currency: "USD", OriginalAmount: num(58.2), GrossMargin: num(0.3)},
			want: &Order{ID: "#1001", CustomerID: "anna@example.nl", OrderedAt: at("2026-03-13T13:04:12Z"), Amount: 54.85,
				GrossMargin: num(0.3)}},
		// A customers/update sets what it maps — a name changed, a name cleared — and the
		// customers file's segment, e-mail, referral and attributes stay; its own attributes
		// (the source's update time) win.
		{name: "an update sets its columns, the stored record keeps the rest",
			stored: crm(), carries: []string{"customer_id", "acquired_at", "name", SourceVersion},
			add: &Customer{ID: "anna@example.nl", AcquiredAt: at("2025-06-01T08:00:00Z"), Name: "Anna Jansen",
				Attrs: Attrs{SourceVersion: "2026-03-14T10:00:00Z", "kvk": "87654321"}},
			want: &Customer{ID: "anna@example.nl", AcquiredAt: at("2025-06-01T08:00:00Z"), Name: "Anna Jansen",
				Email: "anna@example.nl", Segment: "zakelijk", ReferredBy: "bram@example.com",
				Attrs: Attrs{SourceVersion: "2026-03-14T10:00:00Z", "kvk": "87654321"}}},
		{name: "an update clears a column it maps and gives empty",
			stored: crm(), carries: []string{"customer_id", "acquired_at", "name"},
			add: &Customer{ID: "anna@example.nl", AcquiredAt: at("2025-06-01T08:00:00Z")},
			want: &Customer{ID: "anna@example.nl", AcquiredAt: at("2025-06-01T08:00:00Z"),
				Email: "anna@example.nl", Segment: "zakelijk", ReferredBy: "bram@example.com", Attrs: Attrs{"kvk": "12345678"}}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			stored, add := clone(c.stored), clone(c.add)
			got := (&Supplement{Record: c.add, Earliest: c.earliest, Carries: c.carries}).Complete(c.stored)
			if !reflect.DeepEqual(got, c.want) {
				t.Errorf("got  %+v\nwant %+v", got, c.want)
			}
			if !reflect.DeepEqual(c.stored, stored) || !reflect.DeepEqual(c.add, add) {
				t.Errorf("Complete changed its records: stored %+v, added %+v", c.stored, c.add)
			}
		})
	}
}

// clone copies a record and its attributes, to tell whether Complete changed them.
func clone(r Record) Record {
	v := reflect.New(reflect.TypeOf(r).Elem())
	v.Elem().Set(reflect.ValueOf(r).Elem())
	if a := v.Elem().FieldByName("Attrs"); a.IsValid() && !a.IsNil() {
		c := Attrs{}
		for k, x := range a.Interface().(Attrs) {
			c[k] = x
		}
		a.Set(reflect.ValueOf(c))
	}
	return v.Interface().(Record)
}
