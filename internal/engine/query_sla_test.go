package engine

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/klantpuls/klantpuls/internal/cx"
)

// slaNow is the clock of the SLA tests: Friday 20 March 2026, 12:00 in Amsterdam.
var slaNow = at("2026-03-20 12:00")

// slaTargetOf gives Support 8 business hours and Chat 1. Business hours are the default office
// hours, Monday to Friday 9–17 (no Dutch holiday falls in March 2026).
func slaTargetOf(team string) int64 {
	if team == "Chat" {
		return 3600
	}
	return 8 * 3600
}

// slaSet holds tickets whose due instants and lateness are worked out by hand beside each.
func slaSet() []cx.Record {
	return []cx.Record{
		// Week of 2 March.
		// Due Mon 2 Mar 17:00, answered 16:00: met.
		&cx.Ticket{ID: "A", CreatedAt: at("2026-03-02 09:00"), Team: "Support", FirstReplyAt: at("2026-03-02 16:00")},
		// Tue 12–17 is 5 h, Wed 9–12 the other 3: due Wed 4 Mar 12:00; answered 14:30, 2 h 30 m late.
		&cx.Ticket{ID: "B", CreatedAt: at("2026-03-03 12:00"), Team: "Support", Agent: "Ann", FirstReplyAt: at("2026-03-04 14:30")},
		// Thu 16:30–17:00 and Fri 9:00–9:30: due Fri 6 Mar 09:30; never answered. Late until now:
		// Fri 6 9:30–17 (7.5 h) + 9–13 Mar (40 h) + 16–19 Mar (32 h) + Fri 20 9–12 (3 h) = 82.5 h.
		&cx.Ticket{ID: "C", CreatedAt: at("2026-03-05 16:30"), Team: "Chat"},
		// Fri 27 Feb 16–17 (1 h) and Mon 9–16 (7 h): due Mon 2 Mar 16:00, in this week; answered
		// Tue 3 Mar 09:00: late Mon 16–17, 1 h.
		&cx.Ticket{ID: "I", CreatedAt: at("2026-02-27 16:00"), Team: "Support", FirstReplyAt: at("2026-03-03 09:00")},

		// Week of 9 March.
		// Fri 15–17 and Mon 9–15: due Mon 9 Mar 15:00, answered at that very second: met.
		&cx.Ticket{ID: "D", CreatedAt: at("2026-03-06 15:00"), Team: "Support", FirstReplyAt: at("2026-03-09 15:00")},
		// Due Tue 10 Mar 11:00, answered 10:59: met.
		&cx.Ticket{ID: "E", CreatedAt: at("2026-03-10 10:00"), Team: "Chat", FirstReplyAt: at("2026-03-10 10:59")},
		// Wed 16:45–17:00 and Thu 9:00–9:45: due Thu 12 Mar 09:45; answered 17:30, after closing:
		// late 9:45–17:00, 7 h 15 m.
		&cx.Ticket{ID: "F", CreatedAt: at("2026-03-11 16:45"), Team: "Chat", Agent: "Bob", FirstReplyAt: at("2026-03-12 17:30")},
		// Outbound: no target.
		&cx.Ticket{ID: "G", CreatedAt: at("2026-03-10 10:00"), Team: "Support", Direction: cx.Outbound},

		// Week of 16 March, running at now.
		// Fri 13 15–17 and Mon 9–15: due Mon 16 Mar 15:00; never answered. Late until now:
		// Mon 15–17 (2 h) + Tue–Thu (24 h) + Fri 9–12 (3 h) = 29 h.
		&cx.Ticket{ID: "H", CreatedAt: at("2026-03-13 15:00"), Team: "Support"},
		// Due Fri 20 Mar 17:00, after now: not yet due.
		&cx.Ticket{ID: "J", CreatedAt: at("2026-03-20 09:00"), Team: "Support"},
	}
}

func TestSLASeries(t *testing.T) {
	e := newEngine(t)
	e.Apply(slaSet()...)
	q := Query{From: day("2026-03-02"), To: day("2026-03-23"), Step: StepWeek}
	got, err := e.SLASeries(q, slaNow, slaTargetOf)
	if err != nil {
		t.Fatal(err)
	}
	type fig struct{ due, breached int }
	want := []map[string]fig{
		{"Chat": {1, 1}, "Support": {3, 2}}, // C late; A met, B and I late
		{"Chat": {2, 1}, "Support": {1, 0}}, // E met, F late; D met
		{"Support": {1, 1}},                 // H late; J not due before now
	}
	if len(got) != len(want) {
		t.Fatalf("%d buckets, want %d", len(got), len(want))
	}
	for k, b := range got {
		if len(b.Teams) != len(want[k]) {
			t.Errorf("week %s: teams %+v, want %v", b.From.Format(time.DateOnly), b.Teams, want[k])
			continue
		}
		for _, s := range b.Teams {
			if w := want[k][s.Team]; s.Due != w.due || s.Breached != w.breached {
				t.Errorf("week %s %s: due %d breached %d, want %+v", b.From.Format(time.DateOnly), s.Team, s.Due, s.Breached, w)
			}
		}
		// A bucket holds exactly what SLA of that bucket alone gives.
		alone, err := e.SLA(Query{From: b.From, To: b.To}, slaNow, slaTargetOf)
		if err != nil || !slices.EqualFunc(alone, b.Teams, func(x, y SLA) bool {
			return x.Team == y.Team && x.Due == y.Due && x.Breached == y.Breached
		}) {
			t.Errorf("week %s: series %+v, SLA alone %+v (%v)", b.From.Format(time.DateOnly), b.Teams, alone, err)
		}
	}
	// Support in the first week: 1 of 3 met, 33.3%.
	if met := got[0].Teams[1].Met(); met == nil || *met != 100.0/3 {
		t.Errorf("Support's first week met %v, want 33.3", met)
	}
}

// TestSLASeriesByDay: a short period goes by day; a day with nothing due has no team.
func TestSLASeriesByDay(t *testing.T) {
	e := newEngine(t)
	e.Apply(slaSet()...)
	got, err := e.SLASeries(Query{From: day("2026-03-09"), To: day("2026-03-14"), Step: StepDay}, slaNow, slaTargetOf)
	if err != nil {
		t.Fatal(err)
	}
	// Mon 9: D (Support) met; Tue 10: E (Chat) met; Wed 11: nothing due; Thu 12: F (Chat) late.
	want := []string{"Support 1/0", "Chat 1/0", "", "Chat 1/1", ""}
	if len(got) != len(want) {
		t.Fatalf("%d days, want %d", len(got), len(want))
	}
	for i, b := range got {
		var teams []string
		for _, s := range b.Teams {
			teams = append(teams, fmt.Sprintf("%s %d/%d", s.Team, s.Due, s.Breached))
		}
		if s := strings.Join(teams, ", "); s != want[i] {
			t.Errorf("%s: %q, want %q", b.From.Format(time.DateOnly), s, want[i])
		}
	}
}

func TestBreachesListTheBreachedCount(t *testing.T) {
	e := newEngine(t)
	e.Apply(slaSet()...)
	q := Query{From: day("2026-03-02"), To: day("2026-03-23")}
	list, err := e.Breaches(q, slaNow, slaTargetOf)
	if err != nil {
		t.Fatal(err)
	}
	h := int64(3600)
	want := map[string]struct {
		team     string
		due      time.Time
		answered time.Time
		late     int64
	}{
		"B": {"Support", at("2026-03-04 12:00"), at("2026-03-04 14:30"), 2*h + h/2},
		"C": {"Chat", at("2026-03-06 09:30"), time.Time{}, 82*h + h/2},
		"I": {"Support", at("2026-03-02 16:00"), at("2026-03-03 09:00"), h},
		"F": {"Chat", at("2026-03-12 09:45"), at("2026-03-12 17:30"), 7*h + h/4},
		"H": {"Support", at("2026-03-16 15:00"), time.Time{}, 29 * h},
	}
	if len(list) != len(want) {
		t.Errorf("%d breaches, want %d: %+v", len(list), len(want), list)
	}
	perTeam := map[string]int{}
	for _, b := range list {
		w, ok := want[b.Ticket]
		if !ok {
			t.Errorf("ticket %s is listed as breached", b.Ticket)
			continue
		}
		perTeam[b.Team]++
		if b.Team != w.team || !b.Due.Equal(w.due) || !b.Answered.Equal(w.answered) || b.Late != w.late {
			t.Errorf("%s: %s due %v answered %v late %d; want %s %v %v %d", b.Ticket, b.Team, b.Due, b.Answered, b.Late,
				w.team, w.due, w.answered, w.late)
		}
	}
	// The list is the breached figure: per team, as many as SLA counts.
	sla, err := e.SLA(q, slaNow, slaTargetOf)
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range sla {
		if perTeam[s.Team] != s.Breached {
			t.Errorf("%s: %d listed, SLA breached %d", s.Team, perTeam[s.Team], s.Breached)
		}
	}
	if len(sla) != 2 || sla[0].Breached != 2 || sla[1].Breached != 3 {
		t.Errorf("SLA = %+v, want Chat 2 breached and Support 3", sla)
	}
	// The view's filter applies: Bob's list holds F only.
	bob, err := e.Breaches(Query{From: q.From, To: q.To, Filter: map[Dim]string{ByAgent: "bob"}}, slaNow, slaTargetOf)
	if err != nil || len(bob) != 1 || bob[0].Ticket != "F" || bob[0].Agent != "Bob" {
		t.Errorf("Bob's breaches = %+v, %v; want F", bob, err)
	}
}
