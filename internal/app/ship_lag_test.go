package app

import (
	"context"
	"testing"

	"github.com/klantpuls/klantpuls/internal/clickhouse"
)

// TestShipLagAfterADrop: after a pass ClickHouse holds every change up to the store's newest;
// once its database is dropped (`klantpuls clickhouse rebuild` while a node ships), the node's
// shipper finds it empty and says it holds none — 0 — until the pass that ships everything
// again is done. It went on saying the number from before the drop, so the lag read 0 through
// a whole rebuild, while reports counted only what was shipped so far.
func TestShipLagAfterADrop(t *testing.T) {
	a, db, s := openShip(t)
	ctx := context.Background()
	mustShip(t, s)
	last, err := a.store.LastSeq(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if lag, err := a.ShipLag(ctx); err != nil || lag.Last != last || lag.Shipped != last {
		t.Fatalf("after a pass: %+v, %v; want the store's newest change, %d, shipped", lag, err, last)
	}
	dsn := "clickhouse://" + db.Where()
	if err := clickhouse.DropDatabase(ctx, dsn); err != nil {
		t.Fatal(err)
	}
	_, again := openShipper(t, a, dsn) // as ShipTo connects anew after the failed pass
	var during []int64
	again.Fence = func() error {
		lag, err := a.ShipLag(ctx)
		during = append(during, lag.Shipped)
		return err
	}
	mustShip(t, again)
	if len(during) == 0 || during[0] != 0 {
		t.Errorf("while the dropped database is shipped again, ClickHouse is said to hold every change up to %v; want 0", during)
	}
	if lag, err := a.ShipLag(ctx); err != nil || lag.Shipped != last {
		t.Errorf("after the rebuild's pass: %+v, %v; want %d shipped", lag, err, last)
	}
}
