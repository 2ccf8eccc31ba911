package postgres

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/klantpuls/klantpuls/internal/cx"
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
