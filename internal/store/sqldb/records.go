package sqldb

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/klantpuls/klantpuls/internal/cx"
	"github.com/klantpuls/klantpuls/internal/store"
)

// Count returns the number of stored records of kind.
func (s *Store) Count(ctx context.Context, kind cx.Kind) (int, error) {
	t, err := TableFor(kind)
	if err != nil {
		return 0, err
	}
	var n int
	if err := s.db.QueryRowContext(ctx, "SELECT count(*) FROM "+string(t.Kind)).Scan(&n); err != nil {
		return 0, fmt.Errorf("store: unable to count %s: %w", kind, err)
	}
	return n, nil
}

// Stream calls fn with every record of kind in first-insertion order. It reads one snapshot:
// writes committed while it runs are not seen. An error from fn is returned as it is.
func (s *Store) Stream(ctx context.Context, kind cx.Kind, fn func(cx.Record) error) error {
	return s.selectWhere(ctx, nil, kind, "", nil, fn)
}

// Parts splits the places of kind's records (the dialect's Order column: SQLite's rowid,
// PostgreSQL's ord, both an integer that first insertion sets and an update keeps) into parts
// of size places. A place of a deleted record leaves a part smaller.
func (s *Store) Parts(ctx context.Context, kind cx.Kind, size int) ([]store.Part, error) {
	t, err := TableFor(kind)
	if err != nil {
		return nil, err
	}
	if size < 1 {
		return nil, cx.Errorf(cx.EINVALID, "store: parts of %d places", size)
	}
	var lo, hi sql.NullInt64
	q := "SELECT min(" + s.d.Order + "), max(" + s.d.Order + ") FROM " + string(t.Kind)
	if err := s.db.QueryRowContext(ctx, q).Scan(&lo, &hi); err != nil {
		return nil, fmt.Errorf("store: unable to read the places of %s: %w", kind, err)
	}
	if !lo.Valid {
		return nil, nil
	}
	var parts []store.Part
	for after := lo.Int64 - 1; after < hi.Int64; after += int64(size) {
		parts = append(parts, store.Part{After: after, UpTo: min(after+int64(size), hi.Int64)})
	}
	return parts, nil
}

// StreamPart calls fn with every record of kind in part p, in first-insertion order.
func (s *Store) StreamPart(ctx context.Context, kind cx.Kind, p store.Part, fn func(cx.Record) error) error {
	return s.selectWhere(ctx, nil, kind, s.d.Order+" > $1 AND "+s.d.Order+" <= $2", []any{p.After, p.UpTo}, fn)
}

// selectWhere calls fn with every record of kind that matches where (SQL after WHERE, with
// placeholders $1… for args; empty for all), in first-insertion order, read in tx or, when tx
// is nil, from the pool.
func (s *Store) selectWhere(ctx context.Context, tx *sql.Tx, kind cx.Kind, where string, args []any, fn func(cx.Record) error) error {
	t, err := TableFor(kind)
	if err != nil {
		return err
	}
	query := "SELECT " + t.Read + " FROM " + string(t.Kind)
	if where != "" {
		query += " WHERE " + s.sql(where)
	}
	return s.records(ctx, tx, t, string(kind), query+" ORDER BY "+s.d.Order, args, fn)
}

// records calls fn with every record of t that query finds, after the columns extra scans into,
// read in tx or from the pool, there through Dialect.Records when the dialect has it. Errors
// other than fn's name what.
func (s *Store) records(ctx context.Context, tx *sql.Tx, t *Table, what, query string, args []any,
	fn func(cx.Record) error, extra ...any) error {
	args = heldText(args)
	if tx == nil && s.d.Records != nil {
		var c *columns
		var fnErr error
		err := s.d.Records(ctx, query, args, extra, func(v Values) error {
			if c == nil {
				c = &columns{row: v}
			}
			rec := t.scan(c)
			if err := v.Err(); err != nil {
				return err
			}
			fnErr = fn(rec)
			return fnErr
		})
		if err != nil && err != fnErr {
			return fmt.Errorf("store: unable to read %s: %w", what, err)
		}
		return err
	}
	var rows *sql.Rows
	var err error
	if tx != nil {
		rows, err = tx.QueryContext(ctx, query, args...)
	} else {
		rows, err = s.db.QueryContext(ctx, query, args...)
	}
	if err != nil {
		return fmt.Errorf("store: unable to read %s: %w", what, err)
	}
	defer rows.Close()
	return each(rows, what, func(r *row) cx.Record { return t.scan(&r.columns) }, fn, extra...)
}

// Record reads one record of kind by its key.
func (s *Store) Record(ctx context.Context, kind cx.Kind, key string) (cx.Record, error) {
	var found cx.Record
	err := s.selectWhere(ctx, nil, kind, "id = $1", []any{key}, func(r cx.Record) error {
		found = r
		return nil
	})
	if err != nil {
		return nil, err
	}
	if found == nil {
		return nil, cx.NotFound(kind, key, "")
	}
	return found, nil
}

// CustomerRecords reads everything stored about one customer: the customer row, their orders
// and tickets, the answers they gave or that concern their tickets, and the reviews of their
// tickets, all from one snapshot. A customer that no record names at all is cx.ENOTFOUND.
func (s *Store) CustomerRecords(ctx context.Context, id string) (*store.CustomerRecords, error) {
	tx, err := s.db.BeginTx(ctx, &sql.TxOptions{Isolation: sql.LevelRepeatableRead, ReadOnly: true})
	if err != nil {
		return nil, fmt.Errorf("store: unable to read customer %q: %w", id, err)
	}
	defer tx.Rollback()
	var out store.CustomerRecords
	const ofTickets = "ticket_id IN (SELECT id FROM tickets WHERE customer_id = $1)"
	reads := []struct {
		kind  cx.Kind
		where string
		add   func(cx.Record)
	}{
		{cx.KindCustomers, "id = $1", func(r cx.Record) { out.Customer = r.(*cx.Customer) }},
		{cx.KindOrders, "customer_id = $1", func(r cx.Record) { out.Orders = append(out.Orders, *r.(*cx.Order)) }},
		{cx.KindTickets, "customer_id = $1", func(r cx.Record) { out.Tickets = append(out.Tickets, *r.(*cx.Ticket)) }},
		{cx.KindResponses, "customer_id = $1 OR " + ofTickets, func(r cx.Record) { out.Responses = append(out.Responses, *r.(*cx.Response)) }},
		{cx.KindReviews, ofTickets, func(r cx.Record) { out.Reviews = append(out.Reviews, *r.(*cx.Review)) }},
	}
	for _, read := range reads {
		err := s.selectWhere(ctx, tx, read.kind, read.where, []any{id}, func(r cx.Record) error {
			read.add(r)
			return nil
		})
		if err != nil {
			return nil, err
		}
	}
	if out.Customer == nil && len(out.Orders)+len(out.Tickets)+len(out.Responses) == 0 {
		return nil, cx.NotFound(cx.KindCustomers, id, ": no record names it")
	}
	return &out, nil
}

// LastSeq is the highest change number recorded (meta.seq): a record may not carry it when
// nothing was written under it, which is fine for a follower's starting point.
func (s *Store) LastSeq(ctx context.Context) (int64, error) {
	var seq int64
	if err := s.db.QueryRowContext(ctx, "SELECT seq FROM meta").Scan(&seq); err != nil {
		return 0, fmt.Errorf("store: unable to read the change sequence: %w", err)
	}
	return seq, nil
}

// Changes streams the records of kind written after seq, and the deletions (tombstones), in
// sequence order. Writers take turns (SQLite's one writer, PostgreSQL's writer lock on every
// node) and a commit is visible before the next writer begins, so sequence order is commit
// order. Both reads stop at the last change number read first: the records and the tombstones
// are two queries, and a commit between them must not show its rows to one and not the other.
func (s *Store) Changes(ctx context.Context, kind cx.Kind, after int64, fn func(cx.Record) error) (int64, error) {
	return s.ChangesSeq(ctx, kind, after, func(rec cx.Record, _ int64) error { return fn(rec) })
}

// ChangesSeq is Changes that also hands fn each change's number (store.SeqChanges).
func (s *Store) ChangesSeq(ctx context.Context, kind cx.Kind, after int64, fn func(cx.Record, int64) error) (int64, error) {
	t, err := TableFor(kind)
	if err != nil {
		return after, err
	}
	upTo, err := s.LastSeq(ctx)
	if err != nil {
		return after, err
	}
	gone, err := s.tombstones(ctx, kind, after, upTo)
	if err != nil {
		return after, err
	}
	last := after
	// deletionsBefore hands fn the tombstones numbered below seq.
	deletionsBefore := func(seq int64) error {
		for ; len(gone) > 0 && gone[0].seq < seq; gone = gone[1:] {
			if err := fn(cx.Deletion{Of: kind, ID: gone[0].key}, gone[0].seq); err != nil {
				return err
			}
			last = max(last, gone[0].seq)
		}
		return nil
	}
	var seq int64
	err = s.records(ctx, nil, t, "changes of "+string(kind), s.changes[t], []any{after, upTo}, func(rec cx.Record) error {
		if err := deletionsBefore(seq); err != nil {
			return err
		}
		if err := fn(rec, seq); err != nil {
			return err
		}
		last = max(last, seq)
		return nil
	}, &seq)
	if err == nil {
		err = deletionsBefore(upTo + 1)
	}
	return last, err
}
