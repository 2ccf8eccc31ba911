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

// batchRows is how many rows of one kind are buffered before they are written. A batch is one
// COPY into the staging table and one INSERT … SELECT from it; BenchmarkPutTicketsPG on 2 cores
// runs about as fast with 2,000 to 20,000, slower with fewer. 5,000 tickets buffer ~2 MiB.
const batchRows = 5000

// Tx is one write transaction. It buffers records per kind and writes each kind a batch at a
// time, so memory stays bounded however many records one transaction holds.
type Tx struct {
	ctx     context.Context // Begin's: Put and Commit take none, and they write
	tx      pgx.Tx
	seq     int64 // the last change number handed out
	batches map[*table]*batch
	written int
	err     error // the first failed write: from then on the transaction can only roll back
	done    bool
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
	return &Tx{ctx: ctx, tx: tx, seq: seq}, nil
}

// batch holds the rows of one kind not written yet, row after row: the columns, then seq and
// ord, both the change number (a new row's ord is its first seq).
type batch struct {
	table *table
	width int // values per row
	args  []any
	rows  int
	// at finds the row of a key, so a key Put twice before a flush is written once with the
	// later values: one INSERT … ON CONFLICT may not touch a row twice.
	at      map[string]int
	scratch []any
	keys    []string
	stored  []bool // by row: the key is in the table already
	staged  bool   // the staging table exists on this transaction's connection
}

func (tx *Tx) batchFor(t *table) *batch {
	b := tx.batches[t]
	if b == nil {
		width := len(t.columns) + 2
		b = &batch{
			table:   t,
			width:   width,
			args:    make([]any, 0, batchRows*width),
			at:      make(map[string]int, batchRows),
			scratch: make([]any, 0, width),
			keys:    make([]string, 0, batchRows),
			stored:  make([]bool, batchRows),
		}
		if tx.batches == nil {
			tx.batches = make(map[*table]*batch)
		}
		tx.batches[t] = b
	}
	return b
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
	b := tx.batchFor(t)
	b.scratch, err = t.bind(rec, b.scratch[:0])
	if err != nil {
		return err
	}
	key := b.scratch[0].(string)
	if key == "" {
		return cx.Errorf(cx.EINVALID, "store: unable to store a %s record without a key", t.kind)
	}
	if r, ok := b.at[key]; ok {
		copy(b.args[r*b.width:], b.scratch)
		return nil
	}
	b.at[key] = b.rows
	b.args = append(append(b.args, b.scratch...), nil, nil)
	b.rows++
	if b.rows == batchRows {
		return tx.flush(b)
	}
	return nil
}

// flush writes the buffered rows of b, numbering them in the order they were first Put.
func (tx *Tx) flush(b *batch) error {
	for r := range b.rows {
		tx.seq++
		seq := any(tx.seq)
		b.args[(r+1)*b.width-2] = seq
		b.args[(r+1)*b.width-1] = seq
	}
	n, err := tx.write(b)
	if err != nil {
		tx.err = fmt.Errorf("store: unable to write %s: %w", b.table.kind, err)
		return tx.err
	}
	tx.written += n
	clear(b.args) // let the written strings go
	b.args = b.args[:0]
	clear(b.at)
	b.rows = 0
	return nil
}

// write writes b's rows and returns how many it inserted or changed. Rows whose key is not
// stored yet are copied straight into the table: every writer holds writerLock, so no one can
// store one of those keys meanwhile, and COPY spares the work of INSERT … ON CONFLICT, a third
// of an import's time. The others are upserted through the staging table.
func (tx *Tx) write(b *batch) (int, error) {
	fresh, err := tx.markStored(b)
	if err != nil {
		return 0, err
	}
	written := 0
	if fresh > 0 {
		rows := &copyRows{b: b, stored: false, width: b.width}
		n, err := tx.tx.CopyFrom(tx.ctx, pgx.Identifier{string(b.table.kind)}, b.table.insertCopy, rows)
		if err != nil {
			return 0, err
		}
		written += int(n)
	}
	if fresh < b.rows {
		n, err := tx.upsert(b)
		if err != nil {
			return 0, err
		}
		written += n
	}
	return written, nil
}

// markStored sets b.stored for the rows whose key is in the table and returns how many are not.
func (tx *Tx) markStored(b *batch) (int, error) {
	b.keys = b.keys[:0]
	for r := range b.rows {
		b.keys = append(b.keys, b.args[r*b.width].(string))
	}
	clear(b.stored)
	rows, err := tx.tx.Query(tx.ctx, b.table.stored, b.keys)
	if err != nil {
		return 0, err
	}
	defer rows.Close()
	fresh := b.rows
	var key string
	for rows.Next() {
		if err := rows.Scan(&key); err != nil {
			return 0, err
		}
		if r, ok := b.at[key]; ok && !b.stored[r] {
			b.stored[r] = true
			fresh--
		}
	}
	return fresh, rows.Err()
}

// upsert copies the rows of b whose key is stored into the staging table and upserts them from
// there; a row whose values are all unchanged is left alone and not counted.
func (tx *Tx) upsert(b *batch) (int, error) {
	t := b.table
	// The staging table is empty when a transaction starts (ON COMMIT DELETE ROWS; a rolled
	// back COPY leaves no visible rows) and is emptied before every later batch.
	prepare := "TRUNCATE pg_temp." + t.stage
	if !b.staged {
		prepare = t.createStage
	}
	if _, err := tx.tx.Exec(tx.ctx, prepare); err != nil {
		return 0, err
	}
	b.staged = true
	rows := &copyRows{b: b, stored: true, width: len(t.stageCopy)}
	if _, err := tx.tx.CopyFrom(tx.ctx, pgx.Identifier{"pg_temp", t.stage}, t.stageCopy, rows); err != nil {
		return 0, err
	}
	tag, err := tx.tx.Exec(tx.ctx, t.upsert)
	if err != nil {
		return 0, err
	}
	return int(tag.RowsAffected()), nil
}

// copyRows hands COPY the rows of a batch whose key is stored, or those whose key is not,
// without copying them: the first width values of each.
type copyRows struct {
	b      *batch
	stored bool
	width  int
	next   int   // the row to look at next
	row    []any // the row Values returns
}

func (c *copyRows) Next() bool {
	for c.next < c.b.rows {
		r := c.next
		c.next++
		if c.b.stored[r] == c.stored {
			start := r * c.b.width
			c.row = c.b.args[start : start+c.width]
			return true
		}
	}
	return false
}

func (c *copyRows) Values() ([]any, error) { return c.row, nil }

func (c *copyRows) Err() error { return nil }

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
	return store.Result{Written: tx.written}, nil
}

func (tx *Tx) commit() error {
	if tx.err != nil {
		return tx.err
	}
	// Kinds in a fixed order, so the sequence numbers of one commit do not depend on map order.
	for _, kind := range cx.Kinds {
		if b := tx.batches[tables[kind]]; b != nil && b.rows > 0 {
			if err := tx.flush(b); err != nil {
				return err
			}
		}
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
	tx.batches = nil
	// Without Begin's ctx, which may have ended: that is often why a transaction is rolled back.
	err := tx.tx.Rollback(context.WithoutCancel(tx.ctx))
	// A closed connection took its transaction with it.
	if err != nil && !errors.Is(err, pgx.ErrTxClosed) && !tx.tx.Conn().IsClosed() {
		return fmt.Errorf("store: unable to roll back: %w", err)
	}
	return nil
}
