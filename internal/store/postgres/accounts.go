package postgres

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgtype"

	"github.com/klantpuls/klantpuls/internal/store"
)

// instantOrZero reads an optional instant: NULL is the zero time.
func instantOrZero(n pgtype.Int8) time.Time {
	if !n.Valid {
		return time.Time{}
	}
	return store.FromUnix(n.Int64)
}

// exec runs one statement and returns the number of rows it changed.
func (s *Store) exec(ctx context.Context, query string, args ...any) (int64, error) {
	tag, err := s.pool.Exec(ctx, query, args...)
	if err != nil {
		return 0, err
	}
	return tag.RowsAffected(), nil
}

// list runs query and scans every row with scan; what names the rows in errors. No rows is a
// nil slice, as in the SQLite store.
func list[T any](ctx context.Context, s *Store, what string, scan func(pgx.Row) (*T, error),
	query string, args ...any) ([]T, error) {
	rows, err := s.pool.Query(ctx, query, args...)
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
