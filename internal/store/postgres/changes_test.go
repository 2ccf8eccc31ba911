package postgres

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/klantpuls/klantpuls/internal/cx"
	"github.com/klantpuls/klantpuls/internal/store"
	"github.com/klantpuls/klantpuls/internal/store/sqldb"
	"github.com/klantpuls/klantpuls/internal/store/storetest"
)

// TestChangesUseTheIndexesBeforeAnalyze: right after an import, before PostgreSQL has
// statistics of a table, a follower's question for the last few changes must be answered from
// the indexes, not by reading every row (issue 9: a write took over a second to reach the other
// node while each catch-up read whole tables).
func TestChangesUseTheIndexesBeforeAnalyze(t *testing.T) {
	s, _ := openFresh(t)
	ctx := context.Background()
	// Autovacuum could analyze the table while the test runs, and hide the plan it tests.
	if _, err := s.pool.Exec(ctx, "ALTER TABLE messages SET (autovacuum_enabled = false)"); err != nil {
		t.Fatal(err)
	}
	const n = 50000
	at := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	storetest.Write(t, s, n, func(i int) cx.Record {
		return &cx.Message{ID: fmt.Sprintf("M%06d", i), TicketID: "T1", At: at, Author: cx.AuthorCustomer}
	}, true)
	var analyzed bool
	if err := s.pool.QueryRow(ctx, "SELECT last_analyze IS NOT NULL OR last_autoanalyze IS NOT NULL FROM pg_stat_user_tables WHERE relname = 'messages'").Scan(&analyzed); err != nil || analyzed {
		t.Fatalf("messages analyzed already (%v): the test cannot see the plan without statistics", err)
	}
	messages, _ := sqldb.TableFor(cx.KindMessages)
	rows, err := s.pool.Query(ctx, "EXPLAIN "+dialect.Changes("messages", messages.List), n-10, n)
	if err != nil {
		t.Fatal(err)
	}
	var plan []string
	for rows.Next() {
		var line string
		if err := rows.Scan(&line); err != nil {
			t.Fatal(err)
		}
		plan = append(plan, line)
	}
	if strings.Contains(strings.Join(plan, "\n"), "Seq Scan on messages") {
		t.Errorf("the changes after %d of %d messages are found by reading every row:\n%s", n-10, n, strings.Join(plan, "\n"))
	}
	var got []string
	last, err := s.Changes(ctx, cx.KindMessages, n-2, func(r cx.Record) error {
		got = append(got, r.Key())
		return nil
	})
	if want := "M049998 M049999"; err != nil || strings.Join(got, " ") != want || last != n {
		t.Errorf("changes after %d: %v up to %d (%v), want %s up to %d", n-2, got, last, err, want, n)
	}
}

// TestLastChangeReadsFewRowsAfterEveryRowChanged: an engine file names the change the database
// held last at its number (store.History), read while the process's writes wait. After every
// ticket was written again (a help desk's export imported anew), no ticket is of its first
// number any more, and the change must still be found from the indexes — not by walking the
// whole insertion order, row by row, for a ticket never changed (10M tickets: many seconds).
func TestLastChangeReadsFewRowsAfterEveryRowChanged(t *testing.T) {
	s, _ := openFresh(t)
	ctx := context.Background()
	const n = 5000
	at := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	for _, channel := range []string{"email", "chat"} {
		storetest.Write(t, s, n, func(i int) cx.Record {
			return &cx.Ticket{ID: fmt.Sprintf("T%05d", i), CreatedAt: at, Channel: channel}
		}, true)
	}
	last, err := s.LastSeq(ctx)
	if err != nil || last != 2*n {
		t.Fatalf("LastSeq = %d, %v; want %d", last, err, 2*n)
	}
	rows, err := s.pool.Query(ctx, "EXPLAIN (ANALYZE, FORMAT TEXT) "+dialect.LastChange("tickets"), last)
	if err != nil {
		t.Fatal(err)
	}
	var plan []string
	read := 0
	for rows.Next() {
		var line string
		if err := rows.Scan(&line); err != nil {
			t.Fatal(err)
		}
		plan = append(plan, line)
		var removed int
		if _, err := fmt.Sscanf(strings.TrimSpace(line), "Rows Removed by Filter: %d", &removed); err == nil {
			read += removed
		}
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	if read > 10 {
		t.Errorf("the last change of %d tickets each written twice read %d rows it did not want:\n%s", n, read, strings.Join(plan, "\n"))
	}
	c, found, err := s.LastChange(ctx, last)
	if want := (store.Change{Kind: cx.KindTickets, Key: fmt.Sprintf("T%05d", n-1), Seq: 2 * n}); err != nil || !found || c != want {
		t.Errorf("LastChange(%d) = %+v, %v, %v; want %+v", last, c, found, err, want)
	}
}
