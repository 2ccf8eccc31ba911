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

// customerOrder is the ORDER BY of each sort of the customer list. Customers without a value
// go last either way, and ties go by id, so pages do not overlap.
var customerOrder = map[store.CustomerSort]string{
	store.SortCustomerID:  "c.id",
	store.SortName:        "lower(c.name)",
	store.SortRevenue:     "rv.total",
	store.SortLastContact: "lc.at",
	store.SortNPS:         "n.score",
}

// likeEscape is the escape character of the customer search's LIKE pattern.
const likeEscape = "!"

// likePattern is a LIKE pattern that finds text holding term, lower-cased, with LIKE's
// wildcards and the escape character in term taken literally.
func likePattern(term string) string {
	r := strings.NewReplacer(likeEscape, likeEscape+likeEscape, "%", likeEscape+"%", "_", likeEscape+"_")
	return "%" + r.Replace(strings.ToLower(term)) + "%"
}

// Customers reads a page of the customer list and the number of customers that match. The
// sums, latest contact and latest NPS answer are worked out by the database, and only the page
// comes back. A customer's answers are those they gave or that are about their tickets; their
// NPS answer, as on their own page, one they gave themselves.
func (s *Store) Customers(ctx context.Context, q store.CustomerQuery) ([]store.CustomerRow, int, error) {
	order, ok := customerOrder[q.Sort]
	if !ok {
		return nil, 0, cx.Errorf(cx.EINVALID, "store: the customer list cannot be sorted by %q", q.Sort)
	}
	var args params
	where := "TRUE"
	if strings.TrimSpace(q.Search) != "" {
		p := args.add(likePattern(strings.TrimSpace(q.Search)))
		where = fmt.Sprintf("(lower(c.id) LIKE %[1]s ESCAPE '%[2]s' OR lower(c.name) LIKE %[1]s ESCAPE '%[2]s' OR lower(c.email) LIKE %[1]s ESCAPE '%[2]s')", p, likeEscape)
	}
	if q.Segment != "" {
		where += " AND lower(trim(c.segment)) = " + args.add(cx.NameKey(q.Segment))
	}
	var total int
	if err := s.db.QueryRowContext(ctx, s.sql("SELECT count(*) FROM customers c WHERE "+where), args...).Scan(&total); err != nil {
		return nil, 0, fmt.Errorf("store: unable to count customers: %w", err)
	}
	dir := " ASC"
	if q.Descending {
		dir = " DESC"
	}
	from, to := args.add(q.RevenueFrom.Unix()), args.add(q.RevenueTo.Unix())
	query := `WITH contacts AS (
			SELECT customer_id AS cid, max(created_at) AS at FROM tickets WHERE customer_id IS NOT NULL GROUP BY customer_id
			UNION ALL
			SELECT COALESCE(r.customer_id, t.customer_id), max(r.submitted_at) FROM responses r
				LEFT JOIN tickets t ON t.id = r.ticket_id GROUP BY COALESCE(r.customer_id, t.customer_id)
		), lc AS (SELECT cid, max(at) AS at FROM contacts WHERE cid IS NOT NULL GROUP BY cid),
		rv AS (SELECT customer_id AS cid, sum(amount) AS total FROM orders
			WHERE ordered_at >= ` + from + ` AND ordered_at < ` + to + ` GROUP BY customer_id),
		n AS (SELECT customer_id AS cid, score,
			row_number() OVER (PARTITION BY customer_id ORDER BY submitted_at DESC, id DESC) AS latest
			FROM responses WHERE survey = 'nps' AND customer_id IS NOT NULL)
		SELECT c.id, c.name, c.email, rv.total, lc.at, n.score FROM customers c
		LEFT JOIN rv ON rv.cid = c.id
		LEFT JOIN lc ON lc.cid = c.id
		LEFT JOIN n ON n.cid = c.id AND n.latest = 1
		WHERE ` + where + ` ORDER BY ` + order + dir + ` NULLS LAST, c.id` + dir + `
		LIMIT ` + args.add(s.noLimit(q.Limit)) + ` OFFSET ` + args.add(max(q.Offset, 0))
	rows, err := list(ctx, s, "customers", func(r *row) store.CustomerRow {
		c := store.CustomerRow{ID: r.Text(), Name: r.Text(), Email: r.Text(), Revenue: optReal(r), LastContact: r.instant()}
		c.NPS = optInt(r)
		return c
	}, query, args...)
	return rows, total, err
}
