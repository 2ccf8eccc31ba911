package storetest

import (
	"context"
	"reflect"
	"testing"
	"time"

	"github.com/klantpuls/klantpuls/internal/cx"
	"github.com/klantpuls/klantpuls/internal/store"
)

// Deletions runs the contract of Tx.Delete: a deleted record is gone from every read, and the
// change sequence tells followers of it in order with the writes of the same key.
func Deletions(t *testing.T, open func(t *testing.T) store.Store) {
	t.Run("a deleted record is gone from every read", func(t *testing.T) { testDeletedIsGone(t, open(t)) })
	t.Run("a key not stored", func(t *testing.T) { testDeleteUnknown(t, open(t)) })
	t.Run("changes hold deletions in sequence order", func(t *testing.T) { testDeletionChanges(t, open(t)) })
	t.Run("changes carry their numbers", func(t *testing.T) { testChangesSeq(t, open(t)) })
	t.Run("records looked up with their numbers", func(t *testing.T) { testRecordsSeq(t, open(t)) })
	t.Run("delete and put in one transaction", func(t *testing.T) { testDeleteInOneTx(t, open(t)) })
	t.Run("counts of a transaction that deletes", func(t *testing.T) { testDeleteCounts(t, open(t)) })
	t.Run("versions of deleted records", func(t *testing.T) { testDeletedVersions(t, open(t)) })
	t.Run("the last change at a number", func(t *testing.T) { testLastChange(t, open(t)) })
}

// testDeletedVersions: a version kept (store.VersionTx) is read back as the instant it was,
// to the fraction of a second, in this and a later transaction; keeping another replaces it;
// one kept in a transaction rolled back is not kept; forgetting removes it; kinds keep apart.
func testDeletedVersions(t *testing.T, s store.Store) {
	at := time.Date(2026, 3, 15, 10, 0, 0, 250_000_000, time.FixedZone("CET", 3600))
	step := func(commit bool, fn func(store.VersionTx) error) {
		t.Helper()
		tx, err := s.Begin(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		defer tx.Rollback()
		if err := fn(tx.(store.VersionTx)); err != nil {
			t.Fatal(err)
		}
		if commit {
			if _, err := tx.Commit(); err != nil {
				t.Fatal(err)
			}
		}
	}
	read := func(kind cx.Kind, key string) (got time.Time) {
		t.Helper()
		step(false, func(tx store.VersionTx) (err error) {
			got, err = tx.DeletedVersion(kind, key)
			return err
		})
		return got
	}
	step(true, func(tx store.VersionTx) error {
		if err := tx.KeepDeletedVersion(cx.KindOrders, "#1001", at); err != nil {
			return err
		}
		if got, err := tx.DeletedVersion(cx.KindOrders, "#1001"); err != nil || !got.Equal(at) {
			t.Errorf("in the transaction: %v, %v; want %v", got, err, at)
		}
		return nil
	})
	if got := read(cx.KindOrders, "#1001"); !got.Equal(at) {
		t.Errorf("kept: %v; want %v", got, at)
	}
	if got := read(cx.KindTickets, "#1001"); !got.IsZero() {
		t.Errorf("a ticket of the key: %v; want none", got)
	}
	later := at.Add(time.Hour)
	step(true, func(tx store.VersionTx) error { return tx.KeepDeletedVersion(cx.KindOrders, "#1001", later) })
	step(false, func(tx store.VersionTx) error {
		return tx.KeepDeletedVersion(cx.KindOrders, "#1001", at.Add(48*time.Hour))
	})
	if got := read(cx.KindOrders, "#1001"); !got.Equal(later) {
		t.Errorf("kept again, then once rolled back: %v; want %v", got, later)
	}
	step(true, func(tx store.VersionTx) error { return tx.ForgetDeletedVersion(cx.KindOrders, "#1001") })
	if got := read(cx.KindOrders, "#1001"); !got.IsZero() {
		t.Errorf("forgotten: %v; want none", got)
	}
}

// deleteIn deletes the keys of kind in one transaction and returns its result.
func deleteIn(t testing.TB, s store.Store, kind cx.Kind, keys ...string) store.Result {
	t.Helper()
	tx, err := s.Begin(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback()
	for _, key := range keys {
		if err := tx.Delete(kind, key); err != nil {
			t.Fatal(err)
		}
	}
	res, err := tx.Commit()
	if err != nil {
		t.Fatal(err)
	}
	return res
}

// changeList lists the changes of kind after seq as "put KEY" and "delete KEY".
func changeList(t testing.TB, s store.Store, kind cx.Kind, after int64) []string {
	t.Helper()
	var got []string
	_, err := s.Changes(context.Background(), kind, after, func(r cx.Record) error {
		if d, ok := r.(cx.Deletion); ok {
			got = append(got, "delete "+d.ID)
		} else {
			got = append(got, "put "+r.Key())
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return got
}

func testDeletedIsGone(t *testing.T, s store.Store) {
	ctx := context.Background()
	at := on(2, 10, 0)
	Put(t, s, &cx.Customer{ID: "C1", AcquiredAt: at}, &cx.Customer{ID: "C2", AcquiredAt: at},
		&cx.Order{ID: "O1", CustomerID: "C1", OrderedAt: at, Amount: 10})
	res := deleteIn(t, s, cx.KindCustomers, "C1")
	if res.Written != 1 || res.Deleted != 1 || res.Replaced != 0 || res.Last != res.Begun+1 {
		t.Errorf("result %+v, want 1 written, 1 deleted, 0 replaced, one change number", res)
	}
	if got := StreamAll(t, s, cx.KindCustomers); len(got) != 1 || got[0].Key() != "C2" {
		t.Errorf("customers streamed: %v, want only C2", got)
	}
	if n := countOf(t, s, cx.KindCustomers); n != 1 {
		t.Errorf("count %d, want 1", n)
	}
	if d, ok := s.(store.Dashboard); ok {
		if _, err := d.Record(ctx, cx.KindCustomers, "C1"); cx.ErrorCode(err) != cx.ENOTFOUND {
			t.Errorf("Record of the deleted customer: %v, want not found", err)
		}
	}
	// The order still names C1: the customer's history has the order, not the customer row.
	got, err := s.CustomerRecords(ctx, "C1")
	if err != nil || got.Customer != nil || len(got.Orders) != 1 {
		t.Errorf("C1's records after the deletion: %+v %v, want the order without a customer row", got, err)
	}
	deleteIn(t, s, cx.KindOrders, "O1")
	if _, err := s.CustomerRecords(ctx, "C1"); cx.ErrorCode(err) != cx.ENOTFOUND {
		t.Errorf("C1's records with nothing left: %v, want not found", err)
	}
	if seq := lastSeq(t, s); seq != res.Last+1 {
		t.Errorf("last seq %d after two deletions, want %d", seq, res.Last+1)
	}
}

func testDeleteUnknown(t *testing.T, s store.Store) {
	Put(t, s, ticket("T1", "Anouk"))
	before := lastSeq(t, s)
	tx, err := s.Begin(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback()
	if err := tx.Delete(cx.KindTickets, "T9"); cx.ErrorCode(err) != cx.ENOTFOUND {
		t.Errorf("deleting an unknown key: %v, want not found", err)
	}
	if err := tx.Delete(cx.Kind("widgets"), "T1"); cx.ErrorCode(err) != cx.EINVALID {
		t.Errorf("deleting of an unknown kind: %v, want invalid", err)
	}
	// The transaction goes on: the refusal wrote nothing and used no number.
	if err := tx.Put(ticket("T2", "Bas")); err != nil {
		t.Fatal(err)
	}
	if err := tx.Delete(cx.KindTickets, "T1"); err != nil {
		t.Fatal(err)
	}
	if err := tx.Delete(cx.KindTickets, "T1"); cx.ErrorCode(err) != cx.ENOTFOUND {
		t.Errorf("deleting a key twice: %v, want not found", err)
	}
	res, err := tx.Commit()
	if err != nil {
		t.Fatal(err)
	}
	if res.Written != 2 || res.Deleted != 1 || res.Last != before+2 {
		t.Errorf("result %+v, want 2 written (T2, T1's deletion), 1 deleted, last %d", res, before+2)
	}
	if got := changeList(t, s, cx.KindTickets, before); !reflect.DeepEqual(got, []string{"delete T1", "put T2"}) {
		t.Errorf("changes %v, want T1's deletion then T2 (a deletion is numbered when it is made)", got)
	}
}

func testDeletionChanges(t *testing.T, s store.Store) {
	Put(t, s, ticket("A", "Anouk"), ticket("B", "Anouk"))
	mark := lastSeq(t, s)
	deleteIn(t, s, cx.KindTickets, "A")
	gone := lastSeq(t, s)
	if got := changeList(t, s, cx.KindTickets, mark); !reflect.DeepEqual(got, []string{"delete A"}) {
		t.Errorf("after the deletion: %v, want [delete A]", got)
	}
	if got := changeList(t, s, cx.KindCustomers, mark); len(got) != 0 {
		t.Errorf("customers: %v, want none (a tombstone belongs to its kind)", got)
	}
	Put(t, s, ticket("B", "Bas"))
	Put(t, s, ticket("A", "Bas")) // stored again: the later put wins over the older tombstone
	if got := changeList(t, s, cx.KindTickets, mark); !reflect.DeepEqual(got, []string{"delete A", "put B", "put A"}) {
		t.Errorf("after A came back: %v, want [delete A put B put A]", got)
	}
	if got := changeList(t, s, cx.KindTickets, gone); !reflect.DeepEqual(got, []string{"put B", "put A"}) {
		t.Errorf("after the deletion's number: %v, want [put B put A]", got)
	}
	deleteIn(t, s, cx.KindTickets, "A") // and a later deletion wins over the put
	if got := changeList(t, s, cx.KindTickets, mark); !reflect.DeepEqual(got, []string{"put B", "delete A"}) {
		t.Errorf("after A went again: %v, want [put B delete A]", got)
	}
	if got := StreamAll(t, s, cx.KindTickets); !reflect.DeepEqual(got, []cx.Record{ticket("B", "Bas")}) {
		t.Errorf("stored: %v, want B only", got)
	}
	_, highest := changedSince(t, s, 0)
	if highest != lastSeq(t, s) {
		t.Errorf("changes since 0 reach %d, want the last number %d (the deletion's)", highest, lastSeq(t, s))
	}
}

func testDeleteInOneTx(t *testing.T, s store.Store) {
	mark := lastSeq(t, s)
	tx, err := s.Begin(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback()
	for _, step := range []func() error{
		func() error { return tx.Put(ticket("X", "Anouk")) }, // buffered, then deleted
		func() error { return tx.Delete(cx.KindTickets, "X") },
		func() error { return tx.Put(ticket("Y", "Anouk")) },
		func() error { return tx.Delete(cx.KindTickets, "Y") },
		func() error { return tx.Put(ticket("Y", "Bas")) }, // stored again: the later put wins
	} {
		if err := step(); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
	if got := StreamAll(t, s, cx.KindTickets); !reflect.DeepEqual(got, []cx.Record{ticket("Y", "Bas")}) {
		t.Errorf("stored: %v, want Y by Bas only", got)
	}
	if got, want := changeList(t, s, cx.KindTickets, mark), []string{"delete X", "delete Y", "put Y"}; !reflect.DeepEqual(got, want) {
		t.Errorf("changes %v, want %v", got, want)
	}
}

// testDeleteCounts: Replaced stays the count of rows that replaced a stored key when a
// transaction deletes too (hand-counted per case).
func testDeleteCounts(t *testing.T, s store.Store) {
	Put(t, s, ticket("P1", "Anouk"), ticket("P2", "Anouk"), ticket("P3", "Anouk"))
	tx, err := s.Begin(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback()
	for _, step := range []func() error{
		func() error { return tx.Put(ticket("P3", "Bas")) },     // replaces P3: written
		func() error { return tx.Delete(cx.KindTickets, "P3") }, // the last stored row goes
		func() error { return tx.Put(ticket("Q1", "Bas")) },     // new, though it may take P3's place
		func() error { return tx.Put(ticket("Q2", "Bas")) },
		func() error { return tx.Delete(cx.KindTickets, "Q2") }, // new and gone again
	} {
		if err := step(); err != nil {
			t.Fatal(err)
		}
	}
	res, err := tx.Commit()
	if err != nil {
		t.Fatal(err)
	}
	// Written: P3 replaced, P3 deleted, Q2 new, Q2 deleted, Q1 new = 5; of those Replaced: P3.
	if res.Written != 5 || res.Deleted != 2 || res.Replaced != 1 {
		t.Errorf("result %+v, want 5 written, 2 deleted, 1 replaced", res)
	}
	if n := countOf(t, s, cx.KindTickets); n != 3 {
		t.Errorf("%d tickets, want 3 (P1, P2, Q1)", n)
	}
}
