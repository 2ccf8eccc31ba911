package sqldb

import (
	"context"
	"fmt"
	"strings"

	"github.com/klantpuls/klantpuls/internal/cx"
)

// Delete deletes the stored record of kind with key under the next change number. A row of the
// key still buffered is written first, so it is deleted with the rest; a key that is not
// stored is cx.ENOTFOUND and leaves the transaction as it was.
func (tx *Tx) Delete(kind cx.Kind, key string) error {
	switch {
	case tx.done:
		return errDone
	case tx.err != nil:
		return tx.err
	case key == "":
		return cx.Errorf(cx.EINVALID, "store: unable to delete a %s record without a key", kind)
	case !cx.IsText(key): // no stored key; PostgreSQL would abort the transaction (heldText)
		return cx.NotFound(kind, key, " to delete")
	}
	t, err := TableFor(kind)
	if err != nil {
		return err
	}
	if b := tx.batches[t]; b != nil {
		if _, buffered := b.Row(key); buffered {
			if err := tx.write(b); err != nil {
				return err
			}
		}
	}
	found, err := tx.bulk.Delete(t, key, tx.seq+1)
	switch {
	case err != nil:
		tx.err = fmt.Errorf("store: unable to delete %s %q: %w", kind, key, err)
		return tx.err
	case !found:
		return cx.NotFound(kind, key, " to delete")
	}
	tx.seq++
	tx.deleted++
	return nil
}

// DeleteSQL deletes the row of t whose key is the one argument, written with the dialect's
// placeholder mark ("$" or "?").
func DeleteSQL(t *Table, mark string) string {
	return "DELETE FROM " + string(t.Kind) + " WHERE id = " + mark + "1"
}

// TombstoneSQL records that the record of kind $1 with key $2 was deleted under change number
// $3; a key deleted before takes the new number.
func TombstoneSQL(mark string) string {
	return strings.ReplaceAll("INSERT INTO tombstones (kind, id, seq) VALUES ($1, $2, $3)"+
		" ON CONFLICT (kind, id) DO UPDATE SET seq = excluded.seq", "$", mark)
}

// tombstone is a deletion read back from the change sequence.
type tombstone struct {
	key string
	seq int64
}

// tombstones reads the deletions of kind numbered in (after, upTo], in sequence order. They are
// held in memory while the records stream: deletions are rare next to writes (a customer
// erased with --purge deletes their records, an import deletes none).
func (s *Store) tombstones(ctx context.Context, kind cx.Kind, after, upTo int64) ([]tombstone, error) {
	return s.tombstonesWhere(ctx, kind, "seq > $2 AND seq <= $3 ORDER BY seq", string(kind), after, upTo)
}

// tombstonesWhere reads the deletions of kind that where (SQL after "kind = $1 AND", its
// arguments from $2 on after kind's) picks.
func (s *Store) tombstonesWhere(ctx context.Context, kind cx.Kind, where string, args ...any) ([]tombstone, error) {
	rows, err := s.db.QueryContext(ctx, s.sql("SELECT id, seq FROM tombstones WHERE kind = $1 AND "+where), args...)
	if err != nil {
		return nil, fmt.Errorf("store: unable to read the deletions of %s: %w", kind, err)
	}
	defer rows.Close()
	var out []tombstone
	for rows.Next() {
		var ts tombstone
		if err := rows.Scan(&ts.key, &ts.seq); err != nil {
			return nil, fmt.Errorf("store: unable to read the deletions of %s: %w", kind, err)
		}
		out = append(out, ts)
	}
	return out, rows.Err()
}
