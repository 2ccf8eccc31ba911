package demo

import (
	"testing"
	"time"

	"github.com/klantpuls/klantpuls/internal/cx"
)

// TestQuietCustomersAreSolvedByAutomation: a ticket whose customer went quiet after the agent's
// reply is solved by an automation seven calendar days later (Zendesk's Bump-Bump-Solve recipe,
// its automations running once an hour), so on the demo's last day the backlog is a healthy
// team's: the last weeks' tickets, and old ones only where nobody ever answered.
func TestQuietCustomersAreSolvedByAutomation(t *testing.T) {
	ds := generate(t, Options{Seed: 11, Size: small})
	const week, hour = 7 * 24 * time.Hour, time.Hour

	// The last customer or agent message of each ticket (bot greetings and notes are no turn).
	last := map[string]*cx.Message{}
	agentReplied := map[string]bool{}
	for _, m := range ds.messages {
		if m.Author != cx.AuthorCustomer && m.Author != cx.AuthorAgent {
			continue
		}
		if l := last[m.TicketID]; l == nil || !m.At.Before(l.At) {
			last[m.TicketID] = m
		}
		agentReplied[m.TicketID] = agentReplied[m.TicketID] || m.Author == cx.AuthorAgent
	}

	quiet, late, open, oldOpen := 0, 0, 0, 0
	for _, id := range ds.ticketIDs {
		tk := ds.tickets[id]
		if tk.SolvedAt.IsZero() {
			open++
		}
		if l := last[id]; l != nil && l.Author == cx.AuthorAgent && l.At.Add(week+hour).Before(ds.end) {
			quiet++
			if tk.SolvedAt.IsZero() || tk.SolvedAt.After(l.At.Add(week+hour)) {
				if late++; late <= 10 {
					t.Errorf("%s: the agent wrote last at %s, solved %v; want solved within 7 days and an hour",
						id, l.At, tk.SolvedAt)
				}
			}
		}
		// Older than a month and open: only a ticket nobody ever answered (fell through the
		// cracks). A phone call always has its answer, so it is never one.
		if tk.SolvedAt.IsZero() && tk.CreatedAt.Before(ds.end.AddDate(0, 0, -30)) {
			if tk.Channel == "phone" || agentReplied[id] {
				if oldOpen++; oldOpen <= 10 {
					t.Errorf("%s (%s, created %s) still open on the last day, though answered",
						id, tk.Channel, tk.CreatedAt.Format(time.DateOnly))
				}
			}
		}
	}
	if quiet == 0 {
		t.Fatal("no ticket where the agent wrote last")
	}
	// A healthy backlog: 0.4% of tickets fell through the cracks, and what came in over the last
	// two weeks or so is still going (2 weeks of a year ≈ 4% of tickets, of which most are
	// solved already): 2% is generous, the old perpetual pending share was about 14%.
	if share := 100 * float64(open) / float64(len(ds.tickets)); share > 2 {
		t.Errorf("%d of %d tickets (%.1f%%) open on the last day, want at most 2%%", open, len(ds.tickets), share)
	}
}
