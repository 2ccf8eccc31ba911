package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/klantpuls/klantpuls/internal/store"
)

// exec runs one write and returns the number of rows it changed.
func (s *Store) exec(ctx context.Context, query string, args ...any) (int64, error) {
	res, err := s.write.ExecContext(ctx, query, args...)
	if err != nil {
		return 0, err
	}
	return res.RowsAffected()
}

// scanner is a *sql.Row or *sql.Rows.
type scanner interface{ Scan(dest ...any) error }

// optInstant reads a nullable instant column: NULL is the zero time.
func optInstant(n sql.NullInt64) time.Time {
	if !n.Valid {
		return time.Time{}
	}
	return store.FromUnix(n.Int64)
}

// list runs query on db and scans every row with scan; what names the rows in errors.
func list[T any](ctx context.Context, db *sql.DB, what string, scan func(scanner) (*T, error),
	query string, args ...any) ([]T, error) {
	rows, err := db.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, fmt.Errorf("store: unable to read %s: %w", what, err)
	}
	defer rows.Close()
	var out []T
	for rows.Next() {
		v, err := scan(rows)
		if err != nil {
			return nil, fmt.Errorf("store: unable to read %s: %w", what, err)
		}
		out = append(out, *v)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: unable to read %s: %w", what, err)
	}
	return out, nil
}
