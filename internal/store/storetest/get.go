package storetest

import (
	"context"
	"fmt"
	"reflect"
	"sync"
	"testing"

	"github.com/klantpuls/klantpuls/internal/cx"
	"github.com/klantpuls/klantpuls/internal/store"
)

// testGet runs the contract of Tx.Get: the read of a patch, inside the transaction that
// writes the patched record.
func testGet(t *testing.T, open func(t *testing.T) (store.Store, func(t *testing.T) store.Store)) {
	t.Run("every kind comes back as stored", func(t *testing.T) {
		s, _ := open(t)
		Put(t, s, append(FullRecords(), MinimalRecords()...)...)
		tx := begin(t, s)
		for _, want := range append(FullRecords(), MinimalRecords()...) {
			got, err := tx.Get(want.RecordKind(), want.Key())
			if err != nil {
				t.Fatalf("%s: %v", cx.String(want), err)
			}
			if !reflect.DeepEqual(got, want) {
				t.Errorf("got  %+v\nwant %+v", got, want)
			}
		}
	})
	t.Run("a key not stored is not found", func(t *testing.T) {
		s, _ := open(t)
		Put(t, s, ticket("T1", "Anouk"))
		tx := begin(t, s)
		if _, err := tx.Get(cx.KindTickets, "T2"); cx.ErrorCode(err) != cx.ENOTFOUND {
			t.Errorf("T2: %v, want %s", err, cx.ENOTFOUND)
		}
		if _, err := tx.Get(cx.KindMessages, "T1"); cx.ErrorCode(err) != cx.ENOTFOUND {
			t.Errorf("a ticket's key as a message: %v, want %s", err, cx.ENOTFOUND)
		}
	})
	t.Run("a Put earlier in the transaction is seen", func(t *testing.T) {
		s, _ := open(t)
		Put(t, s, ticket("T1", "Anouk"))
		tx := begin(t, s)
		for _, rec := range []cx.Record{ticket("T1", "Bas"), ticket("T2", "Cor")} {
			if err := tx.Put(rec); err != nil {
				t.Fatal(err)
			}
		}
		for id, agent := range map[string]string{"T1": "Bas", "T2": "Cor"} {
			got, err := tx.Get(cx.KindTickets, id)
			if err != nil {
				t.Fatal(err)
			}
			if want := ticket(id, agent); !reflect.DeepEqual(got, want) {
				t.Errorf("got %+v, want %+v", got, want)
			}
		}
		// Written once for all that: T1 replaced, T2 new.
		res, err := tx.Commit()
		if err != nil {
			t.Fatal(err)
		}
		if res.Written != 2 || res.Replaced != 1 {
			t.Errorf("written %d, replaced %d; want 2, 1", res.Written, res.Replaced)
		}
	})
	t.Run("read-modify-writes on two nodes lose nothing", func(t *testing.T) {
		s, again := open(t)
		testNoLostUpdate(t, s, again(t))
	})
}

// testNoLostUpdate has two stores on one database (two processes or nodes) each add one to a
// ticket's reopens, perRound times over, by Get and Put in one transaction: every addition
// counts, 2 × perRound in all. Reading outside the transaction would lose some.
func testNoLostUpdate(t *testing.T, nodes ...store.Store) {
	const perNode = 15
	Put(t, nodes[0], &cx.Ticket{ID: "T1", CreatedAt: on(1, 9, 0), Reopens: ref(0)})
	var wg sync.WaitGroup
	errs := make(chan error, len(nodes))
	for _, s := range nodes {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range perNode {
				if err := addReopen(s); err != nil {
					errs <- err
					return
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	tx := begin(t, nodes[1])
	got, err := tx.Get(cx.KindTickets, "T1")
	if err != nil {
		t.Fatal(err)
	}
	if n := *got.(*cx.Ticket).Reopens; n != perNode*len(nodes) {
		t.Errorf("reopens %d, want %d", n, perNode*len(nodes))
	}
}

func addReopen(s store.Store) error {
	tx, err := s.Begin(context.Background())
	if err != nil {
		return err
	}
	defer tx.Rollback()
	rec, err := tx.Get(cx.KindTickets, "T1")
	if err != nil {
		return err
	}
	tk := rec.(*cx.Ticket)
	tk.Reopens = ref(*tk.Reopens + 1)
	if err := tx.Put(tk); err != nil {
		return err
	}
	if _, err := tx.Commit(); err != nil {
		return fmt.Errorf("commit: %w", err)
	}
	return nil
}

// begin starts a transaction rolled back when the test ends.
func begin(t *testing.T, s store.Store) store.Tx {
	t.Helper()
	tx, err := s.Begin(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { tx.Rollback() })
	return tx
}
