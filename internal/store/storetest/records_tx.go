package storetest

import (
	"context"
	"fmt"
	"reflect"
	"slices"
	"testing"
	"time"

	"github.com/klantpuls/klantpuls/internal/cx"
	"github.com/klantpuls/klantpuls/internal/store"
)

func ticket(id, agent string) *cx.Ticket {
	return &cx.Ticket{ID: id, CreatedAt: on(1, 9, 0), Agent: agent, Attrs: cx.Attrs{"a": "1"}}
}

// answer is the answer R1 with score, its comment replied to at replied (not, when zero).
func answer(score int, replied time.Time) *cx.Response {
	return &cx.Response{ID: "R1", Survey: cx.SurveyNPS, Score: score, SubmittedAt: on(5, 14, 0),
		Comment: "Nooit meer", RepliedAt: replied}
}

// mention is the mention N1, replied to at replied (not, when zero).
func mention(replied time.Time) *cx.Mention {
	return &cx.Mention{ID: "N1", Source: "X", At: on(7, 20, 0), Text: "Waar blijft mijn pakket?", RepliedAt: replied}
}

func testUpsert(t *testing.T, open func(t *testing.T) store.Store) {
	var none time.Time // no replied_at given
	// replaced is written by hand: of the written rows, those whose key was stored already.
	tests := []struct {
		name              string
		first, then       []cx.Record
		written, replaced int
		want              []cx.Record
	}{
		{"a changed field replaces the row",
			[]cx.Record{ticket("T1", "Anouk")}, []cx.Record{ticket("T1", "Bas")},
			1, 1, []cx.Record{ticket("T1", "Bas")}},
		{"a field becoming absent replaces the row",
			[]cx.Record{ticket("T1", "Anouk")}, []cx.Record{&cx.Ticket{ID: "T1", CreatedAt: on(1, 9, 0)}},
			1, 1, []cx.Record{&cx.Ticket{ID: "T1", CreatedAt: on(1, 9, 0)}}},
		{"changed attrs replace the row",
			[]cx.Record{ticket("T1", "Anouk")},
			[]cx.Record{&cx.Ticket{ID: "T1", CreatedAt: on(1, 9, 0), Agent: "Anouk", Attrs: cx.Attrs{"a": "2"}}},
			1, 1, []cx.Record{&cx.Ticket{ID: "T1", CreatedAt: on(1, 9, 0), Agent: "Anouk", Attrs: cx.Attrs{"a": "2"}}}},
		{"identical rows are not written",
			FullRecords(), FullRecords(), 0, 0, FullRecords()},
		{"only the changed row of several is written",
			[]cx.Record{ticket("T1", "Anouk"), ticket("T2", "Anouk"), ticket("T3", "Anouk")},
			[]cx.Record{ticket("T1", "Anouk"), ticket("T2", "Bas"), ticket("T3", "Anouk")},
			1, 1, []cx.Record{ticket("T1", "Anouk"), ticket("T2", "Bas"), ticket("T3", "Anouk")}},
		{"new keys beside a replaced one",
			[]cx.Record{ticket("T1", "Anouk")},
			[]cx.Record{ticket("T2", "Bas"), ticket("T1", "Bas"), &cx.Event{ID: "E1", CustomerID: "C1", Kind: "training", At: on(2, 9, 0)}},
			3, 1, []cx.Record{ticket("T1", "Bas"), ticket("T2", "Bas"), &cx.Event{ID: "E1", CustomerID: "C1", Kind: "training", At: on(2, 9, 0)}}},
		{"a key put twice in one transaction is written once, the later one winning",
			nil, []cx.Record{ticket("T1", "Anouk"), ticket("T1", "Bas")},
			1, 0, []cx.Record{ticket("T1", "Bas")}},
		{"a review criterion differing only in case is the same row",
			[]cx.Record{&cx.Review{ReviewID: "V1", Criterion: "Toon", ReviewedAt: on(9, 16, 0), Agent: "Bas"}},
			[]cx.Record{&cx.Review{ReviewID: "V1", Criterion: " toon", ReviewedAt: on(9, 16, 0), Agent: "Bas", Rating: ref(2)}},
			1, 1, []cx.Record{&cx.Review{ReviewID: "V1", Criterion: " toon", ReviewedAt: on(9, 16, 0), Agent: "Bas", Rating: ref(2)}}},
		// The team's reply is set in klantpuls; the survey tool's file, imported again, has none.
		{"an answer put again without its reply keeps the reply",
			[]cx.Record{answer(2, on(6, 9, 0))}, []cx.Record{answer(2, none)},
			0, 0, []cx.Record{answer(2, on(6, 9, 0))}},
		{"a mention put again without its reply keeps the reply",
			[]cx.Record{mention(on(8, 8, 0))}, []cx.Record{mention(none)},
			0, 0, []cx.Record{mention(on(8, 8, 0))}},
		{"a changed answer without its reply keeps the reply",
			[]cx.Record{answer(2, on(6, 9, 0))}, []cx.Record{answer(3, none)},
			1, 1, []cx.Record{answer(3, on(6, 9, 0))}},
		{"a reply at another time replaces the reply",
			[]cx.Record{answer(2, on(6, 9, 0))}, []cx.Record{answer(2, on(6, 10, 0))},
			1, 1, []cx.Record{answer(2, on(6, 10, 0))}},
		{"a key put twice in one transaction keeps the reply the first put gave",
			nil, []cx.Record{answer(2, on(6, 9, 0)), answer(3, none)},
			1, 0, []cx.Record{answer(3, on(6, 9, 0))}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s := open(t)
			Put(t, s, tc.first...)
			mark := lastSeq(t, s)
			res := commit(t, s, tc.then...)
			if res.Written != tc.written || res.Replaced != tc.replaced {
				t.Errorf("written %d, replaced %d; want %d, %d", res.Written, res.Replaced, tc.written, tc.replaced)
			}
			// The commit's own change numbers are (Begun, Last]: a server that applied them
			// moves its follower's number there without reading them back.
			if now := lastSeq(t, s); res.Begun != mark || res.Last != now {
				t.Errorf("result numbers (%d, %d], want (%d, %d]", res.Begun, res.Last, mark, now)
			}
			if got := everything(t, s); !reflect.DeepEqual(got, tc.want) {
				t.Errorf("got  %+v\nwant %+v", got, tc.want)
			}
			// Exactly the written rows carry a change number above the mark; the unchanged ones
			// keep theirs, so a follower is not sent them again.
			changed, highest := changedSince(t, s, mark)
			if len(changed) != tc.written {
				t.Errorf("changes after %d: %v, want %d", mark, changed, tc.written)
			}
			if now := lastSeq(t, s); highest > now || (tc.written > 0) != (highest > mark) {
				t.Errorf("highest change %d, mark %d, last seq %d", highest, mark, now)
			}
		})
	}
}

// testReplacedAcrossBatches: an import of manyRows tickets, every third of them stored before
// with another agent, spans several batches of either store (and, on PostgreSQL, a table that
// was not empty); replaced counts exactly the stored ones.
func testReplacedAcrossBatches(t *testing.T, s store.Store) {
	var before, after []cx.Record
	for i := range manyRows {
		id := fmt.Sprintf("T%05d", i)
		if i%3 == 0 {
			before = append(before, ticket(id, "Anouk"))
		}
		after = append(after, ticket(id, "Bas"))
	}
	if res := commit(t, s, before...); res.Written != len(before) || res.Replaced != 0 {
		t.Fatalf("first import: written %d, replaced %d; want %d, 0", res.Written, res.Replaced, len(before))
	}
	// 12,007 tickets, of which 0, 3, …, 12,006 were stored: 4,003 replaced.
	if res := commit(t, s, after...); res.Written != manyRows || res.Replaced != 4003 {
		t.Errorf("second import: written %d, replaced %d; want %d, 4003", res.Written, res.Replaced, manyRows)
	}
	// The same file again changes nothing, so it replaces nothing.
	if res := commit(t, s, after...); res.Written != 0 || res.Replaced != 0 {
		t.Errorf("the same import again: written %d, replaced %d; want 0, 0", res.Written, res.Replaced)
	}
}

// testRepliesKept: a file of manyRows answers, every seventh replied to in klantpuls, imported
// again as the survey tool exports it (no replied_at) spans several batches of either store,
// and changes nothing; the replies stay. Only a deletion and a new put clear one.
func testRepliesKept(t *testing.T, s store.Store) {
	var replied, exported []cx.Record
	for i := range manyRows {
		r := &cx.Response{ID: fmt.Sprintf("R%05d", i), Survey: cx.SurveyNPS, Score: i % 11,
			SubmittedAt: on(5, 14, 0), Comment: "Nooit meer"}
		exported = append(exported, r)
		if i%7 == 0 {
			with := *r
			with.RepliedAt = on(6, 9, 0)
			r = &with
		}
		replied = append(replied, r)
	}
	Put(t, s, replied...)
	if res := commit(t, s, exported...); res.Written != 0 || res.Replaced != 0 {
		t.Errorf("the file again without replies: written %d, replaced %d; want 0, 0", res.Written, res.Replaced)
	}
	if got := StreamAll(t, s, cx.KindResponses); !reflect.DeepEqual(got, replied) {
		t.Errorf("the replies are not all kept: %d answers", len(got))
	}
	tx, err := s.Begin(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback()
	if err := tx.Delete(cx.KindResponses, "R00000"); err != nil {
		t.Fatal(err)
	}
	if err := tx.Put(exported[0]); err != nil {
		t.Fatal(err)
	}
	if _, err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
	if got := StreamAll(t, s, cx.KindResponses); !reflect.DeepEqual(got[len(got)-1], exported[0]) {
		t.Errorf("R00000 deleted and put without a reply: %+v", got[len(got)-1])
	}
}

func testRollback(t *testing.T, s store.Store) {
	Put(t, s, ticket("T0", "Anouk"))
	seq := lastSeq(t, s)
	tx, err := s.Begin(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	// Enough rows that some were already written to the database, not just buffered.
	for i := range manyRows {
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
	if _, err := tx.Commit(); err == nil {
		t.Error("Commit after Rollback succeeded")
	}
	got := StreamAll(t, s, cx.KindTickets)
	if want := []cx.Record{ticket("T0", "Anouk")}; !reflect.DeepEqual(got, want) {
		t.Errorf("after rollback got %+v, want %+v", got, want)
	}
	if got := lastSeq(t, s); got != seq {
		t.Errorf("last seq after rollback = %d, want %d", got, seq)
	}
	if n := Put(t, s, ticket("T1", "Sanne")); n != 1 {
		t.Errorf("written after rollback = %d, want 1", n)
	}
}

func testCommitEnds(t *testing.T, s store.Store) {
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
	if err := tx.Put(ticket("T2", "Anouk")); err == nil {
		t.Error("Put after Commit succeeded")
	}
	if n := countOf(t, s, cx.KindTickets); n != 1 {
		t.Errorf("count = %d, want 1", n)
	}
}

func testManyBatches(t *testing.T, s store.Store) {
	const n = manyRows
	var recs []cx.Record
	for i := range n {
		recs = append(recs, ticket(fmt.Sprintf("T%05d", n-i), "Anouk"))
	}
	// The first key again, batches later: the later values win and it keeps its place.
	recs = append(recs, ticket(recs[0].Key(), "Bas"))
	Put(t, s, recs...)
	got := StreamAll(t, s, cx.KindTickets)
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
	if c := countOf(t, s, cx.KindTickets); c != n {
		t.Errorf("count = %d, want %d", c, n)
	}
	// Every row is one change, in the order it was last written: the first key's update came
	// last.
	var order []string
	_, err := s.Changes(context.Background(), cx.KindTickets, 0, func(rec cx.Record) error {
		order = append(order, rec.Key())
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	var want []string
	for _, rec := range append(recs[1:n:n], recs[0]) {
		want = append(want, rec.Key())
	}
	if !slices.Equal(order, want) {
		t.Errorf("%d changes, want %d in the order of their last write", len(order), len(want))
	}
}

func testPutRefuses(t *testing.T, s store.Store) {
	tests := []struct {
		name string
		rec  cx.Record
		code string
	}{
		{"a nil record", nil, cx.EINVALID},
		{"a nil ticket", (*cx.Ticket)(nil), cx.EINTERNAL},
		{"a record without a key", &cx.Ticket{CreatedAt: on(1, 9, 0)}, cx.EINVALID},
	}
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

func testFailedWrite(t *testing.T, s store.Store) {
	seq := lastSeq(t, s)
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
	if n := countOf(t, s, cx.KindTickets); n != 0 {
		t.Errorf("count = %d, want 0", n)
	}
	if got := lastSeq(t, s); got != seq {
		t.Errorf("last seq = %d, want %d", got, seq)
	}
	// The writer is free again.
	if n := Put(t, s, ticket("T3", "Bas")); n != 1 {
		t.Errorf("written = %d, want 1", n)
	}
}

// testWritersTakeTurns: a second Begin waits while a transaction is open (here until its
// context ends), so change numbers are committed in order.
func testWritersTakeTurns(t *testing.T, s store.Store) {
	ctx := context.Background()
	first, err := s.Begin(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer first.Rollback()
	if err := first.Put(ticket("T1", "Anouk")); err != nil {
		t.Fatal(err)
	}
	waiting, cancel := context.WithTimeout(ctx, 200*time.Millisecond)
	defer cancel()
	if second, err := s.Begin(waiting); err == nil {
		second.Rollback()
		t.Fatal("a second transaction began while the first was open")
	}
	if _, err := first.Commit(); err != nil {
		t.Fatal(err)
	}
	if n := Put(t, s, ticket("T1", "Bas")); n != 1 {
		t.Errorf("written after the first committed = %d, want 1", n)
	}
}

func testCustomerRecords(t *testing.T, s store.Store) {
	at := on(2, 10, 0)
	rating := 4
	Put(t, s,
		&cx.Customer{ID: "C1", AcquiredAt: at},
		&cx.Order{ID: "O1", CustomerID: "C1", OrderedAt: at, Amount: 10},
		&cx.Order{ID: "O2", CustomerID: "C2", OrderedAt: at, Amount: 20},
		&cx.Ticket{ID: "T1", CreatedAt: at, CustomerID: "C1"},
		&cx.Ticket{ID: "T2", CreatedAt: at, CustomerID: "C2"},
		&cx.Response{ID: "R1", Survey: "nps", Score: 9, SubmittedAt: at, CustomerID: "C1"},
		&cx.Response{ID: "R2", Survey: "csat", Score: 5, SubmittedAt: at, TicketID: "T1"}, // about C1's ticket
		&cx.Response{ID: "R3", Survey: "csat", Score: 5, SubmittedAt: at, TicketID: "T2"},
		&cx.Review{ReviewID: "Q1", Criterion: "Toon", ReviewedAt: at, Agent: "Anna", TicketID: "T1", Rating: &rating},
		&cx.Review{ReviewID: "Q2", Criterion: "Toon", ReviewedAt: at, Agent: "Anna", TicketID: "T2", Rating: &rating},
	)
	ctx := context.Background()
	got, err := s.CustomerRecords(ctx, "C1")
	if err != nil {
		t.Fatal(err)
	}
	want := &store.CustomerRecords{
		Customer:  &cx.Customer{ID: "C1", AcquiredAt: at},
		Orders:    []cx.Order{{ID: "O1", CustomerID: "C1", OrderedAt: at, Amount: 10}},
		Tickets:   []cx.Ticket{{ID: "T1", CreatedAt: at, CustomerID: "C1"}},
		Responses: []cx.Response{{ID: "R1", Survey: "nps", Score: 9, SubmittedAt: at, CustomerID: "C1"}, {ID: "R2", Survey: "csat", Score: 5, SubmittedAt: at, TicketID: "T1"}},
		Reviews:   []cx.Review{{ReviewID: "Q1", Criterion: "Toon", ReviewedAt: at, Agent: "Anna", TicketID: "T1", Rating: &rating}},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("C1's records:\ngot  %+v\nwant %+v", got, want)
	}
	// C2 has no customer row but other records name it.
	if got, err := s.CustomerRecords(ctx, "C2"); err != nil || got.Customer != nil || len(got.Orders) != 1 ||
		len(got.Tickets) != 1 || len(got.Responses) != 1 || len(got.Reviews) != 1 {
		t.Errorf("C2: %+v %v", got, err)
	}
	if _, err := s.CustomerRecords(ctx, "nobody"); cx.ErrorCode(err) != cx.ENOTFOUND {
		t.Errorf("unknown customer: %v, want not found", err)
	}
}

func testChanges(t *testing.T, s store.Store) {
	ctx := context.Background()
	if seq := lastSeq(t, s); seq != 0 {
		t.Errorf("last seq of an empty store = %d, want 0", seq)
	}
	at := on(2, 10, 0)
	Put(t, s, &cx.Ticket{ID: "A", CreatedAt: at}, &cx.Ticket{ID: "B", CreatedAt: at})
	mark := lastSeq(t, s)
	if mark == 0 {
		t.Fatal("last seq 0 after a write")
	}
	Put(t, s, &cx.Ticket{ID: "B", CreatedAt: at, Channel: "chat"}, &cx.Ticket{ID: "C", CreatedAt: at},
		&cx.Customer{ID: "K", AcquiredAt: at})
	Put(t, s, &cx.Ticket{ID: "A", CreatedAt: at}) // unchanged: no new change
	var got []string
	last, err := s.Changes(ctx, cx.KindTickets, mark, func(r cx.Record) error {
		got = append(got, r.Key())
		return nil
	})
	if err != nil || !reflect.DeepEqual(got, []string{"B", "C"}) {
		t.Fatalf("changes after %d: %v %v, want [B C]", mark, got, err)
	}
	if now := lastSeq(t, s); last > now || last <= mark {
		t.Errorf("last %d, mark %d, store %d", last, mark, now)
	}
	again, err := s.Changes(ctx, cx.KindTickets, last, func(cx.Record) error {
		t.Error("a change twice")
		return nil
	})
	if err != nil || again != last {
		t.Errorf("nothing new: %d %v, want %d", again, err, last)
	}
	all, highest := changedSince(t, s, 0)
	if want := []string{"customers K", "tickets A", "tickets B", "tickets C"}; !reflect.DeepEqual(all, want) || highest > lastSeq(t, s) {
		t.Errorf("changes since 0: %v up to %d, want %v up to at most the last seq", all, highest, want)
	}
}
