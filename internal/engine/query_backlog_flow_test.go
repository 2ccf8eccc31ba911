package engine

import (
	"fmt"
	"strings"
	"testing"

	"github.com/klantpuls/klantpuls/internal/cx"
)

// flowSet holds tickets around three weeks of March 2026 (Monday 2 to Sunday 22, Amsterdam),
// counted by hand in TestTicketFlow.
func flowSet() []cx.Record {
	return []cx.Record{
		&cx.Ticket{ID: "T1", CreatedAt: at("2026-03-02 10:00"), SolvedAt: at("2026-03-03 10:00"), Team: "Support", Channel: "web"},
		&cx.Ticket{ID: "T2", CreatedAt: at("2026-03-04 10:00"), SolvedAt: at("2026-03-10 10:00"), Team: "Sales", Channel: "mail"},
		&cx.Ticket{ID: "T3", CreatedAt: at("2026-03-09 10:00"), Team: "Support"},
		// Created before the period, solved in its first week.
		&cx.Ticket{ID: "T4", CreatedAt: at("2026-02-27 10:00"), SolvedAt: at("2026-03-02 09:00"), Team: "Support"},
		// Solved before it was created: no solve.
		&cx.Ticket{ID: "T5", CreatedAt: at("2026-03-12 10:00"), SolvedAt: at("2026-03-11 10:00"), Team: "Support"},
		// Outbound tickets count as created and solved too.
		&cx.Ticket{ID: "T6", CreatedAt: at("2026-03-10 10:00"), SolvedAt: at("2026-03-10 12:00"), Team: "Sales", Direction: cx.Outbound},
		// Sunday night, local time, and solved on the Monday after midnight.
		&cx.Ticket{ID: "T7", CreatedAt: at("2026-03-15 23:30"), SolvedAt: at("2026-03-16 00:30"), Team: "Support"},
		&cx.Ticket{ID: "T8", CreatedAt: at("2026-03-23 00:00"), SolvedAt: at("2026-03-23 01:00"), Team: "Support"}, // after
	}
}

// TestTicketFlow: the created and solved per week, worked out by hand, and the same as the
// Tickets figure of a query per bucket, by day and by week, with and without a filter.
func TestTicketFlow(t *testing.T) {
	e := newEngine(t)
	e.Apply(flowSet()...)
	q := Query{From: day("2026-03-02"), To: day("2026-03-23"), Step: StepWeek}
	support := q
	support.Filter = map[Dim]string{ByTeam: "support"}
	show := func(bs []FlowBucket) string {
		var out []string
		for _, b := range bs {
			out = append(out, fmt.Sprintf("%s %d/%d", b.From.Format("02 Jan"), b.Created, b.Solved))
		}
		return strings.Join(out, ", ")
	}
	for _, tt := range []struct {
		name string
		q    Query
		want string
	}{
		// Created T1 T2 | T3 T5 T6 T7 | –; solved T1 T4 | T2 T6 | T7.
		{"every ticket", q, "02 Mar 2/2, 09 Mar 4/2, 16 Mar 0/1"},
		{"Support's", support, "02 Mar 1/2, 09 Mar 3/0, 16 Mar 0/1"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			got, err := e.TicketFlow(tt.q)
			if err != nil {
				t.Fatal(err)
			}
			if show(got) != tt.want {
				t.Errorf("%s, want %s", show(got), tt.want)
			}
		})
	}
	for _, step := range []Step{StepDay, StepWeek, StepMonth} {
		for _, f := range []map[Dim]string{nil, {ByTeam: "support"}, {ByChannel: "mail"}} {
			q := Query{From: day("2026-02-23"), To: day("2026-03-30"), Step: step, Filter: f, Parts: PartTicketCounts}
			flow, err := e.TicketFlow(q)
			if err != nil {
				t.Fatal(err)
			}
			res, err := e.Query(q)
			if err != nil {
				t.Fatal(err)
			}
			if len(flow) != len(res.Buckets) {
				t.Fatalf("%s %v: %d buckets, the query %d", step, f, len(flow), len(res.Buckets))
			}
			for k, b := range res.Buckets {
				tk := b.Groups[0].Metrics.Tickets
				if !b.From.Equal(flow[k].From) || tk.Created != flow[k].Created || tk.Solved != flow[k].Solved {
					t.Errorf("%s %v, %s: flow %+v, query %d/%d", step, f, b.From.Format("02 Jan"), flow[k], tk.Created, tk.Solved)
				}
			}
		}
	}
}
