package main

import (
	"context"
	"reflect"
	"testing"
	"time"

	"github.com/klantpuls/klantpuls/internal/app"
	"github.com/klantpuls/klantpuls/internal/config"
	"github.com/klantpuls/klantpuls/internal/cx"
)

// record reads a stored record from the project's database.
func (p *project) record(kind cx.Kind, id string) cx.Record {
	p.t.Helper()
	a, err := app.Open(context.Background(), p.db, config.Default())
	if err != nil {
		p.t.Fatal(err)
	}
	defer a.Close()
	rec, err := a.Record(context.Background(), kind, id)
	if err != nil {
		p.t.Fatalf("%s %s: %v", kind, id, err)
	}
	return rec
}

const (
	shopifyHeader = "Name,Email,Financial Status,Lineitem quantity,Refunded Amount,Total,Currency,Created at,Billing Name\n"
	shopifyFeb    = shopifyHeader + "#1001,anna@example.nl,paid,1,0.00,44.95,EUR,2026-02-14 11:20:00 +0100,A. de Vries\n"
	shopifyMar    = shopifyHeader + "#1010,anna@example.nl,paid,1,0.00,20.00,EUR,2026-03-10 09:00:00 +0100,Anna de Vries\n"
	crmCustomers  = "customer_id,acquired_at,name,email,segment,referred_by\n" +
		"anna@example.nl,2025-06-01 10:00,Anna de Vries,anna@example.nl,zakelijk,bram@example.com\n"
	zendeskRating  = `{"satisfaction_ratings":[{"id":35002,"assignee_id":137,"group_id":46,"requester_id":7691,"ticket_id":4196,"score":"bad","created_at":"2026-03-02T12:00:00Z","updated_at":"2026-03-02T13:00:00Z","comment":"Pakket nooit aangekomen"}],"next_page":null,"count":1}`
	zendeskTickets = "Id,Requester,Requester id,Created at,First reply time in minutes,Group,Assignee,Ticket type,Solved at,Reopens,Replies,First resolution time in minutes,Via,Satisfaction Score\n" +
		"4196,Bram Smit,7691,2026-03-01 11:00:00,60,Support,Piet Jansen,Question,2026-03-02 11:30:00,0,1,60,Mail,Bad\n"
	freshdeskRating  = `[{"rating":{"id":1,"survey_id":7,"user_id":5001,"agent_id":34,"group_id":12,"ticket_id":5101,"feedback":"Snel geholpen","ratings":{"default_question":103},"created_at":"2026-03-02T11:30:00Z","updated_at":"2026-03-02T11:30:00Z"}}]`
	freshdeskTickets = "Ticket ID,Created time,Resolved time,Survey results,Email,Agent,Group\n" +
		"5101,2026-03-02 09:30:00,2026-03-02 12:00:00,Awesome,anna@example.nl,Sara Bos,Support\n"
)

// A customer built from an order, or a CSAT response from a ticket's rating column, carries a
// few fields of its kind: it completes the stored record of its key (complete = true in the
// preset), so a customers file's segment or a rating's comment and time stay, and a monthly
// export does not make a customer new again. Times in the account's zone, Europe/Amsterdam.
func TestImportPresetCompletes(t *testing.T) {
	at := func(s string) time.Time {
		v, err := time.Parse(time.RFC3339, s)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	type step struct{ kind, preset, name, content string }
	cases := []struct {
		name  string
		steps []step
		kind  cx.Kind
		id    string
		want  cx.Record
		march map[string]float64 // figures of March's report, when checked
	}{
		{name: "monthly Shopify exports after a customers file",
			steps: []step{{kind: "customers", name: "customers.csv", content: crmCustomers},
				{preset: "shopify-orders", name: "orders-feb.csv", content: shopifyFeb},
				{preset: "shopify-orders", name: "orders-mar.csv", content: shopifyMar}},
			kind: cx.KindCustomers, id: "anna@example.nl",
			want: &cx.Customer{ID: "anna@example.nl", AcquiredAt: at("2025-06-01T08:00:00Z"), Name: "Anna de Vries",
				Email: "anna@example.nl", Segment: "zakelijk", ReferredBy: "bram@example.com"},
			march: map[string]float64{"churn.start": 1, "churn.new": 0}},
		{name: "monthly Shopify exports alone: acquired at the first order",
			steps: []step{{preset: "shopify-orders", name: "orders-feb.csv", content: shopifyFeb},
				{preset: "shopify-orders", name: "orders-mar.csv", content: shopifyMar}},
			kind: cx.KindCustomers, id: "anna@example.nl",
			want:  &cx.Customer{ID: "anna@example.nl", AcquiredAt: at("2026-02-14T10:20:00Z"), Name: "A. de Vries"},
			march: map[string]float64{"churn.start": 1, "churn.new": 0}},
		{name: "an earlier month's Shopify export imported late",
			steps: []step{{preset: "shopify-orders", name: "orders-mar.csv", content: shopifyMar},
				{preset: "shopify-orders", name: "orders-feb.csv", content: shopifyFeb}},
			kind: cx.KindCustomers, id: "anna@example.nl",
			want: &cx.Customer{ID: "anna@example.nl", AcquiredAt: at("2026-02-14T10:20:00Z"), Name: "Anna de Vries"}},
		// The team and agent stay the rating's ids: the stored record's fields win.
		{name: "Zendesk tickets export after the ratings",
			steps: []step{{preset: "zendesk-satisfaction-json", name: "ratings.json", content: zendeskRating},
				{preset: "zendesk-tickets", name: "tickets.csv", content: zendeskTickets}},
			kind: cx.KindResponses, id: "4196",
			want: &cx.Response{ID: "4196", Survey: "csat", Score: 0, SubmittedAt: at("2026-03-02T13:00:00Z"), CustomerID: "7691",
				TicketID: "4196", Team: "46", Agent: "137", Comment: "Pakket nooit aangekomen", Scale: "good-bad"}},
		{name: "Freshdesk tickets export after the ratings",
			steps: []step{{preset: "freshdesk-satisfaction-api", name: "ratings.json", content: freshdeskRating},
				{preset: "freshdesk-tickets", name: "tickets.csv", content: freshdeskTickets}},
			kind: cx.KindResponses, id: "5101",
			want: &cx.Response{ID: "5101", Survey: "csat", Score: 103, SubmittedAt: at("2026-03-02T11:30:00Z"), CustomerID: "5001",
				// The rating's created_at is its version (the preset's version): kept by the export's fill.
				TicketID: "5101", Team: "12", Agent: "34", Comment: "Snel geholpen", Scale: "freshdesk",
				Attrs: cx.Attrs{cx.SourceVersion: "2026-03-02T11:30:00Z"}}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			p := newProject(t)
			for _, s := range c.steps {
				args := []string{"import", "--kind", s.kind}
				if s.preset != "" {
					args = []string{"import", "--preset", s.preset}
				}
				if _, stderr, code := p.run(append(args, p.file(s.name, s.content))...); code != 0 {
					t.Fatalf("import %s: exit %d\n%s", s.name, code, stderr)
				}
			}
			got := p.record(c.kind, c.id)
			if r, ok := got.(*cx.Response); ok {
				if r.Comment != "" && r.Sentiment == nil {
					t.Errorf("the comment %q lost its sentiment", r.Comment)
				}
				r.Sentiment = nil // derived: the text's score is not written out here
			}
			if !reflect.DeepEqual(got, c.want) {
				t.Errorf("stored %s:\n got %+v\nwant %+v", c.kind, got, c.want)
			}
			if c.march != nil {
				p.report("2026-03-01", "2026-04-01").expect(0, c.march)
			}
		})
	}
}
