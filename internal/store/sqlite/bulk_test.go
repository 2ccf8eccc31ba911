package sqlite

import (
	"context"
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/klantpuls/klantpuls/internal/cx"
	"github.com/klantpuls/klantpuls/internal/store/storetest"
)

// TestBulkWriteKeepsIndexes: a write past bulkRows drops a table's secondary indexes for speed
// and builds them again at commit; a rollback leaves them as they were.
func TestBulkWriteKeepsIndexes(t *testing.T) {
	ctx := context.Background()
	s, _ := openTest(t)
	indexes := func() []string {
		rows, err := s.read.QueryContext(ctx, "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'responses' AND sql IS NOT NULL")
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		var out []string
		for rows.Next() {
			var n string
			rows.Scan(&n)
			out = append(out, n)
		}
		slices.Sort(out)
		return out
	}
	before := indexes()
	if len(before) < 3 {
		t.Fatalf("responses has indexes %v", before)
	}
	write := func(commit bool) {
		at := time.Date(2026, 3, 2, 10, 0, 0, 0, time.UTC)
		storetest.Write(t, s, bulkRows+500, func(i int) cx.Record {
			return &cx.Response{ID: fmt.Sprintf("R%d-%v", i, commit), Survey: "nps", Score: i % 11, SubmittedAt: at,
				CustomerID: fmt.Sprintf("C%d", i%97)}
		}, commit)
	}
	write(false)
	if got := indexes(); !slices.Equal(got, before) {
		t.Errorf("after a rolled-back bulk write: %v, want %v", got, before)
	}
	write(true)
	if got := indexes(); !slices.Equal(got, before) {
		t.Errorf("after a bulk write: %v, want %v", got, before)
	}
	// The indexes were sorted through temporary files; the statement journals of the next
	// write are kept in memory again (temp_store 2).
	// The build's smaller page cache and its helper threads are the build's alone: the next
	// write has the connection's cache again (writeOptions) and no helpers.
	for _, p := range []struct{ pragma, want string }{
		{"temp_store", "2"}, {"cache_size", "-32768"}, {"threads", "0"},
	} {
		var got string
		if err := s.write.QueryRow("PRAGMA " + p.pragma).Scan(&got); err != nil || got != p.want {
			t.Errorf("%s after a bulk write: %q, %v; want %s", p.pragma, got, err, p.want)
		}
	}
	// The rebuilt index answers: C5's answers are found by customer.
	got, err := s.CustomerRecords(ctx, "C5")
	if err != nil || len(got.Responses) != (bulkRows+500+91)/97 {
		t.Errorf("C5 has %d answers, %v", len(got.Responses), err)
	}
}

// TestChangesFoundByTheirIndex: following changes (store.Changes) finds the rows above a change
// number by the index on seq of each record table, not by reading the table: at 26M records a
// report's catch-up on one ticket read every table (5 s).
func TestChangesFoundByTheirIndex(t *testing.T) {
	s, _ := openTest(t)
	for _, kind := range cx.Kinds {
		table := string(kind)
		rows, err := s.read.Query("EXPLAIN QUERY PLAN "+dialect.SQL(dialect.Changes(table, "id")), 5, 9)
		if err != nil {
			t.Fatal(err)
		}
		var plan []string
		for rows.Next() {
			var id, parent, unused int
			var detail string
			rows.Scan(&id, &parent, &unused, &detail)
			plan = append(plan, detail)
		}
		rows.Close()
		if want := "SEARCH " + table + " USING INDEX " + seqIndex(table) + " (seq>? AND seq<?)"; !slices.Contains(plan, want) {
			t.Errorf("%s: the changes are read by %q, want %q", kind, plan, want)
		}
	}
}
