package engine

import (
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/klantpuls/klantpuls/internal/calendar"
	"github.com/klantpuls/klantpuls/internal/cx"
	"github.com/klantpuls/klantpuls/internal/metric"
)

var ams = mustZone("Europe/Amsterdam")

func mustZone(name string) *time.Location {
	loc, err := time.LoadLocation(name)
	if err != nil {
		panic(err)
	}
	return loc
}

// testOptions are the settings klantpuls has without a configuration file (data.md section
// 3): office hours in Amsterdam, CSAT 1–5 positive from 4, CES 1–7 high is easy, a margin of
// 1, the lifespan from churn, unnamed criteria 1–5 with weight 1.
func testOptions() Options {
	return Options{Timezone: ams, Hours: calendar.OfficeHours(ams), TeamHours: map[string]calendar.Hours{},
		CSAT: metric.CSATScale{Min: 1, Max: 5, PositiveMin: 4}, CES: CESScale{Min: 1, Max: 7}, DefaultGrossMargin: 1,
		Criterion: func(string) metric.Rating { return metric.Rating{Min: 1, Max: 5, Weight: 1} }}
}

func at(s string) time.Time {
	t, err := time.ParseInLocation("2006-01-02 15:04", s, ams)
	if err != nil {
		panic(err)
	}
	return t
}

func day(s string) time.Time { return at(s + " 00:00") }

func newEngine(t testing.TB) *Engine {
	t.Helper()
	e, err := New(testOptions())
	if err != nil {
		t.Fatal(err)
	}
	return e
}

func report(t *testing.T, e *Engine, by Dim) string {
	t.Helper()
	groups, err := e.Report(Query{From: day("2026-01-01"), To: day("2027-01-01"), By: by})
	if err != nil {
		t.Fatal(err)
	}
	b, _ := json.Marshal(groups)
	return string(b)
}

func one(n int) *int { return &n }

// sample is a small world touching every kind and every derivation.
func sample() []cx.Record {
	var recs []cx.Record
	r := rand.New(rand.NewPCG(7, 7))
	for i := range 40 {
		c := &cx.Customer{ID: fmt.Sprintf("C%d", i), AcquiredAt: at("2025-06-01 10:00"), Segment: []string{"B2B", "b2c ", "Premium"}[i%3]}
		if i%7 == 0 {
			c.ChurnedAt = at("2026-03-01 10:00")
		}
		if i%5 == 0 {
			c.AcquiredAt, c.ReferredBy = at("2026-02-01 10:00"), "C1"
		}
		recs = append(recs, c)
	}
	for i := range 60 {
		created := at("2026-03-02 09:00").Add(time.Duration(r.IntN(2000)) * time.Hour)
		tk := &cx.Ticket{ID: fmt.Sprintf("T%d", i), CreatedAt: created, CustomerID: fmt.Sprintf("C%d", i%40),
			Channel: []string{"email", "chat", "phone"}[i%3], Team: []string{"Support", "Klachten"}[i%2],
			Agent: []string{"Anna", "Bram", "Cem"}[i%3], Complaint: i%4 == 0, Reopens: one(i % 3 / 2),
			Category: []string{"Levering", "retour ", "", "Factuur"}[i%4]}
		if i%5 != 1 {
			tk.Transfers = one(i % 3)
		}
		if i%5 != 0 {
			tk.SolvedAt = created.Add(time.Duration(1+r.IntN(90)) * time.Hour)
		}
		if i%3 == 2 {
			tk.FirstReplyAt, tk.AgentReplies = created.Add(30*time.Minute), one(1)
			w := float64(r.IntN(300))
			tk.WaitSeconds, tk.HandleSeconds = &w, &w
		} else {
			for j := range 4 {
				author := []string{cx.AuthorCustomer, cx.AuthorAgent}[j%2]
				recs = append(recs, &cx.Message{ID: fmt.Sprintf("M%d-%d", i, j), TicketID: tk.ID, Author: author,
					At: created.Add(time.Duration(j*j*20) * time.Minute), Agent: map[bool]string{true: tk.Agent}[author == cx.AuthorAgent]})
			}
		}
		recs = append(recs, tk)
		recs = append(recs, &cx.Response{ID: fmt.Sprintf("R%d", i), Survey: []string{"nps", "csat", "ces"}[i%3],
			Score: 1 + r.IntN(5), SubmittedAt: created.Add(48 * time.Hour), TicketID: tk.ID, CustomerID: tk.CustomerID,
			Comment: map[bool]string{true: "Prima"}[i%2 == 0]})
	}
	for i := range 10 {
		recs = append(recs, &cx.Order{ID: fmt.Sprintf("O%d", i), CustomerID: fmt.Sprintf("C%d", i), OrderedAt: at("2026-04-01 10:00"), Amount: float64(10 * i)},
			&cx.Event{ID: fmt.Sprintf("E%d", i), CustomerID: fmt.Sprintf("C%d", i), Kind: "training", At: at("2026-04-01 10:00")},
			&cx.Review{ReviewID: fmt.Sprintf("Q%d", i), Criterion: "Toon", ReviewedAt: at("2026-04-01 10:00"), Agent: "Anna", Rating: one(1 + i%5)},
			&cx.Mention{ID: fmt.Sprintf("N%d", i), Source: "X", At: at("2026-04-01 10:00"), Text: "hoi"})
	}
	return recs
}

// TestOrderDoesNotMatter: files may come in any order, records may be applied one by one or
// loaded in bulk; the report is the same.
func TestOrderDoesNotMatter(t *testing.T) {
	recs := sample()
	bulk := newEngine(t)
	l := bulk.Load()
	for _, r := range recs {
		l.Put(r)
	}
	l.Close()
	for _, by := range []Dim{ByNone, ByChannel, ByTeam, ByAgent, BySegment, ByCategory} {
		want := report(t, bulk, by)
		for seed := range uint64(3) {
			shuffled := append([]cx.Record(nil), recs...)
			rand.New(rand.NewPCG(seed, 1)).Shuffle(len(shuffled), func(i, j int) { shuffled[i], shuffled[j] = shuffled[j], shuffled[i] })
			e := newEngine(t)
			for _, r := range shuffled {
				e.Apply(r)
			}
			if got := report(t, e, by); got != want {
				t.Fatalf("by %q, seed %d: applying in another order changes the report\n got %s\nwant %s", by, seed, got, want)
			}
		}
	}
}

// TestReplaceUndoesTheOldRow: a record re-applied with other values leaves no trace of the
// old ones, also in what was derived from it.
func TestReplaceUndoesTheOldRow(t *testing.T) {
	e := newEngine(t)
	e.Apply(&cx.Ticket{ID: "A", CreatedAt: at("2026-03-10 09:00")}, &cx.Ticket{ID: "B", CreatedAt: at("2026-03-10 09:00")},
		&cx.Message{ID: "m1", TicketID: "A", At: at("2026-03-10 10:00"), Author: cx.AuthorAgent},
		&cx.Response{ID: "r1", Survey: "csat", Score: 1, SubmittedAt: at("2026-03-11 09:00"), TicketID: "A"},
		&cx.Response{ID: "r2", Survey: "csat", Score: 5, SubmittedAt: at("2026-03-12 09:00"), TicketID: "A"})
	// The message moves to ticket B; the later answer moves to B as well.
	e.Apply(&cx.Message{ID: "m1", TicketID: "B", At: at("2026-03-10 11:00"), Author: cx.AuthorAgent},
		&cx.Response{ID: "r2", Survey: "csat", Score: 5, SubmittedAt: at("2026-03-12 09:00"), TicketID: "B"})
	groups, _ := e.Report(Query{From: day("2026-03-01"), To: day("2026-04-01")})
	m := groups[0].Metrics
	if m.FirstResponse.Calendar.N != 1 || *m.FirstResponse.Calendar.Mean != 7200 || unansweredOf(m) != 1 {
		t.Errorf("first response = %+v, want only B answered after 2 h", m.FirstResponse)
	}
	if m.CSAT.N != 2 || m.CSAT.Positive != 1 {
		t.Errorf("csat = %+v, want A's 1 and B's 5 both current", m.CSAT)
	}
}

func TestGroupsOnlyWithData(t *testing.T) {
	e := newEngine(t)
	e.Apply(&cx.Ticket{ID: "A", CreatedAt: at("2026-03-10 09:00"), Agent: "Zoë"},
		&cx.Ticket{ID: "B", CreatedAt: at("2026-05-10 09:00"), Agent: "Anna"},
		&cx.Ticket{ID: "C", CreatedAt: at("2026-03-10 09:00")})
	groups, _ := e.Report(Query{From: day("2026-03-01"), To: day("2026-04-01"), By: ByAgent})
	var keys []string
	for _, g := range groups {
		keys = append(keys, *g.Key)
	}
	// Anna has nothing in March (her ticket is unanswered only from May); "" holds the ticket
	// without an agent, sorted first.
	if fmt.Sprint(keys) != "[ Zoë]" {
		t.Errorf("groups %q, want [\"\" \"Zoë\"]", keys)
	}
	if _, err := e.Report(Query{From: day("2026-04-01"), To: day("2026-04-01")}); err == nil {
		t.Error("an empty period must be refused")
	}
}

func TestFilters(t *testing.T) {
	e := newEngine(t)
	e.Apply(
		&cx.Customer{ID: "C1", AcquiredAt: at("2025-01-01 10:00"), Segment: "Zakelijk"},
		&cx.Customer{ID: "C2", AcquiredAt: at("2025-01-01 10:00"), Segment: "Particulier"},
		&cx.Ticket{ID: "T1", CreatedAt: at("2026-03-02 10:00"), Channel: "email", Agent: "Anna", CustomerID: "C1"},
		&cx.Ticket{ID: "T2", CreatedAt: at("2026-03-02 10:00"), Channel: "chat", Agent: "Bram", CustomerID: "C2"},
		&cx.Ticket{ID: "T3", CreatedAt: at("2026-03-02 10:00"), Channel: "Email", Agent: "Bram", CustomerID: "C2"},
		&cx.Response{ID: "R1", Survey: "csat", Score: 5, SubmittedAt: at("2026-03-03 10:00"), TicketID: "T1"},
		&cx.Response{ID: "R2", Survey: "csat", Score: 1, SubmittedAt: at("2026-03-03 10:00"), TicketID: "T3", Agent: "Anna"},
		&cx.Review{ReviewID: "Q1", Criterion: "Toon", ReviewedAt: at("2026-03-03 10:00"), Agent: "Bram", Rating: one(5)},
		&cx.Mention{ID: "N1", Source: "X", At: at("2026-03-03 10:00"), Text: "hoi"},
	)
	q := func(f map[Dim]string, by Dim) []Group {
		g, err := e.Report(Query{From: day("2026-03-01"), To: day("2026-04-01"), By: by, Filter: f})
		if err != nil {
			t.Fatal(err)
		}
		return g
	}
	m := q(map[Dim]string{ByChannel: " EMAIL"}, ByNone)[0].Metrics
	if m.Tickets.Created != 2 || m.CSAT.N != 2 || m.Churn != nil || m.IQS != nil || m.FeedbackResponse.N != 0 {
		t.Errorf("channel email: created %d csat %d churn %v iqs %v", m.Tickets.Created, m.CSAT.N, m.Churn, m.IQS)
	}
	// An answer's own agent counts over its ticket's: R2 is Anna's.
	m = q(map[Dim]string{ByAgent: "anna"}, ByNone)[0].Metrics
	if m.Tickets.Created != 1 || m.CSAT.N != 2 || m.IQS == nil || m.IQS.N != 0 {
		t.Errorf("agent anna: created %d csat %d iqs %+v", m.Tickets.Created, m.CSAT.N, m.IQS)
	}
	m = q(map[Dim]string{BySegment: "particulier"}, ByNone)[0].Metrics
	if m.Tickets.Created != 2 || m.Churn == nil || m.Churn.Start != 1 {
		t.Errorf("segment: created %d churn %+v", m.Tickets.Created, m.Churn)
	}
	groups := q(map[Dim]string{ByAgent: "Bram"}, ByChannel)
	if len(groups) != 2 || *groups[0].Key != "chat" || groups[1].Metrics.Tickets.Created != 1 {
		t.Errorf("Bram by channel: %d groups", len(groups))
	}
	m = q(map[Dim]string{ByAgent: "Nobody"}, ByNone)[0].Metrics
	if m.Tickets.Created != 0 || m.CSAT.N != 0 || unansweredOf(m) > 0 {
		t.Errorf("an unknown agent matches records: %+v", m.Tickets)
	}
}

func TestSLAAndHeatmap(t *testing.T) {
	e := newEngine(t)
	e.Apply(
		// Due Monday 16 March 15:00 (8 business hours from Friday 15:00); answered 14:00: in time.
		&cx.Ticket{ID: "A", CreatedAt: at("2026-03-13 15:00"), Team: "Support", FirstReplyAt: at("2026-03-16 14:00")},
		// Due Tuesday 10:00, answered 11:00: late.
		&cx.Ticket{ID: "B", CreatedAt: at("2026-03-16 10:00"), Team: "support", FirstReplyAt: at("2026-03-17 11:00")},
		// Due Wednesday 10:00, never answered: late.
		&cx.Ticket{ID: "C", CreatedAt: at("2026-03-17 10:00"), Team: "Support"},
		// Due after now: not yet counted.
		&cx.Ticket{ID: "D", CreatedAt: at("2026-03-30 10:00"), Team: "Support"},
		// Outbound: no target.
		&cx.Ticket{ID: "E", CreatedAt: at("2026-03-17 10:00"), Team: "Support", Direction: cx.Outbound},
		// Another team, with a 1-hour target, answered after 30 minutes.
		&cx.Ticket{ID: "F", CreatedAt: at("2026-03-17 10:00"), Team: "Chat", FirstReplyAt: at("2026-03-17 10:30")},
	)
	q := Query{From: day("2026-03-01"), To: day("2026-04-01")}
	targets := map[string]int64{"Support": 8 * 3600, "Chat": 3600}
	got, err := e.SLA(q, at("2026-03-20 12:00"), func(team string) int64 { return targets[team] })
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 || got[0].Team != "Chat" || got[0].Due != 1 || got[0].Breached != 0 ||
		got[1].Team != "Support" || got[1].Due != 3 || got[1].Breached != 2 || *got[1].Value != 200.0/3 {
		t.Errorf("sla = %+v", got)
	}
	h, err := e.Heatmap(q)
	if err != nil {
		t.Fatal(err)
	}
	// Friday 15:00 once; Monday 10:00 twice (B, D); Tuesday 10:00 twice (C, F; E is outbound).
	if h[4][15] != 1 || h[0][10] != 2 || h[1][10] != 2 {
		t.Errorf("heatmap Fri 15 %d, Mon 10 %d, Tue 10 %d", h[4][15], h[0][10], h[1][10])
	}
	total := 0
	for _, day := range h {
		for _, n := range day {
			total += n
		}
	}
	if total != 5 {
		t.Errorf("heatmap holds %d contacts, want 5", total)
	}
}

// TestExpectSizesColumnsOnce: after Expect a load of that many records more appends where the
// columns lie (no column moved, the ids' ends neither); a kind the engine keeps no rows of and
// a count of none ask for nothing.
func TestExpectSizesColumnsOnce(t *testing.T) {
	e, err := New(testOptions())
	if err != nil {
		t.Fatal(err)
	}
	l := e.Load()
	l.Put(&cx.Ticket{ID: "T0", CreatedAt: time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)})
	l.Expect(cx.KindTickets, 1000)
	l.Expect(cx.Kind("nothing"), 10)
	l.Expect(cx.KindOrders, 0)
	created, ends := &e.tickets.created[0], &e.tickets.ids.ends[0]
	for i := 1; i <= 1000; i++ {
		l.Put(&cx.Ticket{ID: fmt.Sprintf("T%d", i), CreatedAt: time.Date(2026, 3, 1, 9, i%60, 0, 0, time.UTC)})
	}
	if &e.tickets.created[0] != created || &e.tickets.ids.ends[0] != ends {
		t.Error("a column moved while 1,000 tickets were put after Expect(1000)")
	}
	if n := len(e.tickets.created); n != 1001 {
		t.Errorf("%d tickets; want 1001", n)
	}
	l.Close()
}
