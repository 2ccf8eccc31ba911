package engine

import (
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/klantpuls/klantpuls/internal/config"
	"github.com/klantpuls/klantpuls/internal/cx"
)

var ams = config.Default().Timezone

func at(s string) time.Time {
	t, err := time.ParseInLocation("2006-01-02 15:04", s, ams)
	if err != nil {
		panic(err)
	}
	return t
}

func day(s string) time.Time { return at(s + " 00:00") }

func newEngine(t *testing.T) *Engine {
	t.Helper()
	e, err := New(config.Default())
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
			Agent: []string{"Anna", "Bram", "Cem"}[i%3], Complaint: i%4 == 0, Reopens: one(i % 3 / 2)}
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
	for _, by := range []Dim{ByNone, ByChannel, ByTeam, ByAgent, BySegment} {
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
	if m.FirstResponse.Calendar.N != 1 || *m.FirstResponse.Calendar.Mean != 7200 || m.FirstResponse.Unanswered != 1 {
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
