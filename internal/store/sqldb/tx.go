package sqldb

import (
	"errors"

	"github.com/klantpuls/klantpuls/internal/cx"
	"github.com/klantpuls/klantpuls/internal/store"
)

// Bulk writes the batches of one record transaction, each database its fastest way: SQLite by
// multi-row INSERTs, PostgreSQL by COPY.
type Bulk interface {
	// NewBatch returns an empty batch of t to fill.
	NewBatch(t *Table) *Batch
	// Write writes the rows of b, numbered already, and returns the batch of b's kind to fill
	// next: b itself, emptied, or another while b is written in the background.
	Write(b *Batch) (next *Batch, err error)
	// Delete deletes the row of t with key and writes its tombstone numbered seq (DeleteSQL,
	// TombstoneSQL), after what Write left; found is false when no row had the key, and then
	// it writes nothing.
	Delete(t *Table, key string, seq int64) (found bool, err error)
	// Commit waits for what Write left, records seq as the last change number when a row was
	// inserted, changed or deleted, commits, and returns how many were inserted or changed
	// (deletions not counted), and how many of those replaced a row of the same key
	// (store.Result.Replaced). The COMMIT's own failure is marked so (CommitFailed).
	Commit(seq int64) (written, replaced int, err error)
	// Get calls fn with the row of t with key, if stored, read in the transaction after what
	// Write left and locked against other writers until it ends.
	Get(t *Table, key string, fn func(Values) error) error
	// Exec runs one statement, written with $n placeholders, in the transaction after what
	// Write left, and returns the number of rows it changed: the webhook bookkeeping that
	// commits with a delivery's records (Tx.Deliver).
	Exec(query string, args ...any) (int64, error)
	// QueryRow runs one query, written with $n placeholders, in the transaction after what
	// Write left, and scans its first row into dest; found is false when it gives none.
	QueryRow(query string, args []any, dest ...any) (found bool, err error)
	Rollback() error
}

// Tx is one write transaction of records. It buffers records per kind and has a kind's rows
// written a batch at a time, so memory stays bounded however many records one transaction holds.
type Tx struct {
	bulk    Bulk
	begun   int64 // the change number stored when the transaction began
	seq     int64 // the last change number handed out
	batches map[*Table]*Batch
	names   map[Name]struct{} // of the records Put (columns.name), recorded on Commit
	deleted int               // rows deleted (Delete)
	d       Dialect           // the SQL bulk speaks: what a read of rows to change ends with, a failed COMMIT's outcome
	err     error             // the first failed write: from then on the transaction can only roll back
	audited bool              // it holds lines of the audit log (AddAudit)
	done    bool
}

var _ store.Tx = (*Tx)(nil)

// NewTx starts a transaction that writes through bulk after change number seq, in d's SQL.
func NewTx(bulk Bulk, seq int64, d Dialect) *Tx {
	return &Tx{bulk: bulk, begun: seq, seq: seq, batches: map[*Table]*Batch{}, names: map[Name]struct{}{}, d: d}
}

var errDone = cx.Errorf(cx.EINTERNAL, "store: transaction already committed or rolled back")

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
	t, err := TableFor(rec.RecordKind())
	if err != nil {
		return err
	}
	b := tx.batches[t]
	if b == nil {
		b = tx.bulk.NewBatch(t)
		tx.batches[t] = b
	}
	if err := b.add(rec); err != nil {
		return err
	}
	for _, n := range b.bind.named {
		tx.names[n] = struct{}{}
	}
	if b.Rows == b.full {
		return tx.write(b)
	}
	return nil
}

// write numbers the rows of b in the order they were first Put and has them written.
func (tx *Tx) write(b *Batch) error {
	tx.seq = b.number(tx.seq)
	next, err := tx.bulk.Write(b)
	if err != nil {
		tx.err = err
		return err
	}
	tx.batches[b.Table] = next
	return nil
}

// Commit writes what is buffered, records the change sequence and commits. After a failure
// nothing of the transaction remains.
func (tx *Tx) Commit() (store.Result, error) {
	if tx.done {
		return store.Result{}, errDone
	}
	written, replaced, err := tx.commit()
	if c := (*commitError)(nil); errors.As(err, &c) {
		err = store.ErrNotCommitted(c.err, tx.audited, tx.d.commitUnknown(c.err))
	}
	if err != nil {
		return store.Result{}, errors.Join(err, tx.Rollback())
	}
	tx.done = true
	written += tx.deleted
	// When nothing changed, no row carries the numbers handed out: they were not recorded, and
	// the next writer hands them out again.
	last := tx.begun
	if written > 0 {
		last = tx.seq
	}
	return store.Result{Written: written, Deleted: tx.deleted, Replaced: replaced, Begun: tx.begun, Last: last}, nil
}

func (tx *Tx) commit() (int, int, error) {
	if tx.err != nil {
		return 0, 0, tx.err
	}
	// Kinds in a fixed order, so the sequence numbers of one commit do not depend on map order.
	for _, kind := range cx.Kinds {
		if b := tx.batches[tables[kind]]; b != nil && b.Rows > 0 {
			if err := tx.write(b); err != nil {
				return 0, 0, err
			}
		}
	}
	if err := writeNames(tx.names, tx.bulk.Exec); err != nil {
		return 0, 0, err
	}
	return tx.bulk.Commit(tx.seq)
}

// CommitFailed marks err as the failure of a transaction's COMMIT itself, not of a write before
// it (Bulk.Commit): the transaction answers it as store.ErrNotCommitted, the words for a change
// that was not stored, or may have been — naming its lines of the audit log when it has some,
// and not when it has none (an import, a webhook's records).
func CommitFailed(err error) error {
	return &commitError{err: err}
}

// commitError is a failed COMMIT (CommitFailed).
type commitError struct{ err error }

func (e *commitError) Error() string { return e.err.Error() }
func (e *commitError) Unwrap() error { return e.err }

// Rollback discards the transaction. After Commit, or a second time, it does nothing.
func (tx *Tx) Rollback() error {
	if tx.done {
		return nil
	}
	tx.done = true
	tx.batches = nil
	return tx.bulk.Rollback()
}

// Batch holds the rows of one kind not written yet, row after row: the table's columns, then the
// change number of the row once or more (seq; on PostgreSQL ord too).
type Batch struct {
	Table *Table
	Width int // values per row
	Args  []any
	Rows  int
	full  int // rows in a full batch
	extra int // change numbers per row
	// at finds the row of a key, so a key Put twice before its batch is written is written once,
	// with the later values, and does not count as two changes.
	at   map[string]int
	bind columns
}

// NewBatch returns an empty batch of t that is full at full rows, each with extra change numbers.
func NewBatch(t *Table, full, extra int) *Batch {
	width := len(t.Columns) + extra
	return &Batch{Table: t, Width: width, Args: make([]any, 0, full*width), full: full, extra: extra,
		at: make(map[string]int, full), bind: columns{values: make([]any, 0, width)}}
}

// Row returns the row of key, if the batch has it.
func (b *Batch) Row(key string) (int, bool) {
	r, ok := b.at[key]
	return r, ok
}

// add buffers rec, or replaces the values of its key when the batch has it already.
func (b *Batch) add(rec cx.Record) error {
	b.bind.values, b.bind.named = b.bind.values[:0], b.bind.named[:0]
	if err := b.Table.bind(&b.bind, rec); err != nil {
		return err
	}
	values := b.bind.values
	key := values[0].(string)
	if key == "" {
		return cx.Errorf(cx.EINVALID, "store: unable to store a %s record without a key", b.Table.Kind)
	}
	if r, ok := b.at[key]; ok {
		row := b.Args[r*b.Width:]
		for _, i := range b.Table.kept { // as the upsert keeps a stored value (columns.kept)
			if values[i] == nil {
				values[i] = row[i]
			}
		}
		copy(row, values)
		return nil
	}
	b.at[key] = b.Rows
	b.Args = append(b.Args, values...)
	for range b.extra {
		b.Args = append(b.Args, nil)
	}
	b.Rows++
	return nil
}

// number gives the rows the change numbers after seq, in order, and returns the last.
func (b *Batch) number(seq int64) int64 {
	for r := range b.Rows {
		seq++
		n := any(seq) // boxed once for all its columns
		for i := range b.extra {
			b.Args[(r+1)*b.Width-1-i] = n
		}
	}
	return seq
}

// Reset empties a written batch for filling again.
func (b *Batch) Reset() {
	clear(b.Args) // let the written strings go
	b.Args = b.Args[:0]
	clear(b.at)
	b.Rows = 0
}
