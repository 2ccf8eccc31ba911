package postgres

import (
	"context"
	"errors"
	"fmt"
	"strconv"

	"github.com/jackc/pgx/v5"

	"github.com/klantpuls/klantpuls/internal/store"
	"github.com/klantpuls/klantpuls/internal/store/sqldb"
)

// writerLock is the advisory lock every write transaction holds (pg_advisory_xact_lock), on
// every node: writers take turns, so change numbers are handed out and committed in one order.
// Goose's migration lock uses another key.
const writerLock int64 = 0x6b6c616e7470756c // "klantpul"

// changesChannel is where a commit that wrote records NOTIFYs its last change number.
const changesChannel = "klantpuls_changes"

// batchRows is how many rows of one kind are buffered before they are written. 10,000 tickets
// take ~7 MiB, twice over (one batch filling, one being written). BenchmarkPutTicketsPG on 2
// cores: 5,000 rows ~5% slower with scattered ids, 20,000 no faster.
const batchRows = 10000

// copier writes the batches of one transaction by COPY, on a pgx connection of the pool. A full
// batch is written in the background while Put fills the next one: the database and the caller
// (reading and checking an import file) work at the same time.
type copier struct {
	ctx   context.Context // Begin's: Put and Commit take none, and they write
	tx    pgx.Tx
	spare map[*sqldb.Table]*sqldb.Batch // by kind, a written batch to fill next

	// While a batch is written, the writer alone uses tx and the fields below; writing
	// receives its outcome.
	writing  chan error
	written  int                           // rows inserted or changed
	deleted  int                           // rows deleted (Delete)
	replaced int                           // of those, rows upserted over a stored key
	staged   map[*sqldb.Table]bool         // the staging table exists on this transaction's connection
	fresh    map[*sqldb.Table]*keysWritten // by kind: the keys written, if the table was empty; nil: look keys up
	keys     []string                      // of the batch written: those to look up
	stored   []bool                        // of the batch written, by row: the key is in the table already
}

// Begin starts a write transaction. It waits while another one, on any node, is open.
func (s *Store) Begin(ctx context.Context) (store.Tx, error) {
	if err := sqldb.NotInUnit(ctx); err != nil {
		return nil, err
	}
	c, seq, err := s.begin(ctx)
	if err != nil {
		return nil, err
	}
	return sqldb.NewTx(c, seq, dialect), nil
}

func (s *Store) begin(ctx context.Context) (*copier, int64, error) {
	tx, err := s.pool.Begin(ctx)
	if err != nil {
		return nil, 0, fmt.Errorf("store: unable to begin a transaction: %w", err)
	}
	if _, err := tx.Exec(ctx, "SELECT pg_advisory_xact_lock($1)", writerLock); err != nil {
		tx.Rollback(context.WithoutCancel(ctx))
		return nil, 0, fmt.Errorf("store: unable to wait for the other writer: %w", err)
	}
	// A statement of its own, after the lock: under READ COMMITTED it sees what the previous
	// writer committed.
	var seq int64
	if err := tx.QueryRow(ctx, "SELECT seq FROM meta").Scan(&seq); err != nil {
		tx.Rollback(context.WithoutCancel(ctx))
		return nil, 0, fmt.Errorf("store: unable to read the change sequence: %w", err)
	}
	return &copier{ctx: ctx, tx: tx, spare: map[*sqldb.Table]*sqldb.Batch{}, staged: map[*sqldb.Table]bool{},
		fresh: map[*sqldb.Table]*keysWritten{}, keys: make([]string, 0, batchRows), stored: make([]bool, batchRows)}, seq, nil
}

// NewBatch returns an empty batch whose rows end in seq and ord, both the change number (a new
// row's ord is its first seq).
func (c *copier) NewBatch(t *sqldb.Table) *sqldb.Batch {
	return sqldb.NewBatch(t, batchRows, 2)
}

// Write has b written in the background; the kind goes on filling its spare batch.
func (c *copier) Write(b *sqldb.Batch) (*sqldb.Batch, error) {
	if err := c.wait(); err != nil {
		return nil, err
	}
	next := c.spare[b.Table]
	if next == nil {
		next = c.NewBatch(b.Table)
	}
	next.Reset()
	c.spare[b.Table] = b
	c.writing = make(chan error, 1)
	go func() { c.writing <- c.write(b) }()
	return next, nil
}

// wait waits for the batch being written, if any, and returns its failure.
func (c *copier) wait() error {
	if c.writing == nil {
		return nil
	}
	err := <-c.writing
	c.writing = nil
	return err
}

// Commit waits for the last batch, records the change sequence, and commits.
func (c *copier) Commit(seq int64) (int, int, error) {
	if err := c.wait(); err != nil {
		return 0, 0, err
	}
	// When nothing changed there is nothing to record, and nothing to wake a follower for.
	if c.written > 0 || c.deleted > 0 {
		if _, err := c.tx.Exec(c.ctx, "UPDATE meta SET seq = $1", seq); err != nil {
			return 0, 0, fmt.Errorf("store: unable to record the change sequence: %w", err)
		}
		// Delivered when, and only if, the transaction commits.
		if _, err := c.tx.Exec(c.ctx, "SELECT pg_notify($1, $2)", changesChannel, strconv.FormatInt(seq, 10)); err != nil {
			return 0, 0, fmt.Errorf("store: unable to announce the change: %w", err)
		}
	}
	if err := c.tx.Commit(c.ctx); err != nil {
		// What the database said, kept as store.ErrNotCommitted's cause (sqldb.Tx.Commit).
		return 0, 0, sqldb.CommitFailed(err)
	}
	return c.written, c.replaced, nil
}

// Delete deletes the row of key and writes its tombstone, once the batch being written is.
func (c *copier) Delete(t *sqldb.Table, key string, seq int64) (bool, error) {
	if err := c.wait(); err != nil {
		return false, err
	}
	tag, err := c.tx.Exec(c.ctx, sqldb.DeleteSQL(t, "$"), key)
	if err != nil || tag.RowsAffected() == 0 {
		return false, err
	}
	if _, err := c.tx.Exec(c.ctx, sqldb.TombstoneSQL("$"), string(t.Kind), key, seq); err != nil {
		return false, err
	}
	c.deleted++
	return true, nil
}

func (c *copier) Exec(query string, args ...any) (int64, error) {
	if err := c.wait(); err != nil {
		return 0, err
	}
	tag, err := c.tx.Exec(c.ctx, query, args...)
	return tag.RowsAffected(), err
}

func (c *copier) QueryRow(query string, args []any, dest ...any) (bool, error) {
	if err := c.wait(); err != nil {
		return false, err
	}
	err := c.tx.QueryRow(c.ctx, query, args...).Scan(dest...)
	if errors.Is(err, pgx.ErrNoRows) {
		return false, nil
	}
	return err == nil, err
}

func (c *copier) Rollback() error {
	c.wait() // the connection is the writer's until it is done
	// Without Begin's ctx, which may have ended: that is often why a transaction is rolled back.
	err := c.tx.Rollback(context.WithoutCancel(c.ctx))
	// A closed connection took its transaction with it.
	if err != nil && !errors.Is(err, pgx.ErrTxClosed) && !c.tx.Conn().IsClosed() {
		return fmt.Errorf("store: unable to roll back: %w", err)
	}
	return nil
}

// Get reads the row of t with key inside the transaction, after the batch being written. Every
// writer holds writerLock already; FOR UPDATE locks the row all the same, so a read-modify-write
// stays safe against any statement that changes records without that lock.
func (c *copier) Get(t *sqldb.Table, key string, fn func(sqldb.Values) error) error {
	if err := c.wait(); err != nil {
		return err
	}
	return readRecords(c.ctx, c.tx, sqldb.GetSQL(t, "$")+" FOR UPDATE",
		[]any{key}, nil, fn)
}
