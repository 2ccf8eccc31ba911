package sqldb

import (
	"cmp"
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/klantpuls/klantpuls/internal/cx"
	"github.com/klantpuls/klantpuls/internal/store"
)

// A unit is one change and its lines in the audit log (store.Audit.Audited): every write of the
// store made through the unit's context — exec, insert, inTx — goes into one transaction, and
// the lines after them, committed together. It lives in the context rather than in each
// method's arguments, so the store's writes and app's rules stay as they are and join the unit
// they are called in.
type unit struct {
	s   *Store
	ctx context.Context // Audited's: the transaction lives as long as it
	tx  *sql.Tx         // begun by the unit's first write; nil before
	// err is the first write of the unit that failed: the unit then commits nothing, even when
	// the caller goes on (PostgreSQL would refuse every later statement anyway; SQLite would
	// commit the rest, and the two must not differ).
	err   error
	lines int // added to the audit log: what a failed commit's words name
	done  bool
}

// Audited runs fn as one change with its lines in the audit log (store.Audit.Audited).
func (s *Store) Audited(ctx context.Context, fn func(ctx context.Context) ([]cx.AuditEntry, error)) error {
	if u := s.unitOf(ctx); u != nil {
		return u.run(ctx, fn) // a part of the unit it is in, committed with it
	}
	u := &unit{s: s, ctx: ctx}
	defer u.end()
	if err := u.run(store.WithUnit(ctx, u), fn); err != nil {
		return err
	}
	return u.commit()
}

// unitOf is the unit of s that ctx is inside, nil when none.
func (s *Store) unitOf(ctx context.Context) *unit {
	if u, ok := store.UnitIn(ctx).(*unit); ok && u.s == s {
		return u
	}
	return nil
}

// NotInUnit refuses a transaction of records begun inside a unit: it would be a transaction of
// its own beside the unit's (on SQLite it would wait for the one write connection, which the
// unit holds, until WriteWait ran out). Records take their lines in their own transaction
// (store.AuditTx).
func NotInUnit(ctx context.Context) error {
	if store.UnitIn(ctx) != nil {
		return cx.Errorf(cx.EINTERNAL, "store: records are written in a transaction of their own, which takes their audit lines (store.AuditTx), not inside an audited change")
	}
	return nil
}

// run runs fn and adds the lines it returns; a failure fails the unit.
func (u *unit) run(ctx context.Context, fn func(ctx context.Context) ([]cx.AuditEntry, error)) error {
	entries, err := fn(ctx)
	if err == nil && u.err != nil { // a write that failed, which fn let pass
		err = fmt.Errorf("store: the change was not made, as a write of it failed: %w", u.err)
	}
	if err != nil {
		u.failed(err)
		return err
	}
	for i := range entries {
		if err := u.s.AddAudit(ctx, &entries[i]); err != nil {
			u.failed(err)
			if u.ctx.Err() != nil {
				return fmt.Errorf("store: the change was not made: %w", u.ctx.Err())
			}
			if cx.ErrorCode(err) != cx.EINTERNAL {
				return err // an entry refused as it is (no action): a fault of the caller's
			}
			return store.ErrAuditNotWritten(err)
		}
		u.lines++
	}
	return nil
}

// begin returns the unit's transaction, begun now if this is its first write. It takes the
// store's turn to write as any write does (on SQLite the one write connection, its wait bounded
// by store.WriteWait); every later write of the unit is on the transaction, and asks for no
// turn again.
func (u *unit) begin() (*sql.Tx, error) {
	switch {
	case u.done:
		return nil, cx.Errorf(cx.EINTERNAL, "store: a write after its audited change ended")
	case u.err != nil:
		return nil, u.err
	case u.tx != nil:
		return u.tx, nil
	}
	tx, err := u.s.write.BeginTx(u.ctx, nil)
	if err != nil {
		u.failed(err)
		return nil, err
	}
	u.tx = tx
	return tx, nil
}

// failed notes the first failure of the unit. u may be nil: a write outside any unit.
func (u *unit) failed(err error) {
	if u != nil && u.err == nil {
		u.err = err
	}
}

// commit commits the change and its lines. When the commit fails, neither is stored — unless
// the database did not answer it, and then whether they were is not known.
func (u *unit) commit() error {
	u.done = true
	if u.tx == nil {
		return nil // nothing written, no line: nothing changed
	}
	if err := u.ctx.Err(); err != nil {
		// Ended before the commit: none is sent, and end rolls the transaction back.
		return fmt.Errorf("store: the change was not made: %w", err)
	}
	// Ended from here on, database/sql answers the context's error without sending the
	// COMMIT, and pgx the same error when the context ends while the COMMIT runs: the
	// dialect cannot tell the two apart, and says the outcome is not known.
	err := u.tx.Commit()
	switch {
	case err == nil:
		return nil
	case errors.Is(err, sql.ErrTxDone):
		// database/sql rolled the transaction back as its context ended.
		return fmt.Errorf("store: the change was not made: %w", cmp.Or(u.ctx.Err(), err))
	}
	return store.ErrNotCommitted(err, u.lines > 0, u.s.d.commitUnknown(err))
}

// end rolls back what a unit that did not commit wrote.
func (u *unit) end() {
	u.done = true
	if u.tx != nil {
		u.tx.Rollback() // after Commit: sql.ErrTxDone, nothing to do
	}
}

// querier reads: the pool, or a unit's transaction.
type querier interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// reader is where a read of ctx goes: the transaction of its unit once the unit has written,
// so the unit reads what it wrote (a SQLite reader's connection would not see it before the
// commit), else the pool.
func (s *Store) reader(ctx context.Context) querier {
	if u := s.unitOf(ctx); u != nil && u.tx != nil && !u.done {
		return u.tx
	}
	return s.db
}

// beginAlone begins a write transaction of its own: outside a unit only, whose transaction
// holds the write connection on SQLite (a second would wait for it until WriteWait ran out).
func (s *Store) beginAlone(ctx context.Context) (*sql.Tx, error) {
	if s.unitOf(ctx) != nil {
		return nil, cx.Errorf(cx.EINTERNAL, "store: a write transaction of its own inside an audited change")
	}
	return s.write.BeginTx(ctx, nil)
}
