package engine

import (
	"bytes"
	"fmt"
	"testing"
	"time"
	"unsafe"

	"github.com/klantpuls/klantpuls/internal/cx"
)

// shop is n records of each kind that names others (tickets and answers their customers,
// messages and answers their tickets), enough that a restored dictionary resolves a few ids
// by a pass (resolveAtMost) and its columns have room (roomFor).
func shop(n int) []cx.Record {
	var recs []cx.Record
	base := at("2026-03-02 09:00")
	for i := range n {
		c, tk := fmt.Sprintf("C%d", i), fmt.Sprintf("T%d", i)
		created := base.Add(time.Duration(i) * time.Hour)
		recs = append(recs,
			&cx.Customer{ID: c, AcquiredAt: at("2025-06-01 10:00"), Segment: []string{"B2B", "B2C"}[i%2]},
			&cx.Ticket{ID: tk, CustomerID: c, CreatedAt: created, SolvedAt: created.Add(5 * time.Hour),
				Channel: []string{"email", "chat"}[i%2], Team: "Support", Agent: []string{"Anna", "Bram", "Cem"}[i%3], AgentReplies: one(1)},
			&cx.Message{ID: fmt.Sprintf("M%d", i), TicketID: tk, Author: cx.AuthorAgent, Agent: "Anna", At: created.Add(time.Hour)},
			&cx.Response{ID: fmt.Sprintf("R%d", i), Survey: "nps", Score: i % 11, SubmittedAt: created.Add(48 * time.Hour), TicketID: tk, CustomerID: c},
			&cx.Order{ID: fmt.Sprintf("O%d", i), CustomerID: c, OrderedAt: created, Amount: float64(i)},
			&cx.Event{ID: fmt.Sprintf("E%d", i), CustomerID: c, Kind: "login", At: created},
			&cx.Review{ReviewID: fmt.Sprintf("Q%d", i), Criterion: "Toon", ReviewedAt: created, Agent: "Bram", Rating: one(1 + i%5)},
			&cx.Mention{ID: fmt.Sprintf("N%d", i), Source: "X", At: created, Text: "hoi"})
	}
	return recs
}

// TestApplyOnRestoredBuildsNoTable: an engine restored in place (a report from the engine
// file) that applies a few records of every kind — new ones, changed ones, deletions, naming
// rows that exist and rows that do not — builds no id table and moves no column of the
// restored ones (their room takes the new rows), and answers as an engine that was never
// written to a file; afterwards every id, the new ones too, is found at its row.
func TestApplyOnRestoredBuildsNoTable(t *testing.T) {
	const n = 640 // 10 ids a batch at most of a dictionary of n (resolveAtMost)
	want := newEngine(t)
	want.Apply(shop(n)...)
	var buf bytes.Buffer
	if err := want.Snapshot(&buf, 1); err != nil {
		t.Fatal(err)
	}
	data, _ := readAligned(&buf)
	got, _, err := restoreBytes(testOptions(), data, true)
	if err != nil {
		t.Fatal(err)
	}
	created := unsafe.SliceData(got.tickets.created)
	later := at("2026-04-02 09:00")
	late := []cx.Record{
		&cx.Customer{ID: "C-new", AcquiredAt: later, Segment: "B2C"},
		&cx.Ticket{ID: "T-new", CustomerID: "C-new", CreatedAt: later, Channel: "chat", Team: "Support", Agent: "Dirk"},
		&cx.Ticket{ID: "T3", CustomerID: "C3", CreatedAt: later, Channel: "phone", Team: "Support", Agent: "Anna"},
		&cx.Message{ID: "M-new", TicketID: "T5", Author: cx.AuthorAgent, Agent: "Cem", At: later},
		&cx.Response{ID: "R-new", Survey: "nps", Score: 0, SubmittedAt: later, TicketID: "T-later", CustomerID: "C-later"},
		&cx.Order{ID: "O-new", CustomerID: "C7", OrderedAt: later, Amount: 99},
		&cx.Event{ID: "E-new", CustomerID: "C8", Kind: "login", At: later},
		&cx.Review{ReviewID: "Q-new", Criterion: "Toon", ReviewedAt: later, Agent: "Cem", Rating: one(2)},
		&cx.Mention{ID: "N-new", Source: "X", At: later, Text: "hoi"},
	}
	for i, kind := range cx.Kinds {
		late = append(late, cx.Deletion{Of: kind, ID: fmt.Sprintf("%s%d", map[cx.Kind]string{cx.KindCustomers: "C",
			cx.KindOrders: "O", cx.KindTickets: "T", cx.KindMessages: "M", cx.KindResponses: "R", cx.KindMentions: "N",
			cx.KindEvents: "E"}[kind], 10+i)})
	}
	want.Apply(late...)
	got.Apply(late...)
	for kind, k := range map[string]*keys{"customers": &got.customers.ids, "orders": &got.orders.ids, "tickets": &got.tickets.ids,
		"messages": &got.messages.ids, "responses": &got.responses.ids, "mentions": &got.mentions.ids,
		"reviews": &got.reviews.ids, "review ids": &got.reviews.reviewIDs, "events": &got.events.ids} {
		if len(k.table) != 0 {
			t.Errorf("%s: the id table was built to apply %d records", kind, len(late))
		}
	}
	if unsafe.SliceData(got.tickets.created) != created {
		t.Error("the tickets' creation column moved to take one ticket more: no room")
	}
	for _, by := range []Dim{ByNone, ByChannel, ByAgent, BySegment} {
		if a, b := report(t, want, by), report(t, got, by); a != b {
			t.Fatalf("by %q: the restored engine answers otherwise\n got %s\nwant %s", by, b, a)
		}
	}
	ids := &got.tickets.ids
	for i := range ids.len() {
		if j, ok := ids.lookup(ids.key(uint32(i))); !ok || j != uint32(i) {
			t.Fatalf("ticket %q: found at %d, %v; want %d", ids.key(uint32(i)), j, ok, i)
		}
	}
	if _, ok := ids.lookup("T-never"); ok {
		t.Error("a ticket never stored is found")
	}
}

// TestResolveOnlyWhereItPays: an engine restored to serve (copied, not in place) builds its id
// table once rather than pass over the ids for each write; one restored in place passes at most
// maxPasses times, then builds the table, and an id resolved absent and interned after a reader
// built the table is found all the same.
func TestResolveOnlyWhereItPays(t *testing.T) {
	const n = 640
	src := newEngine(t)
	src.Apply(shop(n)...)
	var buf bytes.Buffer
	if err := src.Snapshot(&buf, 1); err != nil {
		t.Fatal(err)
	}
	restore := func(inPlace bool) *Engine {
		data, _ := readAligned(bytes.NewReader(buf.Bytes()))
		e, _, err := restoreBytes(testOptions(), data, inPlace)
		if err != nil {
			t.Fatal(err)
		}
		return e
	}
	ticket := func(id string) *cx.Ticket {
		return &cx.Ticket{ID: id, CustomerID: "C1", CreatedAt: at("2026-04-02 09:00"), Channel: "chat", Team: "Support"}
	}
	served := restore(false)
	served.Apply(ticket("T-served"))
	if ids := &served.tickets.ids; ids.found != nil || len(ids.table) == 0 {
		t.Errorf("a served engine: %d ids resolved, table of %d; want none resolved and the table built", len(ids.found), len(ids.table))
	}
	report := restore(true)
	ids := &report.tickets.ids
	for i := range maxPasses + 1 {
		report.Apply(ticket(fmt.Sprintf("T-late-%d", i)))
		if built := len(ids.table) > 0; built != (i == maxPasses) || ids.passes != min(i+1, maxPasses) {
			t.Fatalf("record %d: %d passes, table built %v; want the table built at record %d", i, ids.passes, built, maxPasses)
		}
	}
	again := restore(true)
	again.resolveIDs([]cx.Record{ticket("T-absent")})     // resolved absent …
	if _, ok := again.tickets.ids.lookup("T-other"); ok { // … a reader builds the table …
		t.Fatal("an id never stored is found")
	}
	again.Apply(ticket("T-absent")) // … and the id is interned by the table
	if i, ok := again.tickets.ids.lookup("T-absent"); !ok || again.tickets.ids.key(i) != "T-absent" {
		t.Errorf("an id resolved absent, then interned: found %v at %d", ok, i)
	}
}
