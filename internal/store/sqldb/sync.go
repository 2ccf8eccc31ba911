package sqldb

import (
	"context"
	"time"

	"github.com/klantpuls/klantpuls/internal/store"
)

var _ store.Syncs = (*Store)(nil)

// SyncCursor reads the cursor of one stream.
func (s *Store) SyncCursor(ctx context.Context, name string) (string, error) {
	c, err := one(ctx, s, "sync cursor "+name, func(r *row) string { return r.Text() },
		"SELECT cursor FROM sync_state WHERE name = $1 AND cursor <> ''", name)
	if err != nil {
		return "", err
	}
	return *c, nil
}

// SaveSyncCursor stores the cursor of one stream.
func (s *Store) SaveSyncCursor(ctx context.Context, name, cursor string) error {
	_, err := s.exec(ctx, `INSERT INTO sync_state (name, cursor) VALUES ($1, $2)
		ON CONFLICT (name) DO UPDATE SET cursor = excluded.cursor`, name, cursor)
	return s.failed(err, "save sync cursor "+name, "")
}

// ClaimSync takes or renews a lease. The conditional upsert changes a row only when the lease
// is free, lapsed or the holder's own, and both databases count a row left alone as 0 changed.
// Its end and its lapse are reckoned by the store's clock (Dialect.Clock).
func (s *Store) ClaimSync(ctx context.Context, name, holder string, now time.Time, lease time.Duration) (bool, error) {
	clock, args := s.clock(4, now)
	n, err := s.exec(ctx, `INSERT INTO sync_state (name, holder, until) VALUES ($1, $2, `+clock+` + $3)
		ON CONFLICT (name) DO UPDATE SET holder = excluded.holder, until = excluded.until
		WHERE sync_state.until <= `+clock+` OR sync_state.holder = excluded.holder`,
		append([]any{name, holder, int64(lease / time.Second)}, args...)...)
	if err != nil {
		return false, s.failed(err, "claim "+name, "")
	}
	return n > 0, nil
}

// ReleaseSync ends a lease its holder no longer needs, so another node need not wait for it to
// lapse.
func (s *Store) ReleaseSync(ctx context.Context, name, holder string) error {
	_, err := s.exec(ctx, "UPDATE sync_state SET until = 0 WHERE name = $1 AND holder = $2", name, holder)
	return s.failed(err, "release "+name, "")
}

// SyncHeld tells whether the lease name is held now: its end is past the store's clock, as
// ClaimSync finds a lease not lapsed.
func (s *Store) SyncHeld(ctx context.Context, name string, now time.Time) (bool, error) {
	clock, args := s.clock(2, now)
	n, err := one(ctx, s, "whether "+name+" is held", (*row).Integer,
		"SELECT count(*) FROM sync_state WHERE name = $1 AND until > "+clock, append([]any{name}, args...)...)
	if err != nil {
		return false, err
	}
	return *n > 0, nil
}
