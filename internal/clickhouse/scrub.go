package clickhouse

import (
	"context"
	"fmt"
	"time"

	ch "github.com/ClickHouse/clickhouse-go/v2"
	"github.com/ClickHouse/clickhouse-go/v2/lib/driver"

	"github.com/klantpuls/klantpuls/internal/cx"
)

// An erasure (app.Erase) stores the customer's records again under a pseudonym and deletes their
// row under the old id, which may be their e-mail address. Shipped, those are rows of their own:
// the old ones — the address as customer_id of orders, tickets, answers, events and reply
// samples, and as the id of the customer's row — stay in a ReplacingMergeTree until a merge
// takes them, which a small change may never bring, and in the copies made before (copies.go),
// which hold the rows up to their snapshots. So the shipper, once an erasure is shipped, asks
// Scrub to take them out.

// mutationWait bounds how long Scrub waits for the deletion of the customers' deletion rows.
const mutationWait = 10 * time.Minute

// Scrub leaves in the database no row that a later one of its id replaced, and no deletion row
// of a customer: every table is merged into one row per id (OPTIMIZE … FINAL, as Settle does,
// its copies made again of the merged rows and every other copy dropped), then the customers'
// deletion rows are deleted (ALTER TABLE … DELETE, a mutation, waited for): after the merge no
// older row is left for them to hide, and their id is the customer's old one. Both statements
// run on ClickHouse 18.16 and current releases. The caller is the shipper, between its passes:
// nothing is inserted meanwhile.
func (db *DB) Scrub(ctx context.Context) error {
	if db.cluster != "" {
		return db.scrubNodes(ctx)
	}
	for _, kind := range TableKinds() {
		if _, err := db.settle(ctx, kind, 0); err != nil {
			return err
		}
		if _, ok := layouts[kind]; !ok {
			continue
		}
		// The copy of the settled rows stays, the ones before go: they hold the old rows.
		marks, err := db.marksOf(ctx, copiedPrefix)
		if err != nil {
			return err
		}
		if err := db.dropCopies(ctx, kind, marks[0][kind]); err != nil {
			return err
		}
	}
	return dropDeletedCustomers(ctx, db.conn, db.name, string(cx.KindCustomers), db.Where())
}

// scrubNodes is Scrub on a cluster, which has no copies: on each node, its part of every table
// merged, then its customers' deletion rows deleted.
func (db *DB) scrubNodes(ctx context.Context) error {
	nodes, err := db.clusterNodes(ctx)
	if err != nil {
		return err
	}
	for _, n := range nodes {
		err := db.atNode(ctx, n, func(conn driver.Conn) error {
			for _, kind := range TableKinds() {
				if err := merge(ctx, conn, db.name+"."+string(kind)+localSuffix, n.addr); err != nil {
					return err
				}
			}
			return dropDeletedCustomers(ctx, conn, db.name, string(cx.KindCustomers)+localSuffix, n.addr)
		})
		if err != nil {
			return err
		}
	}
	return nil
}

// merge merges table into one row per id. One that cannot run now (another merge holds the
// parts) is an error, not a silent no-op.
func merge(ctx context.Context, conn driver.Conn, table, where string) error {
	merge := ch.Context(ctx, ch.WithSettings(ch.Settings{"optimize_throw_if_noop": 1}))
	if err := conn.Exec(merge, "OPTIMIZE TABLE "+table+" FINAL"); err != nil {
		return fmt.Errorf("clickhouse: unable to merge %s on %s: %w", table, where, err)
	}
	return nil
}

// dropDeletedCustomers deletes the deletion rows of the customers' table (database.table), merged
// just before, and waits until the mutation is done.
func dropDeletedCustomers(ctx context.Context, conn driver.Conn, database, table, where string) error {
	var n uint64
	if err := conn.QueryRow(ctx, "SELECT count() FROM "+database+"."+table+" WHERE deleted = 1").Scan(&n); err != nil {
		return fmt.Errorf("clickhouse: unable to count the deleted customers on %s: %w", where, err)
	}
	if n == 0 {
		return nil
	}
	if err := conn.Exec(ctx, "ALTER TABLE "+database+"."+table+" DELETE WHERE deleted = 1"); err != nil {
		return fmt.Errorf("clickhouse: unable to delete the deleted customers' rows on %s: %w", where, err)
	}
	deadline := time.Now().Add(mutationWait)
	for {
		var running uint64
		q := "SELECT count() FROM system.mutations WHERE database = ? AND table = ? AND is_done = 0"
		if err := conn.QueryRow(ctx, q, database, table).Scan(&running); err != nil {
			return fmt.Errorf("clickhouse: unable to read the mutations on %s: %w", where, err)
		}
		if running == 0 {
			return nil
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("clickhouse: the deletion of the deleted customers' rows on %s has not ended in %s (system.mutations)", where, mutationWait)
		}
		t := time.NewTimer(50 * time.Millisecond)
		select {
		case <-ctx.Done():
			t.Stop()
			return ctx.Err()
		case <-t.C:
		}
	}
}
