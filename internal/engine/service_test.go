package engine

import (
	"fmt"
	"testing"

	"github.com/klantpuls/klantpuls/internal/cx"
	"github.com/klantpuls/klantpuls/internal/metric"
)

// marchReport is the report of March 2026 over recs, without splits.
func marchReport(t *testing.T, e *Engine, recs ...cx.Record) metric.Set {
	t.Helper()
	e.Apply(recs...)
	groups, err := e.Report(Query{From: day("2026-03-01"), To: day("2026-04-01")})
	if err != nil || len(groups) != 1 {
		t.Fatalf("report: %d groups, %v", len(groups), err)
	}
	return groups[0].Metrics
}

// solvedTicket is a ticket created and solved on Monday 2 March with the given agent_replies
// (nil: the column is empty) and no reopen.
func solvedTicket(id string, replies *int) *cx.Ticket {
	return &cx.Ticket{ID: id, CreatedAt: at("2026-03-02 08:00"), SolvedAt: at("2026-03-02 12:00"),
		Reopens: one(0), AgentReplies: replies}
}

// TestFCROnlyOverKnownReplies: FCR measures a solved ticket only when its agent replies are
// known, from its messages or else its agent_replies (metrics.md section 2, vectors 33, 34).
func TestFCROnlyOverKnownReplies(t *testing.T) {
	msg := func(id, ticket, author string) *cx.Message {
		return &cx.Message{ID: id, TicketID: ticket, At: at("2026-03-02 09:00"), Author: author}
	}
	tests := []struct {
		name      string
		recs      []cx.Record
		wantN     int
		wantValue float64 // checked when wantN > 0; else the value must be null
	}{
		{name: "vector 33: agent_replies 1, empty, 2, empty", recs: []cx.Record{solvedTicket("A", one(1)),
			solvedTicket("B", nil), solvedTicket("C", one(2)), solvedTicket("D", nil)}, wantN: 2, wantValue: 50},
		{name: "vector 34: neither messages nor agent_replies", recs: []cx.Record{solvedTicket("A", nil)}, wantN: 0},
		// Messages make the replies known, also when none is an agent's: 0 replies, first contact.
		{name: "messages without an agent reply", recs: []cx.Record{solvedTicket("A", nil),
			msg("m1", "A", cx.AuthorCustomer)}, wantN: 1, wantValue: 100},
		// Messages replace the column: two agent messages are two replies, whatever it says.
		{name: "messages over the column", recs: []cx.Record{solvedTicket("A", one(1)),
			msg("m1", "A", cx.AuthorAgent), msg("m2", "A", cx.AuthorAgent)}, wantN: 1, wantValue: 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := marchReport(t, newEngine(t), tt.recs...)
			if m.FCR.N != tt.wantN {
				t.Errorf("fcr n = %d, want %d", m.FCR.N, tt.wantN)
			}
			switch {
			case tt.wantN == 0 && m.FCR.Value != nil:
				t.Errorf("fcr = %v, want null (not measured)", *m.FCR.Value)
			case tt.wantN > 0 && (m.FCR.Value == nil || *m.FCR.Value != tt.wantValue):
				t.Errorf("fcr = %s, want %v", shown(m.FCR.Value), tt.wantValue)
			}
			if m.Tickets.Solved != len(tt.recs)-countMessages(tt.recs) {
				t.Errorf("solved = %d: every solved ticket still counts as solved", m.Tickets.Solved)
			}
		})
	}
	t.Run("a message removed brings the column back", func(t *testing.T) {
		e := newEngine(t)
		marchReport(t, e, solvedTicket("A", nil), msg("m1", "A", cx.AuthorAgent))
		m := marchReport(t, e, msg("m1", "B", cx.AuthorAgent)) // m1 moves to a ticket B not yet known
		if m.FCR.N != 0 || m.FCR.Value != nil {
			t.Errorf("fcr = %s (n %d), want null and n 0: A has no messages and no agent_replies any more",
				shown(m.FCR.Value), m.FCR.N)
		}
	})
}

// shown prints an optional figure.
func shown(x *float64) string {
	if x == nil {
		return "null"
	}
	return fmt.Sprint(*x)
}

func countMessages(recs []cx.Record) int {
	n := 0
	for _, r := range recs {
		if _, ok := r.(*cx.Message); ok {
			n++
		}
	}
	return n
}

// TestNothingMeasuredIsNull: tickets without first_reply_at, wait_seconds and handle_seconds
// (an export without those columns) give n 0 and empty figures, never 0 seconds.
func TestNothingMeasuredIsNull(t *testing.T) {
	m := marchReport(t, newEngine(t), solvedTicket("A", nil), solvedTicket("B", nil))
	for name, d := range map[string]metric.Durations{"first response": m.FirstResponse.Business,
		"first response (calendar)": m.FirstResponse.Calendar, "wait": *m.WaitTime, "handle": *m.HandleTime} {
		if d.N != 0 || d.Mean != nil || d.Median != nil || d.P90 != nil {
			t.Errorf("%s = %+v, want n 0 and null figures", name, d)
		}
	}
	// No ticket has any reply data (no first reply, no messages, no agent_replies): whether they
	// wait is not known, so the backlog is not measured either, rather than 2 unanswered.
	if m.FirstResponse.Unanswered != nil {
		t.Errorf("unanswered = %d, want null (not measured)", *m.FirstResponse.Unanswered)
	}
}

// TestBacklogNeedsReplyData: the backlog counts tickets without a first reply once the data
// has reply data at all (here ticket C's agent_replies, or D's first reply); a team nobody
// answers still shows its backlog then.
func TestBacklogNeedsReplyData(t *testing.T) {
	answered := solvedTicket("D", nil)
	answered.FirstReplyAt = at("2026-03-02 09:00")
	for name, rec := range map[string]*cx.Ticket{"agent_replies 0": solvedTicket("C", one(0)), "a first reply": answered} {
		m := marchReport(t, newEngine(t), solvedTicket("A", nil), solvedTicket("B", nil), rec)
		want := 3 // A, B and C never answered
		if rec == answered {
			want = 2
		}
		if unansweredOf(m) != want {
			t.Errorf("%s: unanswered = %d, want %d", name, unansweredOf(m), want)
		}
	}
	// Without any reply data the first-response SLA is not measured either: no team's tickets
	// are all breaches (A and B would be due 2 March 16:00 with an 8-hour target).
	e := newEngine(t)
	e.Apply(solvedTicket("A", nil), solvedTicket("B", nil))
	sla, err := e.SLA(Query{From: day("2026-03-01"), To: day("2026-04-01")}, at("2026-03-20 12:00"),
		func(string) int64 { return 8 * 3600 })
	if err != nil || len(sla) != 0 {
		t.Errorf("SLA without reply data: %+v %v, want no rows", sla, err)
	}
}

// unansweredOf is a report's backlog, -1 when it is not measured.
func unansweredOf(m metric.Set) int {
	if m.FirstResponse.Unanswered == nil {
		return -1
	}
	return *m.FirstResponse.Unanswered
}
