package app

import (
	"context"
	"fmt"
	"sync"
	"testing"

	"github.com/klantpuls/klantpuls/internal/config"
	"github.com/klantpuls/klantpuls/internal/cx"
	"github.com/klantpuls/klantpuls/internal/store/postgres/postgrestest"
)

// TestMain stops the PostgreSQL server TestPatchesOnTwoNodes starts.
// TestPatchesOnTwoNodes: two nodes on one PostgreSQL database patch one ticket at once, each
// setting attributes of its own, perNode times. A node's writeMu does not order the other
// node's writes; the read inside the transaction does, so all 2 × perNode attributes are there.
func TestPatchesOnTwoNodes(t *testing.T) {
	const perNode = 12
	ctx := context.Background()
	dsn := postgrestest.Fresh(t)
	var nodes []*App
	for range 2 {
		a, err := Open(ctx, dsn, config.Default())
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { a.Close() })
		nodes = append(nodes, a)
	}
	if _, err := nodes[0].Write(ctx, []cx.Record{storedTicket()}, nil); err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	errs := make(chan error, 2*perNode)
	for n, a := range nodes {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range perNode {
				doc := fmt.Sprintf(`{"node%d_%d":"x"}`, n, i)
				if _, err := a.Write(ctx, nil, []cx.Patch{patchOf(cx.KindTickets, "T1", doc)}); err != nil {
					errs <- err
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	rec, err := nodes[1].Record(ctx, cx.KindTickets, "T1")
	if err != nil {
		t.Fatal(err)
	}
	// Utrecht, and every node's attributes.
	if attrs := rec.(*cx.Ticket).Attrs; len(attrs) != 1+2*perNode || attrs["plaats"] != "Utrecht" {
		t.Errorf("%d attributes, want %d: %v", len(attrs), 1+2*perNode, attrs)
	}
}
