package storetest

import (
	"context"
	"maps"
	"testing"
	"time"

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

// testRecordsSeq: RecordsSeq finds records by key or by an indexed reference, each with the
// number of its last change; by key a deleted one comes as a deletion with its deletion's
// number, one stored again after its deletion as the record, and one never stored not at all.
func testRecordsSeq(t *testing.T, s store.Store) {
	recs, ok := s.(store.SeqRecords)
	if !ok {
		t.Fatal("the store does not look records up with their numbers (store.SeqRecords)")
	}
	at := time.Date(2026, 6, 1, 12, 0, 0, 0, time.UTC)
	answer := func(id, ticket string) *cx.Response {
		return &cx.Response{ID: id, Survey: cx.SurveyCSAT, Score: 4, SubmittedAt: at, TicketID: ticket}
	}
	Put(t, s, ticket("A", "Anouk"), ticket("B", "Anouk"), ticket("C", "Anouk"))
	Put(t, s, ticket("A", "Bram")) // A changes
	putA := lastSeq(t, s)
	deleteIn(t, s, cx.KindTickets, "B")
	goneB := lastSeq(t, s)
	deleteIn(t, s, cx.KindTickets, "C")
	Put(t, s, ticket("C", "Bram")) // C stored again
	putC := lastSeq(t, s)
	Put(t, s, answer("r1", "A"))
	putR1 := lastSeq(t, s)
	Put(t, s, answer("r2", "A"), answer("r3", "B"))
	Put(t, s, answer("r2", "C")) // r2 moves to C
	putR2 := lastSeq(t, s)
	read := func(kind cx.Kind, col string, values ...string) map[string]int64 {
		t.Helper()
		got := map[string]int64{}
		err := recs.RecordsSeq(context.Background(), kind, col, values, func(r cx.Record, seq int64) error {
			what := r.Key()
			if _, gone := r.(cx.Deletion); gone {
				what = "-" + what
			} else if tk, ok := r.(*cx.Ticket); ok {
				what += " " + tk.Agent
			}
			got[what] = seq
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		return got
	}
	want := map[string]int64{"A Bram": putA, "-B": goneB, "C Bram": putC}
	if got := read(cx.KindTickets, "id", "A", "B", "C", "D"); !maps.Equal(got, want) {
		t.Errorf("tickets A, B, C, D by id: %v; want %v (D never stored)", got, want)
	}
	want = map[string]int64{"r1": putR1, "r2": putR2}
	if got := read(cx.KindResponses, "ticket_id", "A", "C"); !maps.Equal(got, want) {
		t.Errorf("the answers of tickets A and C: %v; want %v", got, want)
	}
	if err := recs.RecordsSeq(context.Background(), cx.KindResponses, "comment; DROP TABLE responses", []string{"x"},
		func(cx.Record, int64) error { return nil }); err == nil {
		t.Error("a lookup by a column the table lacks: no error")
	}
}
