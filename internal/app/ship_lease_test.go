package app

import (
	"context"
	"log/slog"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/klantpuls/klantpuls/internal/config"
	"github.com/klantpuls/klantpuls/internal/cx"
	"github.com/klantpuls/klantpuls/internal/store/postgres/postgrestest"
)

// TestShipHeldByOneNode runs two nodes (two Apps on one SQLite file, or on one PostgreSQL
// database) shipping into one ClickHouse database: a lease left by a node that died keeps both
// waiting until it runs out;
// then one ships and the other waits; when the shipping node stops, the other takes over and
// ships what is written after.
func TestShipHeldByOneNode(t *testing.T) {
	t.Run("SQLite", func(t *testing.T) { testShipHeldByOneNode(t, filepath.Join(t.TempDir(), "k.db")) })
	t.Run("PostgreSQL", func(t *testing.T) { testShipHeldByOneNode(t, postgrestest.Fresh(t)) })
}

func testShipHeldByOneNode(t *testing.T, path string) {
	a, db, _ := openShipOn(t, path)
	ctx := context.Background()
	cfg, err := config.Parse(nil, "klantpuls.toml")
	if err != nil {
		t.Fatal(err)
	}
	b, err := Open(ctx, path, cfg)
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	defer func(f, r time.Duration) { shipLeaseFor, shipLeaseRenew = f, r }(shipLeaseFor, shipLeaseRenew)
	// The store keeps a lease's end in whole seconds: it lasts from shipLeaseFor-1s on.
	shipLeaseFor, shipLeaseRenew = 3*time.Second, 100*time.Millisecond
	dsn := "clickhouse://" + db.Where()

	// A node that died holding the lease: nobody ships until it runs out.
	died := time.Now()
	if held, err := a.ClaimSync(ctx, shipLease, "dead-node:1", died, shipLeaseFor); err != nil || !held {
		t.Fatalf("the dead node's lease: %v, %v", held, err)
	}
	type node struct {
		name   string
		app    *App
		logs   *lockedBuffer
		cancel context.CancelFunc
		done   chan struct{}
	}
	start := func(name string, app *App) *node {
		n := &node{name: name, app: app, logs: &lockedBuffer{}, done: make(chan struct{})}
		var c context.Context
		c, n.cancel = context.WithCancel(ctx)
		go func() {
			defer close(n.done)
			app.ShipHeld(c, dsn, name, slog.New(slog.NewJSONHandler(n.logs, nil)))
		}()
		return n
	}
	stop := func(n *node) { n.cancel(); <-n.done }
	ships := func(n *node) bool { return strings.Contains(n.logs.String(), "this node ships") }
	na, nb := start("node-a:1", a), start("node-b:2", b)
	defer stop(na)
	defer stop(nb)
	time.Sleep(shipLeaseFor/2 - 200*time.Millisecond)
	if n, err := db.Count(ctx, cx.KindTickets, 0); err != nil || n != 0 || ships(na) || ships(nb) {
		t.Fatalf("%d tickets shipped (%v) while the dead node's lease ran; want none", n, err)
	}
	waitFor(t, "the catch-up once the dead node's lease ran out", func() bool { return sameAsStore(a, db) })
	if time.Since(died) < shipLeaseFor-time.Second {
		t.Errorf("shipped %v after the dead node's lease was taken; it lasts %v", time.Since(died), shipLeaseFor)
	}
	first, second := na, nb
	if ships(nb) {
		first, second = nb, na
	}
	time.Sleep(5 * shipLeaseRenew) // the other tries several times meanwhile
	if ships(second) {
		t.Fatalf("both nodes ship:\n%s\n%s", na.logs.String(), nb.logs.String())
	}

	// The shipping node stops: the other takes over, and ships what is written after.
	stop(first)
	tk := &cx.Ticket{ID: "na-de-wissel", CreatedAt: time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)}
	if _, err := second.app.Write(ctx, []cx.Record{tk}, nil); err != nil {
		t.Fatal(err)
	}
	waitFor(t, "the other node taking over", func() bool { return ships(second) && live(t, db, cx.KindTickets, tk.ID) == 1 })
	if !sameAsStore(a, db) {
		t.Error("after the take-over ClickHouse does not hold what the store holds")
	}
}
