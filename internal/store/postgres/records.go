package postgres

import (
	"context"
	"fmt"
	"strings"

	"github.com/jackc/pgx/v5"

	"github.com/klantpuls/klantpuls/internal/cx"
	"github.com/klantpuls/klantpuls/internal/store"
)

var _ store.Store = (*Store)(nil)

// table maps one record kind onto its SQL table. The column list, bind and scan of a kind sit
// together in kinds.go and must name the columns in the same order. Every statement is made
// from these names, never from input.
type table struct {
	kind    cx.Kind
	columns []string // the key column "id" first; seq and ord are not listed, the store adds them
	// bind appends rec's column values to dst, nil for absent ones.
	bind func(rec cx.Record, dst []any) ([]any, error)
	// scan builds a record from one row read in column order.
	scan func(r *row) cx.Record

	selectAll   string   // every column, no WHERE or ORDER BY
	changes     string   // seq and every column of the rows changed after $1, in seq order
	stored      string   // which of the keys $1 are stored
	empty       string   // whether no row is stored
	insertCopy  []string // the columns a COPY of new rows fills: the table's, seq and ord
	stage       string   // the session's staging table of the kind (pg_temp.stage_<kind>)
	createStage string   // makes the staging table once per connection
	stageCopy   []string // the columns a COPY into the staging table fills: the table's and seq
	upsert      string   // moves the staged rows into the table
}

func newTable(kind cx.Kind, columns []string, bind func(cx.Record, []any) ([]any, error), scan func(*row) cx.Record) *table {
	name := string(kind)
	list := strings.Join(columns, ", ")
	t := &table{kind: kind, columns: columns, bind: bind, scan: scan}
	t.selectAll = "SELECT " + list + " FROM " + name
	// seq > $1, said so that the indexes on ord and on the seq of updated rows serve it. The
	// upper bound (the last number committed) changes no result, but it makes each condition a
	// range, which the planner reckons small even before ANALYZE has seen a table: with an open
	// "ord > $1" it guessed a third of the rows and read every row of a freshly imported table
	// at each catch-up (25 ms for 177k messages; a follower asks every kind every time).
	t.changes = "SELECT seq, " + list + " FROM " + name +
		" WHERE (ord > $1 AND ord <= (SELECT seq FROM meta)) OR (seq > $1 AND seq <= (SELECT seq FROM meta) AND seq <> ord)" +
		" ORDER BY seq"
	t.stored = "SELECT id FROM " + name + " WHERE id = ANY($1)"
	t.empty = "SELECT NOT EXISTS (SELECT FROM " + name + ")"
	t.insertCopy = append(append([]string{}, columns...), "seq", "ord")
	t.stage = "stage_" + name
	t.stageCopy = t.insertCopy[:len(columns)+1]
	// ON COMMIT DELETE ROWS empties it in place at each commit that used it: no catalog churn
	// per transaction, as ON COMMIT DROP would cause.
	t.createStage = "CREATE TEMP TABLE IF NOT EXISTS " + t.stage + " ON COMMIT DELETE ROWS AS SELECT " +
		list + ", seq FROM " + name + " WITH NO DATA"
	t.upsert = upsertSQL(name, columns, "pg_temp."+t.stage)
	return t
}

// upsertSQL moves the rows of stage into the table name. A new row takes its seq as its ord too;
// an update keeps the row's ord. The WHERE of DO UPDATE leaves a row whose values are all
// unchanged untouched, so it keeps its seq and is not counted; IS DISTINCT FROM compares NULLs
// as values.
func upsertSQL(name string, columns []string, stage string) string {
	list := strings.Join(columns, ", ")
	var set, old, excluded []string
	for _, c := range columns[1:] {
		set = append(set, c+" = EXCLUDED."+c)
		old = append(old, name+"."+c)
		excluded = append(excluded, "EXCLUDED."+c)
	}
	return fmt.Sprintf("INSERT INTO %s (%s, seq, ord) SELECT %s, seq, seq FROM %s "+
		"ON CONFLICT (id) DO UPDATE SET %s, seq = EXCLUDED.seq WHERE (%s) IS DISTINCT FROM (%s)",
		name, list, list, stage, strings.Join(set, ", "), strings.Join(old, ", "), strings.Join(excluded, ", "))
}

// tables lists every kind's table; a kind that is not here cannot be stored.
var tables = map[cx.Kind]*table{
	cx.KindCustomers: customers,
	cx.KindOrders:    orders,
	cx.KindTickets:   tickets,
	cx.KindMessages:  messages,
	cx.KindResponses: responses,
	cx.KindMentions:  mentions,
	cx.KindReviews:   reviews,
	cx.KindEvents:    events,
}

func tableFor(kind cx.Kind) (*table, error) {
	t, ok := tables[kind]
	if !ok {
		return nil, cx.Errorf(cx.EINVALID, "store: unknown record kind %q", kind)
	}
	return t, nil
}

// Count returns the number of stored records of kind.
func (s *Store) Count(ctx context.Context, kind cx.Kind) (int, error) {
	t, err := tableFor(kind)
	if err != nil {
		return 0, err
	}
	var n int
	if err := s.pool.QueryRow(ctx, "SELECT count(*) FROM "+string(t.kind)).Scan(&n); err != nil {
		return 0, fmt.Errorf("store: unable to count %s: %w", kind, err)
	}
	return n, nil
}

// Stream calls fn with every record of kind in first-insertion order. It reads one snapshot:
// writes committed while it runs are not seen. An error from fn is returned as it is.
func (s *Store) Stream(ctx context.Context, kind cx.Kind, fn func(cx.Record) error) error {
	return s.selectWhere(ctx, kind, "", nil, fn)
}

// selectWhere calls fn with every record of kind that matches where (SQL after WHERE, with
// placeholders $1… for args; empty for all), in first-insertion order.
func (s *Store) selectWhere(ctx context.Context, kind cx.Kind, where string, args []any, fn func(cx.Record) error) error {
	return selectWhere(ctx, s.pool, kind, where, args, fn)
}

// querier is the pool or a transaction.
type querier interface {
	Query(ctx context.Context, sql string, args ...any) (pgx.Rows, error)
}

func selectWhere(ctx context.Context, q querier, kind cx.Kind, where string, args []any, fn func(cx.Record) error) error {
	t, err := tableFor(kind)
	if err != nil {
		return err
	}
	query := t.selectAll
	if where != "" {
		query += " WHERE " + where
	}
	query += " ORDER BY ord"
	rows, err := q.Query(ctx, query, args...)
	if err != nil {
		return fmt.Errorf("store: unable to read %s: %w", kind, err)
	}
	defer rows.Close()
	return t.scanRows(rows, string(kind), fn)
}

// scanRows calls fn with the record of every row of rows, whose columns are t's after those
// that extra scans (seq, for Changes). Errors other than fn's name what.
func (t *table) scanRows(rows pgx.Rows, what string, fn func(cx.Record) error, extra ...any) error {
	r, err := newRow(rows.FieldDescriptions()[len(extra):])
	if err != nil {
		return fmt.Errorf("store: unable to read %s: %w", what, err)
	}
	dest := append(extra, r.dest...)
	for rows.Next() {
		if err := rows.Scan(dest...); err != nil {
			return fmt.Errorf("store: unable to read %s: %w", what, err)
		}
		r.i = 0
		rec := t.scan(r)
		if r.err != nil {
			return fmt.Errorf("store: unable to read %s: %w", what, r.err)
		}
		if err := fn(rec); err != nil {
			return err
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("store: unable to read %s: %w", what, err)
	}
	return nil
}
