package postgres

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/klantpuls/klantpuls/internal/cx"
	"github.com/klantpuls/klantpuls/internal/store/sqldb"
	"github.com/klantpuls/klantpuls/internal/store/storetest"
)

func TestKeysWritten(t *testing.T) {
	w := newKeysWritten()
	const n = 300_000 // over three filters
	for i := range n {
		if !w.add(fmt.Sprintf("T%d", i)) {
			t.Fatalf("key %d not remembered", i)
		}
	}
	if len(w.filters) < 3 {
		t.Errorf("%d filters, want them to grow", len(w.filters))
	}
	for i := range n {
		if !w.mayHave(fmt.Sprintf("T%d", i)) {
			t.Fatalf("T%d was written but is surely not", i)
		}
	}
	maybe := 0
	for i := range n {
		if w.mayHave(fmt.Sprintf("X%d", i)) {
			maybe++
		}
	}
	if rate := float64(maybe) / n; rate > 0.05 {
		t.Errorf("%.1f%% of unwritten keys may have been written, want a few", 100*rate)
	}
	w.keys = rememberKeys
	if w.add("one too many") {
		t.Error("a key past rememberKeys was remembered")
	}
}

// TestImportPastTheRememberedKeys: once an import into an empty table has written more keys than
// it can remember, it looks every key up again, so a key written twice is still one row.
func TestImportPastTheRememberedKeys(t *testing.T) {
	s, _ := openFresh(t)
	at := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	c, seq, err := s.begin(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	tx := sqldb.NewTx(c, seq, dialect)
	defer tx.Rollback()
	tickets, _ := sqldb.TableFor(cx.KindTickets)
	for i := range batchRows {
		if err := tx.Put(&cx.Ticket{ID: fmt.Sprintf("T%d", i), CreatedAt: at}); err != nil {
			t.Fatal(err)
		}
	}
	if err := c.wait(); err != nil {
		t.Fatal(err)
	}
	if c.fresh[tickets] == nil {
		t.Fatal("an import into an empty table looks its keys up")
	}
	c.fresh[tickets].keys = rememberKeys - 10
	again := &cx.Ticket{ID: "T7", CreatedAt: at, Agent: "Anouk"}
	for i := range batchRows - 1 {
		if err := tx.Put(&cx.Ticket{ID: fmt.Sprintf("U%d", i), CreatedAt: at}); err != nil {
			t.Fatal(err)
		}
	}
	if err := tx.Put(again); err != nil {
		t.Fatal(err)
	}
	res, err := tx.Commit()
	if err != nil {
		t.Fatal(err)
	}
	if want := 2 * batchRows; res.Written != want {
		t.Errorf("written = %d, want %d", res.Written, want)
	}
	if c.fresh[tickets] != nil {
		t.Error("still remembering keys past rememberKeys")
	}
	got := storetest.StreamAll(t, s, cx.KindTickets)
	if len(got) != 2*batchRows-1 || got[7].(*cx.Ticket).Agent != "Anouk" {
		t.Errorf("%d tickets, the 8th %+v; want %d, the 8th changed", len(got), got[7], 2*batchRows-1)
	}
}
