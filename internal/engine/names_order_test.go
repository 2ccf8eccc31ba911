package engine

import (
	"slices"
	"testing"

	"github.com/klantpuls/klantpuls/internal/cx"
	"github.com/klantpuls/klantpuls/internal/nameorder"
)

// The lists of names the engine gives a person to pick or read follow one order, the
// customer list's (nameorder): Dutch, case ignored, numbers by their value, blanks last. The
// orders below are written by hand.
var (
	teamsInOrder  = []string{"Lukas", "Łukasz", "Öztürk", "team 9", "Team 10", "Zwart", ""}
	agentsInOrder = []string{"Agent 9", "Agent 10", "anna", "Bert"}
)

// namesWorld is a ticket per team and agent above, open at backlogNow, in byte order, the order
// the lists were in before; one ticket was answered, so breaches are measured.
func namesWorld() []cx.Record {
	var recs []cx.Record
	byBytes := slices.Sorted(slices.Values(teamsInOrder))
	for i, team := range byBytes {
		recs = append(recs, &cx.Ticket{ID: "T" + team, CreatedAt: at("2026-03-02 10:00"), Team: team,
			Agent: agentsInOrder[i%len(agentsInOrder)]})
	}
	recs = append(recs, &cx.Customer{ID: "C1", AcquiredAt: at("2025-01-01 10:00"), Segment: "Özel"},
		&cx.Customer{ID: "C2", AcquiredAt: at("2025-01-01 10:00"), Segment: "MKB 10"},
		&cx.Customer{ID: "C3", AcquiredAt: at("2025-01-01 10:00"), Segment: "mkb 9"},
		&cx.Customer{ID: "C4", AcquiredAt: at("2025-01-01 10:00"), Segment: "Zakelijk"},
		&cx.Ticket{ID: "R", CreatedAt: at("2026-03-01 10:00"), SolvedAt: at("2026-03-01 11:00"),
			FirstReplyAt: at("2026-03-01 10:30"), Team: "Zwart"})
	return recs
}

func TestNamesInOneOrder(t *testing.T) {
	e := newEngine(t)
	e.Apply(namesWorld()...)
	tests := []struct {
		name string
		got  func(t *testing.T) []string
		want []string
	}{
		{"the teams to filter on", func(*testing.T) []string { return e.Names(ByTeam) }, teamsInOrder[:len(teamsInOrder)-1]},
		{"the agents to filter on", func(*testing.T) []string { return e.Names(ByAgent) }, agentsInOrder},
		{"the segments to filter on", func(*testing.T) []string { return e.Names(BySegment) },
			[]string{"mkb 9", "MKB 10", "Özel", "Zakelijk"}},
		{"names sorted from elsewhere (ClickHouse)", func(*testing.T) []string {
			return nameorder.Sort([]string{"Zwart", "Team 10", "Öztürk", "team 9", "Łukasz", "Lukas"})
		}, teamsInOrder[:len(teamsInOrder)-1]},
		{"the backlog's teams", func(t *testing.T) []string {
			b, err := e.Backlog(Query{}, backlogNow)
			if err != nil {
				t.Fatal(err)
			}
			var out []string
			for _, tb := range b.Teams {
				out = append(out, tb.Team)
			}
			return out
		}, teamsInOrder},
		{"the teams' first-response targets", func(t *testing.T) []string {
			sla, err := e.SLA(Query{From: day("2026-03-01"), To: day("2026-04-01")}, backlogNow,
				func(string) int64 { return 3600 })
			if err != nil {
				t.Fatal(err)
			}
			var out []string
			for _, s := range sla {
				out = append(out, s.Team)
			}
			return out
		}, teamsInOrder},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.got(t); !slices.Equal(got, tt.want) {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}
