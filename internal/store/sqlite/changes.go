package sqlite

import (
	"context"
	"fmt"
	"strings"

	"github.com/klantpuls/klantpuls/internal/cx"
)

// LastSeq is the highest change number handed out (meta.seq): a record may not yet carry it
// when nothing was written under it, which is fine for a follower's starting point.
func (s *Store) LastSeq(ctx context.Context) (int64, error) {
	var seq int64
	if err := s.read.QueryRowContext(ctx, "SELECT seq FROM meta").Scan(&seq); err != nil {
		return 0, fmt.Errorf("store: unable to read the change sequence: %w", err)
	}
	return seq, nil
}

// Changes streams the records of kind written after seq, in sequence order. The one writer
// connection serialises writers, so sequence order is commit order. seq has no index: on
// SQLite only a restart from a snapshot asks this (once), and an index would cost every import.
func (s *Store) Changes(ctx context.Context, kind cx.Kind, after int64, fn func(cx.Record) error) (int64, error) {
	t, err := tableFor(kind)
	if err != nil {
		return after, err
	}
	last := after
	// selectWhere orders by rowid; changes must come in sequence order.
	query := strings.Replace(t.selectAll, "SELECT ", "SELECT seq, ", 1)
	query = strings.Replace(query, " ORDER BY rowid", " WHERE seq > ? ORDER BY seq", 1)
	rows, err := s.read.QueryContext(ctx, query, after)
	if err != nil {
		return after, fmt.Errorf("store: unable to read changes of %s: %w", kind, err)
	}
	defer rows.Close()
	values := make([]any, len(t.columns))
	dest := make([]any, len(values)+1)
	var seq int64
	dest[0] = &seq
	for i := range values {
		dest[i+1] = &values[i]
	}
	r := row{values: values}
	for rows.Next() {
		if err := rows.Scan(dest...); err != nil {
			return last, fmt.Errorf("store: unable to read changes of %s: %w", kind, err)
		}
		r.i = 0
		rec := t.scan(&r)
		if r.err != nil {
			return last, fmt.Errorf("store: unable to read changes of %s: %w", kind, r.err)
		}
		if err := fn(rec); err != nil {
			return last, err
		}
		last = max(last, seq)
	}
	return last, rows.Err()
}
