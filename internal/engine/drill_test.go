package engine

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/klantpuls/klantpuls/internal/cx"
	"github.com/klantpuls/klantpuls/internal/metric"
)

// drillRecords is a small March 2026 worked by hand: records on both sides of the period's
// bounds (1 March and 1 April, Amsterdam midnight) and in two teams.
func drillRecords() []cx.Record {
	score := func(x float64) *float64 { return &x }
	return []cx.Record{
		&cx.Customer{ID: "K1", AcquiredAt: at("2025-01-01 10:00")},
		&cx.Customer{ID: "K2", AcquiredAt: at("2026-03-10 10:00"), ReferredBy: "K1"},
		&cx.Customer{ID: "K3", AcquiredAt: at("2025-06-01 10:00"), ChurnedAt: at("2026-02-15 10:00")},
		&cx.Customer{ID: "K4", AcquiredAt: at("2026-02-28 10:00"), ChurnedAt: at("2026-03-20 10:00")},
		&cx.Order{ID: "O1", CustomerID: "K1", OrderedAt: at("2026-03-02 10:00"), Amount: 100},
		&cx.Order{ID: "O2", CustomerID: "K1", OrderedAt: at("2026-03-09 10:00"), Amount: 50},
		&cx.Order{ID: "O3", CustomerID: "K2", OrderedAt: at("2026-03-15 10:00"), Amount: -20}, // a refund: no buyer
		&cx.Order{ID: "O4", CustomerID: "K4", OrderedAt: at("2026-04-01 00:00"), Amount: 10},  // April
		// A: created in February, answered and solved in March; its messages make 1 agent reply.
		&cx.Ticket{ID: "A", CreatedAt: at("2026-02-28 10:00"), CustomerID: "K1", Team: "Support", Agent: "Anna",
			SolvedAt: at("2026-03-03 10:00"), Reopens: one(0)},
		&cx.Message{ID: "m1", TicketID: "A", At: at("2026-03-02 08:00"), Author: cx.AuthorCustomer},
		&cx.Message{ID: "m2", TicketID: "A", At: at("2026-03-02 09:00"), Author: cx.AuthorAgent, Agent: "Anna"},
		&cx.Ticket{ID: "B", CreatedAt: at("2026-03-05 10:00"), Team: "Support"},
		// C: created in the last minutes of March, answered in April.
		&cx.Ticket{ID: "C", CreatedAt: at("2026-03-31 23:30"), Team: "Sales", FirstReplyAt: at("2026-04-01 00:30")},
		&cx.Ticket{ID: "D", CreatedAt: at("2026-04-01 00:00"), Team: "Support"}, // at the bound: April
		// E: solved in March, but its agent replies are not known (no messages, no agent_replies).
		&cx.Ticket{ID: "E", CreatedAt: at("2026-03-10 10:00"), Team: "Sales", SolvedAt: at("2026-03-10 11:00")},
		&cx.Response{ID: "R1", Survey: cx.SurveyCSAT, Score: 5, SubmittedAt: at("2026-03-04 10:00"), TicketID: "A"},
		&cx.Response{ID: "R2", Survey: cx.SurveyCSAT, Score: 2, SubmittedAt: at("2026-03-31 23:59"), TicketID: "C"},
		&cx.Response{ID: "R3", Survey: cx.SurveyCSAT, Score: 4, SubmittedAt: at("2026-04-01 00:00"), TicketID: "B"},
		// K1 answers NPS twice: only the latest (R5) is K1's voice. R6 has no customer: it counts.
		&cx.Response{ID: "R4", Survey: cx.SurveyNPS, Score: 6, SubmittedAt: at("2026-03-12 10:00"), CustomerID: "K1"},
		&cx.Response{ID: "R5", Survey: cx.SurveyNPS, Score: 9, SubmittedAt: at("2026-03-20 10:00"), CustomerID: "K1",
			Comment: "fijn"},
		&cx.Response{ID: "R6", Survey: cx.SurveyNPS, Score: 10, SubmittedAt: at("2026-03-15 10:00")},
		&cx.Mention{ID: "M1", Source: "google", At: at("2026-03-05 10:00"), Text: "top", Sentiment: score(0.8)},
		&cx.Review{ReviewID: "V1", Criterion: "tone", ReviewedAt: at("2026-03-06 10:00"), Agent: "Anna", Rating: one(4)},
		&cx.Review{ReviewID: "V2", Criterion: "tone", ReviewedAt: at("2026-04-02 10:00"), Agent: "Anna", Rating: one(5)},
	}
}

func TestDrillListsTheRecordsBehindTheFigure(t *testing.T) {
	e := newEngine(t)
	e.Apply(drillRecords()...)
	march := Query{From: day("2026-03-01"), To: day("2026-04-01")}
	support := march
	support.Filter = map[Dim]string{ByTeam: "support"} // names compare case-insensitively
	tests := []struct {
		name, key string
		q         Query
		want      []string // ids in the order of their instant
	}{
		{"tickets created: not A (February) nor D (at 1 April)", "tickets", march, []string{"B", "E", "C"}},
		{"tickets created in team Support", "tickets", support, []string{"B"}},
		{"first response: A answered in March; C's reply is in April", "first_response", march, []string{"A"}},
		{"resolution: A and E, by their solution", "resolution", march, []string{"A", "E"}},
		{"FCR: E's replies are not known", "fcr", march, []string{"A"}},
		{"resolution in team Support", "resolution", support, []string{"A"}},
		{"reply time: the agent message", "reply_time", march, []string{"m2"}},
		{"CSAT: R3 is April's", "csat", march, []string{"R1", "R2"}},
		{"NPS: K1's latest answer and the answer without a customer", "nps", march, []string{"R6", "R5"}},
		{"feedback: the mention and the comment", "feedback_response", march, []string{"M1", "R5"}},
		{"sentiment: only the text with a tone", "sentiment", march, []string{"M1"}},
		{"churn: the base at 1 March (K3 left before it, K2 came after)", "churn", march, []string{"K1", "K4"}},
		{"retention rests on the same base", "retention", march, []string{"K1", "K4"}},
		{"referral: the customers acquired in March", "referral", march, []string{"K2"}},
		{"CLV: the buyers; a refund makes none", "clv", march, []string{"K1"}},
		{"IQS: the review of March", "iqs", march, []string{"V1"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			recs, err := e.Drill(tt.q, tt.key)
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, r := range recs.Items {
				got = append(got, r.ID)
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("%s: %v, want %v", tt.key, got, tt.want)
			}
			if recs.N != len(tt.want) {
				t.Errorf("%s: the figure's n is %d, want %d", tt.key, recs.N, len(tt.want))
			}
		})
	}
	t.Run("what a row shows", func(t *testing.T) {
		recs, _ := e.Drill(march, "first_response")
		r := recs.Items[0]
		// A was created Saturday 28 February and answered Monday 2 March 09:00; with business
		// hours Monday to Friday from 9, that is 0 business seconds, the reply at 09:00.
		if r.Kind != RecordTicket || r.Ticket != "A" || r.Customer != "K1" || r.Team != "Support" || r.Agent != "Anna" ||
			!r.At.Equal(at("2026-03-02 09:00")) {
			t.Errorf("row %+v", r)
		}
		nps, _ := e.Drill(march, "nps")
		if v := nps.Items[1].Value; v == nil || *v != 9 || nps.Items[1].Customer != "K1" {
			t.Errorf("nps row %+v", nps.Items[1])
		}
		churn, _ := e.Drill(march, "churn")
		if !churn.Items[1].Churned.Equal(at("2026-03-20 10:00")) {
			t.Errorf("churn row %+v", churn.Items[1])
		}
	})
	t.Run("errors", func(t *testing.T) {
		if _, err := e.Drill(march, "nope"); !errors.Is(err, ErrNoList) {
			t.Errorf("unknown: %v, want ErrNoList", err)
		}
		if _, err := e.Drill(support, "churn"); !errors.Is(err, ErrNotApplicable) {
			t.Errorf("churn by team: %v, want ErrNotApplicable", err)
		}
		if _, err := e.Drill(Query{From: march.To, To: march.From}, "nps"); err == nil {
			t.Error("an empty period: no error")
		}
	})
}

// TestDrillCoversEveryCount: every metric whose headline rests on a count has a list, so a
// metric added to the registry without one fails here.
func TestDrillCoversEveryCount(t *testing.T) {
	for _, d := range metric.All() {
		_, ok := Drillable(d.Key)
		if want := d.Headline.N != "" || d.Format == metric.FormatCount; ok != want {
			t.Errorf("%s: drillable %v, want %v", d.Key, ok, want)
		}
	}
}

// TestDrillMatchesTheReportOnTheDemoYear: on the demo year, for periods across a DST change and
// a month's bounds and under each kind of filter, every list has as many records as the
// report's figure (a query without a collector) counts, no record twice, each one's instant in
// the period (churn and retention: in the base at its start) and each one passing the filter.
func TestDrillMatchesTheReportOnTheDemoYear(t *testing.T) {
	e, err := demoEngine()
	if err != nil {
		t.Fatal(err)
	}
	periods := [][2]string{{"2026-03-01", "2026-04-01"}, {"2026-03-23", "2026-03-30"}, {"2026-01-01", "2026-04-01"}}
	filters := []map[Dim]string{nil, {ByChannel: "email"}, {ByAgent: e.Names(ByAgent)[0]},
		{BySegment: e.Names(BySegment)[0]}, {ByTeam: e.Names(ByTeam)[0], ByChannel: "chat"}}
	for _, p := range periods {
		for _, f := range filters {
			q := Query{From: day(p[0]), To: day(p[1]), Filter: f}
			groups, err := e.Report(q)
			if err != nil {
				t.Fatal(err)
			}
			for _, d := range metric.All() {
				if _, ok := Drillable(d.Key); !ok {
					continue
				}
				name := fmt.Sprintf("%s %s–%s %v", d.Key, p[0], p[1], f)
				fig, applies := d.Read(&groups[0].Metrics)
				recs, err := e.Drill(q, d.Key)
				if !applies {
					if !errors.Is(err, ErrNotApplicable) {
						t.Errorf("%s: %v, want ErrNotApplicable", name, err)
					}
					continue
				}
				if err != nil {
					t.Fatalf("%s: %v", name, err)
				}
				want := fig.N
				if d.Headline.N == "" {
					want = int(*fig.Value)
				}
				if len(recs.Items) != want {
					t.Errorf("%s: %d records, the report's n is %d", name, len(recs.Items), want)
				}
				checkDrillItems(t, name, q, d.Key, recs.Items)
			}
		}
	}
}

func checkDrillItems(t *testing.T, name string, q Query, key string, items []Record) {
	t.Helper()
	seen := map[string]bool{}
	for _, r := range items {
		id := string(r.Kind) + " " + r.ID
		if seen[id] {
			t.Errorf("%s: %s twice", name, id)
		}
		seen[id] = true
		switch key {
		case "churn", "retention": // in the base at the start
			if !r.At.Before(q.From) || !r.Churned.IsZero() && r.Churned.Before(q.From) {
				t.Errorf("%s: %s acquired %v, churned %v: not in the base at %v", name, id, r.At, r.Churned, q.From)
			}
		case "engagement": // in the base at the end
			if !r.At.Before(q.To) || !r.Churned.IsZero() && r.Churned.Before(q.To) {
				t.Errorf("%s: %s acquired %v, churned %v: not in the base at %v", name, id, r.At, r.Churned, q.To)
			}
		case "clv": // a buyer: acquired whenever
		default:
			if r.At.Before(q.From) || !r.At.Before(q.To) {
				t.Errorf("%s: %s at %v, outside the period", name, id, r.At)
			}
		}
		for dim, want := range q.Filter {
			got := map[Dim]string{ByChannel: r.Channel, ByTeam: r.Team, ByAgent: r.Agent, BySegment: r.Segment}[dim]
			if !strings.EqualFold(got, want) {
				t.Errorf("%s: %s has %s %q, the filter %q", name, id, dim, got, want)
			}
		}
	}
}
