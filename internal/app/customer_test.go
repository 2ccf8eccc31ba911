package app

import (
	"context"
	"fmt"
	"testing"

	"github.com/klantpuls/klantpuls/internal/cx"
)

// TestCustomerNPSOnPageAndList: a customer's NPS on their page (CustomerHistory) and on the
// customer list (Customers) is the score of their latest NPS answer, an answer being theirs by
// its customer_id, else by its ticket's (metrics.md section 1 rule 3). Worked out by hand.
func TestCustomerNPSOnPageAndList(t *testing.T) {
	ctx := context.Background()
	a := openWithConfig(t)
	_, err := a.Ingest(ctx, []cx.Record{
		&cx.Customer{ID: "C1", AcquiredAt: march(1, 9, 0)},
		&cx.Customer{ID: "C2", AcquiredAt: march(1, 9, 0)},
		&cx.Customer{ID: "C3", AcquiredAt: march(1, 9, 0)},
		&cx.Customer{ID: "C4", AcquiredAt: march(1, 9, 0)},
		&cx.Customer{ID: "C5", AcquiredAt: march(1, 9, 0)},
		&cx.Customer{ID: "C6", AcquiredAt: march(1, 9, 0)},
		&cx.Ticket{ID: "T1", CreatedAt: march(5, 10, 0), CustomerID: "C1"},
		&cx.Ticket{ID: "T2", CreatedAt: march(5, 10, 0), CustomerID: "C2"},
		// C1: N1 names no customer; it is about C1's ticket T1.
		&cx.Response{ID: "N1", Survey: "nps", Score: 2, SubmittedAt: march(6, 10, 0), TicketID: "T1"},
		// C2 gave 9; C3 gave 4 later, about C2's ticket: C3's, not C2's.
		&cx.Response{ID: "N2", Survey: "nps", Score: 9, SubmittedAt: march(6, 10, 0), CustomerID: "C2"},
		&cx.Response{ID: "N3", Survey: "nps", Score: 4, SubmittedAt: march(7, 10, 0), CustomerID: "C3", TicketID: "T2"},
		// C4: the later answer, though its id is the lower.
		&cx.Response{ID: "N5", Survey: "nps", Score: 0, SubmittedAt: march(7, 10, 0), CustomerID: "C4"},
		&cx.Response{ID: "N4", Survey: "nps", Score: 10, SubmittedAt: march(8, 10, 0), CustomerID: "C4"},
		// C5 and C6: two answers in one second, stored lower id first and higher id first; the
		// higher id counts, ids compared as text ("R9" after "R10").
		&cx.Response{ID: "R4", Survey: "nps", Score: 7, SubmittedAt: march(2, 10, 0), CustomerID: "C5"},
		&cx.Response{ID: "R6", Survey: "nps", Score: 2, SubmittedAt: march(2, 10, 0), CustomerID: "C5"},
		&cx.Response{ID: "R10", Survey: "nps", Score: 8, SubmittedAt: march(2, 10, 0), CustomerID: "C6"},
		&cx.Response{ID: "R9", Survey: "nps", Score: 3, SubmittedAt: march(2, 10, 0), CustomerID: "C6"},
	})
	if err != nil {
		t.Fatal(err)
	}
	if err := a.LoadEngine(ctx); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name, customer string
		want           string // the score, "none" without one
	}{
		{"an answer about their ticket, naming no customer", "C1", "2"},
		{"their own answer, not another's about their ticket", "C2", "9"},
		{"their answer about another's ticket", "C3", "4"},
		{"the latest, whatever the ids", "C4", "10"},
		{"one second, the higher id stored last", "C5", "2"},
		{"one second, the higher id stored first", "C6", "3"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h, err := a.CustomerHistory(ctx, tt.customer)
			if err != nil {
				t.Fatal(err)
			}
			page := "none"
			if h.NPS != nil {
				page = fmt.Sprint(h.NPS.Score)
			}
			rows, _, err := a.Customers(ctx, CustomerQuery{Search: tt.customer, Sort: SortNPS})
			if err != nil || len(rows) != 1 {
				t.Fatalf("the list's rows of %s: %v, %v", tt.customer, rows, err)
			}
			list := "none"
			if rows[0].NPS != nil {
				list = fmt.Sprint(*rows[0].NPS)
			}
			if page != tt.want || list != tt.want {
				t.Errorf("NPS on the page %s, on the list %s; want %s", page, list, tt.want)
			}
		})
	}
}

// TestCustomerHistoryInTimeOrder: a customer's page lists their orders, tickets, answers and
// reviews in the order they happened, whatever the order they were written in — a Shopify
// backfill or a late webhook writes an older order after a newer one, and the page listed
// them as stored (the database's insertion order). Same time: by id.
func TestCustomerHistoryInTimeOrder(t *testing.T) {
	ctx := context.Background()
	a := openWithConfig(t)
	_, err := a.Ingest(ctx, []cx.Record{
		&cx.Customer{ID: "C1", AcquiredAt: march(1, 9, 0)},
		&cx.Order{ID: "O3", CustomerID: "C1", OrderedAt: march(20, 10, 0), Amount: 30},
		&cx.Order{ID: "O1", CustomerID: "C1", OrderedAt: march(2, 10, 0), Amount: 10},
		&cx.Order{ID: "O2b", CustomerID: "C1", OrderedAt: march(9, 10, 0), Amount: 20},
		&cx.Order{ID: "O2a", CustomerID: "C1", OrderedAt: march(9, 10, 0), Amount: 20},
		&cx.Ticket{ID: "T2", CreatedAt: march(15, 10, 0), CustomerID: "C1"},
		&cx.Ticket{ID: "T1", CreatedAt: march(3, 10, 0), CustomerID: "C1"},
		&cx.Review{ReviewID: "V2", Criterion: "toon", Agent: "Anna", TicketID: "T2", ReviewedAt: march(16, 10, 0)},
		&cx.Review{ReviewID: "V1", Criterion: "toon", Agent: "Anna", TicketID: "T1", ReviewedAt: march(4, 10, 0)},
	})
	if err != nil {
		t.Fatal(err)
	}
	h, err := a.CustomerHistory(ctx, "C1")
	if err != nil {
		t.Fatal(err)
	}
	orders := idsOf(h.Orders, func(o cx.Order) string { return o.ID })
	tickets := idsOf(h.Tickets, func(tk cx.Ticket) string { return tk.ID })
	reviews := idsOf(h.Reviews, func(r cx.Review) string { return r.ReviewID })
	if got := fmt.Sprint(orders, tickets, reviews); got != "[O1 O2a O2b O3] [T1 T2] [V1 V2]" {
		t.Errorf("orders, tickets and reviews %s; want [O1 O2a O2b O3] [T1 T2] [V1 V2]", got)
	}
}

// idsOf is the ids of records, in their order.
func idsOf[T any](recs []T, id func(T) string) []string {
	out := make([]string, len(recs))
	for i, r := range recs {
		out[i] = id(r)
	}
	return out
}
