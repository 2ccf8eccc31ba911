package sqlite

import (
	"context"
	"fmt"

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
	rows, err := s.read.QueryContext(ctx, t.changes, after)
	if err != nil {
		return after, fmt.Errorf("store: unable to read changes of %s: %w", kind, err)
	}
	defer rows.Close()
	last := after
	var seq int64
	err = t.scanRows(rows, "changes of "+string(kind), func(rec cx.Record) error {
		if err := fn(rec); err != nil {
			return err
		}
		last = max(last, seq)
		return nil
	}, &seq)
	if err != nil {
		return last, err
	}
	return last, rows.Err()
}
