package sqlite

import (
	"context"
	"fmt"

	"github.com/klantpuls/klantpuls/internal/cx"
)

// Scrub rebuilds the database file and empties the write-ahead log, so that no deleted or
// replaced row content is left in either (store.Erasure). Deleting a row only marks its space
// free: the bytes stay in the page, in free pages and in the WAL's copies of pages until they
// happen to be overwritten. VACUUM writes every live row into fresh pages (through the WAL),
// and a TRUNCATE checkpoint copies them home and cuts the WAL to nothing. It rewrites the
// whole file: seconds per hundred MB, with the one writer waiting meanwhile, and room for a
// second copy in the temporary directory (temp_store FILE for it, as for an index build). SQLite
// vacuums a whole file, so the kinds changed do not matter.
func (s *Store) Scrub(ctx context.Context, _ []cx.Kind) (string, error) {
	conn, err := s.write.turn(ctx)
	if err != nil {
		return "", err
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, "PRAGMA temp_store = FILE"); err != nil {
		return "", fmt.Errorf("store: unable to vacuum: %w", err)
	}
	_, err = conn.ExecContext(ctx, "VACUUM")
	if _, rerr := conn.ExecContext(context.WithoutCancel(ctx), "PRAGMA temp_store = MEMORY"); err == nil {
		err = rerr
	}
	if err != nil {
		return "", fmt.Errorf("store: unable to vacuum: %w", busyOr(err))
	}
	// busy is 1 when a reader kept the checkpoint from finishing.
	var busy, logPages, done int // done: pages checkpointed
	if err := conn.QueryRowContext(ctx, "PRAGMA wal_checkpoint(TRUNCATE)").Scan(&busy, &logPages, &done); err != nil {
		return "", fmt.Errorf("store: unable to checkpoint the write-ahead log: %w", busyOr(err))
	}
	if busy != 0 {
		return "", cx.Errorf(cx.EUNAVAILABLE, "store: a reader kept the write-ahead log from being emptied (%d pages); try again", logPages)
	}
	return "SQLite: VACUUM rebuilt the file and a TRUNCATE checkpoint emptied the write-ahead log", nil
}
