package sqldb

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strings"

	"github.com/klantpuls/klantpuls/internal/cx"
	"github.com/klantpuls/klantpuls/internal/store"
)

// TicketRecords reads a ticket, its messages and the answers about it from one snapshot; the
// messages and answers in time order, ties by id (the table's own order is first insertion).
func (s *Store) TicketRecords(ctx context.Context, id string) (*store.TicketRecords, error) {
	tx, err := s.db.BeginTx(ctx, &sql.TxOptions{Isolation: sql.LevelRepeatableRead, ReadOnly: true})
	if err != nil {
		return nil, fmt.Errorf("store: unable to read ticket %q: %w", id, err)
	}
	defer tx.Rollback()
	var out store.TicketRecords
	found := false
	reads := []struct {
		kind  cx.Kind
		where string
		add   func(cx.Record)
	}{
		{cx.KindTickets, "id = $1", func(r cx.Record) { out.Ticket, found = *r.(*cx.Ticket), true }},
		{cx.KindMessages, "ticket_id = $1", func(r cx.Record) { out.Messages = append(out.Messages, *r.(*cx.Message)) }},
		{cx.KindResponses, "ticket_id = $1", func(r cx.Record) { out.Responses = append(out.Responses, *r.(*cx.Response)) }},
	}
	for _, read := range reads {
		err := s.selectWhere(ctx, tx, read.kind, read.where, []any{id}, func(r cx.Record) error {
			read.add(r)
			return nil
		})
		if err != nil {
			return nil, err
		}
		if !found {
			return nil, cx.NotFound(cx.KindTickets, id, "")
		}
	}
	slices.SortStableFunc(out.Messages, func(a, b cx.Message) int {
		if c := a.At.Compare(b.At); c != 0 {
			return c
		}
		return strings.Compare(a.ID, b.ID)
	})
	slices.SortStableFunc(out.Responses, func(a, b cx.Response) int {
		if c := a.SubmittedAt.Compare(b.SubmittedAt); c != 0 {
			return c
		}
		return strings.Compare(a.ID, b.ID)
	})
	return &out, nil
}

// likePattern is a LIKE pattern (ESCAPE '!') that finds a key (searchKey) holding term as names
// compare (cx.NameKey), with LIKE's wildcards and the escape character in term taken literally
// (likeEscaper, attrs.go).
func likePattern(term string) string {
	return "%" + likeEscaper.Replace(cx.NameKey(term)) + "%"
}

// Customers reads a page of the customer list, sorted by id or name, and the number of
// customers that match. The figures of a row and a sort by one are the engine's.
func (s *Store) Customers(ctx context.Context, q store.CustomerQuery) ([]store.CustomerRow, int, error) {
	var args params
	where := s.customersWhere(q, &args)
	var total int
	if err := s.db.QueryRowContext(ctx, s.sql("SELECT count(*) FROM customers c WHERE "+where), heldText(args)...).Scan(&total); err != nil {
		return nil, 0, fmt.Errorf("store: unable to count customers: %w", err)
	}
	dir := " ASC"
	if q.Descending {
		dir = " DESC"
	}
	// By name in a Dutch reader's order (nameOrder); the customers without a name (a NULL
	// key, which SQLite sorts first and PostgreSQL last) come last either way, by id, as the
	// engine's sorts put those without the figure.
	order, ok := map[store.CustomerSort]string{store.SortCustomerID: "c.id" + dir,
		store.SortName: "c.name_order IS NULL, c.name_order" + dir + ", c.id" + dir}[q.Sort]
	if !ok {
		return nil, 0, cx.Errorf(cx.EINVALID, "store: the customer list cannot be sorted by %q", q.Sort)
	}
	query := `SELECT c.id, c.name, c.email FROM customers c WHERE ` + where + `
		ORDER BY ` + order + `
		LIMIT ` + args.add(s.noLimit(q.Limit)) + ` OFFSET ` + args.add(max(q.Offset, 0))
	rows, err := list(ctx, s, "customers", scanCustomerRow, query, args...)
	return rows, total, err
}

// customersWhere is the condition on customers c that keeps the customers of q's Search and
// Segment, its values added to args.
func (s *Store) customersWhere(q store.CustomerQuery, args *params) string {
	where := "TRUE"
	// Both compare keys written in Go (keys.go, names.go): SQL's lower() folds A–Z only. The
	// keys are lower case already, so LIKE's own folding of A–Z on SQLite changes nothing.
	if cx.NameKey(q.Search) != "" {
		where = "c.search_key LIKE " + args.add(likePattern(q.Search)) + " ESCAPE '!'"
	}
	if q.Segment != "" {
		where += " AND " + nameIn("c.segment", "segment", q.Segment, args)
	}
	return where
}

// CustomerIDs reads the ids of the customers q's Search and Segment keep, in no order: the
// customers an engine ranks when the list is searched (app.Customers).
func (s *Store) CustomerIDs(ctx context.Context, q store.CustomerQuery) ([]string, error) {
	var args params
	return list(ctx, s, "customers", func(r *row) string { return r.Text() },
		"SELECT c.id FROM customers c WHERE "+s.customersWhere(q, &args), args...)
}

// CustomersByID reads the list's rows of the customers of ids, in the order of ids; an id that
// is no customer's is left out.
func (s *Store) CustomersByID(ctx context.Context, ids []string) ([]store.CustomerRow, error) {
	found := make(map[string]store.CustomerRow, len(ids))
	for part := range slices.Chunk(ids, idsPerRead) {
		var args params
		rows, err := list(ctx, s, "customers", scanCustomerRow,
			`SELECT c.id, c.name, c.email FROM customers c WHERE c.id IN (`+args.in(part)+`)`, args...)
		if err != nil {
			return nil, err
		}
		for _, r := range rows {
			found[r.ID] = r
		}
	}
	out := make([]store.CustomerRow, 0, len(found))
	for _, id := range ids {
		if r, ok := found[id]; ok {
			out = append(out, r)
		}
	}
	return out, nil
}

func scanCustomerRow(r *row) store.CustomerRow {
	return store.CustomerRow{ID: r.Text(), Name: r.Text(), Email: r.Text()}
}
