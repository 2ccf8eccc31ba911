package app

import (
	"context"
	"sync/atomic"
	"time"
)

// shipStanding is how far this node's shipper has come, for /metrics: an operator alerts on
// ClickHouse falling behind the store (README, ClickHouse). Only the node that ships (the
// lease's holder) knows it; the others say nothing of it.
type shipStanding struct {
	shipping atomic.Int32 // shipTo loops running on this node
	shipped  atomic.Int64 // the store's change number the last whole pass shipped through
	caughtUp atomic.Int64 // when a pass last found ClickHouse holding every change (Unix ns)
}

// passed records a whole pass that left ClickHouse holding every change up to last.
func (p *shipStanding) passed(last int64, at time.Time) {
	p.shipped.Store(last)
	p.caughtUp.Store(at.UnixNano())
}

// emptied records that ClickHouse holds no change (a database new, dropped or reset for a
// rebuild): what it held before no longer counts, and the lag grows from the last moment it
// held every change until a pass ships them all again.
func (p *shipStanding) emptied() { p.shipped.Store(0) }

// ShipLag is how far ClickHouse is behind the store, as this node's shipper knows it.
type ShipLag struct {
	// Shipping says this node ships; without it the rest is not known here.
	Shipping bool
	// Last is the store's newest change number; Shipped the one ClickHouse holds every change
	// up to, as of the shipper's last whole pass.
	Last, Shipped int64
	// Behind is 0 while ClickHouse holds every change of the store, else the time since the
	// shipper last found it so (or since it began, when it never did): it grows while
	// ClickHouse is unreachable and changes wait, and an alert on it names how long.
	Behind time.Duration
}

// ShipLag reads the store's newest change number and tells how far the shipper is behind it.
func (a *App) ShipLag(ctx context.Context) (ShipLag, error) {
	last, err := a.store.LastSeq(ctx)
	if err != nil {
		return ShipLag{}, err
	}
	lag := ShipLag{Shipping: a.ship.shipping.Load() > 0, Last: last, Shipped: a.ship.shipped.Load()}
	if lag.Shipping && lag.Shipped < last {
		lag.Behind = max(0, time.Since(time.Unix(0, a.ship.caughtUp.Load())))
	}
	return lag, nil
}

// shipping counts a shipTo loop from now until the returned function is called. A shipper that
// has not yet passed counts as caught up when it began: its lag grows from its start.
func (a *App) shipping(at time.Time) func() {
	a.ship.caughtUp.CompareAndSwap(0, at.UnixNano())
	a.ship.shipping.Add(1)
	return func() { a.ship.shipping.Add(-1) }
}
