package storetest

import (
	"context"
	"testing"

	"github.com/klantpuls/klantpuls/internal/cx"
	"github.com/klantpuls/klantpuls/internal/store"
)

// testChangesSeq: ChangesSeq hands each change the number it was written under — a put's
// commit, a deletion's commit — in rising order, as the ClickHouse shipper keeps them.
func testChangesSeq(t *testing.T, s store.Store) {
	seqs, ok := s.(store.SeqChanges)
	if !ok {
		t.Fatal("the store does not tell its changes' numbers (store.SeqChanges)")
	}
	mark := lastSeq(t, s)
	Put(t, s, ticket("A", "Anouk"))
	putA := lastSeq(t, s)
	Put(t, s, ticket("B", "Anouk"))
	putB := lastSeq(t, s)
	deleteIn(t, s, cx.KindTickets, "A")
	goneA := lastSeq(t, s)
	type change struct {
		what string
		seq  int64
	}
	var got []change
	last, err := seqs.ChangesSeq(context.Background(), cx.KindTickets, mark, func(r cx.Record, seq int64) error {
		what := "put " + r.Key()
		if _, gone := r.(cx.Deletion); gone {
			what = "delete " + r.Key()
		}
		got = append(got, change{what, seq})
		return nil
	})
	want := []change{{"put B", putB}, {"delete A", goneA}}
	if err != nil || last != goneA || len(got) != len(want) || got[0] != want[0] || got[1] != want[1] {
		t.Errorf("changes %v up to %d, %v; want %v up to %d (A's put at %d is superseded)", got, last, err, want, goneA, putA)
	}
}
