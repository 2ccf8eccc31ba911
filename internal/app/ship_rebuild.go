package app

import (
	"context"
	"fmt"
	"log/slog"
	"time"

	"github.com/klantpuls/klantpuls/internal/clickhouse"
)

// Rebuilt tells what a rebuild of ClickHouse did.
type Rebuilt struct {
	// Shipped are the changes shipped again, per kind; nothing when LeftToNode.
	Shipped Shipped
	Took    time.Duration // dropping and shipping
	// LeftToNode: a serve node holds the lease of shipping, so the database was dropped and that
	// node ships everything again (its log tells how far it is).
	LeftToNode bool
}

// RebuildClickHouse rebuilds the ClickHouse database of dsn from the store, the system of
// record: it drops the database (on every node of its cluster) and ships every change again.
// It takes the lease of shipping first (holder names this process), so no serve node ships
// meanwhile; serve nodes started during the rebuild wait for it. When a running serve node
// holds the lease, it only drops the database: that node's next insert fails on the missing
// tables, it connects anew, makes the schema again and ships from the start.
func (a *App) RebuildClickHouse(ctx context.Context, dsn, holder string, log *slog.Logger) (Rebuilt, error) {
	start := time.Now()
	held, err := a.ClaimSync(ctx, shipLease, holder, start, shipLeaseFor)
	if err != nil {
		return Rebuilt{}, err
	}
	if held {
		defer a.ReleaseSync(context.WithoutCancel(ctx), shipLease, holder)
	}
	if err := clickhouse.DropDatabase(ctx, dsn); err != nil {
		return Rebuilt{}, err
	}
	if !held {
		return Rebuilt{LeftToNode: true, Took: time.Since(start)}, nil
	}
	db, err := clickhouse.Open(ctx, dsn)
	if err != nil {
		return Rebuilt{}, err
	}
	defer db.Close()
	shipped, err := a.shipLeased(ctx, db, holder, start, log)
	r := Rebuilt{Shipped: shipped, Took: time.Since(start)}
	if err != nil {
		return r, fmt.Errorf("app: rebuilding ClickHouse after %d changes: %w", shipped.Total(), err)
	}
	return r, nil
}

// shipLeased ships one pass into db under the lease of shipping that holder took at start,
// renewing it while the pass runs; a lease lost stops the pass, and its shipper inserts
// nothing past the lease's term (leaseTerm). log may be nil.
func (a *App) shipLeased(ctx context.Context, db *clickhouse.DB, holder string, start time.Time, log *slog.Logger) (Shipped, error) {
	s, err := a.NewShipper(db)
	if err != nil {
		return nil, err
	}
	var term leaseTerm
	term.took(start)
	s.Log, s.Fence = log, term.check
	ship, stop := context.WithCancel(ctx)
	defer stop()
	go func() {
		if err := a.renewLease(ship, holder, &term); err != nil && ship.Err() == nil {
			if log != nil {
				log.Warn("lost the lease of shipping to ClickHouse", slog.String("holder", holder), slog.Any("error", err))
			}
			stop()
		}
	}()
	return s.Ship(ship)
}
