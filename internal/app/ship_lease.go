package app

import (
	"context"
	"log/slog"
	"time"
)

// With several `serve` nodes on one store, one ships at a time: the node that holds the lease
// shipLease in the store (ClaimSync, as the help-desk syncs, the KPI alerts and the digests
// take theirs) runs ShipTo and renews the lease every shipLeaseRenew; the others try to take it
// as often. A node that stops gives the lease back, so another takes over at its next try; a
// node that dies keeps it until it runs out (shipLeaseFor), then another takes over, from the
// positions ClickHouse keeps. The lease saves work, it is not what keeps the data right: two
// shippers at once (a lost lease noticed late) write the same rows with the same versions, and
// ClickHouse keeps one row per id.

// shipLease names the lease in the store's sync table.
const shipLease = "lease:clickhouse-ship"

// shipLeaseFor is how long a lease lasts unrenewed; shipLeaseRenew how often its holder renews
// it and the others try to take it. A test shortens both.
var shipLeaseFor, shipLeaseRenew = 30 * time.Second, 10 * time.Second

// ShipHeld is ShipTo on one node of several: it ships only while this node (holder, e.g.
// pull.Holder) holds the lease, and waits its turn otherwise, until ctx ends.
func (a *App) ShipHeld(ctx context.Context, dsn, holder string, log *slog.Logger) {
	if log == nil {
		log = slog.Default()
	}
	for ctx.Err() == nil {
		held, err := a.ClaimSync(ctx, shipLease, holder, time.Now(), shipLeaseFor)
		if err != nil && ctx.Err() == nil {
			log.Warn("the lease of shipping to ClickHouse", slog.Any("error", err))
		}
		if !held {
			wait(ctx, shipLeaseRenew)
			continue
		}
		log.Info("this node ships to ClickHouse", slog.String("holder", holder))
		a.shipWhileHeld(ctx, dsn, holder, log)
	}
}

// shipWhileHeld runs ShipTo until ctx ends or the lease is lost (another node took it after
// this one failed to renew it in time), then gives the lease back.
func (a *App) shipWhileHeld(ctx context.Context, dsn, holder string, log *slog.Logger) {
	held, stop := context.WithCancel(ctx)
	done := make(chan struct{})
	go func() {
		defer close(done)
		a.ShipTo(held, dsn, log)
	}()
	for held.Err() == nil {
		wait(held, shipLeaseRenew)
		if held.Err() != nil {
			break
		}
		ok, err := a.ClaimSync(held, shipLease, holder, time.Now(), shipLeaseFor)
		if err != nil || !ok {
			if held.Err() == nil {
				log.Warn("this node lost the lease of shipping to ClickHouse", slog.Any("error", err))
			}
			break
		}
	}
	stop()
	<-done
	// On a context of its own: a node that stops frees the lease for the next at once.
	release, cancel := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
	defer cancel()
	if err := a.ReleaseSync(release, shipLease, holder); err != nil {
		log.Warn("giving back the lease of shipping to ClickHouse", slog.Any("error", err))
	}
}
