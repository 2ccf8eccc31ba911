package clickhouse

import (
	"context"
	"testing"

	"github.com/klantpuls/klantpuls/internal/cx"
	"github.com/klantpuls/klantpuls/internal/store/sqlite"
	"github.com/klantpuls/klantpuls/internal/store/sqlite/sqlitetest"
)

// shipStore is a real SQLite store the tests write their records into first, as the app does,
// so the answers' derivation reads their tickets and other answers there (Derive.Store).
type shipStore struct {
	*sqlite.Store
	derive *Derive
}

// newShipStore opens a new store and the office hours' Derive that reads it.
func newShipStore(t *testing.T) *shipStore {
	t.Helper()
	st, err := sqlite.Open(context.Background(), sqlitetest.New(t))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	d := *officeHours(t)
	d.Store = st
	return &shipStore{Store: st, derive: &d}
}

// put commits each record (a cx.Deletion deletes) in a transaction of its own and returns the
// changes with the numbers the store gave them; a deletion of a key not stored is no change.
func (s *shipStore) put(t *testing.T, recs ...cx.Record) []Change {
	t.Helper()
	ctx := context.Background()
	out := make([]Change, 0, len(recs))
	for _, r := range recs {
		tx, err := s.Begin(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if d, ok := r.(cx.Deletion); ok {
			if err = tx.Delete(d.Of, d.ID); cx.ErrorCode(err) == cx.ENOTFOUND {
				tx.Rollback()
				continue // nothing to delete: no change, as the engine does nothing with it
			}
		} else {
			err = tx.Put(r)
		}
		if err == nil {
			_, err = tx.Commit()
		}
		if err != nil {
			tx.Rollback()
			t.Fatalf("%s: %v", cx.String(r), err)
		}
		seq, err := s.LastSeq(ctx)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, Change{r, seq})
	}
	return out
}
