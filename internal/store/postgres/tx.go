package postgres

import (
	"context"
	"errors"
	"fmt"
	"strconv"

	"github.com/jackc/pgx/v5"

	"github.com/klantpuls/klantpuls/internal/cx"
	"github.com/klantpuls/klantpuls/internal/store"
)

// writerLock is the advisory lock every write transaction holds (pg_advisory_xact_lock), on
// every node: writers take turns, so change numbers are handed out and committed in one order.
// Goose's migration lock uses another key.
const writerLock int64 = 0x6b6c616e7470756c // "klantpul"

// changesChannel is where a commit that wrote records NOTIFYs its last change number.
const changesChannel = "klantpuls_changes"

// Tx is one write transaction. It buffers records per kind and writes a kind's rows a batch at
// a time, so memory stays bounded however many records one transaction holds. A full batch is
// written in the background while Put fills the next one: the database and the caller (reading
// and checking an import file) work at the same time.
type Tx struct {
	ctx     context.Context // Begin's: Put and Commit take none, and they write
	tx      pgx.Tx
	seq     int64             // the last change number handed out
	begun   int64             // the change number stored when the transaction began
	filling map[*table]*batch // by kind, the batch Put adds to
	spare   map[*table]*batch // by kind, a written batch to fill next
	err     error             // the first failed write: from then on the transaction can only roll back
	done    bool

	// While a batch is written, the writer alone uses tx and the fields below; writing
	// receives its outcome.
	writing chan error
	written int                     // rows inserted or changed
	staged  map[*table]bool         // the staging table exists on this transaction's connection
	fresh   map[*table]*keysWritten // by kind: the keys written, if the table was empty; nil: look keys up
}

var _ store.Tx = (*Tx)(nil)

var errDone = cx.Errorf(cx.EINTERNAL, "store: transaction already committed or rolled back")

// Begin starts a write transaction. It waits while another one, on any node, is open.
func (s *Store) Begin(ctx context.Context) (store.Tx, error) {
	tx, err := s.pool.Begin(ctx)
	if err != nil {
		return nil, fmt.Errorf("store: unable to begin a transaction: %w", err)
	}
	if _, err := tx.Exec(ctx, "SELECT pg_advisory_xact_lock($1)", writerLock); err != nil {
		tx.Rollback(context.WithoutCancel(ctx))
		return nil, fmt.Errorf("store: unable to wait for the other writer: %w", err)
	}
	// A statement of its own, after the lock: under READ COMMITTED it sees what the previous
	// writer committed.
	var seq int64
	if err := tx.QueryRow(ctx, "SELECT seq FROM meta").Scan(&seq); err != nil {
		tx.Rollback(context.WithoutCancel(ctx))
		return nil, fmt.Errorf("store: unable to read the change sequence: %w", err)
	}
	return &Tx{ctx: ctx, tx: tx, seq: seq, begun: seq, filling: map[*table]*batch{}, spare: map[*table]*batch{},
		staged: map[*table]bool{}, fresh: map[*table]*keysWritten{}}, nil
}

// Put buffers rec for writing; it writes a batch once one kind has enough rows buffered.
func (tx *Tx) Put(rec cx.Record) error {
	switch {
	case tx.done:
		return errDone
	case tx.err != nil:
		return tx.err
	case rec == nil:
		return cx.Errorf(cx.EINVALID, "store: unable to store a nil record")
	}
	t, err := tableFor(rec.RecordKind())
	if err != nil {
		return err
	}
	b := tx.filling[t]
	if b == nil {
		b = newBatch(t)
		tx.filling[t] = b
	}
	if err := b.add(rec); err != nil {
		return err
	}
	if b.rows == batchRows {
		return tx.flush(b)
	}
	return nil
}

// flush numbers the rows of b in the order they were first Put and has them written in the
// background; the kind goes on filling its spare batch.
func (tx *Tx) flush(b *batch) error {
	for r := range b.rows {
		tx.seq++
		seq := any(tx.seq) // boxed once for seq and ord
		b.args[(r+1)*b.width-2] = seq
		b.args[(r+1)*b.width-1] = seq
	}
	if err := tx.wait(); err != nil {
		return err
	}
	t := b.table
	next := tx.spare[t]
	if next == nil {
		next = newBatch(t)
	}
	next.reset()
	tx.filling[t], tx.spare[t] = next, b
	tx.writing = make(chan error, 1)
	go func() { tx.writing <- tx.write(b) }()
	return nil
}

// wait waits for the batch being written, if any, and returns the transaction's first failure.
func (tx *Tx) wait() error {
	if tx.writing != nil {
		if err := <-tx.writing; err != nil && tx.err == nil {
			tx.err = err
		}
		tx.writing = nil
	}
	return tx.err
}

// Commit writes what is buffered, records the change sequence and commits. After a failure
// nothing of the transaction remains.
func (tx *Tx) Commit() (store.Result, error) {
	if tx.done {
		return store.Result{}, errDone
	}
	if err := tx.commit(); err != nil {
		return store.Result{}, errors.Join(err, tx.Rollback())
	}
	tx.done = true
	last := tx.begun
	if tx.written > 0 { // else the numbers handed out were not recorded (commit)
		last = tx.seq
	}
	return store.Result{Written: tx.written, Begun: tx.begun, Last: last}, nil
}

func (tx *Tx) commit() error {
	if tx.err != nil {
		return tx.err
	}
	// Kinds in a fixed order, so the sequence numbers of one commit do not depend on map order.
	for _, kind := range cx.Kinds {
		if b := tx.filling[tables[kind]]; b != nil && b.rows > 0 {
			if err := tx.flush(b); err != nil {
				return err
			}
		}
	}
	if err := tx.wait(); err != nil {
		return err
	}
	// When nothing changed, no row carries the numbers handed out: the next writer may use
	// them again, and there is nothing to wake a follower for.
	if tx.written > 0 {
		if _, err := tx.tx.Exec(tx.ctx, "UPDATE meta SET seq = $1", tx.seq); err != nil {
			return fmt.Errorf("store: unable to record the change sequence: %w", err)
		}
		// Delivered when, and only if, the transaction commits.
		if _, err := tx.tx.Exec(tx.ctx, "SELECT pg_notify($1, $2)", changesChannel, strconv.FormatInt(tx.seq, 10)); err != nil {
			return fmt.Errorf("store: unable to announce the change: %w", err)
		}
	}
	if err := tx.tx.Commit(tx.ctx); err != nil {
		return fmt.Errorf("store: unable to commit: %w", err)
	}
	return nil
}

// Rollback discards the transaction. After Commit, or a second time, it does nothing.
func (tx *Tx) Rollback() error {
	if tx.done {
		return nil
	}
	tx.done = true
	tx.wait() // the connection is the writer's until it is done
	tx.filling, tx.spare = nil, nil
	// Without Begin's ctx, which may have ended: that is often why a transaction is rolled back.
	err := tx.tx.Rollback(context.WithoutCancel(tx.ctx))
	// A closed connection took its transaction with it.
	if err != nil && !errors.Is(err, pgx.ErrTxClosed) && !tx.tx.Conn().IsClosed() {
		return fmt.Errorf("store: unable to roll back: %w", err)
	}
	return nil
}
