package engine

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/klantpuls/klantpuls/internal/cx"
	"github.com/klantpuls/klantpuls/internal/metric"
)

// marchSpan is March 2026 as a run's rows cover it.
func marchSpan() (lo, hi uint32) {
	return clampInstant(day("2026-03-01")), clampInstant(day("2026-04-01"))
}

// picked tells whether the service pass of March 2026 looks at ticket id (ticketColumns.pick),
// in full or for its backlog only.
func picked(t *testing.T, e *Engine, id string) bool {
	t.Helper()
	i, ok := e.tickets.ids.lookup(id)
	if !ok {
		t.Fatalf("no ticket %s", id)
	}
	lo, hi := marchSpan()
	p, w := e.tickets.pick(nil, nil, i, i+1, lo, hi)
	return len(p)+len(w) == 1
}

// serviceCounted is how many figures of the service pass a March set holds.
func serviceCounted(m metric.Set) int {
	n := m.Tickets.Created + m.Tickets.Solved + m.FirstResponse.Calendar.N + m.Resolution.Calendar.N +
		m.FirstResolution.Calendar.N + m.WaitTime.N + m.HandleTime.N
	if m.FirstResponse.Unanswered != nil {
		n += *m.FirstResponse.Unanswered
	}
	return n
}

// TestTicketReachPicksMarchTickets: the skip rule of the service pass (reach, ticketEarly,
// pick) at the edges of March 2026, worked out by hand from metrics.md section 2's
// attribution instants; a ticket alone in the engine shows in March's figures exactly when it
// is picked.
func TestTicketReachPicksMarchTickets(t *testing.T) {
	f := func(v float64) *float64 { return &v }
	secondsTo := func(from, to time.Time) *float64 { return f(to.Sub(from).Seconds()) }
	tests := []struct {
		name string
		tk   cx.Ticket
		want bool
	}{
		{"created before, answered in March", cx.Ticket{CreatedAt: at("2026-02-20 08:00"), FirstReplyAt: at("2026-03-02 08:00")}, true},
		{"created before, answered at March's first second", cx.Ticket{CreatedAt: at("2026-01-10 08:00"), FirstReplyAt: day("2026-03-01")}, true},
		{"answered and solved the minute before March", cx.Ticket{CreatedAt: at("2026-01-10 08:00"), FirstReplyAt: at("2026-02-28 23:59"),
			SolvedAt: at("2026-02-28 23:59")}, false},
		// Zero agent replies: known to be unanswered (anyReplyData), so in the backlog.
		{"inbound, never answered, created in January", cx.Ticket{CreatedAt: at("2026-01-10 08:00"), AgentReplies: one(0)}, true},
		{"outbound, never answered, created in January", cx.Ticket{CreatedAt: at("2026-01-10 08:00"), Direction: cx.Outbound}, false},
		{"outbound, answered in March only", cx.Ticket{CreatedAt: at("2026-02-01 08:00"), Direction: cx.Outbound, FirstReplyAt: at("2026-03-05 08:00")}, false},
		{"never answered, created at April's first second", cx.Ticket{CreatedAt: day("2026-04-01")}, false},
		{"created at March's last minute", cx.Ticket{CreatedAt: at("2026-03-31 23:59"), Direction: cx.Outbound}, true},
		{"first reply before creation, all in February", cx.Ticket{CreatedAt: at("2026-02-27 08:00"), FirstReplyAt: at("2026-02-26 08:00")}, false},
		{"first reply before creation, created in March", cx.Ticket{CreatedAt: at("2026-03-05 08:00"), FirstReplyAt: at("2026-02-27 08:00")}, true},
		{"first reply in March before creation in April", cx.Ticket{CreatedAt: at("2026-04-02 08:00"), FirstReplyAt: at("2026-03-30 08:00")}, false},
		{"solved in March, created before", cx.Ticket{CreatedAt: at("2026-02-10 08:00"), FirstReplyAt: at("2026-02-10 09:00"),
			SolvedAt: at("2026-03-02 08:00")}, true},
		{"first solved in March, solved in April", cx.Ticket{CreatedAt: at("2026-02-01 08:00"), FirstReplyAt: at("2026-02-01 09:00"),
			FirstSolvedAt: at("2026-03-10 08:00"), SolvedAt: at("2026-04-10 08:00")}, true},
		{"wait ends inside March", cx.Ticket{CreatedAt: at("2026-02-01 08:00"), FirstReplyAt: at("2026-02-01 09:00"),
			SolvedAt: at("2026-02-02 08:00"), WaitSeconds: f(30 * 86400)}, true},
		{"wait ends the second before March", cx.Ticket{CreatedAt: at("2026-02-01 08:00"), FirstReplyAt: at("2026-02-01 09:00"),
			WaitSeconds: f(*secondsTo(at("2026-02-01 08:00"), day("2026-03-01")) - 1)}, false},
		{"wait ends at March's first second", cx.Ticket{CreatedAt: at("2026-02-01 08:00"), FirstReplyAt: at("2026-02-01 09:00"),
			WaitSeconds: secondsTo(at("2026-02-01 08:00"), day("2026-03-01"))}, true},
		{"handle at a solve in March before creation in April", cx.Ticket{CreatedAt: at("2026-04-05 08:00"), FirstReplyAt: at("2026-04-05 09:00"),
			SolvedAt: at("2026-03-31 08:00"), HandleSeconds: f(100)}, true},
		{"solve in March before creation in April, no handle time", cx.Ticket{CreatedAt: at("2026-04-05 08:00"), FirstReplyAt: at("2026-04-05 09:00"),
			SolvedAt: at("2026-03-31 08:00")}, false},
		{"handle at a solve in April", cx.Ticket{CreatedAt: at("2026-03-05 08:00"), FirstReplyAt: at("2026-03-05 09:00"),
			SolvedAt: at("2026-04-06 08:00"), HandleSeconds: f(100)}, true},
		{"handle at creation in February, never solved", cx.Ticket{CreatedAt: at("2026-02-10 08:00"), Direction: cx.Outbound, HandleSeconds: f(100)}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := newEngine(t)
			tk := tt.tk
			tk.ID = "T"
			m := marchReport(t, e, &tk)
			if got := picked(t, e, "T"); got != tt.want {
				t.Errorf("picked = %v, want %v (reach %d, flags %b)", got, tt.want, e.tickets.reach[0], e.tickets.flags[0])
			}
			if got := serviceCounted(m) > 0; got != tt.want {
				t.Errorf("counted in March = %v, want %v", got, tt.want)
			}
		})
	}
	if ticketEarly != 1<<ticketEarlyBit {
		t.Errorf("ticketEarly %b is not bit %d", ticketEarly, ticketEarlyBit)
	}
}

// TestTicketReachFollowsChanges: the reach is derived again when a ticket changes, gets a
// message or is deleted, and a restored snapshot keeps it.
func TestTicketReachFollowsChanges(t *testing.T) {
	e := newEngine(t)
	e.Apply(&cx.Ticket{ID: "T", CreatedAt: at("2026-01-10 08:00")})
	if !picked(t, e, "T") {
		t.Fatal("unanswered: not picked, want picked (in March's backlog)")
	}
	e.Apply(&cx.Ticket{ID: "T", CreatedAt: at("2026-01-10 08:00"), FirstReplyAt: at("2026-01-11 08:00")})
	if picked(t, e, "T") {
		t.Error("answered in January: picked, want not")
	}
	// A message moves the first reply into March.
	e.Apply(&cx.Message{ID: "M", TicketID: "T", At: at("2026-03-03 08:00"), Author: cx.AuthorAgent})
	if !picked(t, e, "T") {
		t.Error("first agent message in March: not picked, want picked")
	}
	var buf bytes.Buffer
	if err := e.Snapshot(&buf, 1); err != nil {
		t.Fatal(err)
	}
	restored, _, err := Restore(testOptions(), bytes.NewReader(buf.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	if !picked(t, restored, "T") {
		t.Error("restored: not picked, want picked")
	}
	e.Apply(cx.Deletion{Of: cx.KindTickets, ID: "T"})
	if picked(t, e, "T") || e.tickets.reach[0] != 0 {
		t.Errorf("deleted: picked (reach %d), want not", e.tickets.reach[0])
	}
}

// TestServiceChunksGiveOnePassFigures: the service pass in chunks on both cores gives the
// figures of one pass, to the last bit (every series is joined in the tickets' order), also
// split by agent and with a previous period and buckets.
func TestServiceChunksGiveOnePassFigures(t *testing.T) {
	rng := rand.New(rand.NewPCG(17, 5))
	e := newEngine(t)
	base := day("2026-01-01")
	var recs []cx.Record
	for i := range 3000 {
		created := base.Add(time.Duration(rng.IntN(120*86400)) * time.Second)
		tk := &cx.Ticket{ID: fmt.Sprintf("t%d", i), CreatedAt: created, Agent: fmt.Sprintf("a%d", rng.IntN(7)),
			Channel: []string{"email", "chat", "phone"}[rng.IntN(3)], Complaint: rng.IntN(9) == 0}
		if rng.IntN(10) > 0 {
			tk.FirstReplyAt = created.Add(time.Duration(rng.IntN(5*86400)) * time.Second)
		}
		if rng.IntN(4) > 0 {
			tk.SolvedAt = created.Add(time.Duration(rng.IntN(20*86400)) * time.Second)
			tk.Reopens, tk.AgentReplies = one(rng.IntN(2)), one(rng.IntN(3))
		}
		if rng.IntN(3) > 0 {
			w, h := rng.Float64()*86400, rng.Float64()*3600
			tk.WaitSeconds, tk.HandleSeconds = &w, &h
		}
		recs = append(recs, tk)
	}
	e.Apply(recs...)
	queries := []Query{
		{From: day("2026-03-01"), To: day("2026-04-01")},
		{From: day("2026-03-01"), To: day("2026-04-01"), By: ByAgent},
		{From: day("2026-02-01"), To: day("2026-04-01"), PreviousFrom: day("2026-01-01"), Step: StepWeek, By: ByChannel},
	}
	defer func(n uint32) { chunkedRecords = n }(chunkedRecords)
	chunkedRecords = 1 << 30
	one := answersJSON(t, e, queries)
	chunkedRecords = 1
	chunked := answersJSON(t, e, queries)
	for i := range queries {
		if one[i] != chunked[i] {
			t.Errorf("query %d: in chunks\n%s\nin one pass\n%s", i, chunked[i], one[i])
		}
	}
}

// TestTicketPickBacklogOnly: a ticket still waiting for a first reply with nothing else in
// March is looked at for March's backlog only; one solved in March in full.
func TestTicketPickBacklogOnly(t *testing.T) {
	e := newEngine(t)
	m := marchReport(t, e,
		&cx.Ticket{ID: "W1", CreatedAt: at("2026-01-10 08:00"), SolvedAt: at("2026-01-12 08:00"), AgentReplies: one(0)},
		&cx.Ticket{ID: "W2", CreatedAt: at("2026-01-10 08:00"), SolvedAt: at("2026-03-03 08:00")},
		&cx.Ticket{ID: "W3", CreatedAt: at("2026-04-02 08:00")},
		&cx.Ticket{ID: "W4", CreatedAt: at("2026-01-10 08:00"), Direction: cx.Outbound})
	lo, hi := marchSpan()
	full, backlogOnly := e.tickets.pick(nil, nil, 0, uint32(len(e.tickets.flags)), lo, hi)
	ids := func(list []uint32) (out []string) {
		for _, i := range list {
			out = append(out, e.tickets.ids.key(i))
		}
		return out
	}
	if got := fmt.Sprint(ids(full), ids(backlogOnly)); got != "[W2] [W1]" {
		t.Errorf("in full, backlog only = %s, want [W2] [W1]", got)
	}
	// Both wait at March's end; W2 alone is solved in March.
	if *m.FirstResponse.Unanswered != 2 || m.Tickets.Solved != 1 || m.Tickets.Created != 0 {
		t.Errorf("unanswered %d, solved %d, created %d; want 2, 1, 0", *m.FirstResponse.Unanswered, m.Tickets.Solved, m.Tickets.Created)
	}
}

// answersJSON is e's answer to each query as JSON: what a test compares between two ways of
// working one out, to the last bit.
func answersJSON(t *testing.T, e *Engine, queries []Query) []string {
	t.Helper()
	var out []string
	for _, q := range queries {
		res, err := e.Query(q)
		if err != nil {
			t.Fatal(err)
		}
		b, err := json.Marshal(res)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, string(b))
	}
	return out
}
