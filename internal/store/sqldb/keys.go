package sqldb

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/klantpuls/klantpuls/internal/cx"
	"github.com/klantpuls/klantpuls/internal/nameorder"
)

// searchKey is what the customer list's search looks in (customersWhere): a customer's id, name
// and e-mail address as names compare (cx.NameKey), one a line, written by Go so the database
// compares it byte for byte (names.go says why). A search term is trimmed, so it finds text
// within one of them (a term holding a line break aside).
func searchKey(id, name, email string) string {
	return cx.NameKey(id) + "\n" + cx.NameKey(name) + "\n" + cx.NameKey(email)
}

// nameOrder is the key the customer list sorts names by (customers.name_order): the order
// every list of names follows (nameorder.Key, which says why bytes will not do), a key both
// databases compare as bytes. nil (NULL) for a blank name, which the list puts last.
func nameOrder(name string) any {
	if k := nameorder.Key(name); k != nil {
		return k
	}
	return nil // untyped: a nil []byte is no NULL to every driver
}

// backfill writes what no SQL can compute for the rows stored before the migration that
// needs it, when the backfills table says it is still to do: the names table ("names"), the
// customers' search keys ("name_keys") and name orders ("name_order"). It does so in one
// transaction that takes the rows out first: a second PostgreSQL node starting at once waits
// on it, then finds nothing to do. mark is the dialect's placeholder mark.
func backfill(ctx context.Context, db *sql.DB, mark string) error {
	// Read first: every open asks, and most find nothing to do, which needs no write.
	var todo bool
	if err := db.QueryRowContext(ctx, "SELECT EXISTS (SELECT 1 FROM backfills)").Scan(&todo); err != nil || !todo {
		return err
	}
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	taken := func(name string) (bool, error) {
		res, err := tx.ExecContext(ctx, "DELETE FROM backfills WHERE name = "+mark+"1", name)
		if err != nil {
			return false, err
		}
		n, err := res.RowsAffected()
		return n > 0, err
	}
	if ok, err := taken("names"); err != nil || ok {
		if err == nil {
			err = backfillNames(ctx, tx, mark)
		}
		if err != nil {
			return fmt.Errorf("names: %w", err)
		}
	}
	// A customer's search key (name_keys) and name order (name_order), by id, a page of
	// customers at a time.
	var columns []customerKey
	for _, k := range customerKeys {
		ok, err := taken(k.backfill)
		if err != nil {
			return err
		}
		if ok {
			columns = append(columns, k)
		}
	}
	if len(columns) == 0 {
		return tx.Commit()
	}
	const page = 1000
	for last := ""; ; {
		pairs := make([][][2]any, len(columns))
		n := 0
		err := eachText(ctx, tx, "SELECT id, COALESCE(name, ''), COALESCE(email, '') FROM customers WHERE id > "+mark+
			"1 ORDER BY id LIMIT "+strconv.Itoa(page), []any{last},
			func(id string, rest ...string) {
				for i, k := range columns {
					pairs[i] = append(pairs[i], [2]any{id, k.of(id, rest[0], rest[1])})
				}
				last, n = id, n+1
			})
		for i, k := range columns {
			if err == nil {
				err = setKeys(ctx, tx, mark, "customers", k.column, "id", k.blob, pairs[i])
			}
		}
		if err != nil {
			return fmt.Errorf("customers' keys: %w", err)
		}
		if n < page {
			return tx.Commit()
		}
	}
}

// customerKey is a column of customers written from a customer's id, name and e-mail address
// by Go: with each customer (kinds.go) and, for the rows stored before the column, by backfill.
type customerKey struct {
	column, backfill string
	blob             bool
	of               func(id, name, email string) any
}

var customerKeys = []customerKey{
	{"search_key", "name_keys", false, func(id, name, email string) any { return searchKey(id, name, email) }},
	{"name_order", "name_order", true, func(_, name, _ string) any { return nameOrder(name) }},
}

// eachText calls fn with the text columns of every row of query, the rows closed before it returns
// (PostgreSQL's connection takes no statement while a transaction's rows are open).
func eachText(ctx context.Context, tx *sql.Tx, query string, args []any, fn func(first string, rest ...string)) error {
	rows, err := tx.QueryContext(ctx, query, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	cols, err := rows.Columns()
	if err != nil {
		return err
	}
	values := make([]string, len(cols))
	dest := make([]any, len(cols))
	for i := range values {
		dest[i] = &values[i]
	}
	for rows.Next() {
		if err := rows.Scan(dest...); err != nil {
			return err
		}
		fn(values[0], values[1:]...)
	}
	return rows.Err()
}

// setKeys sets column key of table's rows to the key of each pair whose first is their column
// of, some hundreds of pairs a statement (UPDATE … FROM, which SQLite has since 3.33). A blob
// key is cast as one: PostgreSQL takes a value in VALUES for text.
func setKeys(ctx context.Context, tx *sql.Tx, mark, table, key, of string, blob bool, pairs [][2]any) error {
	value := "%s%d"
	switch {
	case blob && mark == "$":
		value = "CAST(%s%d AS BYTEA)"
	case blob:
		value = "CAST(%s%d AS BLOB)"
	}
	for part := range slices.Chunk(pairs, 400) {
		var values []string
		var args []any
		for _, p := range part {
			values = append(values, fmt.Sprintf("(%s%d, "+value+")", mark, len(args)+1, mark, len(args)+2))
			args = append(args, p[0], p[1])
		}
		query := "UPDATE " + table + " SET " + key + " = m.k FROM (SELECT column1 AS v, column2 AS k FROM (VALUES " +
			strings.Join(values, ", ") + ") AS p) AS m WHERE " + table + "." + of + " = m.v"
		if _, err := tx.ExecContext(ctx, query, args...); err != nil {
			return err
		}
	}
	return nil
}
