package postgres

import (
	"bytes"
	"context"
	"testing"
	"time"

	"github.com/klantpuls/klantpuls/internal/cx"
	"github.com/klantpuls/klantpuls/internal/pgtest"
	"github.com/klantpuls/klantpuls/internal/store/storetest"
)

// tableFile reads the file of a table of s's database (pgtest.TableFile).
func tableFile(t *testing.T, s *Store, table string) []byte {
	t.Helper()
	return pgtest.TableFile(t, s.pool.Config().ConnString(), table)
}

// TestScrubLeavesNoText: a name replaced by an erasure is still in the table's file as a dead
// row version, and after Scrub it is in no file of the table. It logs whether a plain VACUUM
// was enough (here it was: the update's dead version is overwritten as the page is compacted).
func TestScrubLeavesNoText(t *testing.T) {
	s, _ := openFresh(t)
	ctx := context.Background()
	name := "Ysolde Vandermeulen-Quist"
	at := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	storetest.Put(t, s, &cx.Customer{ID: "C1", AcquiredAt: at, Name: name}, &cx.Customer{ID: "C2", AcquiredAt: at, Name: "Bas"})
	if !bytes.Contains(tableFile(t, s, "customers"), []byte(name)) {
		t.Fatal("the name is not in the table's file to begin with: the test cannot see erasure")
	}
	storetest.Put(t, s, &cx.Customer{ID: "C1", AcquiredAt: at})
	if !bytes.Contains(tableFile(t, s, "customers"), []byte(name)) {
		t.Fatal("the replaced name is gone without a vacuum: the test's premise is wrong")
	}
	if _, err := s.pool.Exec(ctx, "VACUUM customers"); err != nil {
		t.Fatal(err)
	}
	t.Logf("after a plain VACUUM the erased name is in the table's file: %v", bytes.Contains(tableFile(t, s, "customers"), []byte(name)))
	did, err := s.Scrub(ctx, []cx.Kind{cx.KindCustomers})
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Contains(tableFile(t, s, "customers"), []byte(name)) {
		t.Errorf("after Scrub (%s) the erased name is still in the table's file", did)
	}
	if !bytes.Contains(tableFile(t, s, "customers"), []byte("Bas")) {
		t.Error("the other customer's name is gone too")
	}
}

// TestScrubAfterDeleting: a deleted row is in the file after a plain VACUUM when its space is
// the last one used on the page (vacuum compacts the rows left and marks the rest free without
// overwriting it: true on PostgreSQL 15, so Scrub uses VACUUM FULL); after Scrub it is gone.
func TestScrubAfterDeleting(t *testing.T) {
	s, _ := openFresh(t)
	ctx := context.Background()
	name := "Ysolde Vandermeulen-Quist"
	at := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	storetest.Put(t, s, &cx.Customer{ID: "C2", AcquiredAt: at, Name: "Bas"})
	storetest.Put(t, s, &cx.Customer{ID: "C1", AcquiredAt: at, Name: name})
	tx, err := s.Begin(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if err := tx.Delete(cx.KindCustomers, "C1"); err != nil {
		t.Fatal(err)
	}
	if _, err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
	if _, err := s.pool.Exec(ctx, "VACUUM customers"); err != nil {
		t.Fatal(err)
	}
	plain := bytes.Contains(tableFile(t, s, "customers"), []byte(name))
	t.Logf("after a plain VACUUM the deleted name is in the table's file: %v", plain)
	if _, err := s.Scrub(ctx, []cx.Kind{cx.KindCustomers}); err != nil {
		t.Fatal(err)
	}
	if bytes.Contains(tableFile(t, s, "customers"), []byte(name)) {
		t.Error("after Scrub the deleted name is still in the table's file")
	}
}
