package store

import (
	"context"
	"time"
)

// Syncs keeps the pull connectors' cursors and leases (klantpuls sync). A cursor is the
// source's own text (a Zendesk after_cursor, a Freshdesk time and page); the store does not read
// it. A lease lets one node at a time run a connector when several share the database.
type Syncs interface {
	// SyncCursor reads the cursor stored under name; cx.ENOTFOUND when none is.
	SyncCursor(ctx context.Context, name string) (string, error)
	// SaveSyncCursor stores the cursor under name, replacing the one there.
	SaveSyncCursor(ctx context.Context, name, cursor string) error
	// ClaimSync takes or renews the lease name for holder for the time given, in whole
	// seconds: it succeeds when nobody holds it, holder already does, or the holder's lease
	// lapsed. The read and the write are one statement, so two nodes claiming at once cannot
	// both succeed. A store shared by machines judges the lease by its own clock, one machine's
	// store by now: a node whose clock runs ahead must not find the holder's lease lapsed.
	ClaimSync(ctx context.Context, name, holder string, now time.Time, lease time.Duration) (bool, error)
	// ReleaseSync ends holder's lease name at once; another holder's lease stays.
	ReleaseSync(ctx context.Context, name, holder string) error
	// SyncHeld tells whether someone holds the lease name now, judged as ClaimSync judges it:
	// a read, which takes nothing.
	SyncHeld(ctx context.Context, name string, now time.Time) (bool, error)
}
