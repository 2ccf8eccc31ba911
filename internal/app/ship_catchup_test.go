package app

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/klantpuls/klantpuls/internal/config"
	"github.com/klantpuls/klantpuls/internal/cx"
)

// TestCatchUpLeavesShippingToTheLeaseHolder: a command's report ships what ClickHouse lacks
// itself when nobody holds the lease of shipping (and gives the lease back); while a serve
// node holds it, the command ships nothing and waits for that node to ship up to the store's
// last change — failing, with the lease named, when the node does not in time; and when the
// node died holding it, the command takes the lease once it has run out.
func TestCatchUpLeavesShippingToTheLeaseHolder(t *testing.T) {
	ctx := context.Background()
	a, db, node := openEmptyShip(t)
	a.Config.Engine.Kind = config.EngineClickHouse
	dsn := "clickhouse://" + db.Where()
	defer func(w, p time.Duration) { shipAwait, shipAwaitPoll = w, p }(shipAwait, shipAwaitPoll)
	shipAwait, shipAwaitPoll = time.Second, 20*time.Millisecond
	write := func(id string) int64 {
		t.Helper()
		c := &cx.Customer{ID: id, AcquiredAt: time.Date(2026, 5, 1, 0, 0, 0, 0, time.UTC), Segment: "Zakelijk"}
		if _, err := a.Write(ctx, []cx.Record{c}, nil); err != nil {
			t.Fatal(err)
		}
		last, err := a.store.LastSeq(ctx)
		if err != nil {
			t.Fatal(err)
		}
		return last
	}
	position := func() int64 {
		t.Helper()
		p, err := db.Position(ctx, cx.KindCustomers)
		if err != nil {
			t.Fatal(err)
		}
		return p
	}

	// Nobody ships: the command does, and the lease is free again after it.
	last := write("c1")
	closeCH, err := a.AnswerFromClickHouse(ctx, dsn, true)
	if err != nil {
		t.Fatal(err)
	}
	closeCH()
	if p := position(); p != last {
		t.Errorf("position after the command shipped: %d; want %d", p, last)
	}
	if held, err := a.ClaimSync(ctx, shipLease, "serve-node", time.Now(), time.Hour); err != nil || !held {
		t.Fatalf("the lease after the command: held %v, %v; want it free", held, err)
	}

	// A serve node holds the lease and has not shipped c2: the command waits, ships nothing,
	// and gives up after shipAwait.
	last = write("c2")
	began := time.Now()
	_, err = a.AnswerFromClickHouse(ctx, dsn, true)
	if cx.ErrorCode(errors.Unwrap(err)) != cx.EUNAVAILABLE || !strings.Contains(err.Error(), shipLease) {
		t.Fatalf("report while the node has not shipped: %v; want unavailable, naming the lease", err)
	}
	if waited := time.Since(began); waited < shipAwait {
		t.Errorf("gave up after %v; want %v", waited, shipAwait)
	}
	if p := position(); p == last {
		t.Error("the command shipped while a serve node held the lease")
	}

	// The node ships meanwhile: the command's report goes ahead once it has.
	done := make(chan error, 1)
	go func() {
		time.Sleep(200 * time.Millisecond)
		_, err := node.Ship(ctx)
		done <- err
	}()
	closeCH, err = a.AnswerFromClickHouse(ctx, dsn, true)
	if err != nil {
		t.Fatalf("report after the node shipped: %v", err)
	}
	closeCH()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	if p := position(); p != last {
		t.Errorf("position after the node shipped: %d; want %d", p, last)
	}

	// A node that died holding the lease: the command waits out the lease's rest, then takes it
	// and ships itself.
	if err := a.ReleaseSync(ctx, shipLease, "serve-node"); err != nil {
		t.Fatal(err)
	}
	if held, err := a.ClaimSync(ctx, shipLease, "dead-node", time.Now(), 2*time.Second); err != nil || !held {
		t.Fatalf("the dead node's lease: %v, %v", held, err)
	}
	last = write("c3")
	shipAwait = 10 * time.Second
	closeCH, err = a.AnswerFromClickHouse(ctx, dsn, true)
	if err != nil {
		t.Fatalf("report after the dead node's lease ran out: %v", err)
	}
	closeCH()
	if p := position(); p != last {
		t.Errorf("position after the command took the dead node's lease: %d; want %d", p, last)
	}
}

// TestShipperStopsPastItsLease: a shipper whose lease term is over inserts nothing and says
// why; the term of a lease just taken lets it ship.
func TestShipperStopsPastItsLease(t *testing.T) {
	ctx := context.Background()
	a, db, s := openEmptyShip(t)
	if _, err := a.Write(ctx, []cx.Record{&cx.Customer{ID: "c1", AcquiredAt: time.Date(2026, 5, 1, 0, 0, 0, 0, time.UTC)}}, nil); err != nil {
		t.Fatal(err)
	}
	var term leaseTerm
	term.took(time.Now().Add(-shipLeaseFor))
	s.Fence = term.check
	if _, err := s.Ship(ctx); err == nil || !strings.Contains(err.Error(), "lease") {
		t.Fatalf("ship past the lease's term: %v; want an error about the lease", err)
	}
	if p, err := db.Position(ctx, cx.KindCustomers); err != nil || p != 0 {
		t.Fatalf("position after a ship past the lease's term: %d, %v; want 0", p, err)
	}
	if n, err := db.Count(ctx, cx.KindCustomers, 0); err != nil || n != 0 {
		t.Fatalf("customers in ClickHouse after a ship past the lease's term: %d, %v; want 0", n, err)
	}
	term.took(time.Now())
	if _, err := s.Ship(ctx); err != nil {
		t.Fatalf("ship within the lease's term: %v", err)
	}
	if n, err := db.Count(ctx, cx.KindCustomers, 0); err != nil || n != 1 {
		t.Fatalf("customers in ClickHouse after a ship within the term: %d, %v; want 1", n, err)
	}
}
