package postgres

import (
	"context"
	"fmt"
	"strings"

	"github.com/klantpuls/klantpuls/internal/cx"
	"github.com/klantpuls/klantpuls/internal/store/sqldb"
)

// Scrub rewrites the tables an erasure changed (store.Erasure). An UPDATE or DELETE leaves the
// old row version in its page until a vacuum prunes it, and pruning moves the live rows together
// and marks the rest free without overwriting it: TestScrubAfterDeleting found a deleted name in
// the table's file after a plain VACUUM and a CHECKPOINT (PostgreSQL 15). VACUUM FULL writes the live rows into new files and drops the old ones, so the
// erased text is in no file of the table. It locks each table against reads and writes while
// it copies it (seconds per million rows), on every node. What the database's own
// write-ahead log and base backups keep, they keep until they are recycled.
func (s *Store) Scrub(ctx context.Context, kinds []cx.Kind) (string, error) {
	tables := []string{"invitations", "followups", "audit_log"}
	for _, k := range kinds {
		t, err := sqldb.TableFor(k)
		if err != nil {
			return "", err
		}
		tables = append(tables, string(t.Kind))
	}
	list := strings.Join(tables, ", ")
	if _, err := s.pool.Exec(ctx, "VACUUM FULL "+list); err != nil {
		return "", fmt.Errorf("store: unable to vacuum %s: %w", list, err)
	}
	return "PostgreSQL: VACUUM FULL " + list, nil
}
