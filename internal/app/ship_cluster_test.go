package app

import (
	"context"
	"testing"

	"github.com/klantpuls/klantpuls/internal/chtest"
	"github.com/klantpuls/klantpuls/internal/cx"
	"github.com/klantpuls/klantpuls/internal/engine"
)

// TestClickHouseClusterParity ships the demo year (with the parity test's oddities and later
// changes) into a cluster of two real servers, each a shard, and into one server: the records
// are spread over both shards, every record is read once (FINAL and argMax through the
// Distributed tables), and the querier answers from the cluster what the in-memory engine
// answers (the parts built, every --by, filters, weeks) — so every version of a record
// reached one shard, and FINAL was done on each. A table rebuilt (a change of hours) is made
// again on both shards.
func TestClickHouseClusterParity(t *testing.T) {
	a, single, s := openShip(t)
	ctx := context.Background()
	cluster := chtest.SharedCluster(t)
	cdb, cs := openShipper(t, a, cluster.NewDatabase(t))
	cs.Batch = shipTestBatch
	writeOddities(t, a)
	writeCustomerOddities(t, a)
	mustShip(t, s)
	mustShip(t, cs)
	changeAfterShipping(t, a)
	mustShip(t, s)
	mustShip(t, cs)
	counts := sameCounts(t, a, cdb)
	// An insert returns once the shards have its rows (not queued on the node first), so a
	// position is never ahead of the rows: the setting reaches the server.
	var sync string
	if err := cdb.Conn().QueryRow(ctx, "SELECT value FROM system.settings WHERE name = 'insert_distributed_sync'").Scan(&sync); err != nil || sync != "1" {
		t.Errorf("insert_distributed_sync = %q (%v); want 1", sync, err)
	}

	// Both shards hold part of every large kind, and together the rows one server holds (one
	// per id: how many old versions a merge left differs from server to server).
	for _, kind := range []cx.Kind{cx.KindTickets, cx.KindResponses, cx.KindCustomers} {
		var one uint64
		if err := single.Conn().QueryRow(ctx, "SELECT count() FROM "+single.Name()+"."+string(kind)+" FINAL").Scan(&one); err != nil {
			t.Fatal(err)
		}
		var total uint64
		for i, shard := range cluster.Shards {
			n := localRows(t, shard, cdb.Name()+"."+string(kind)+"_local")
			if n == 0 || n == one {
				t.Errorf("%s: shard %d holds %d of %d rows; want a part", kind, i+1, n, one)
			}
			total += n
		}
		if total != one {
			t.Errorf("%s: the shards hold %d rows together; one server %d", kind, total, one)
		}
	}

	mem, err := a.EngineFor(ctx, "a test")
	if err != nil {
		t.Fatal(err)
	}
	chq := a.ClickHouseQuerier(cdb)
	// The single server's parity cases (TestClickHouseParity), on the shards.
	base, cases := parityCases(a.Config.Timezone)
	sameAnswers(t, mem, chq, cases)
	customers := base
	customers.By, customers.Parts = engine.BySegment, engine.PartCustomers|engine.PartModel
	t.Run("customers by segment", func(t *testing.T) {
		want, err := mem.Answer(ctx, customers)
		if err != nil {
			t.Fatal(err)
		}
		got, err := chq.Answer(ctx, customers)
		if err != nil {
			t.Fatal(err)
		}
		sameCustomerGroups(t, "period", got.Groups, want.Groups)
		sameCustomerGroups(t, "previous period", got.Previous, want.Previous)
	})

	t.Run("a table rebuilt on every shard", func(t *testing.T) {
		if err := cdb.Rebuild(ctx, cx.KindTickets); err != nil {
			t.Fatal(err)
		}
		for i, shard := range cluster.Shards {
			if n := localRows(t, shard, cdb.Name()+".tickets_local"); n != 0 {
				t.Errorf("shard %d holds %d tickets after the rebuild; want none", i+1, n)
			}
		}
		if got := mustShip(t, cs); got[cx.KindTickets] != counts[cx.KindTickets] {
			t.Errorf("shipped %d tickets again; want %d", got[cx.KindTickets], counts[cx.KindTickets])
		}
		sameCounts(t, a, cdb)
	})
}

// localRows counts the rows of a table on one server, one per id (deleted ones included).
func localRows(t *testing.T, shard *chtest.Server, table string) uint64 {
	t.Helper()
	return shard.Number(t, "SELECT count() FROM "+table+" FINAL")
}
