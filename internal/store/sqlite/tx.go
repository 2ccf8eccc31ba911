package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"github.com/klantpuls/klantpuls/internal/cx"
	"github.com/klantpuls/klantpuls/internal/store"
)

// Tx is the one write transaction. It buffers records per kind and writes each kind a batch at a
// time, so memory stays bounded however many records one transaction holds.
type Tx struct {
	ctx     context.Context // Begin's: Put and Commit take none, and they write
	tx      *sql.Tx
	seq     int64 // the last change number handed out
	begun   int64 // the change number stored when the transaction began
	batches map[*table]*batch
	written int
	err     error // the first failed write: from then on the transaction can only roll back
	done    bool
	// A bulk write (an import) maintains a table's secondary indexes far slower than it
	// builds them anew: with three indexes on responses, 1M rows went in at 20k rows/s
	// against 220k without. Past bulkRows of one kind the indexes are dropped, and made again
	// at commit — inside the transaction, so a rollback restores them too.
	flushed map[*table]int // rows written so far, per kind
	dropped []string       // CREATE INDEX statements to run again at commit
}

// bulkRows is how many rows of one kind in one transaction make a bulk write.
const bulkRows = 20000

var _ store.Tx = (*Tx)(nil)

var errDone = cx.Errorf(cx.EINTERNAL, "store: transaction already committed or rolled back")

// batch holds the rows of one kind not written yet, row after row, seq last in each row.
type batch struct {
	table *table
	width int // values per row: the columns and seq
	args  []any
	rows  int
	// at finds the row of a key, so a key Put twice before a flush is written once with the
	// later values and does not count as two changes.
	at      map[string]int
	scratch []any
	stmt    *sql.Stmt // the full-size INSERT, prepared once per transaction
}

func (tx *Tx) batchFor(t *table) *batch {
	b := tx.batches[t]
	if b == nil {
		width := len(t.columns) + 1
		b = &batch{
			table:   t,
			width:   width,
			args:    make([]any, 0, t.batchRows*width),
			at:      make(map[string]int, t.batchRows),
			scratch: make([]any, 0, width),
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
	b.args = append(append(b.args, b.scratch...), nil)
	b.rows++
	if b.rows == t.batchRows {
		return tx.flush(b)
	}
	return nil
}

// flush writes the buffered rows of b, numbering them in the order they were first Put.
func (tx *Tx) flush(b *batch) error {
	if tx.flushed == nil {
		tx.flushed = map[*table]int{}
	}
	// The indexes go when this flush takes the kind past bulkRows; a later one finds them gone.
	before := tx.flushed[b.table]
	if tx.flushed[b.table] += b.rows; before < bulkRows && tx.flushed[b.table] >= bulkRows {
		if err := tx.dropIndexes(b.table); err != nil {
			tx.err = err
			return err
		}
	}
	for r := range b.rows {
		tx.seq++
		b.args[r*b.width+b.width-1] = tx.seq
	}
	res, err := tx.exec(b)
	if err != nil {
		tx.err = fmt.Errorf("store: unable to write %s: %w", b.table.kind, err)
		return tx.err
	}
	n, err := res.RowsAffected()
	if err != nil {
		tx.err = fmt.Errorf("store: unable to count written %s: %w", b.table.kind, err)
		return tx.err
	}
	tx.written += int(n)
	clear(b.args) // let the written strings go
	b.args = b.args[:0]
	clear(b.at)
	b.rows = 0
	return nil
}

func (tx *Tx) exec(b *batch) (sql.Result, error) {
	if b.rows < b.table.batchRows {
		// Only the last batch of a kind is short: a statement of its own, prepared once.
		return tx.tx.ExecContext(tx.ctx, b.table.upsertSQL(b.rows), b.args...)
	}
	if b.stmt == nil {
		stmt, err := tx.tx.PrepareContext(tx.ctx, b.table.insert)
		if err != nil {
			return nil, err
		}
		b.stmt = stmt // closed by database/sql when the transaction ends
	}
	return b.stmt.ExecContext(tx.ctx, b.args...)
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
	return store.Result{Written: tx.written, Begun: tx.begun, Last: tx.seq}, nil
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
	for _, create := range tx.dropped {
		if _, err := tx.tx.ExecContext(tx.ctx, create); err != nil {
			return fmt.Errorf("store: unable to build an index again: %w", err)
		}
	}
	if tx.seq != tx.begun {
		if _, err := tx.tx.ExecContext(tx.ctx, "UPDATE meta SET seq = ?", tx.seq); err != nil {
			return fmt.Errorf("store: unable to record the change sequence: %w", err)
		}
	}
	// BEGIN IMMEDIATE took the write lock, so in WAL mode COMMIT does not wait for it; were it
	// ever refused as busy, the caller may try again like any write that was.
	if err := tx.tx.Commit(); err != nil {
		return fmt.Errorf("store: unable to commit: %w", busyOr(err))
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
	// ErrTxDone: database/sql already rolled back, because ctx ended.
	if err := tx.tx.Rollback(); err != nil && !errors.Is(err, sql.ErrTxDone) {
		return fmt.Errorf("store: unable to roll back: %w", err)
	}
	return nil
}

// dropIndexes drops the secondary indexes of t for the rest of a bulk write, remembering how
// to make them again (the primary key's index is not among them: it finds the rows to replace).
func (tx *Tx) dropIndexes(t *table) error {
	rows, err := tx.tx.QueryContext(tx.ctx,
		"SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = ? AND sql IS NOT NULL", string(t.kind))
	if err != nil {
		return fmt.Errorf("store: unable to list the indexes of %s: %w", t.kind, err)
	}
	var names []string
	for rows.Next() {
		var name, create string
		if err := rows.Scan(&name, &create); err != nil {
			rows.Close()
			return fmt.Errorf("store: unable to list the indexes of %s: %w", t.kind, err)
		}
		names, tx.dropped = append(names, name), append(tx.dropped, create)
	}
	rows.Close()
	for _, name := range names {
		// The name comes from sqlite_master, not from input; quoted all the same.
		if _, err := tx.tx.ExecContext(tx.ctx, `DROP INDEX "`+strings.ReplaceAll(name, `"`, `""`)+`"`); err != nil {
			return fmt.Errorf("store: unable to drop index %s: %w", name, err)
		}
	}
	return nil
}
