package postgres

import (
	"fmt"

	"github.com/jackc/pgx/v5"

	"github.com/klantpuls/klantpuls/internal/store/sqldb"
)

// write writes b's rows, counting those it inserted or changed in c.written. Rows whose key is
// not stored yet are copied straight into the table: every writer holds writerLock, so no one
// can store one of those keys meanwhile, and COPY spares the work of INSERT … ON CONFLICT, a
// third of an import's time. The others are upserted through the staging table.
func (c *copier) write(b *sqldb.Batch) error {
	fresh, err := c.markStored(b)
	if err == nil && fresh > 0 {
		var n int64
		rows := &copyRows{b: b, stored: c.stored, want: false, width: b.Width}
		n, err = c.tx.CopyFrom(c.ctx, pgx.Identifier{string(b.Table.Kind)}, bulk[b.Table].insertCopy, rows)
		c.written += int(n)
	}
	if err == nil && fresh < b.Rows {
		err = c.upsert(b)
	}
	if err != nil {
		return fmt.Errorf("store: unable to write %s: %w", b.Table.Kind, err)
	}
	return nil
}

// markStored sets c.stored for the rows whose key is in the table and returns how many are not.
// It looks up the keys that may be stored: all of them, or, in a table this transaction found
// empty, those it may have written itself (see keysWritten).
func (c *copier) markStored(b *sqldb.Batch) (int, error) {
	t := b.Table
	written, known := c.fresh[t]
	// Only an import fills a batch; a small write looks its keys up rather than the table.
	if !known && b.Rows == batchRows {
		var empty bool
		if err := c.tx.QueryRow(c.ctx, bulk[t].empty).Scan(&empty); err != nil {
			return 0, err
		}
		if empty {
			written = newKeysWritten()
		}
		c.fresh[t] = written
	}
	c.keys = c.keys[:0]
	for r := range b.Rows {
		key := b.Args[r*b.Width].(string)
		if written == nil || written.mayHave(key) {
			c.keys = append(c.keys, key)
		}
		if written != nil && !written.add(key) {
			// Too many keys to remember: from now on all are looked up, these too.
			written, c.fresh[t] = nil, nil
			return c.markStored(b)
		}
	}
	clear(c.stored)
	fresh := b.Rows
	if len(c.keys) == 0 {
		return fresh, nil
	}
	rows, err := c.tx.Query(c.ctx, bulk[t].stored, c.keys)
	if err != nil {
		return 0, err
	}
	defer rows.Close()
	var key string
	for rows.Next() {
		if err := rows.Scan(&key); err != nil {
			return 0, err
		}
		if r, ok := b.Row(key); ok && !c.stored[r] {
			c.stored[r] = true
			fresh--
		}
	}
	return fresh, rows.Err()
}

// upsert copies the rows of b whose key is stored into the staging table and upserts them from
// there; a row whose values are all unchanged is left alone and not counted. Every row it
// counts replaced one of its key: the count of Result.Replaced costs nothing more.
func (c *copier) upsert(b *sqldb.Batch) error {
	st := bulk[b.Table]
	// The staging table is empty when a transaction starts (ON COMMIT DELETE ROWS; a rolled
	// back COPY leaves no visible rows) and is emptied before every later batch.
	prepare := "TRUNCATE pg_temp." + st.stage
	if !c.staged[b.Table] {
		prepare = st.createStage
	}
	if _, err := c.tx.Exec(c.ctx, prepare); err != nil {
		return err
	}
	c.staged[b.Table] = true
	rows := &copyRows{b: b, stored: c.stored, want: true, width: len(st.stageCopy)}
	if _, err := c.tx.CopyFrom(c.ctx, pgx.Identifier{"pg_temp", st.stage}, st.stageCopy, rows); err != nil {
		return err
	}
	tag, err := c.tx.Exec(c.ctx, st.upsert)
	c.written += int(tag.RowsAffected())
	c.replaced += int(tag.RowsAffected())
	return err
}

// copyRows hands COPY the rows of a batch whose key is stored, or those whose key is not,
// without copying them: the first width values of each.
type copyRows struct {
	b      *sqldb.Batch
	stored []bool // by row: the key is stored
	want   bool   // the rows whose key is stored, or those whose key is not
	width  int
	next   int   // the row to look at next
	row    []any // the row Values returns
}

func (c *copyRows) Next() bool {
	for c.next < c.b.Rows {
		r := c.next
		c.next++
		if c.stored[r] == c.want {
			start := r * c.b.Width
			c.row = c.b.Args[start : start+c.width]
			return true
		}
	}
	return false
}

func (c *copyRows) Values() ([]any, error) { return c.row, nil }

func (c *copyRows) Err() error { return nil }
