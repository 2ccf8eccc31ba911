package app

import (
	"context"
	"sync/atomic"
	"testing"
	"time"

	"github.com/klantpuls/klantpuls/internal/cx"
	"github.com/klantpuls/klantpuls/internal/store"
)

// countedReads is the store's change reads, counted: what a pass read of the real store.
type countedReads struct {
	store.SeqChanges
	n *atomic.Int64
}

func (c countedReads) ChangesSeq(ctx context.Context, kind cx.Kind, after int64, fn func(cx.Record, int64) error) (int64, error) {
	c.n.Add(1)
	return c.SeqChanges.ChangesSeq(ctx, kind, after, fn)
}

// TestShipIdlePasses: a pass with nothing committed since the last whole one, and ClickHouse's
// positions as it left them, reads nothing of the store — on the same shipper and on a new one
// (a command's catch-up, another node) — while a commit, a rebuilt kind or a position set back
// makes the next pass read and ship again.
func TestShipIdlePasses(t *testing.T) {
	a, db, s := openShip(t)
	ctx := context.Background()
	var reads atomic.Int64
	count := func(s *Shipper) { s.seqs = countedReads{s.seqs, &reads} }
	count(s)
	pass := func(name string, s *Shipper, wantRead bool) Shipped {
		t.Helper()
		reads.Store(0)
		shipped := mustShip(t, s)
		if read := reads.Load() > 0; read != wantRead {
			t.Errorf("%s: read the store %v (%d reads, shipped %v); want %v", name, read, reads.Load(), shipped, wantRead)
		}
		return shipped
	}
	if pass("the first pass", s, true).Total() == 0 {
		t.Fatal("the first pass shipped nothing")
	}
	pass("nothing committed since", s, false)
	other, err := a.NewShipper(db)
	if err != nil {
		t.Fatal(err)
	}
	count(other)
	pass("another shipper, nothing committed since", other, false)

	tk := &cx.Ticket{ID: "idle-1", Channel: "Chat", CreatedAt: time.Date(2026, 3, 2, 10, 0, 0, 0, time.UTC)}
	if _, err := a.Write(ctx, []cx.Record{tk}, nil); err != nil {
		t.Fatal(err)
	}
	if got := pass("after a commit", s, true); got[cx.KindTickets] != 1 {
		t.Errorf("after a commit: shipped %v; want the ticket", got)
	}
	pass("nothing committed since the commit", other, false)

	if err := db.Rebuild(ctx, cx.KindCustomers); err != nil {
		t.Fatal(err)
	}
	if got := pass("after a kind was rebuilt", s, true); got[cx.KindCustomers] == 0 {
		t.Errorf("after the customers were rebuilt: shipped %v; want them again", got)
	}
	pos, err := db.Position(ctx, cx.KindOrders)
	if err != nil {
		t.Fatal(err)
	}
	if err := db.SetPosition(ctx, cx.KindOrders, pos/2); err != nil {
		t.Fatal(err)
	}
	if got := pass("after a position was set back", other, true); got[cx.KindOrders] == 0 {
		t.Errorf("after the orders' position was set back: shipped %v; want orders again", got)
	}
	sameCounts(t, a, db)
}
