package sqldb

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/klantpuls/klantpuls/internal/cx"
	"github.com/klantpuls/klantpuls/internal/store"
)

// LastChange is the row or deletion with the highest change number up to upTo
// (store.History): of each kind, its table's row changed last by then (Dialect.LastChange, by
// an index) and its deletion numbered last (by the tombstones' index), the highest of them.
func (s *Store) LastChange(ctx context.Context, upTo int64) (store.Change, bool, error) {
	var last store.Change
	found := false
	for _, kind := range cx.Kinds {
		t, err := TableFor(kind)
		if err != nil {
			return last, false, err
		}
		reads := []struct {
			query string
			args  []any
		}{
			{s.d.LastChange(string(t.Kind)), []any{upTo}},
			{"SELECT id, seq FROM tombstones WHERE kind = $1 AND seq <= $2 ORDER BY seq DESC LIMIT 1", []any{string(kind), upTo}},
		}
		for _, r := range reads {
			c := store.Change{Kind: kind}
			err := s.db.QueryRowContext(ctx, s.sql(r.query), r.args...).Scan(&c.Key, &c.Seq)
			switch {
			case errors.Is(err, sql.ErrNoRows):
				continue
			case err != nil:
				return last, false, fmt.Errorf("store: unable to read the last change of %s: %w", kind, err)
			}
			if !found || c.Seq > last.Seq {
				last, found = c, true
			}
		}
	}
	return last, found, nil
}
