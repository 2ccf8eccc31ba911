package engine

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/klantpuls/klantpuls/internal/cx"
)

// TestLastContactBothWays: a customer's last contact is the latest of their tickets' last
// contact (here their creation: no messages, replies or solving; TestDeriveTicket pins the
// rest), their answers and the answers about their tickets, worked out for every customer (the
// ranking) and for a page's customers — by hand, after an answer moved to another ticket, an
// answer and a ticket removed, an answer about a ticket that has not arrived, and an answer
// whose time moved earlier (its ticket's latest answer worked out again, not kept).
func TestLastContactBothWays(t *testing.T) {
	e := newEngineWith(t, []cx.Record{
		&cx.Customer{ID: "C1"}, &cx.Customer{ID: "C2"}, &cx.Customer{ID: "C3"}, &cx.Customer{ID: "C4"},
		&cx.Ticket{ID: "T1", CustomerID: "C1", CreatedAt: at("2026-03-01 10:00")},
		&cx.Ticket{ID: "T2", CustomerID: "C2", CreatedAt: at("2026-03-02 10:00")},
		&cx.Ticket{ID: "T3", CustomerID: "C3", CreatedAt: at("2026-03-03 10:00")},
		// About T1 at first, then moved to T2: C2's, no longer C1's.
		&cx.Response{ID: "R1", Survey: "csat", Score: 4, SubmittedAt: at("2026-03-20 10:00"), TicketID: "T1"},
		// C4's own answer about C1's ticket: both customers'.
		&cx.Response{ID: "R2", Survey: "csat", Score: 5, SubmittedAt: at("2026-03-10 10:00"), TicketID: "T1", CustomerID: "C4"},
		// Removed below: it counts for no one (C3 keeps T3's creation).
		&cx.Response{ID: "R3", Survey: "csat", Score: 2, SubmittedAt: at("2026-03-25 10:00"), TicketID: "T3"},
		// About a ticket not here yet: no one's.
		&cx.Response{ID: "R4", Survey: "csat", Score: 3, SubmittedAt: at("2026-03-28 10:00"), TicketID: "T9"},
		// Removed below with its answer R5: C4 keeps R2.
		&cx.Ticket{ID: "T4", CustomerID: "C4", CreatedAt: at("2026-03-30 10:00")},
		&cx.Response{ID: "R5", Survey: "csat", Score: 3, SubmittedAt: at("2026-03-31 10:00"), TicketID: "T4"},
	})
	e.Apply(
		&cx.Response{ID: "R1", Survey: "csat", Score: 4, SubmittedAt: at("2026-03-20 10:00"), TicketID: "T2"},
		cx.Deletion{Of: cx.KindResponses, ID: "R3"},
		cx.Deletion{Of: cx.KindTickets, ID: "T4"},
	)
	want := map[string]time.Time{
		"C1": at("2026-03-10 10:00"), // R2 about T1
		"C2": at("2026-03-20 10:00"), // R1, moved to T2
		"C3": at("2026-03-03 10:00"), // T3 created; R3 removed
		"C4": at("2026-03-10 10:00"), // R2 given; T4 removed
	}
	ids := []string{"C1", "C2", "C3", "C4"}
	check := func(e *Engine, how string) {
		t.Helper()
		figures := e.CustomerFigures(ids, time.Time{}, time.Time{})
		e.mu.RLock()
		every, has := e.customerKeys(RankLastContact, time.Time{}, time.Time{}, placer{})
		e.mu.RUnlock()
		for k, id := range ids {
			i, ok := e.customers.ids.lookup(id)
			if !ok {
				t.Fatalf("%s not found", id)
			}
			if got := figures[k].LastContact; !got.Equal(want[id]) {
				t.Errorf("%s: %s on a page: %s, want %s", how, id, got, want[id])
			}
			if got := time.Unix(int64(every[i]), 0); !has[i] || !got.Equal(want[id]) {
				t.Errorf("%s: %s ranked: %s (has %v), want %s", how, id, got, has[i], want[id])
			}
		}
	}
	check(e, "loaded")
	// The answers' latest time per ticket is kept in the engine file too.
	restored, _, err := Restore(testOptions(), strings.NewReader(snapshotOf(t, e)))
	if err != nil {
		t.Fatal(err)
	}
	check(restored, "from its file")
	// R2 corrected to an earlier time: T1's latest answer is R2's new time (R1 is T2's), not
	// the later one it had.
	e.Apply(&cx.Response{ID: "R2", Survey: "csat", Score: 5, SubmittedAt: at("2026-03-05 10:00"), TicketID: "T1", CustomerID: "C4"})
	want["C1"], want["C4"] = at("2026-03-05 10:00"), at("2026-03-05 10:00")
	check(e, "after an answer moved earlier")
}

// TestRankByNPSThroughTicket: the list's NPS of a customer is their latest NPS answer, theirs
// by its customer_id, else by its ticket's (metrics.md section 1 rule 3), ranked for every
// customer and worked out for a page's. By hand: C1 2 (N1 names no one, about C1's T1), C2 9
// (N3 about T2 is C3's, who gave it), C3 4, C4 none (N4 is about a ticket not here yet).
func TestRankByNPSThroughTicket(t *testing.T) {
	e := newEngineWith(t, []cx.Record{
		&cx.Customer{ID: "C1"}, &cx.Customer{ID: "C2"}, &cx.Customer{ID: "C3"}, &cx.Customer{ID: "C4"},
		&cx.Ticket{ID: "T1", CustomerID: "C1", CreatedAt: at("2026-03-01 10:00")},
		&cx.Ticket{ID: "T2", CustomerID: "C2", CreatedAt: at("2026-03-01 10:00")},
		&cx.Response{ID: "N1", Survey: "nps", Score: 2, SubmittedAt: at("2026-03-02 10:00"), TicketID: "T1"},
		&cx.Response{ID: "N2", Survey: "nps", Score: 9, SubmittedAt: at("2026-03-02 10:00"), CustomerID: "C2"},
		&cx.Response{ID: "N3", Survey: "nps", Score: 4, SubmittedAt: at("2026-03-03 10:00"), CustomerID: "C3", TicketID: "T2"},
		&cx.Response{ID: "N4", Survey: "nps", Score: 10, SubmittedAt: at("2026-03-03 10:00"), TicketID: "T9"},
	})
	ids, _ := e.RankCustomers(CustomerRank{By: RankNPS, Desc: true})
	if got, want := fmt.Sprint(ids), "[C2 C3 C1 C4]"; got != want {
		t.Errorf("by NPS, highest first: %s, want %s", got, want)
	}
	want := map[string]string{"C1": "2", "C2": "9", "C3": "4", "C4": "none"}
	for k, f := range e.CustomerFigures([]string{"C1", "C2", "C3", "C4"}, time.Time{}, time.Time{}) {
		id, got := fmt.Sprintf("C%d", k+1), "none"
		if f.NPS != nil {
			got = fmt.Sprint(*f.NPS)
		}
		if got != want[id] {
			t.Errorf("%s's NPS on a page: %s, want %s", id, got, want[id])
		}
	}
}

// TestListHoldsEveryKnownCustomer: the customer list holds the customers with a row and those
// a live order, ticket or answer names (files come in any order), not one only a removed
// record or an event names; CustomersWithoutRow gives the latter kind of the former.
func TestListHoldsEveryKnownCustomer(t *testing.T) {
	e := newEngineWith(t, []cx.Record{
		&cx.Customer{ID: "C1"},
		&cx.Order{ID: "O1", CustomerID: "B1", OrderedAt: at("2026-03-02 10:00"), Amount: 70},
		&cx.Ticket{ID: "T1", CustomerID: "B2", CreatedAt: at("2026-03-02 10:00")},
		&cx.Response{ID: "R1", Survey: "nps", Score: 4, SubmittedAt: at("2026-03-02 10:00"), CustomerID: "B3"},
		&cx.Event{ID: "E1", CustomerID: "N1", Kind: "login", At: at("2026-03-02 10:00")},
		&cx.Order{ID: "O2", CustomerID: "N2", OrderedAt: at("2026-03-02 10:00"), Amount: 5},
		&cx.Ticket{ID: "T2", CustomerID: "N3", CreatedAt: at("2026-03-02 10:00")},
		&cx.Response{ID: "R2", Survey: "csat", Score: 4, SubmittedAt: at("2026-03-02 10:00"), CustomerID: "N4"},
		// Moved to another customer: N5 is named no more.
		&cx.Order{ID: "O3", CustomerID: "N5", OrderedAt: at("2026-03-02 10:00"), Amount: 5},
		&cx.Order{ID: "O3", CustomerID: "C1", OrderedAt: at("2026-03-02 10:00"), Amount: 5},
		// B4's row goes, their order stays.
		&cx.Customer{ID: "B4"},
		&cx.Order{ID: "O4", CustomerID: "B4", OrderedAt: at("2026-03-02 10:00"), Amount: 5},
	})
	e.Apply(cx.Deletion{Of: cx.KindOrders, ID: "O2"}, cx.Deletion{Of: cx.KindTickets, ID: "T2"},
		cx.Deletion{Of: cx.KindResponses, ID: "R2"}, cx.Deletion{Of: cx.KindCustomers, ID: "B4"})
	tests := []struct {
		name      string
		rank      CustomerRank
		want      string
		wantTotal int
	}{
		{"by id", CustomerRank{By: "id"}, "[B1 B2 B3 B4 C1]", 5},
		{"by id, last first", CustomerRank{By: "id", Desc: true}, "[C1 B4 B3 B2 B1]", 5},
		// B1 70, C1 5, B4 5 (ties by id); B2 and B3 none.
		{"by revenue", CustomerRank{By: RankRevenue, Desc: true, From: at("2026-03-01 00:00"), To: at("2026-04-01 00:00")},
			"[B1 C1 B4 B3 B2]", 5},
		{"a page", CustomerRank{By: "id", Offset: 3, Limit: 3}, "[B4 C1]", 5},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ids, total := e.RankCustomers(tt.rank)
			if got := fmt.Sprint(ids); got != tt.want || total != tt.wantTotal {
				t.Errorf("got %s of %d, want %s of %d", got, total, tt.want, tt.wantTotal)
			}
		})
	}
	without := e.CustomersWithoutRow(func(id string) bool { return id != "B3" })
	slices.Sort(without)
	if got := fmt.Sprint(without); got != "[B1 B2 B4]" {
		t.Errorf("without a row, B3 left out: %s, want [B1 B2 B4]", got)
	}
}

// TestRankCustomersBySegment: the list's segment keeps the customers of that segment, compared
// as names are (" zakelijk " is Zakelijk); a customer who has no row (only a ticket names C4)
// has no segment; a segment nobody has keeps nobody. By id: C1, C3 Zakelijk; C2 Particulier.
func TestRankCustomersBySegment(t *testing.T) {
	e := newEngineWith(t, []cx.Record{
		&cx.Customer{ID: "C1", Segment: "Zakelijk"}, &cx.Customer{ID: "C2", Segment: "Particulier"},
		&cx.Customer{ID: "C3", Segment: "zakelijk"},
		&cx.Ticket{ID: "T1", CustomerID: "C4", CreatedAt: at("2026-03-01 10:00")},
	})
	for _, tt := range []struct {
		segment string
		want    []string
	}{
		{"", []string{"C1", "C2", "C3", "C4"}},
		{" zakelijk ", []string{"C1", "C3"}},
		{"Particulier", []string{"C2"}},
		{"Groot zakelijk", nil},
	} {
		got, total := e.RankCustomers(CustomerRank{By: "customer_id", Segment: tt.segment})
		if !slices.Equal(got, tt.want) || total != len(tt.want) {
			t.Errorf("segment %q: %v (%d), want %v", tt.segment, got, total, tt.want)
		}
	}
}
