package storetest

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/klantpuls/klantpuls/internal/cx"
	"github.com/klantpuls/klantpuls/internal/store"
)

// testFollowerMissesNothing: two stores on one database (two processes or nodes) commit at once
// while a third follows the change sequence by the last number it saw; writers take turns, so
// it sees every change.
func testFollowerMissesNothing(t *testing.T, open func(t *testing.T) (store.Store, func(t *testing.T) store.Store)) {
	first, reopen := open(t)
	nodes := []store.Store{first, reopen(t)}
	follower := reopen(t)
	const perNode = 40
	errs := make(chan error, len(nodes))
	for n, node := range nodes {
		go func() {
			for i := range perNode {
				tx, err := node.Begin(context.Background())
				if err == nil {
					err = tx.Put(&cx.Ticket{ID: fmt.Sprintf("N%d-%d", n, i), CreatedAt: time.Unix(1e9, 0).UTC()})
				}
				if err == nil {
					_, err = tx.Commit()
				}
				if err != nil {
					errs <- err
					return
				}
			}
			errs <- nil
		}()
	}
	seen := map[string]bool{}
	var last int64
	for deadline := time.Now().Add(time.Minute); len(seen) < len(nodes)*perNode && time.Now().Before(deadline); {
		next, err := follower.Changes(context.Background(), cx.KindTickets, last, func(rec cx.Record) error {
			if seen[rec.Key()] {
				t.Errorf("%s seen twice", rec.Key())
			}
			seen[rec.Key()] = true
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		last = next
	}
	for range nodes {
		if err := <-errs; err != nil {
			t.Fatal(err)
		}
	}
	if len(seen) != len(nodes)*perNode {
		t.Errorf("the follower saw %d changes, want %d", len(seen), len(nodes)*perNode)
	}
}
