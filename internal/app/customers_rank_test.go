package app

import (
	"context"
	"fmt"
	"reflect"
	"testing"
	"time"

	"github.com/klantpuls/klantpuls/internal/cx"
	"github.com/klantpuls/klantpuls/internal/engine"
)

// TestCustomersRankedByTheEngine: sorted by a figure, the customer list is ranked by the
// loaded engine and read from the database; on a set whose figures are worked out by hand —
// ties, a sum of zero, a refund, a deleted order, answers about another customer's ticket,
// two NPS answers in one second — each page is the one worked out, and every row's figures
// too, sorted by a figure or by id or name (the database's sorts).
func TestCustomersRankedByTheEngine(t *testing.T) {
	ctx := context.Background()
	a := openWithConfig(t)
	_, err := a.Ingest(ctx, []cx.Record{
		&cx.Customer{ID: "C1", AcquiredAt: march(1, 9, 0), Name: "Anna de Vries", Email: "anna@example.nl"},
		&cx.Customer{ID: "C2", AcquiredAt: march(1, 9, 0), Name: "Bram", Segment: "Zakelijk "},
		&cx.Customer{ID: "C3", AcquiredAt: march(1, 9, 0), Name: "Cees", Segment: "zakelijk"},
		&cx.Customer{ID: "C4", AcquiredAt: march(1, 9, 0), Name: "Dirk"},
		&cx.Customer{ID: "C5", AcquiredAt: march(1, 9, 0), Name: "Eva"},
		&cx.Customer{ID: "C6", AcquiredAt: march(1, 9, 0), Name: "Fleur"},
		&cx.Customer{ID: "C7", AcquiredAt: march(1, 9, 0), Name: "Gijs"},
		&cx.Customer{ID: "C8", AcquiredAt: march(1, 9, 0), Name: "Hans"},
		// Revenue over [1 March 10:00, 20 March 10:00): C1 100 − 20 = 80 (O3 after), C2 300, C3 50
		// (O5 at the first instant; O6 at the end is out), C4 none (O7 is deleted below), C5
		// 0.1 + 0.2, which is 0.30000000000000004 in binary floating point (summed as SQLite
		// sums), just above C6's 0.3, and C7 40 − 40 = 0, a figure (not none); C8 none.
		&cx.Order{ID: "O1", CustomerID: "C1", OrderedAt: march(2, 10, 0), Amount: 100},
		&cx.Order{ID: "O2", CustomerID: "C1", OrderedAt: march(5, 10, 0), Amount: -20, RefundOf: "O1"},
		&cx.Order{ID: "O3", CustomerID: "C1", OrderedAt: march(25, 10, 0), Amount: 500},
		&cx.Order{ID: "O4", CustomerID: "C2", OrderedAt: march(3, 10, 0), Amount: 300},
		&cx.Order{ID: "O5", CustomerID: "C3", OrderedAt: march(1, 10, 0), Amount: 50},
		&cx.Order{ID: "O6", CustomerID: "C3", OrderedAt: march(20, 10, 0), Amount: 1000},
		&cx.Order{ID: "O7", CustomerID: "C4", OrderedAt: march(3, 10, 0), Amount: 999},
		&cx.Order{ID: "O8", CustomerID: "C5", OrderedAt: march(3, 10, 0), Amount: 0.1},
		&cx.Order{ID: "O9", CustomerID: "C5", OrderedAt: march(4, 10, 0), Amount: 0.2},
		&cx.Order{ID: "O10", CustomerID: "C6", OrderedAt: march(3, 10, 0), Amount: 0.3},
		&cx.Order{ID: "O11", CustomerID: "C7", OrderedAt: march(3, 10, 0), Amount: 40},
		&cx.Order{ID: "O12", CustomerID: "C7", OrderedAt: march(4, 10, 0), Amount: -40, RefundOf: "O11"},
		// Last contact: C1 15 March (R5 is about C1's ticket T1, though C8 gave it), C8 the
		// same instant, C2 12 March (R3 about T2), C3 2 March; the others none.
		&cx.Ticket{ID: "T1", CreatedAt: march(4, 10, 0), CustomerID: "C1"},
		&cx.Ticket{ID: "T2", CreatedAt: march(10, 10, 0), CustomerID: "C2"},
		// Latest NPS: C1 3 (R2 after R1), C3 2 (R6 and R4 in one second: the higher id); no other.
		&cx.Response{ID: "R1", Survey: "nps", Score: 9, SubmittedAt: march(6, 10, 0), CustomerID: "C1"},
		&cx.Response{ID: "R2", Survey: "nps", Score: 3, SubmittedAt: march(8, 10, 0), CustomerID: "C1"},
		&cx.Response{ID: "R3", Survey: "csat", Score: 5, SubmittedAt: march(12, 10, 0), TicketID: "T2"},
		&cx.Response{ID: "R4", Survey: "nps", Score: 7, SubmittedAt: march(2, 10, 0), CustomerID: "C3"},
		&cx.Response{ID: "R6", Survey: "nps", Score: 2, SubmittedAt: march(2, 10, 0), CustomerID: "C3"},
		&cx.Response{ID: "R5", Survey: "csat", Score: 4, SubmittedAt: march(15, 10, 0), CustomerID: "C8", TicketID: "T1"},
	})
	if err != nil {
		t.Fatal(err)
	}
	if err := a.LoadEngine(ctx); err != nil {
		t.Fatal(err)
	}
	if err := a.Delete(ctx, cx.KindOrders, "O7"); err != nil {
		t.Fatal(err)
	}
	q := CustomerQuery{RevenueFrom: march(1, 10, 0), RevenueTo: march(20, 10, 0), Limit: 10}
	// Every row's figures, worked out above, whatever the list is sorted by.
	money := func(v float64) *float64 { return &v }
	tenth, fifth := 0.1, 0.2 // summed at run time in binary: 0.30000000000000004 (a constant sum is exactly 0.3)
	score := func(v int) *int { return &v }
	figures := map[string]engine.CustomerFigures{
		"C1": {Revenue: money(80), LastContact: march(15, 10, 0), NPS: score(3)},
		"C2": {Revenue: money(300), LastContact: march(12, 10, 0)},
		"C3": {Revenue: money(50), LastContact: march(2, 10, 0), NPS: score(2)},
		"C4": {},
		"C5": {Revenue: money(tenth + fifth)},
		"C6": {Revenue: money(0.3)},
		"C7": {Revenue: money(0)},
		"C8": {LastContact: march(15, 10, 0)},
	}
	tests := []customerListCase{
		{"revenue, highest first", func(q *CustomerQuery) { q.Sort, q.Descending = SortRevenue, true }, "[C2 C1 C3 C5 C6 C7 C8 C4]", 8},
		{"revenue, lowest first", func(q *CustomerQuery) { q.Sort = SortRevenue }, "[C7 C6 C5 C3 C1 C2 C4 C8]", 8},
		{"last contact, latest first", func(q *CustomerQuery) { q.Sort, q.Descending = SortLastContact, true }, "[C8 C1 C2 C3 C7 C6 C5 C4]", 8},
		{"last contact, earliest first", func(q *CustomerQuery) { q.Sort = SortLastContact }, "[C3 C2 C1 C8 C4 C5 C6 C7]", 8},
		{"NPS, highest first", func(q *CustomerQuery) { q.Sort, q.Descending = SortNPS, true }, "[C1 C3 C8 C7 C6 C5 C4 C2]", 8},
		{"NPS, lowest first", func(q *CustomerQuery) { q.Sort = SortNPS }, "[C3 C1 C2 C4 C5 C6 C7 C8]", 8},
		{"second page", func(q *CustomerQuery) { q.Sort, q.Descending, q.Limit, q.Offset = SortRevenue, true, 3, 3 }, "[C5 C6 C7]", 8},
		{"a page past the end", func(q *CustomerQuery) { q.Sort, q.Limit, q.Offset = SortRevenue, 3, 9 }, "[]", 8},
		{"no limit", func(q *CustomerQuery) { q.Sort, q.Limit = SortNPS, 0 }, "[C3 C1 C2 C4 C5 C6 C7 C8]", 8},
		{"a search", func(q *CustomerQuery) { q.Sort, q.Descending, q.Search = SortRevenue, true, "ANNA" }, "[C1]", 1},
		{"a search of all", func(q *CustomerQuery) { q.Sort, q.Search = SortLastContact, "c" }, "[C3 C2 C1 C8 C4 C5 C6 C7]", 8},
		{"a segment", func(q *CustomerQuery) { q.Sort, q.Descending, q.Segment = SortNPS, true, "ZAKELIJK" }, "[C3 C2]", 2},
		{"by id", func(q *CustomerQuery) { q.Sort = SortCustomerID }, "[C1 C2 C3 C4 C5 C6 C7 C8]", 8},
		{"by name, last first, a page", func(q *CustomerQuery) { q.Sort, q.Descending, q.Limit = SortName, true, 2 }, "[C8 C7]", 8},
		{"by name, a segment", func(q *CustomerQuery) { q.Sort, q.Segment = SortName, "zakelijk" }, "[C2 C3]", 2},
		{"a search that finds none", func(q *CustomerQuery) { q.Sort, q.Search = SortRevenue, "' OR 1=1 --" }, "[]", 0},
	}
	runCustomerList(t, a, q, tests, func(t *testing.T, r CustomerRow) {
		if want := figures[r.ID]; !reflect.DeepEqual(r.CustomerFigures, want) {
			t.Errorf("%s's figures %s, want %s", r.ID, showFigures(r.CustomerFigures), showFigures(want))
		}
	})
}

// customerListCase is a page of the customer list asked for (change to the test's query) and
// the ids and total it must give.
type customerListCase struct {
	name   string
	change func(*CustomerQuery)
	want   string
	total  int
}

// runCustomerList asks a for each case's page and checks its ids, its total and (checkRow)
// each of its rows.
func runCustomerList(t *testing.T, a *App, q CustomerQuery, tests []customerListCase, checkRow func(*testing.T, CustomerRow)) {
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			q := q
			tt.change(&q)
			rows, total, err := a.Customers(context.Background(), q)
			if err != nil {
				t.Fatal(err)
			}
			if got := customerIDs(rows); got != tt.want || total != tt.total {
				t.Errorf("got %s of %d, want %s of %d", got, total, tt.want, tt.total)
			}
			for _, r := range rows {
				checkRow(t, r)
			}
		})
	}
}

func showFigures(f engine.CustomerFigures) string {
	out := "{"
	if f.Revenue != nil {
		out += fmt.Sprintf("revenue %v ", *f.Revenue)
	}
	if !f.LastContact.IsZero() {
		out += "last contact " + f.LastContact.Format(time.RFC3339) + " "
	}
	if f.NPS != nil {
		out += fmt.Sprintf("NPS %d", *f.NPS)
	}
	return out + "}"
}

func customerIDs(rows []CustomerRow) string {
	out := []string{}
	for _, r := range rows {
		out = append(out, r.ID)
	}
	return fmt.Sprint(out)
}

// TestCustomerListHoldsCustomersWithoutRow: the list holds the customers only other records name
// so far (an order, an answer, a ticket; files come in any order) — in every sort, in a search
// of their id, with their figures — but not under a segment, theirs being unknown. Sorted by
// name they have none, so they come after the customers with a row, by id. By hand: revenue in
// March C1 100, X9 70, C2 10; NPS X3 4; names Anna (C1), bob (C3), none (C2).
func TestCustomerListHoldsCustomersWithoutRow(t *testing.T) {
	ctx := context.Background()
	a := openWithConfig(t)
	_, err := a.Ingest(ctx, []cx.Record{
		&cx.Customer{ID: "C1", AcquiredAt: march(1, 9, 0), Name: "Anna", Segment: "Zakelijk"},
		&cx.Customer{ID: "C2", AcquiredAt: march(1, 9, 0)},
		&cx.Customer{ID: "C3", AcquiredAt: march(1, 9, 0), Name: "bob"},
		&cx.Order{ID: "O1", CustomerID: "C1", OrderedAt: march(2, 10, 0), Amount: 100},
		&cx.Order{ID: "O2", CustomerID: "C2", OrderedAt: march(2, 10, 0), Amount: 10},
		&cx.Order{ID: "O9", CustomerID: "X9", OrderedAt: march(3, 10, 0), Amount: 70},
		&cx.Response{ID: "R3", Survey: "nps", Score: 4, SubmittedAt: march(4, 10, 0), CustomerID: "X3"},
		&cx.Ticket{ID: "T1", CreatedAt: march(5, 10, 0), CustomerID: "Y1"},
	})
	if err != nil {
		t.Fatal(err)
	}
	q := CustomerQuery{RevenueFrom: march(1, 0, 0), RevenueTo: march(31, 0, 0), Limit: 10}
	tests := []customerListCase{
		{"revenue, highest first", func(q *CustomerQuery) { q.Sort, q.Descending = SortRevenue, true }, "[C1 X9 C2 Y1 X3 C3]", 6},
		{"NPS, highest first", func(q *CustomerQuery) { q.Sort, q.Descending = SortNPS, true }, "[X3 Y1 X9 C3 C2 C1]", 6},
		{"by id", func(q *CustomerQuery) { q.Sort = SortCustomerID }, "[C1 C2 C3 X3 X9 Y1]", 6},
		{"by name", func(q *CustomerQuery) { q.Sort = SortName }, "[C1 C3 C2 X3 X9 Y1]", 6},
		{"by name, last first", func(q *CustomerQuery) { q.Sort, q.Descending = SortName, true }, "[C3 C1 C2 Y1 X9 X3]", 6},
		{"by name, a page across", func(q *CustomerQuery) { q.Sort, q.Limit, q.Offset = SortName, 2, 2 }, "[C2 X3]", 6},
		{"by name, a page after the rows", func(q *CustomerQuery) { q.Sort, q.Limit, q.Offset = SortName, 2, 4 }, "[X9 Y1]", 6},
		{"by name, no limit", func(q *CustomerQuery) { q.Sort, q.Limit = SortName, 0 }, "[C1 C3 C2 X3 X9 Y1]", 6},
		{"a search of ids", func(q *CustomerQuery) { q.Sort, q.Descending, q.Search = SortRevenue, true, "x" }, "[X9 X3]", 2},
		{"a search of ids, by name", func(q *CustomerQuery) { q.Sort, q.Search = SortName, "X9" }, "[X9]", 1},
		{"a search of names", func(q *CustomerQuery) { q.Sort, q.Search = SortName, "ANNA" }, "[C1]", 1},
		{"a segment", func(q *CustomerQuery) { q.Sort, q.Segment = SortRevenue, "zakelijk" }, "[C1]", 1},
	}
	runCustomerList(t, a, q, tests, func(t *testing.T, r CustomerRow) {
		if r.ID == "X9" && (r.Name != "" || r.Revenue == nil || *r.Revenue != 70) {
			t.Errorf("X9's row: %+v, want no name and a revenue of 70", r)
		}
	})
}
