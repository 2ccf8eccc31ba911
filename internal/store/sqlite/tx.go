package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"runtime"
	"strconv"
	"strings"

	"github.com/klantpuls/klantpuls/internal/cx"
	"github.com/klantpuls/klantpuls/internal/store"
	"github.com/klantpuls/klantpuls/internal/store/sqldb"
)

// Begin starts the one write transaction; it waits while another is open.
func (s *Store) Begin(ctx context.Context) (store.Tx, error) {
	if err := sqldb.NotInUnit(ctx); err != nil {
		return nil, err
	}
	tx, err := s.write.BeginTx(ctx, nil)
	if cx.ErrorCode(err) == cx.EUNAVAILABLE {
		return nil, err // says it all
	} else if err != nil {
		return nil, fmt.Errorf("store: unable to begin a transaction: %w", err)
	}
	var seq int64
	if err := s.prepared.queryRow(ctx, tx, readSeq).Scan(&seq); err != nil {
		tx.Rollback()
		return nil, fmt.Errorf("store: unable to read the change sequence: %w", err)
	}
	return sqldb.NewTx(&inserts{ctx: ctx, tx: tx, prepared: s.prepared, stmts: map[fullInsert]*sql.Stmt{}, variants: map[*sqldb.Table]int{}, flushed: map[*sqldb.Table]int{},
		top: map[*sqldb.Table]int64{}}, seq, dialect), nil
}

// inserts writes the batches of one transaction by multi-row INSERTs on the write connection.
type inserts struct {
	ctx      context.Context // Begin's: Put and Commit take none, and they write
	tx       *sql.Tx
	prepared prepared
	written  int
	stmts    map[fullInsert]*sql.Stmt // the full-size INSERTs of a kind, prepared once per transaction
	variants map[*sqldb.Table]int     // full-size INSERTs prepared, per kind (maxNullVariants)
	args     []any                    // the values a full-size INSERT binds, when it has NULL literals
	// A bulk write (an import) maintains a table's secondary indexes far slower than it
	// builds them anew: with three indexes on responses, 1M rows went in at 20k rows/s
	// against 220k without. Past bulkRows of one kind the indexes are dropped, and made again
	// at commit — inside the transaction, so a rollback restores them too.
	flushed map[*sqldb.Table]int // rows written so far, per kind
	dropped []string             // CREATE INDEX statements to run again at commit
	// top is, per kind written, the highest rowid before this transaction's first write of it.
	// The tables keep their rowid and nothing deletes during a write, so a new row takes a
	// rowid above it and a replaced one keeps its own: at commit the rows above top are those
	// inserted, counted by a range of the rowid B-tree (as many steps as rows inserted), and
	// the rest of what was written replaced a stored row (Result.Replaced). SQLite's changes()
	// counts an upsert's insert and update alike, so it cannot tell them apart.
	top map[*sqldb.Table]int64
	// deleted counts the rows deleted; goneNew those of them this transaction had inserted,
	// which the count of rows above top no longer finds (Delete).
	deleted, goneNew int
}

// bulkRows is how many rows of one kind in one transaction make a bulk write.
const bulkRows = 20000

func (w *inserts) NewBatch(t *sqldb.Table) *sqldb.Batch {
	return sqldb.NewBatch(t, batchRowsOf(t), 1)
}

// Write writes the rows of b, seq last in each row.
func (w *inserts) Write(b *sqldb.Batch) (*sqldb.Batch, error) {
	t := b.Table
	// The indexes go when this write takes the kind past bulkRows; a later one finds them gone.
	if _, ok := w.top[t]; !ok {
		var top int64
		if err := w.prepared.queryRow(w.ctx, w.tx, lastRowSQL(t)).Scan(&top); err != nil {
			return nil, fmt.Errorf("store: unable to read the last row of %s: %w", t.Kind, err)
		}
		w.top[t] = top
	}
	before := w.flushed[t]
	if w.flushed[t] += b.Rows; before < bulkRows && w.flushed[t] >= bulkRows {
		if err := w.dropIndexes(t); err != nil {
			return nil, err
		}
	}
	res, err := w.exec(b)
	var n int64
	if err == nil {
		n, err = res.RowsAffected()
	}
	if err != nil {
		return nil, fmt.Errorf("store: unable to write %s: %w", t.Kind, err)
	}
	w.written += int(n)
	b.Reset()
	return b, nil
}

func (w *inserts) exec(b *sqldb.Batch) (sql.Result, error) {
	if b.Rows < batchRowsOf(b.Table) {
		// Only the last batch of a kind is short: a statement of its own.
		return w.prepared.exec(w.ctx, w.tx, upsertSQL(b.Table, b.Rows), b.Args...)
	}
	null := nullColumns(b)
	key := fullInsert{b.Table, null}
	stmt := w.stmts[key]
	if stmt == nil && null != 0 && w.variants[b.Table] >= maxNullVariants {
		// Rows that leave other columns empty in every batch: no statement per pattern.
		key.null, null = 0, 0
		stmt = w.stmts[key]
	}
	if stmt == nil {
		var err error
		if stmt, err = w.tx.PrepareContext(w.ctx, upsertNullSQL(b.Table, b.Rows, null)); err != nil {
			return nil, err
		}
		w.stmts[key] = stmt // closed by database/sql when the transaction ends
		w.variants[b.Table]++
	}
	if null == 0 {
		return stmt.ExecContext(w.ctx, b.Args...)
	}
	w.args = withoutNull(w.args[:0], b, null)
	res, err := stmt.ExecContext(w.ctx, w.args...)
	clear(w.args) // let the written strings go
	return res, err
}

// maxNullVariants bounds the full-size INSERTs of a kind one transaction prepares, each a
// different set of NULL columns: a file's batches all have the same ones, but a statement of
// 256 rows takes a millisecond to prepare and some 100 KB to keep.
const maxNullVariants = 4

// fullInsert is a full-size INSERT of a kind: its table, and the columns it writes as NULL.
type fullInsert struct {
	table *sqldb.Table
	null  uint64
}

// Commit builds the dropped indexes again, records the change sequence and commits.
func (w *inserts) Commit(seq int64) (int, int, error) {
	if err := w.buildIndexes(); err != nil {
		return 0, 0, err
	}
	replaced := w.written - w.goneNew
	for t, top := range w.top {
		var inserted int
		if err := w.prepared.queryRow(w.ctx, w.tx, countNewSQL(t), top).Scan(&inserted); err != nil {
			return 0, 0, fmt.Errorf("store: unable to count the new rows of %s: %w", t.Kind, err)
		}
		replaced -= inserted
	}
	if w.written > 0 || w.deleted > 0 {
		if _, err := w.prepared.exec(w.ctx, w.tx, writeSeq, seq); err != nil {
			return 0, 0, fmt.Errorf("store: unable to record the change sequence: %w", err)
		}
	}
	// BEGIN IMMEDIATE took the write lock, so in WAL mode COMMIT does not wait for it; were it
	// ever refused as busy, the caller may try again like any write that was.
	if err := w.tx.Commit(); err != nil {
		// What SQLite said, kept as store.ErrNotCommitted's cause (sqldb.Tx.Commit).
		return 0, 0, sqldb.CommitFailed(busyOr(err))
	}
	return w.written, replaced, nil
}

// buildIndexes makes the dropped indexes again. SQLite builds an index by sorting its rows
// in runs of the page cache's size, which it writes to temporary files; with temp_store=MEMORY
// (the write connection's, for the statement journals) those stay in memory, all of them: the
// rebuild after the 4.8M tickets of a 500 MB file took 300 MB more memory (issue 11 point 7).
// For the build they go to files, in the temporary directory.
//
// The sort was the one core's work while the other idled: 2.3 s of a 1M-answer import's 8, for
// its three indexes. With helper threads SQLite sorts each run in the background while the
// build goes on reading the table, and merges the runs on the helpers too — but only when
// there is more than one run: with the 32 MiB cache, 1M index entries fit in one and were
// sorted on the build's own thread. Runs of sortCacheKiB take half the sort off it (profile of
// the 1M answers: 1.3 s on the build's thread, 1.25 s on the helpers, 2.6 s before on one),
// and keep less memory meanwhile.
func (w *inserts) buildIndexes() error {
	if len(w.dropped) == 0 {
		return nil
	}
	set := []string{"PRAGMA temp_store = FILE", "PRAGMA threads = " + strconv.Itoa(sortThreads()),
		"PRAGMA cache_size = -" + sortCacheKiB}
	var err error
	for _, pragma := range set {
		if _, err = w.tx.ExecContext(w.ctx, pragma); err != nil {
			break
		}
	}
	for _, create := range w.dropped {
		if err != nil {
			break
		}
		_, err = w.tx.ExecContext(w.ctx, create)
	}
	// Restored even when the import was cancelled meanwhile: the connection is used again.
	// (Inside a transaction SQLite allows the switch of temp_store only while the connection
	// has not opened its TEMP database: klantpuls makes no TEMP table on SQLite, and no
	// migration drops or renames a column — an ALTER TABLE that does reads the TEMP schema, on
	// the write connection, which migrates: "temporary storage cannot be changed from within a
	// transaction" at the next import, as TestBulkWriteKeepsIndexes found when one did.)
	for _, pragma := range []string{"PRAGMA temp_store = MEMORY", "PRAGMA threads = 0",
		"PRAGMA cache_size = -" + writeCacheKiB} {
		if _, rerr := w.tx.ExecContext(context.WithoutCancel(w.ctx), pragma); err == nil {
			err = rerr
		}
	}
	if err != nil {
		return fmt.Errorf("store: unable to build an index again: %w", err)
	}
	return nil
}

// sortCacheKiB is the page cache while indexes are built, and so the size of a sorted run:
// 8 MiB split the 1M answers' sort evenly between the build's thread and its helpers (1 MiB
// and 2 MiB spent a tenth more in all on merging the many runs; 32 MiB made one run).
const sortCacheKiB = "8192"

// sortThreads is how many helper threads an index build may use: one per core (SQLite allows
// at most 8). The build's own thread mostly reads the table while the helpers sort, so on 2
// cores 2 helpers were measured (the figures above), and a helper found busy leaves its run to
// the build's thread rather than wait.
func sortThreads() int {
	return max(runtime.NumCPU(), 1)
}

// Delete deletes the row of key and writes its tombstone. The count of inserted rows at commit
// (top) must not be thrown by it: a deleted row that this transaction inserted is counted
// apart (goneNew), and when the highest row stored before is deleted, SQLite gives the next
// new row that rowid again (one above the highest), so top comes down to the highest left.
func (w *inserts) Delete(t *sqldb.Table, key string, seq int64) (bool, error) {
	var rowid int64
	err := w.tx.QueryRowContext(w.ctx, sqldb.DeleteSQL(t, "?")+" RETURNING rowid", key).Scan(&rowid)
	if errors.Is(err, sql.ErrNoRows) {
		return false, nil
	} else if err != nil {
		return false, busyOr(err)
	}
	if _, err := w.tx.ExecContext(w.ctx, sqldb.TombstoneSQL("?"), string(t.Kind), key, seq); err != nil {
		return false, busyOr(err)
	}
	w.deleted++
	top, known := w.top[t]
	switch {
	case !known: // the first write of the kind reads top after this
	case rowid > top:
		w.goneNew++
	default:
		var highest int64
		if err := w.prepared.queryRow(w.ctx, w.tx, lastRowSQL(t)).Scan(&highest); err != nil {
			return false, err
		}
		w.top[t] = min(top, highest)
	}
	return true, nil
}

func (w *inserts) Exec(query string, args ...any) (int64, error) {
	return rowsChanged(w.prepared.exec(w.ctx, w.tx, dialect.SQL(query), args...))
}

func (w *inserts) QueryRow(query string, args []any, dest ...any) (bool, error) {
	err := w.prepared.queryRow(w.ctx, w.tx, dialect.SQL(query), args...).Scan(dest...)
	if errors.Is(err, sql.ErrNoRows) {
		return false, nil
	}
	return err == nil, busyOr(err)
}

// rowsChanged is the number of rows an ExecContext changed.
func rowsChanged(res sql.Result, err error) (int64, error) {
	if err != nil {
		return 0, err
	}
	return res.RowsAffected()
}

func (w *inserts) Rollback() error {
	// ErrTxDone: database/sql already rolled back, because ctx ended.
	if err := w.tx.Rollback(); err != nil && !errors.Is(err, sql.ErrTxDone) {
		return fmt.Errorf("store: unable to roll back: %w", err)
	}
	return nil
}

// dropIndexes drops the secondary indexes of t for the rest of a bulk write, remembering how
// to make them again (the primary key's index is not among them: it finds the rows to replace).
// The index on seq stays: every row written takes a higher seq than any before, so it grows at
// its right edge, which cost 1% of an import of 1M tickets and 1M answers where building it
// again cost 7% (and 22 s at 26M records).
func (w *inserts) dropIndexes(t *sqldb.Table) error {
	rows, err := w.tx.QueryContext(w.ctx,
		"SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = ? AND sql IS NOT NULL AND name <> ?", string(t.Kind), seqIndex(string(t.Kind)))
	if err != nil {
		return fmt.Errorf("store: unable to list the indexes of %s: %w", t.Kind, err)
	}
	var names []string
	for rows.Next() {
		var name, create string
		if err := rows.Scan(&name, &create); err != nil {
			rows.Close()
			return fmt.Errorf("store: unable to list the indexes of %s: %w", t.Kind, err)
		}
		names, w.dropped = append(names, name), append(w.dropped, create)
	}
	rows.Close()
	for _, name := range names {
		// The name comes from sqlite_master, not from input; quoted all the same.
		if _, err := w.tx.ExecContext(w.ctx, `DROP INDEX "`+strings.ReplaceAll(name, `"`, `""`)+`"`); err != nil {
			return fmt.Errorf("store: unable to drop index %s: %w", name, err)
		}
	}
	return nil
}

// Get reads the row of t with key on the write connection, inside the transaction: BEGIN
// IMMEDIATE took the database's write lock, so no other writer changes it before the commit.
func (w *inserts) Get(t *sqldb.Table, key string, fn func(sqldb.Values) error) error {
	rows, err := w.tx.QueryContext(w.ctx, sqldb.GetSQL(t, "?"), key)
	if err != nil {
		return err
	}
	defer rows.Close()
	return sqldb.EachRow(rows, fn)
}
