// Package sqldb is the store both databases share: every method of the store interfaces that
// SQLite and PostgreSQL answer alike, written once over database/sql (PostgreSQL through pgx's
// stdlib driver). A Dialect holds the little that differs in their SQL and drivers. What differs
// in kind stays in packages sqlite and postgres, which embed a *Store: opening, migrations, the
// bulk write of records (SQLite's multi-row INSERTs, PostgreSQL's COPY), SQLite's one writer and
// its file claim, and PostgreSQL's wake-up of followers.
package sqldb

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/klantpuls/klantpuls/internal/cx"
	"github.com/klantpuls/klantpuls/internal/store"
)

// Dialect is what differs between the databases' SQL and drivers. Shared SQL is written with
// PostgreSQL's numbered placeholders ($1, $2, …) and never holds a "$" otherwise.
type Dialect struct {
	// Mark replaces "$" in placeholders: SQLite numbers them ?1, ?2, ….
	Mark string
	// Order numbers record rows in first-insertion order (SQLite's rowid, PostgreSQL's ord);
	// Queued does so for invitations and sites.
	Order, Queued string
	// Changes is the query of seq and every column (Table.Read) of the rows of table changed
	// after $1 and up to $2 (the last number committed when Changes began), in seq order.
	Changes func(table, list string) string
	// LastChange is the query of the key and seq of table's row changed last at or before $1
	// (store.History), by an index.
	LastChange func(table string) string
	// NoLimit is the LIMIT that sets none: SQLite's -1, PostgreSQL's NULL.
	NoLimit any
	// LastInsertID: the driver tells the id of an inserted row (SQLite); otherwise an INSERT
	// asks for it with RETURNING id.
	LastInsertID bool
	// LockRows: a write transaction locks the rows it reads to change (FOR UPDATE), as
	// PostgreSQL needs; SQLite's holds the whole database from BEGIN.
	LockRows bool
	// OriginsValue writes sites.origins from JSON text (%s is the placeholder), OriginsColumn
	// reads it as JSON text: SQLite keeps the JSON, PostgreSQL a text[].
	OriginsValue, OriginsColumn string
	// Clock is the SQL of the database's time in Unix seconds, which leases and claims are
	// judged by (clock): PostgreSQL's nodes each have a clock of their own, and one running
	// ahead would find another's lease lapsed while it holds it. Empty, they are judged by the
	// caller's time: SQLite is on one machine (and tests move its clock).
	Clock string
	// IsDuplicate reports whether err is a UNIQUE or PRIMARY KEY constraint failing.
	IsDuplicate func(error) bool
	// CommitUnknown reports whether err, a failed COMMIT, leaves unknown whether it committed:
	// the database's answer never came (PostgreSQL, over a connection). Nil: a failed commit
	// committed nothing (SQLite, in this process).
	CommitUnknown func(error) bool
	// Records, when set, reads the rows of a query of records (after the columns extra scans
	// into) with the driver's own typed values, calling fn with each row and returning fn's
	// error as it is. database/sql hands every value over boxed in an interface, which made
	// PostgreSQL's stream of a table a quarter slower.
	Records func(ctx context.Context, query string, args, extra []any, fn func(Values) error) error
}

// commitUnknown reports whether err, a failed COMMIT, leaves unknown whether it committed
// (Dialect.CommitUnknown).
func (d Dialect) commitUnknown(err error) bool { return d.CommitUnknown != nil && d.CommitUnknown(err) }

// Writes is where a store's writes go: SQLite's one write connection, which bounds the wait for
// its turn and answers store.ErrBusy when it runs out, or PostgreSQL's pool.
type Writes interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
	BeginTx(ctx context.Context, opts *sql.TxOptions) (*sql.Tx, error)
}

// Store is a database of records, accounts, surveys and the audit log.
type Store struct {
	db      *sql.DB // reads, and on PostgreSQL (LastInsertID false) the INSERT … RETURNINGs
	write   Writes
	d       Dialect
	changes map[*Table]string // by table, the query of its changes (Dialect.Changes)
	// migration is what opening the database did to its schema (Migrate).
	migration store.Migration
}

// New returns the store on db (reads) and write (writes) that speaks d, whose opening did
// migration to its schema.
func New(db *sql.DB, write Writes, d Dialect, migration store.Migration) *Store {
	s := &Store{db: db, write: write, d: d, changes: map[*Table]string{}, migration: migration}
	for _, t := range tables {
		s.changes[t] = s.sql(d.Changes(string(t.Kind), t.Read))
	}
	return s
}

// Migration tells what opening the database did to its schema.
func (s *Store) Migration() store.Migration { return s.migration }

// forUpdate is what a query in a write transaction ends with to lock the rows it reads until
// the transaction ends (LockRows): PostgreSQL's FOR UPDATE, so that a parallel change of them
// waits and then reads what this one wrote; nothing on SQLite, whose write transaction holds
// the whole database from BEGIN.
func (d Dialect) forUpdate() string {
	if d.LockRows {
		return " FOR UPDATE"
	}
	return ""
}

// lockTable is the statement that locks table against other writers until the transaction
// ends, for a change that reads rows which may not be there yet (FOR UPDATE locks only those
// that are): PostgreSQL's LOCK TABLE, which plain reads pass; "" on SQLite (forUpdate).
func (d Dialect) lockTable(table string) string {
	if d.LockRows {
		return "LOCK TABLE " + table + " IN SHARE ROW EXCLUSIVE MODE"
	}
	return ""
}

// SQL returns query, written with $n placeholders, in the dialect's.
func (d Dialect) SQL(query string) string {
	if d.Mark == "$" {
		return query
	}
	return strings.ReplaceAll(query, "$", d.Mark)
}

// sql returns query, written with $n placeholders, in the dialect's.
func (s *Store) sql(query string) string { return s.d.SQL(query) }

// clock is the SQL of the time leases and claims are judged by (Dialect.Clock), in Unix seconds,
// and its arguments: the database's, or, when the dialect takes the caller's, now as the
// placeholder $n.
func (s *Store) clock(n int, now time.Time) (string, []any) {
	if s.d.Clock != "" {
		return s.d.Clock, nil
	}
	return fmt.Sprintf("$%d", n), []any{now.Unix()}
}

// exec runs one write and returns the number of rows it changed: committed alone, or inside
// ctx's unit (Audited) with the rest of it.
func (s *Store) exec(ctx context.Context, query string, args ...any) (int64, error) {
	if err := textOnly(args); err != nil {
		return 0, err
	}
	u, w, err := s.writer(ctx)
	if err != nil {
		return 0, err
	}
	res, err := w.ExecContext(ctx, s.sql(query), args...)
	if err != nil {
		u.failed(err)
		return 0, err
	}
	return res.RowsAffected()
}

// insert runs one INSERT, as exec does, and returns the id of the row it made; inserted is
// false when an ON CONFLICT DO NOTHING made none.
func (s *Store) insert(ctx context.Context, query string, args ...any) (id int64, inserted bool, err error) {
	if err := textOnly(args); err != nil {
		return 0, false, err
	}
	u, w, err := s.writer(ctx)
	if err != nil {
		return 0, false, err
	}
	defer func() { u.failed(err) }()
	if !s.d.LastInsertID {
		var q querier = s.db // the pool: a statement committed alone
		if u != nil {
			q = u.tx
		}
		err := q.QueryRowContext(ctx, s.sql(query)+" RETURNING id", args...).Scan(&id)
		if errors.Is(err, sql.ErrNoRows) {
			return 0, false, nil
		}
		return id, err == nil, err
	}
	res, err := w.ExecContext(ctx, s.sql(query), args...)
	if err != nil {
		return 0, false, err
	}
	// After DO NOTHING, LastInsertId is an older row's: only a row inserted has an id.
	if n, err := res.RowsAffected(); err != nil || n == 0 {
		return 0, false, err
	}
	id, err = res.LastInsertId()
	return id, err == nil, err
}

// writer is where a write of ctx goes: the transaction of ctx's unit u (begun by its first
// write), or, outside a unit (u nil), the store's writes, each statement committed alone.
func (s *Store) writer(ctx context.Context) (*unit, interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
}, error) {
	u := s.unitOf(ctx)
	if u == nil {
		return nil, s.write, nil
	}
	tx, err := u.begin()
	if err != nil {
		return u, nil, err
	}
	return u, tx, nil
}

// textOnly refuses a write of text no store holds (cx.IsText) as invalid, before the database
// sees it: PostgreSQL refuses it in any text column, so such a write failed as the database's
// fault, and SQLite kept what the other store cannot. Reads bind it as NULL instead (heldText).
func textOnly(args []any) error {
	for _, a := range args {
		if t, ok := a.(string); ok && !cx.IsText(t) {
			return cx.Refuse(cx.EINVALID, "", "not_text", "%q holds a NUL character or bytes that are not UTF-8, which no text may", t)
		}
	}
	return nil
}

// params collects the values of a query and hands out their placeholders.
type params []any

func (p *params) add(v any) string {
	*p = append(*p, v)
	return "$" + strconv.Itoa(len(*p))
}

// in adds the values of ids and returns their placeholders, comma-separated, for an IN list.
func (p *params) in(ids []string) string { return inList(p, ids) }

// inList is params.in for values of any type (a method cannot have type parameters).
func inList[T any](p *params, vals []T) string {
	marks := make([]string, len(vals))
	for i, v := range vals {
		marks[i] = p.add(v)
	}
	return strings.Join(marks, ", ")
}

// noLimit turns a limit of zero or less into the dialect's "no limit".
func (s *Store) noLimit(limit int) any {
	if limit <= 0 {
		return s.d.NoLimit
	}
	return limit
}

// failed says what a write that failed with err was doing; a key in use is cx.ECONFLICT, with
// taken saying which. It returns nil for a nil err.
func (s *Store) failed(err error, doing, taken string) error {
	switch {
	case err == nil:
		return nil
	case taken != "" && s.d.IsDuplicate(err):
		return cx.Errorf(cx.ECONFLICT, "store: unable to %s: %s", doing, taken)
	}
	return fmt.Errorf("store: unable to %s: %w", doing, err)
}

// changed turns the outcome of an UPDATE or DELETE of what into an error: err named, or
// cx.ENOTFOUND when it changed no row.
func changed(n int64, err error, doing, what string) error {
	switch {
	case err != nil:
		return fmt.Errorf("store: unable to %s %s: %w", doing, what, err)
	case n == 0:
		return cx.Errorf(cx.ENOTFOUND, "store: %s not found", what)
	}
	return nil
}
