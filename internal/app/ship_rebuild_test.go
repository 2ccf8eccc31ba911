package app

import (
	"context"
	"testing"
	"time"

	"github.com/klantpuls/klantpuls/internal/cx"
)

// TestRebuildClickHouse: a row that only ClickHouse has (a stray, as a damaged or hand-edited
// database would) is gone after a rebuild, and every record of the store is shipped again,
// each once. With the lease held by a serve node, the rebuild only drops the database.
func TestRebuildClickHouse(t *testing.T) {
	a, db, s := openShip(t)
	ctx := context.Background()
	mustShip(t, s)
	counts := sameCounts(t, a, db)
	stray, err := db.Conn().PrepareBatch(ctx, "INSERT INTO "+db.Name()+".tickets (id, version, deleted)")
	if err == nil {
		if err = stray.Append("verdwaald", uint64(1), uint8(0)); err == nil {
			err = stray.Send()
		}
	}
	if err != nil {
		t.Fatal(err)
	}
	if n := live(t, db, cx.KindTickets, "verdwaald"); n != 1 {
		t.Fatalf("the stray ticket is there %d times", n)
	}
	dsn := "clickhouse://" + db.Where()
	r, err := a.RebuildClickHouse(ctx, dsn, "rebuild:1", nil)
	if err != nil {
		t.Fatal(err)
	}
	if r.LeftToNode {
		t.Fatal("the rebuild left the shipping to a node; no node holds the lease")
	}
	total := 0
	for _, kind := range cx.Kinds {
		total += counts[kind]
		if r.Shipped[kind] != counts[kind] {
			t.Errorf("%s: the rebuild shipped %d; the store holds %d", kind, r.Shipped[kind], counts[kind])
		}
	}
	if r.Shipped.Total() != total || r.Took <= 0 {
		t.Errorf("rebuilt %+v; want %d changes", r, total)
	}
	if n := live(t, db, cx.KindTickets, "verdwaald"); n != 0 {
		t.Errorf("the stray ticket survived the rebuild (%d)", n)
	}
	sameCounts(t, a, db)
	// The lease was given back: a node takes it at once.
	if held, err := a.ClaimSync(ctx, shipLease, "node-a:1", time.Now(), time.Minute); err != nil || !held {
		t.Fatalf("after the rebuild the lease is not free: %v, %v", held, err)
	}

	// node-a holds the lease: the rebuild drops the database and leaves the shipping to it.
	r, err = a.RebuildClickHouse(ctx, dsn, "rebuild:2", nil)
	if err != nil || !r.LeftToNode || r.Shipped.Total() != 0 {
		t.Fatalf("rebuilt %+v, %v; want the database dropped and the shipping left to node-a", r, err)
	}
	var dbs uint64
	if err := db.Conn().QueryRow(ctx, "SELECT count() FROM system.databases WHERE name = ?", db.Name()).Scan(&dbs); err != nil || dbs != 0 {
		t.Fatalf("%d databases named %s (%v); want it dropped", dbs, db.Name(), err)
	}
	// The node's next pass fails on the missing tables; ShipTo connects anew (Open makes the
	// schema) and ships from the start.
	if _, err := s.Ship(ctx); err == nil {
		t.Fatal("a pass into the dropped database succeeded")
	}
	_, again := openShipper(t, a, dsn)
	if got := mustShip(t, again); got.Total() != total {
		t.Errorf("the node shipped %d changes after the drop; want %d", got.Total(), total)
	}
	sameCounts(t, a, db)
}
