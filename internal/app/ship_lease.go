package app

import (
	"context"
	"errors"
	"log/slog"
	"sync/atomic"
	"time"
)

// With several `serve` nodes on one store, one ships at a time: the node that holds the lease
// shipLease in the store (ClaimSync, as the help-desk syncs, the KPI alerts and the digests
// take theirs) runs ShipTo and renews the lease every shipLeaseRenew; the others try to take it
// as often. A node that stops gives the lease back, so another takes over at its next try; a
// node that dies keeps it until it runs out (shipLeaseFor), then another takes over, from the
// positions ClickHouse keeps. Two shippers at once write the same rows with the same versions,
// which FINAL reads once; but a table settled by one (clickhouse.Settle) is read without FINAL
// up to its mark, and a copy the other wrote there late would count twice. So the lease keeps
// the data right too: a holder inserts nothing past its lease's term (leaseTerm), and a
// command's report ships only when it can take the lease (catchUp).

// shipLease names the lease in the store's sync table.
const shipLease = "lease:clickhouse-ship"

// shipLeaseFor is how long a lease lasts unrenewed; shipLeaseRenew how often its holder renews
// it and the others try to take it. A test shortens both.
var shipLeaseFor, shipLeaseRenew = 30 * time.Second, 10 * time.Second

// leaseTerm is when the lease its holder last took runs out, less a third of it (for clocks
// that differ between nodes, and the store's whole seconds). The holder's shipper inserts
// nothing past it (Shipper.Fence): a node that stalled and lost its lease must not write rows
// that another node's shipper has since settled (clickhouse.Settle), which a late copy would
// count twice. A healthy holder renews it with two thirds left.
type leaseTerm struct{ end atomic.Int64 }

// took records that the lease was taken (or renewed) at at.
func (l *leaseTerm) took(at time.Time) { l.end.Store(at.Add(shipLeaseFor - shipLeaseFor/3).UnixNano()) }

// check refuses once the term is over.
func (l *leaseTerm) check() error {
	if time.Now().UnixNano() >= l.end.Load() {
		return errors.New("app: this node's lease of shipping to ClickHouse ran out before it could renew it")
	}
	return nil
}

// renewLease renews holder's lease every shipLeaseRenew, moving term on, until ctx ends (nil)
// or a renewal fails: the store's error, or errLeaseTaken when another holder has it.
func (a *App) renewLease(ctx context.Context, holder string, term *leaseTerm) error {
	for {
		wait(ctx, shipLeaseRenew)
		if ctx.Err() != nil {
			return nil
		}
		at := time.Now()
		ok, err := a.ClaimSync(ctx, shipLease, holder, at, shipLeaseFor)
		switch {
		case err != nil:
			return err
		case !ok:
			return errLeaseTaken
		}
		term.took(at)
	}
}

// errLeaseTaken: another holder has the lease.
var errLeaseTaken = errors.New("another holder has the lease")

// ShipHeld is ShipTo on one node of several: it ships only while this node (holder, e.g.
// app.Holder) holds the lease, and waits its turn otherwise, until ctx ends.
func (a *App) ShipHeld(ctx context.Context, dsn, holder string, log *slog.Logger) {
	if log == nil {
		log = slog.Default()
	}
	for ctx.Err() == nil {
		at := time.Now()
		held, err := a.ClaimSync(ctx, shipLease, holder, at, shipLeaseFor)
		if err != nil && ctx.Err() == nil {
			log.Warn("the lease of shipping to ClickHouse", slog.Any("error", err))
		}
		if !held {
			wait(ctx, shipLeaseRenew)
			continue
		}
		log.Info("this node ships to ClickHouse", slog.String("holder", holder))
		var term leaseTerm
		term.took(at)
		a.shipWhileHeld(ctx, dsn, holder, &term, log)
	}
}

// shipWhileHeld runs ShipTo until ctx ends or the lease is lost (another node took it after
// this one failed to renew it in time), then gives the lease back.
func (a *App) shipWhileHeld(ctx context.Context, dsn, holder string, term *leaseTerm, log *slog.Logger) {
	held, stop := context.WithCancel(ctx)
	done := make(chan struct{})
	go func() {
		defer close(done)
		a.shipTo(held, dsn, term.check, log)
	}()
	if err := a.renewLease(held, holder, term); err != nil && held.Err() == nil {
		log.Warn("this node lost the lease of shipping to ClickHouse", slog.Any("error", err))
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
