package sqldb

import (
	"database/sql"
	"fmt"

	"github.com/klantpuls/klantpuls/internal/cx"
)

// Get reads the record of kind with key in the transaction. A Put of the key still buffered is
// written first, so the read sees it: a rare cost, paid only by a Get after a Put of one key.
func (tx *Tx) Get(kind cx.Kind, key string) (cx.Record, error) {
	switch {
	case tx.done:
		return nil, errDone
	case tx.err != nil:
		return nil, tx.err
	}
	t, err := TableFor(kind)
	if err != nil {
		return nil, err
	}
	if !cx.IsText(key) { // no stored key; PostgreSQL would abort the transaction (heldText)
		return nil, cx.NotFound(kind, key, "")
	}
	if b := tx.batches[t]; b != nil {
		if _, ok := b.Row(key); ok {
			if err := tx.write(b); err != nil {
				return nil, err
			}
		}
	}
	var found cx.Record
	err = tx.bulk.Get(t, key, func(v Values) error {
		found = t.scan(&columns{row: v})
		return v.Err()
	})
	if err != nil {
		return nil, fmt.Errorf("store: unable to read %s %q: %w", kind, key, err)
	}
	if found == nil {
		return nil, cx.NotFound(kind, key, "")
	}
	return found, nil
}

// GetSQL reads the row of t whose key is the one argument, written with the dialect's
// placeholder mark ("$" or "?"), as Bulk.Get does.
func GetSQL(t *Table, mark string) string {
	return "SELECT " + t.Read + " FROM " + string(t.Kind) + " WHERE id = " + mark + "1"
}

// EachRow calls fn with every row of rows read through database/sql, as Values; fn reads
// the row's columns and returns v.Err() when it found one of the wrong type.
func EachRow(rows *sql.Rows, fn func(Values) error) error {
	return each(rows, "rows", func(r *row) *row { return r }, func(r *row) error { return fn(r) })
}
