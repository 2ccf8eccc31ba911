package storetest

import (
	"context"
	"errors"
	"reflect"
	"testing"
	"time"

	"github.com/klantpuls/klantpuls/internal/cx"
	"github.com/klantpuls/klantpuls/internal/store"
)

// Records runs the contract of store.Store and store.Tx. open returns a new, empty store, closed
// when the test ends, and a function that opens another store on the same database, as a
// restarted process or a second node would.
func Records(t *testing.T, open func(t *testing.T) (store.Store, func(t *testing.T) store.Store)) {
	fresh := func(t *testing.T) store.Store {
		s, _ := open(t)
		return s
	}
	tests := []struct {
		name string
		test func(*testing.T, store.Store)
	}{
		{"round trip", testRoundTrip},
		{"instants come back in UTC", testInstantsInUTC},
		{"stream keeps first-insertion order", testStreamOrder},
		{"parts read in turn give the stream", testParts},
		{"stream errors", testStreamErrors},
		{"rollback", testRollback},
		{"commit ends the transaction", testCommitEnds},
		{"many batches", testManyBatches},
		{"replaced across batches", testReplacedAcrossBatches},
		{"replies kept across batches", testRepliesKept},
		{"put refuses", testPutRefuses},
		{"a failed write leaves nothing", testFailedWrite},
		{"writers take turns", testWritersTakeTurns},
		{"customer records", testCustomerRecords},
		{"changes", testChanges},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) { tt.test(t, fresh(t)) })
	}
	t.Run("upsert", func(t *testing.T) { testUpsert(t, fresh) })
	t.Run("a second open sees the records", func(t *testing.T) { testReopenSeesRecords(t, open) })
	t.Run("a follower misses nothing", func(t *testing.T) { testFollowerMissesNothing(t, open) })
	t.Run("get in a transaction", func(t *testing.T) { testGet(t, open) })
	t.Run("deletions", func(t *testing.T) { Deletions(t, fresh) })
}

// manyRows is more than a batch of either store (SQLite writes 256 rows at a time,
// PostgreSQL 10,000), so some rows reach the database before Commit.
const manyRows = 12_007

// on is an instant in March 2026, UTC, as the stores return instants.
func on(day, hour, minute int) time.Time {
	return time.Date(2026, time.March, day, hour, minute, 0, 0, time.UTC)
}

func ref[T any](v T) *T { return &v }

// FullRecords sets every field of every kind, zero-ish numbers included, so a swapped or
// dropped column shows.
func FullRecords() []cx.Record {
	attrs := cx.Attrs{"regio": "Noord", "bron": "webshop", "opmerking": `"aanhalingstekens" en é`}
	return []cx.Record{
		&cx.Customer{ID: "C1", AcquiredAt: on(1, 9, 0), Name: "Bakkerij de Vries",
			Email: "info@devries.nl", Segment: "MKB", ChurnedAt: on(20, 12, 0), ReferredBy: "C0",
			Attrs: attrs},
		// A refund that came in dollars: negative, converted, the original kept.
		&cx.Order{ID: "O1", CustomerID: "C1", OrderedAt: on(2, 10, 15), Amount: -119.55,
			GrossMargin: ref(0.0), RefundOf: "O0", Currency: "USD", OriginalAmount: ref(-129.95),
			Attrs: attrs},
		&cx.Ticket{ID: "T1", CreatedAt: on(3, 8, 0), CustomerID: "C1", Channel: "E-mail",
			Team: "Service", Agent: "Anouk", Category: "Levering", Complaint: true,
			Direction: cx.Inbound, FirstReplyAt: on(3, 9, 30), FirstSolvedAt: on(3, 11, 0),
			SolvedAt: on(4, 10, 0), Reopens: ref(1), AgentReplies: ref(3), WaitSeconds: ref(42.5),
			HandleSeconds: ref(0.0), Transfers: ref(0), Attrs: attrs},
		&cx.Message{ID: "M1", TicketID: "T1", At: on(3, 9, 30), Author: cx.AuthorAgent,
			Agent: "Anouk", Attrs: attrs},
		&cx.Response{ID: "R1", Survey: cx.SurveyNPS, Score: 0, SubmittedAt: on(5, 14, 0),
			CustomerID: "C1", TicketID: "T1", Channel: "E-mail", Team: "Service", Agent: "Anouk",
			Comment: "Snel geholpen, dank!", Language: "nl", RepliedAt: on(6, 9, 0), Scale: "0-10",
			Attrs: attrs, Sentiment: ref(0.75)},
		&cx.Mention{ID: "N1", Source: "Trustpilot", At: on(7, 20, 45), Text: "Prima service",
			Author: "Jan", URL: "https://example.nl/r/1", RepliedAt: on(8, 8, 0), Attrs: attrs,
			Sentiment: ref(-0.0625)},
		&cx.Review{ReviewID: "V1", Criterion: "Toon", ReviewedAt: on(9, 16, 0), Agent: "Anouk",
			TicketID: "T1", Reviewer: "Sanne", Rating: ref(0), Attrs: attrs},
		&cx.Event{ID: "E1", CustomerID: "C1", Kind: "loyalty_join", At: on(10, 11, 0),
			Attrs: attrs},
	}
}

// MinimalRecords sets only what data.md requires; everything else must come back absent.
func MinimalRecords() []cx.Record {
	return []cx.Record{
		&cx.Customer{ID: "C2", AcquiredAt: on(1, 9, 0)},
		&cx.Order{ID: "O2", CustomerID: "C2", OrderedAt: on(2, 10, 0), Amount: 10},
		&cx.Ticket{ID: "T2", CreatedAt: on(3, 8, 0)},
		&cx.Message{ID: "M2", TicketID: "T2", At: on(3, 8, 5), Author: cx.AuthorCustomer},
		&cx.Response{ID: "R2", Survey: cx.SurveyCSAT, Score: 4, SubmittedAt: on(5, 14, 0)},
		&cx.Mention{ID: "N2", Source: "X", At: on(7, 20, 0), Text: "Waar blijft mijn pakket?"},
		&cx.Review{ReviewID: "V2", Criterion: "Oplossing", ReviewedAt: on(9, 16, 0), Agent: "Bas"},
		&cx.Event{ID: "E2", CustomerID: "C2", Kind: "training", At: on(10, 11, 0)},
	}
}

// Put stores recs in one transaction and returns how many rows it wrote.
func Put(t testing.TB, s store.Store, recs ...cx.Record) int {
	t.Helper()
	return commit(t, s, recs...).Written
}

// commit puts recs in one transaction and returns its result.
func commit(t testing.TB, s store.Store, recs ...cx.Record) store.Result {
	t.Helper()
	tx, err := s.Begin(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback()
	for _, rec := range recs {
		if err := tx.Put(rec); err != nil {
			t.Fatal(err)
		}
	}
	res, err := tx.Commit()
	if err != nil {
		t.Fatal(err)
	}
	return res
}

// StreamAll returns every stored record of kind, in Stream's order.
func StreamAll(t testing.TB, s store.Store, kind cx.Kind) []cx.Record {
	t.Helper()
	var got []cx.Record
	err := s.Stream(context.Background(), kind, func(rec cx.Record) error {
		got = append(got, rec)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return got
}

// everything returns every stored record, kind after kind.
func everything(t testing.TB, s store.Store) []cx.Record {
	t.Helper()
	var all []cx.Record
	for _, kind := range cx.Kinds {
		all = append(all, StreamAll(t, s, kind)...)
	}
	return all
}

func countOf(t testing.TB, s store.Store, kind cx.Kind) int {
	t.Helper()
	n, err := s.Count(context.Background(), kind)
	if err != nil {
		t.Fatal(err)
	}
	return n
}

func lastSeq(t testing.TB, s store.Store) int64 {
	t.Helper()
	seq, err := s.LastSeq(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return seq
}

// changedSince returns the kind and key of every record written after seq, and the highest
// change number Changes reported.
func changedSince(t testing.TB, s store.Store, seq int64) ([]string, int64) {
	t.Helper()
	var keys []string
	highest := seq
	for _, kind := range cx.Kinds {
		last, err := s.Changes(context.Background(), kind, seq, func(rec cx.Record) error {
			keys = append(keys, string(kind)+" "+rec.Key())
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		highest = max(highest, last)
	}
	return keys, highest
}

func testRoundTrip(t *testing.T, s store.Store) {
	type roundTrip struct {
		name string
		rec  cx.Record
	}
	var cases []roundTrip
	for _, rec := range FullRecords() {
		cases = append(cases, roundTrip{"every field of " + string(rec.RecordKind()), rec})
	}
	for _, rec := range MinimalRecords() {
		cases = append(cases, roundTrip{"required fields of " + string(rec.RecordKind()), rec})
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if n := Put(t, s, tc.rec); n != 1 {
				t.Errorf("written = %d, want 1", n)
			}
			var got cx.Record
			for _, rec := range StreamAll(t, s, tc.rec.RecordKind()) {
				if rec.Key() == tc.rec.Key() {
					got = rec
				}
			}
			if !reflect.DeepEqual(got, tc.rec) {
				t.Errorf("got  %+v\nwant %+v", got, tc.rec)
			}
		})
	}
	for _, kind := range cx.Kinds {
		if n := countOf(t, s, kind); n != 2 {
			t.Errorf("count of %s = %d, want 2", kind, n)
		}
	}
}

func testInstantsInUTC(t *testing.T, s store.Store) {
	amsterdam := time.FixedZone("CET", 3600)
	Put(t, s, &cx.Ticket{ID: "T1", CreatedAt: time.Date(2026, 3, 13, 17, 30, 0, 0, amsterdam),
		SolvedAt: time.Unix(0, 0)})
	got := StreamAll(t, s, cx.KindTickets)[0].(*cx.Ticket)
	if want := on(13, 16, 30); got.CreatedAt != want {
		t.Errorf("created_at = %v, want %v", got.CreatedAt, want)
	}
	// The Unix epoch is an instant like any other, not an absent one.
	if want := time.Unix(0, 0).UTC(); got.SolvedAt != want {
		t.Errorf("solved_at = %v, want %v", got.SolvedAt, want)
	}
}

func testReopenSeesRecords(t *testing.T, open func(t *testing.T) (store.Store, func(t *testing.T) store.Store)) {
	s, reopen := open(t)
	Put(t, s, FullRecords()...)
	Put(t, s, MinimalRecords()...)
	seq := lastSeq(t, s)
	// A second store on the same database while the first is open, as another node.
	other := reopen(t)
	if got, want := everything(t, other), everything(t, s); !reflect.DeepEqual(got, want) {
		t.Errorf("the second store sees %+v\nwant %+v", got, want)
	}
	want := everything(t, s)
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	again := reopen(t)
	if got := everything(t, again); !reflect.DeepEqual(got, want) {
		t.Errorf("after reopening got %+v\nwant %+v", got, want)
	}
	if got := lastSeq(t, again); got != seq {
		t.Errorf("last seq after reopening = %d, want %d", got, seq)
	}
}

func testStreamOrder(t *testing.T, s store.Store) {
	Put(t, s, &cx.Ticket{ID: "B", CreatedAt: on(1, 9, 0)}, &cx.Ticket{ID: "A", CreatedAt: on(1, 9, 0)},
		&cx.Ticket{ID: "C", CreatedAt: on(1, 9, 0)})
	// An update of the first row and an insert after it.
	Put(t, s, &cx.Ticket{ID: "B", CreatedAt: on(1, 9, 0), Agent: "Anouk"},
		&cx.Ticket{ID: "0", CreatedAt: on(1, 9, 0)})
	var got []string
	for _, rec := range StreamAll(t, s, cx.KindTickets) {
		got = append(got, rec.Key())
	}
	if want := []string{"B", "A", "C", "0"}; !reflect.DeepEqual(got, want) {
		t.Errorf("order = %v, want %v", got, want)
	}
}

func testStreamErrors(t *testing.T, s store.Store) {
	ctx := context.Background()
	Put(t, s, MinimalRecords()...)
	stop := errors.New("stop")
	stopping := func(cx.Record) error { return stop }
	ignoring := func(cx.Record) error { return nil }
	isStop := func(err error) bool { return err == stop }
	invalid := func(err error) bool { return cx.ErrorCode(err) == cx.EINVALID }
	changes := func(kind cx.Kind, fn func(cx.Record) error) error {
		_, err := s.Changes(ctx, kind, 0, fn)
		return err
	}
	_, countErr := s.Count(ctx, "invoices")
	tests := []struct {
		name string
		err  error
		want func(error) bool
	}{
		{"stream returns the callback's error as it is", s.Stream(ctx, cx.KindTickets, stopping), isStop},
		{"changes return the callback's error as it is", changes(cx.KindTickets, stopping), isStop},
		{"stream of an unknown kind is invalid", s.Stream(ctx, "invoices", ignoring), invalid},
		{"changes of an unknown kind are invalid", changes("invoices", ignoring), invalid},
		{"count of an unknown kind is invalid", countErr, invalid},
	}
	for _, tc := range tests {
		if !tc.want(tc.err) {
			t.Errorf("%s: err = %v", tc.name, tc.err)
		}
	}
}
