package storetest

import (
	"context"
	"fmt"
	"reflect"
	"testing"

	"github.com/klantpuls/klantpuls/internal/cx"
	"github.com/klantpuls/klantpuls/internal/store"
)

// testTicketRecords: a ticket's page reads the ticket, its messages in time order (ties by id,
// whatever order they were stored in) and the answers about it, and nothing of another ticket.
func testTicketRecords(t *testing.T, s RecordsAndDashboard) {
	ctx := context.Background()
	ticket := cx.Ticket{ID: "T 1/ä", CreatedAt: on(4, 10, 0), CustomerID: "C1", Channel: "email", Agent: "Anna",
		Reopens: ref(1), WaitSeconds: ref(90.0)}
	m1 := cx.Message{ID: "M1", TicketID: ticket.ID, At: on(4, 10, 30), Author: cx.AuthorCustomer, Attrs: cx.Attrs{"text": "<b>hallo</b>"}}
	m2 := cx.Message{ID: "M2", TicketID: ticket.ID, At: on(4, 11, 0), Author: cx.AuthorAgent, Agent: "Anna"}
	m3 := cx.Message{ID: "M3", TicketID: ticket.ID, At: on(4, 11, 0), Author: cx.AuthorNote}
	r0 := cx.Response{ID: "R0", Survey: "csat", Score: 2, SubmittedAt: on(5, 9, 0), TicketID: ticket.ID, Comment: "traag"}
	r1 := cx.Response{ID: "R1", Survey: "csat", Score: 4, SubmittedAt: on(6, 9, 0), TicketID: ticket.ID}
	Put(t, s, &ticket, &m3, &m2, &m1, &r1, &r0,
		&cx.Ticket{ID: "T2", CreatedAt: on(4, 10, 0)},
		&cx.Message{ID: "M9", TicketID: "T2", At: on(4, 10, 0), Author: cx.AuthorCustomer},
		&cx.Response{ID: "R9", Survey: "csat", Score: 5, SubmittedAt: on(5, 9, 0), TicketID: "T2"})
	got, err := s.TicketRecords(ctx, ticket.ID)
	if err != nil {
		t.Fatal(err)
	}
	want := &store.TicketRecords{Ticket: ticket, Messages: []cx.Message{m1, m2, m3}, Responses: []cx.Response{r0, r1}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("ticket records:\ngot  %+v\nwant %+v", got, want)
	}
	if got, err := s.TicketRecords(ctx, "T2"); err != nil || len(got.Messages) != 1 || len(got.Responses) != 1 {
		t.Errorf("T2: %+v %v", got, err)
	}
	for _, id := range []string{"nobody", "T 1", "' OR '1'='1"} {
		if _, err := s.TicketRecords(ctx, id); cx.ErrorCode(err) != cx.ENOTFOUND {
			t.Errorf("ticket %q: %v, want not found", id, err)
		}
	}
}

// testCustomerList: the customer list's search (id, name, e-mail; case-insensitive; % and _
// literal), its segment, its sorts by id and by name (case-insensitive; the customers without
// a name last either way, as the engine's sorts put those without a figure), its pages and its
// count. Its figures, and the sorts by them, are the engine's (app's TestCustomersRankedByTheEngine).
func testCustomerList(t *testing.T, s RecordsAndDashboard) {
	ctx := context.Background()
	Put(t, s,
		&cx.Customer{ID: "C1", AcquiredAt: on(1, 9, 0), Name: "Anna de Vries", Email: "anna@example.nl"},
		&cx.Customer{ID: "C2", AcquiredAt: on(1, 9, 0), Name: "Bram 100% Zeker", Email: "bram@example.com", Segment: "Zakelijk "},
		&cx.Customer{ID: "C3", AcquiredAt: on(1, 9, 0), Name: "Cees_Jansen", Email: "cees@voorbeeld.nl", Segment: "zakelijk"},
		&cx.Customer{ID: "C4", AcquiredAt: on(1, 9, 0), Name: "aad"},
		&cx.Customer{ID: "C5", AcquiredAt: on(1, 9, 0)},
		&cx.Customer{ID: "C6", AcquiredAt: on(1, 9, 0), Name: " "},
		&cx.Order{ID: "O1", CustomerID: "C1", OrderedAt: on(2, 10, 0), Amount: 100},
	)
	q := store.CustomerQuery{Sort: store.SortCustomerID, Limit: 10}
	ids := func(rows []store.CustomerRow) string {
		var out []string
		for _, r := range rows {
			out = append(out, r.ID)
		}
		return fmt.Sprint(out)
	}
	tests := []struct {
		name   string
		change func(*store.CustomerQuery)
		want   string
		total  int
	}{
		{"all by id", func(*store.CustomerQuery) {}, "[C1 C2 C3 C4 C5 C6]", 6},
		{"by id, last first", func(q *store.CustomerQuery) { q.Descending = true }, "[C6 C5 C4 C3 C2 C1]", 6},
		{"by name, any case, no name last", func(q *store.CustomerQuery) { q.Sort = store.SortName }, "[C4 C1 C2 C3 C5 C6]", 6},
		{"by name, last first, no name last", func(q *store.CustomerQuery) { q.Sort, q.Descending = store.SortName, true }, "[C3 C2 C1 C4 C6 C5]", 6},
		{"by name, a page of those without", func(q *store.CustomerQuery) { q.Sort, q.Limit, q.Offset = store.SortName, 2, 4 }, "[C5 C6]", 6},
		{"name, any case", func(q *store.CustomerQuery) { q.Search = "ANNA" }, "[C1]", 1},
		{"e-mail", func(q *store.CustomerQuery) { q.Search = "voorbeeld" }, "[C3]", 1},
		{"e-mail part of two", func(q *store.CustomerQuery) { q.Search = "@example." }, "[C1 C2]", 2},
		{"id", func(q *store.CustomerQuery) { q.Search = "c4" }, "[C4]", 1},
		{"percent is literal", func(q *store.CustomerQuery) { q.Search = "%" }, "[C2]", 1},
		{"underscore is literal", func(q *store.CustomerQuery) { q.Search = "_" }, "[C3]", 1},
		{"escape character is literal", func(q *store.CustomerQuery) { q.Search = "!" }, "[]", 0},
		{"quote", func(q *store.CustomerQuery) { q.Search = "' OR 1=1 --" }, "[]", 0},
		{"a segment, as names compare", func(q *store.CustomerQuery) { q.Segment = "ZAKELIJK" }, "[C2 C3]", 2},
		{"a segment and a search", func(q *store.CustomerQuery) { q.Segment, q.Search = "Zakelijk", "bram" }, "[C2]", 1},
		{"second page", func(q *store.CustomerQuery) { q.Limit, q.Offset = 4, 4 }, "[C5 C6]", 6},
		{"a page past the end", func(q *store.CustomerQuery) { q.Limit, q.Offset = 3, 6 }, "[]", 6},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			q := q
			tt.change(&q)
			rows, total, err := s.Customers(ctx, q)
			if err != nil {
				t.Fatal(err)
			}
			if got := ids(rows); got != tt.want || total != tt.total {
				t.Errorf("got %s of %d, want %s of %d", got, total, tt.want, tt.total)
			}
		})
	}
	rows, _, err := s.Customers(ctx, q)
	if err != nil {
		t.Fatal(err)
	}
	want := store.CustomerRow{ID: "C1", Name: "Anna de Vries", Email: "anna@example.nl"}
	if len(rows) != 6 || !reflect.DeepEqual(rows[0], want) {
		t.Errorf("C1's row: %+v, want %+v", rows, want)
	}
	if r := rows[3]; r.Email != "" {
		t.Errorf("C4 has no e-mail: %+v", r)
	}
	byID, err := s.CustomersByID(ctx, []string{"C3", "nobody", "C1"})
	if err != nil || ids(byID) != "[C3 C1]" || byID[1] != want {
		t.Errorf("CustomersByID(C3, nobody, C1) = %+v, %v; want C3 and C1 in that order", byID, err)
	}
	for _, sort := range []store.CustomerSort{"revenue", "name; DROP TABLE customers"} {
		if _, _, err := s.Customers(ctx, store.CustomerQuery{Sort: sort}); cx.ErrorCode(err) != cx.EINVALID {
			t.Errorf("sort %q: %v, want invalid (the engine sorts by figures)", sort, err)
		}
	}
}
