package sqldb

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/klantpuls/klantpuls/internal/cx"
)

// nameKey is the stored key of a channel, team, agent, category or segment: the value as names
// compare (cx.NameKey), written by Go so the database compares it byte for byte. SQL's lower()
// folds A–Z only (SQLite's always, PostgreSQL's on a database in the C locale), and trim()
// strips spaces only, so "Özlem" was no "özlem" there; PostgreSQL's ICU lower() folds İ to
// "i̇", where cx.NameKey (Unicode's simple mapping) gives "i". nil (NULL) for an empty value,
// which the record stores as NULL too, so COALESCE over an answer's and its ticket's keys
// takes the answer's own exactly when the answer has its own value.
func nameKey(value string) any {
	if value == "" {
		return nil
	}
	return cx.NameKey(value)
}

// searchKey is what the customer list's search looks in (customersWhere): a customer's id, name
// and e-mail address as names compare, one a line. A search term is trimmed, so it finds text
// within one of them (a term holding a line break aside).
func searchKey(id, name, email string) string {
	return cx.NameKey(id) + "\n" + cx.NameKey(name) + "\n" + cx.NameKey(email)
}

// keyFills are the keys of one value each (nameKey) that backfill fills, by the column of the
// value, as the tables' fields functions (kinds.go) write them.
var keyFills = []struct{ table, key, of string }{
	{"customers", "segment_key", "segment"},
	{"tickets", "channel_key", "channel"}, {"tickets", "team_key", "team"},
	{"tickets", "agent_key", "agent"}, {"tickets", "category_key", "category"},
	{"responses", "channel_key", "channel"}, {"responses", "team_key", "team"},
	{"responses", "agent_key", "agent"},
}

// backfill writes the keys of the rows stored before the migration that added them
// (name_keys), when the backfills table says it is still to do, in one transaction that takes
// the row out first: a second PostgreSQL node starting at once waits on it, then finds nothing
// to do. mark is the dialect's placeholder mark. A value of channel, team, agent, category or
// segment is one of a few, so each is folded once and its rows set by it; a customer's search
// key is written by id, a page of customers at a time.
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
	res, err := tx.ExecContext(ctx, "DELETE FROM backfills WHERE name = 'name_keys'")
	if err != nil {
		return err
	}
	if n, err := res.RowsAffected(); err != nil || n == 0 {
		return err
	}
	for _, k := range keyFills {
		var pairs [][2]any
		err := eachText(ctx, tx, "SELECT DISTINCT "+k.of+" FROM "+k.table+" WHERE "+k.of+" IS NOT NULL", nil,
			func(value string, _ ...string) { pairs = append(pairs, [2]any{value, nameKey(value)}) })
		if err == nil {
			err = setKeys(ctx, tx, mark, k.table, k.key, k.of, pairs)
		}
		if err != nil {
			return fmt.Errorf("%s.%s: %w", k.table, k.key, err)
		}
	}
	const page = 1000
	for last := ""; ; {
		var pairs [][2]any
		err := eachText(ctx, tx, "SELECT id, COALESCE(name, ''), COALESCE(email, '') FROM customers WHERE id > "+mark+
			"1 ORDER BY id LIMIT "+strconv.Itoa(page), []any{last},
			func(id string, rest ...string) {
				pairs, last = append(pairs, [2]any{id, searchKey(id, rest[0], rest[1])}), id
			})
		if err == nil {
			err = setKeys(ctx, tx, mark, "customers", "search_key", "id", pairs)
		}
		if err != nil {
			return fmt.Errorf("customers.search_key: %w", err)
		}
		if len(pairs) < page {
			return tx.Commit()
		}
	}
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
// of, some hundreds of pairs a statement (UPDATE … FROM, which SQLite has since 3.33).
func setKeys(ctx context.Context, tx *sql.Tx, mark, table, key, of string, pairs [][2]any) error {
	for part := range slices.Chunk(pairs, 400) {
		var values []string
		var args []any
		for _, p := range part {
			values = append(values, fmt.Sprintf("(%s%d, %s%d)", mark, len(args)+1, mark, len(args)+2))
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
