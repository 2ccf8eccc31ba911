package engine

import (
	"testing"

	"github.com/klantpuls/klantpuls/internal/cx"
)

// TestServiceOfOtherMonthsTickets: a month's report skips the tickets with nothing in it
// (ticketOutside), and keeps every ticket one of whose instants or whose backlog falls in it,
// whenever the ticket was created. Worked out by hand for March 2026, compared with February.
func TestServiceOfOtherMonthsTickets(t *testing.T) {
	f := func(v float64) *float64 { return &v }
	e := newEngine(t)
	e.Apply(
		// A: all in January — nothing.
		&cx.Ticket{ID: "A", CreatedAt: at("2026-01-02 08:00"), FirstReplyAt: at("2026-01-03 08:00"), SolvedAt: at("2026-01-04 08:00")},
		// B: inbound, never answered — in the backlog of February and March.
		&cx.Ticket{ID: "B", CreatedAt: at("2026-01-02 08:00")},
		// C: created and answered in February, solved in March.
		&cx.Ticket{ID: "C", CreatedAt: at("2026-02-20 08:00"), FirstReplyAt: at("2026-02-21 08:00"), SolvedAt: at("2026-03-05 08:00")},
		// D: all in March.
		&cx.Ticket{ID: "D", CreatedAt: at("2026-03-10 08:00"), FirstReplyAt: at("2026-03-10 09:00"), SolvedAt: at("2026-03-10 12:00")},
		// E: created in January, its wait (60 days) ends on 3 March.
		&cx.Ticket{ID: "E", CreatedAt: at("2026-01-02 08:00"), FirstReplyAt: at("2026-01-02 09:00"), WaitSeconds: f(60 * 86400)},
		// F: outbound and never answered — in no backlog.
		&cx.Ticket{ID: "F", CreatedAt: at("2026-01-02 08:00"), Direction: cx.Outbound},
		// G: created in April, but solved (a clock set wrong) on 31 March: its handle time counts
		// in March, at the solve.
		&cx.Ticket{ID: "G", CreatedAt: at("2026-04-05 08:00"), SolvedAt: at("2026-03-31 08:00"), HandleSeconds: f(100)},
		// H: created in January, answered on 28 February — in no March backlog.
		&cx.Ticket{ID: "H", CreatedAt: at("2026-01-02 08:00"), FirstReplyAt: at("2026-02-28 08:00")},
	)
	res, err := e.Query(Query{From: day("2026-03-01"), To: day("2026-04-01"), PreviousFrom: day("2026-02-01"), Step: StepDay})
	if err != nil {
		t.Fatal(err)
	}
	march, feb := res.Groups[0].Metrics, res.Previous[0].Metrics
	for _, c := range []struct {
		name      string
		got, want int
	}{
		{"March created", march.Tickets.Created, 1}, {"March solved", march.Tickets.Solved, 2},
		{"March unanswered", *march.FirstResponse.Unanswered, 1}, {"March first responses", march.FirstResponse.Calendar.N, 1},
		{"March waits", march.WaitTime.N, 1}, {"March handle times", march.HandleTime.N, 1},
		{"February created", feb.Tickets.Created, 1}, {"February solved", feb.Tickets.Solved, 0},
		// At February's end B waits; C and H were answered in February.
		{"February unanswered", *feb.FirstResponse.Unanswered, 1}, {"February first responses", feb.FirstResponse.Calendar.N, 2},
	} {
		if c.got != c.want {
			t.Errorf("%s = %d, want %d", c.name, c.got, c.want)
		}
	}
	// 10 March holds D alone: created, answered and solved.
	tenth := 0
	for _, b := range res.Buckets {
		if b.From.Day() == 10 {
			tenth++
			if b.Groups[0].Metrics.Tickets.Created != 1 {
				t.Errorf("10 March: %d tickets created, want 1", b.Groups[0].Metrics.Tickets.Created)
			}
		}
	}
	if tenth != 1 {
		t.Errorf("%d buckets of 10 March, want 1", tenth)
	}
}
