package app

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"os"
	"strconv"
	"time"

	"github.com/klantpuls/klantpuls/internal/cx"
)

// The pull connectors' state (klantpuls sync): a cursor per stream and a lease per connector.
// The connector commits a page's records with Ingest and only then saves the cursor past them,
// so an interruption between the two reads the page again, which its upserts make harmless.

// SyncCursor reads the cursor of a stream; cx.ENOTFOUND before its first page.
func (a *App) SyncCursor(ctx context.Context, name string) (string, error) {
	return a.syncs.SyncCursor(ctx, name)
}

// SaveSyncCursor stores the cursor of a stream.
func (a *App) SaveSyncCursor(ctx context.Context, name, cursor string) error {
	return a.syncs.SaveSyncCursor(ctx, name, cursor)
}

// ClaimSync takes or renews the lease of a connector for holder for lease (reckoned as
// store.Syncs says: on PostgreSQL by the database's clock); false when another node holds it.
func (a *App) ClaimSync(ctx context.Context, name, holder string, now time.Time, lease time.Duration) (bool, error) {
	return a.syncs.ClaimSync(ctx, name, holder, now, lease)
}

// ReleaseSync ends holder's lease of a connector.
func (a *App) ReleaseSync(ctx context.Context, name, holder string) error {
	return a.syncs.ReleaseSync(ctx, name, holder)
}

// Count is the number of stored records of kind (the store's, not the engine's: the engine also
// holds ids only named by other records).
func (a *App) Count(ctx context.Context, kind cx.Kind) (int, error) { return a.store.Count(ctx, kind) }

// Holder names this process in a lease (ClaimSync) and a browser import's run: host, process id
// and a mark of this start (host:pid/mark). Two containers sharing the host's name (host
// networking) both run as process 1: without the mark each would take the other's leases for
// its own, and both send the digest.
func Holder() string {
	host, _ := os.Hostname()
	return host + ":" + strconv.Itoa(os.Getpid()) + "/" + startMark
}

// startMark tells this start of the process from any other under the same host and id.
var startMark = func() string {
	b := make([]byte, 4)
	rand.Read(b) // never fails (crypto/rand, Go 1.24)
	return hex.EncodeToString(b)
}()
