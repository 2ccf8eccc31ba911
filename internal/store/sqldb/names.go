package sqldb

import (
	"cmp"
	"context"
	"database/sql"
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/klantpuls/klantpuls/internal/cx"
	"github.com/klantpuls/klantpuls/internal/store"
)

// Name is one value of a dimension a filter compares as names compare (store.Name).
type Name = store.Name

// The names table holds every value of those a record was stored with, once, with its key,
// written by Go so the database compares it byte for byte: SQL's lower() folds A–Z only
// (SQLite's always, PostgreSQL's on a database in the C locale) and trim() strips spaces only,
// so "Özlem" was no "özlem" there; PostgreSQL's ICU lower() folds İ to "i̇", where cx.NameKey
// (Unicode's simple mapping) gives "i". A filter finds the values of its key there and the rows
// by their own column (nameIn), so the large tables carry no key of their own (they did, seven
// columns a ticket or answer: 17% of the database and a sixth of an import's time). A value no
// row holds any more stays: it matches nothing.
const insertName = "INSERT INTO names (dimension, value, key) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING"

// nameIn is the condition that column, a value of dimension, is named value as names compare,
// its key added to args.
func nameIn(column, dimension, value string, args *params) string {
	return column + " IN (SELECT n.value FROM names n WHERE n.dimension = " + args.add(dimension) +
		" AND n.key = " + args.add(cx.NameKey(value)) + ")"
}

// writeNames records names in the names table through exec, in one order, so two PostgreSQL
// transactions that record the same new names wait for each other rather than deadlock.
func writeNames(names map[Name]struct{}, exec func(query string, args ...any) (int64, error)) error {
	for _, n := range slices.SortedFunc(maps.Keys(names), func(a, b Name) int {
		return cmp.Or(cmp.Compare(a.Dimension, b.Dimension), cmp.Compare(a.Value, b.Value))
	}) {
		if _, err := exec(insertName, n.Dimension, n.Value, cx.NameKey(n.Value)); err != nil {
			return err
		}
	}
	return nil
}

// namedColumns are the columns of the values in names, by table, as the tables' fields
// functions (kinds.go) record them.
var namedColumns = []struct {
	table      string
	dimensions []string
}{
	{"customers", []string{"segment"}},
	{"tickets", []string{"channel", "team", "agent", "category"}},
	{"responses", []string{"channel", "team", "agent"}},
}

// backfillNames records the names of the rows stored before the names table was made, in tx:
// a table read once, its distinct combinations of names (a few thousand), where a read a column
// took some seconds each at 10M rows.
func backfillNames(ctx context.Context, tx *sql.Tx, mark string) error {
	names := map[Name]struct{}{}
	for _, c := range namedColumns {
		var cols []string
		for _, d := range c.dimensions {
			cols = append(cols, "COALESCE("+d+", '')")
		}
		err := eachText(ctx, tx, "SELECT DISTINCT "+strings.Join(cols, ", ")+" FROM "+c.table, nil, func(first string, rest ...string) {
			for i, value := range append([]string{first}, rest...) {
				if value != "" {
					names[Name{Dimension: c.dimensions[i], Value: value}] = struct{}{}
				}
			}
		})
		if err != nil {
			return err
		}
	}
	return writeNames(names, func(query string, args ...any) (int64, error) {
		_, err := tx.ExecContext(ctx, Dialect{Mark: mark}.SQL(query), args...)
		return 0, err
	})
}

// RecordNames records those of names the names table lacks (store.Names): the table is read
// once — some thousands of rows, not the records — and the rest written in one transaction, as
// a write records them, so two nodes recording the same names at once leave one row each.
func (s *Store) RecordNames(ctx context.Context, names []Name) error {
	known := map[Name]struct{}{}
	rows, err := s.db.QueryContext(ctx, "SELECT dimension, value FROM names")
	if err != nil {
		return fmt.Errorf("store: unable to read the names: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var n Name
		if err := rows.Scan(&n.Dimension, &n.Value); err != nil {
			return fmt.Errorf("store: unable to read the names: %w", err)
		}
		known[n] = struct{}{}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("store: unable to read the names: %w", err)
	}
	missing := map[Name]struct{}{}
	for _, n := range names {
		if _, ok := known[n]; !ok && n.Value != "" {
			missing[n] = struct{}{}
		}
	}
	if len(missing) == 0 {
		return nil
	}
	return s.inTx(ctx, "record the names", func(tx execer) error {
		return writeNames(missing, func(query string, args ...any) (int64, error) {
			_, err := tx.ExecContext(ctx, s.sql(query), args...)
			return 0, err
		})
	})
}
