package engine

import (
	"testing"
	"time"

	"github.com/klantpuls/klantpuls/internal/cx"
	"github.com/klantpuls/klantpuls/internal/metric"
)

// backlogNow is the clock of the backlog tests: Wednesday 18 March 2026, 12:00 in Amsterdam
// (before the change to summer time, so every day is 24 hours).
var backlogNow = at("2026-03-18 12:00")

// backlogSet is a small world whose open tickets at backlogNow are counted by hand: O1, O2, O3,
// O4 and F1.
func backlogSet() []cx.Record {
	return []cx.Record{
		&cx.Customer{ID: "C1", AcquiredAt: at("2025-01-01 10:00"), Segment: "B2B"},
		// 3 hours old, assigned, by e-mail from a B2B customer: under a day.
		&cx.Ticket{ID: "O1", CreatedAt: at("2026-03-18 09:00"), Team: "Support", Agent: "Ann", Channel: "email", CustomerID: "C1"},
		// Exactly one day old, nobody's: 1–3 days.
		&cx.Ticket{ID: "O2", CreatedAt: at("2026-03-17 12:00"), Team: "Support"},
		// Exactly three days old, nobody's: 3–7 days.
		&cx.Ticket{ID: "O3", CreatedAt: at("2026-03-15 12:00"), Team: "Chat"},
		// 17 days and 2 hours old (410 hours): over 7 days, the oldest of Chat.
		&cx.Ticket{ID: "O4", CreatedAt: at("2026-03-01 10:00"), Team: "Chat", Agent: "Bob"},
		// Solved exactly at now: no longer open.
		&cx.Ticket{ID: "S1", CreatedAt: at("2026-03-16 10:00"), SolvedAt: backlogNow, Team: "Support", Agent: "Ann"},
		// Solved yesterday.
		&cx.Ticket{ID: "S2", CreatedAt: at("2026-03-16 10:00"), SolvedAt: at("2026-03-17 10:00"), Team: "Chat"},
		// Solved tomorrow (the clock is behind the data): open now, 8 days old, Support's oldest.
		&cx.Ticket{ID: "F1", CreatedAt: at("2026-03-10 12:00"), SolvedAt: at("2026-03-19 09:00"), Team: "Support", Agent: "Ann"},
		// Outbound: never in the backlog.
		&cx.Ticket{ID: "OUT", CreatedAt: at("2026-03-17 10:00"), Team: "Support", Direction: cx.Outbound},
		// Created exactly at now, and after it: not yet open.
		&cx.Ticket{ID: "N0", CreatedAt: backlogNow, Team: "Support"},
		&cx.Ticket{ID: "FUT", CreatedAt: at("2026-03-18 13:00"), Team: "Support"},
	}
}

func TestBacklog(t *testing.T) {
	e := newEngine(t)
	e.Apply(backlogSet()...)
	tests := []struct {
		name             string
		filter           map[Dim]string
		open, unassigned int
		ages             []int // under 1 day, 1–3, 3–7, over 7
		teams            []TeamBacklog
	}{
		{name: "everything", open: 5, unassigned: 2, ages: []int{1, 1, 1, 2}, teams: []TeamBacklog{
			{Team: "Chat", Open: 2, Unassigned: 1, Oldest: 410 * time.Hour},
			{Team: "Support", Open: 3, Unassigned: 1, Oldest: 8 * 24 * time.Hour}}},
		{name: "one team, as spelled otherwise", filter: map[Dim]string{ByTeam: " chat"}, open: 2, unassigned: 1,
			ages: []int{0, 0, 1, 1}, teams: []TeamBacklog{{Team: "Chat", Open: 2, Unassigned: 1, Oldest: 410 * time.Hour}}},
		{name: "an agent sees their own", filter: map[Dim]string{ByAgent: "Ann"}, open: 2, unassigned: 0,
			ages: []int{1, 0, 0, 1}, teams: []TeamBacklog{{Team: "Support", Open: 2, Oldest: 8 * 24 * time.Hour}}},
		{name: "a channel", filter: map[Dim]string{ByChannel: "Email"}, open: 1, ages: []int{1, 0, 0, 0},
			teams: []TeamBacklog{{Team: "Support", Open: 1, Oldest: 3 * time.Hour}}},
		{name: "a segment, the customer's", filter: map[Dim]string{BySegment: "b2b"}, open: 1, ages: []int{1, 0, 0, 0},
			teams: []TeamBacklog{{Team: "Support", Open: 1, Oldest: 3 * time.Hour}}},
		{name: "an unknown agent", filter: map[Dim]string{ByAgent: "Nobody"}, ages: []int{0, 0, 0, 0}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b, err := e.Backlog(Query{Filter: tt.filter}, backlogNow)
			if err != nil || b == nil {
				t.Fatalf("backlog: %v, %v", b, err)
			}
			if b.Open != tt.open || b.Unassigned != tt.unassigned {
				t.Errorf("open %d, unassigned %d; want %d, %d", b.Open, b.Unassigned, tt.open, tt.unassigned)
			}
			if len(b.Ages) != len(metric.AgeBuckets) {
				t.Fatalf("%d age buckets, want %d", len(b.Ages), len(metric.AgeBuckets))
			}
			for i, n := range tt.ages {
				if b.Ages[i] != n {
					t.Errorf("age %s: %d, want %d", metric.AgeBuckets[i].Key, b.Ages[i], n)
				}
			}
			if len(b.Teams) != len(tt.teams) {
				t.Fatalf("teams %+v, want %+v", b.Teams, tt.teams)
			}
			for i, want := range tt.teams {
				if b.Teams[i] != want {
					t.Errorf("team %d = %+v, want %+v", i, b.Teams[i], want)
				}
			}
		})
	}
}

// TestBacklogNotMeasured: without any solved_at every ticket would look open; that is not a
// figure (issue 11).
func TestBacklogNotMeasured(t *testing.T) {
	e := newEngine(t)
	e.Apply(&cx.Ticket{ID: "A", CreatedAt: at("2026-03-10 12:00"), Team: "Support"})
	if b, err := e.Backlog(Query{}, backlogNow); b != nil || err != nil {
		t.Errorf("backlog without solved_at = %+v, %v; want not measured (nil)", b, err)
	}
}

// TestCreatedSolvedPerDay reads the two series of the backlog page from the daily buckets:
// created counts every ticket by created_at (outbound too, as the tickets figure does), solved
// by solved_at.
func TestCreatedSolvedPerDay(t *testing.T) {
	e := newEngine(t)
	e.Apply(backlogSet()...)
	res, err := e.Query(Query{From: day("2026-03-16"), To: day("2026-03-19"), Parts: PartService, Step: StepDay})
	if err != nil {
		t.Fatal(err)
	}
	// 16th: S1, S2 created; 17th: O2 and OUT created, S2 solved; 18th: O1, N0, FUT created, S1 solved.
	want := [][2]int{{2, 0}, {2, 1}, {3, 1}}
	if len(res.Buckets) != len(want) {
		t.Fatalf("%d buckets, want %d", len(res.Buckets), len(want))
	}
	for i, b := range res.Buckets {
		got := b.Groups[0].Metrics.Tickets
		if got.Created != want[i][0] || got.Solved != want[i][1] {
			t.Errorf("%s: created %d solved %d, want %v", b.From.Format(time.DateOnly), got.Created, got.Solved, want[i])
		}
	}
}
