package sqlite

import (
	"context"
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/klantpuls/klantpuls/internal/cx"
)

// TestBulkWriteKeepsIndexes: a write past bulkRows drops a table's secondary indexes for speed
// and builds them again at commit; a rollback leaves them as they were.
func TestBulkWriteKeepsIndexes(t *testing.T) {
	s, _ := openTest(t)
	ctx := context.Background()
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
		tx, err := s.Begin(ctx)
		if err != nil {
			t.Fatal(err)
		}
		at := time.Date(2026, 3, 2, 10, 0, 0, 0, time.UTC)
		for i := range bulkRows + 500 {
			r := &cx.Response{ID: fmt.Sprintf("R%d-%v", i, commit), Survey: "nps", Score: i % 11, SubmittedAt: at, CustomerID: fmt.Sprintf("C%d", i%97)}
			if err := tx.Put(r); err != nil {
				t.Fatal(err)
			}
		}
		if commit {
			if _, err := tx.Commit(); err != nil {
				t.Fatal(err)
			}
		} else if err := tx.Rollback(); err != nil {
			t.Fatal(err)
		}
	}
	write(false)
	if got := indexes(); !slices.Equal(got, before) {
		t.Errorf("after a rolled-back bulk write: %v, want %v", got, before)
	}
	write(true)
	if got := indexes(); !slices.Equal(got, before) {
		t.Errorf("after a bulk write: %v, want %v", got, before)
	}
	// The rebuilt index answers: C5's answers are found by customer.
	got, err := s.CustomerRecords(ctx, "C5")
	if err != nil || len(got.Responses) != (bulkRows+500+91)/97 {
		t.Errorf("C5 has %d answers, %v", len(got.Responses), err)
	}
}
