package sqlite

import (
	"context"
	"fmt"
	"reflect"
	"testing"

	"github.com/klantpuls/klantpuls/internal/cx"
)

// seqs returns the change number of every row of kind by key.
func seqs(t testing.TB, s *Store, kind cx.Kind) map[string]int64 {
	t.Helper()
	rows, err := s.read.Query("SELECT id, seq FROM " + string(kind))
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	got := map[string]int64{}
	for rows.Next() {
		var id string
		var seq int64
		if err := rows.Scan(&id, &seq); err != nil {
			t.Fatal(err)
		}
		got[id] = seq
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return got
}

func count(t testing.TB, s *Store, kind cx.Kind) int {
	t.Helper()
	n, err := s.Count(context.Background(), kind)
	if err != nil {
		t.Fatal(err)
	}
	return n
}

func ticket(id, agent string) *cx.Ticket {
	return &cx.Ticket{ID: id, CreatedAt: at(1, 9, 0), Agent: agent, Attrs: cx.Attrs{"a": "1"}}
}

func TestUpsert(t *testing.T) {
	tests := []struct {
		name        string
		first, then []cx.Record
		written     int
		want        []cx.Record
	}{
		{"a changed field replaces the row",
			[]cx.Record{ticket("T1", "Anouk")}, []cx.Record{ticket("T1", "Bas")},
			1, []cx.Record{ticket("T1", "Bas")}},
		{"a field becoming absent replaces the row",
			[]cx.Record{ticket("T1", "Anouk")}, []cx.Record{&cx.Ticket{ID: "T1", CreatedAt: at(1, 9, 0)}},
			1, []cx.Record{&cx.Ticket{ID: "T1", CreatedAt: at(1, 9, 0)}}},
		{"changed attrs replace the row",
			[]cx.Record{ticket("T1", "Anouk")},
			[]cx.Record{&cx.Ticket{ID: "T1", CreatedAt: at(1, 9, 0), Agent: "Anouk", Attrs: cx.Attrs{"a": "2"}}},
			1, []cx.Record{&cx.Ticket{ID: "T1", CreatedAt: at(1, 9, 0), Agent: "Anouk", Attrs: cx.Attrs{"a": "2"}}}},
		{"identical rows are not written",
			fullRecords(), fullRecords(), 0, fullRecords()},
		{"only the changed row of several is written",
			[]cx.Record{ticket("T1", "Anouk"), ticket("T2", "Anouk"), ticket("T3", "Anouk")},
			[]cx.Record{ticket("T1", "Anouk"), ticket("T2", "Bas"), ticket("T3", "Anouk")},
			1, []cx.Record{ticket("T1", "Anouk"), ticket("T2", "Bas"), ticket("T3", "Anouk")}},
		{"a key put twice in one transaction is written once, the later one winning",
			nil, []cx.Record{ticket("T1", "Anouk"), ticket("T1", "Bas")},
			1, []cx.Record{ticket("T1", "Bas")}},
		{"a review criterion differing only in case is the same row",
			[]cx.Record{&cx.Review{ReviewID: "V1", Criterion: "Toon", ReviewedAt: at(9, 16, 0), Agent: "Bas"}},
			[]cx.Record{&cx.Review{ReviewID: "V1", Criterion: " toon", ReviewedAt: at(9, 16, 0), Agent: "Bas", Rating: ptr(2)}},
			1, []cx.Record{&cx.Review{ReviewID: "V1", Criterion: " toon", ReviewedAt: at(9, 16, 0), Agent: "Bas", Rating: ptr(2)}}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s, _ := openTest(t)
			put(t, s, tc.first...)
			before := allSeqs(t, s)
			if got := put(t, s, tc.then...); got != tc.written {
				t.Errorf("written = %d, want %d", got, tc.written)
			}
			var got []cx.Record
			for _, kind := range cx.Kinds {
				got = append(got, streamAll(t, s, kind)...)
			}
			if !reflect.DeepEqual(got, tc.want) {
				t.Errorf("got  %+v\nwant %+v", got, tc.want)
			}
			// Exactly the written rows have a new change number, higher than any before.
			var highest int64
			for _, seq := range before {
				highest = max(highest, seq)
			}
			changed := 0
			for row, seq := range allSeqs(t, s) {
				if old, ok := before[row]; ok && seq == old {
					continue
				}
				changed++
				if seq <= highest {
					t.Errorf("%s: seq %d not above %d", row, seq, highest)
				}
			}
			if changed != tc.written {
				t.Errorf("%d rows have a new seq, want %d", changed, tc.written)
			}
		})
	}
}

// allSeqs returns the change number of every row by kind and key.
func allSeqs(t testing.TB, s *Store) map[string]int64 {
	all := map[string]int64{}
	for _, kind := range cx.Kinds {
		for id, seq := range seqs(t, s, kind) {
			all[string(kind)+" "+id] = seq
		}
	}
	return all
}

func TestRollback(t *testing.T) {
	s, _ := openTest(t)
	put(t, s, ticket("T0", "Anouk"))
	ctx := context.Background()
	tx, err := s.Begin(ctx)
	if err != nil {
		t.Fatal(err)
	}
	// Enough rows that some were already written to the database, not just buffered.
	for i := range 3*batchRows + 7 {
		if err := tx.Put(ticket(fmt.Sprintf("T%d", i+1), "Bas")); err != nil {
			t.Fatal(err)
		}
	}
	if err := tx.Put(ticket("T0", "Bas")); err != nil {
		t.Fatal(err)
	}
	if err := tx.Rollback(); err != nil {
		t.Fatal(err)
	}
	if err := tx.Rollback(); err != nil {
		t.Errorf("second rollback: %v", err)
	}
	if err := tx.Put(ticket("T9", "Bas")); err == nil {
		t.Error("Put after Rollback succeeded")
	}
	got := streamAll(t, s, cx.KindTickets)
	if want := []cx.Record{ticket("T0", "Anouk")}; !reflect.DeepEqual(got, want) {
		t.Errorf("after rollback got %+v, want %+v", got, want)
	}
	// The change numbers of the rolled back rows are handed out again; nothing refers to them.
	if n := put(t, s, ticket("T1", "Sanne")); n != 1 {
		t.Errorf("written after rollback = %d, want 1", n)
	}
	if got := seqs(t, s, cx.KindTickets)["T1"]; got != 2 {
		t.Errorf("seq after rollback = %d, want 2", got)
	}
}

func TestCommitEndsTheTransaction(t *testing.T) {
	s, _ := openTest(t)
	tx, err := s.Begin(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if err := tx.Put(ticket("T1", "Anouk")); err != nil {
		t.Fatal(err)
	}
	if _, err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
	if err := tx.Rollback(); err != nil {
		t.Errorf("rollback after commit: %v", err)
	}
	if _, err := tx.Commit(); err == nil {
		t.Error("second commit succeeded")
	}
	if n := count(t, s, cx.KindTickets); n != 1 {
		t.Errorf("count = %d, want 1", n)
	}
}

func TestManyBatches(t *testing.T) {
	s, _ := openTest(t)
	const n = 5*batchRows + 3
	var recs []cx.Record
	for i := range n {
		recs = append(recs, ticket(fmt.Sprintf("T%05d", n-i), "Anouk"))
	}
	// The first key again, batches later: the later values win and it keeps its place.
	recs = append(recs, ticket(recs[0].Key(), "Bas"))
	put(t, s, recs...)
	got := streamAll(t, s, cx.KindTickets)
	if len(got) != n {
		t.Fatalf("streamed %d, want %d", len(got), n)
	}
	for i, rec := range got {
		if rec.Key() != recs[i].Key() {
			t.Fatalf("row %d is %s, want %s", i, rec.Key(), recs[i].Key())
		}
	}
	if agent := got[0].(*cx.Ticket).Agent; agent != "Bas" {
		t.Errorf("first ticket's agent = %q, want the later Bas", agent)
	}
	if c := count(t, s, cx.KindTickets); c != n {
		t.Errorf("count = %d, want %d", c, n)
	}
	// Every row has its own change number.
	seen := map[int64]bool{}
	for _, seq := range seqs(t, s, cx.KindTickets) {
		if seen[seq] {
			t.Fatalf("seq %d twice", seq)
		}
		seen[seq] = true
	}
}

func TestPutRefuses(t *testing.T) {
	tests := []struct {
		name string
		rec  cx.Record
		code string
	}{
		{"a nil record", nil, cx.EINVALID},
		{"a nil ticket", (*cx.Ticket)(nil), cx.EINTERNAL},
		{"a record without a key", &cx.Ticket{CreatedAt: at(1, 9, 0)}, cx.EINVALID},
	}
	s, _ := openTest(t)
	tx, err := s.Begin(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback()
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if err := tx.Put(tc.rec); cx.ErrorCode(err) != tc.code {
				t.Errorf("err = %v, want code %s", err, tc.code)
			}
		})
	}
	// A refused record leaves the transaction usable.
	if err := tx.Put(ticket("T1", "Anouk")); err != nil {
		t.Fatal(err)
	}
	if res, err := tx.Commit(); err != nil || res.Written != 1 {
		t.Errorf("commit = %+v, %v; want 1 written", res, err)
	}
}

func TestFailedWriteLeavesNothing(t *testing.T) {
	s, _ := openTest(t)
	tx, err := s.Begin(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if err := tx.Put(ticket("T1", "Anouk")); err != nil {
		t.Fatal(err)
	}
	// created_at is required: the database refuses the row when the batch is written.
	if err := tx.Put(&cx.Ticket{ID: "T2"}); err != nil {
		t.Fatal(err)
	}
	if _, err := tx.Commit(); err == nil {
		t.Fatal("commit of a ticket without created_at succeeded")
	}
	if n := count(t, s, cx.KindTickets); n != 0 {
		t.Errorf("count = %d, want 0", n)
	}
	// The writer is free again.
	if n := put(t, s, ticket("T3", "Bas")); n != 1 {
		t.Errorf("written = %d, want 1", n)
	}
}
