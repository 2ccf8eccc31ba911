package app

import (
	"context"
	"fmt"
	"log/slog"
	"path/filepath"
	"sync"
	"testing"

	"github.com/klantpuls/klantpuls/internal/cx"
	"github.com/klantpuls/klantpuls/internal/store"
	"github.com/klantpuls/klantpuls/internal/store/postgres/postgrestest"
	"github.com/klantpuls/klantpuls/internal/store/sqlite/sqlitetest"
)

// TestNamesOfAnOlderNode: during a rolling upgrade a node of the release before the names table
// writes a ticket whose team or category no node named before: its rows are stored, its name is
// not recorded. A newer node records the names its engine holds when it loads the engine and
// when it catches up, so the feedback list's filter finds the answers on them by name — every
// spelling the engine saw, "NACHTDIENST" beside "Nachtdienst" — on both databases; two newer
// nodes starting at once record the same name without a failure.
func TestNamesOfAnOlderNode(t *testing.T) {
	for _, db := range []string{"SQLite", "PostgreSQL"} {
		t.Run(db, func(t *testing.T) {
			dsn := filepath.Join(t.TempDir(), "k.db")
			unrecorded := func(dimension, value string) { sqlitetest.NameUnrecorded(t, dsn, dimension, value) }
			if db == "PostgreSQL" {
				dsn = postgrestest.Fresh(t)
				unrecorded = func(dimension, value string) { postgrestest.NameUnrecorded(t, dsn, dimension, value) }
			}
			testNamesOfAnOlderNode(t, dsn, unrecorded)
		})
	}
}

func testNamesOfAnOlderNode(t *testing.T, dsn string, unrecorded func(dimension, value string)) {
	ctx := context.Background()
	older, newer, beside := openEraseAt(t, dsn), openEraseAt(t, dsn), openEraseAt(t, dsn)
	var logged lockedBuffer
	for _, a := range []*App{newer, beside} {
		a.Log = slog.New(slog.NewTextHandler(&logged, &slog.HandlerOptions{Level: slog.LevelWarn}))
	}
	// olderWrites stores a ticket and an answer on it as the older node leaves them.
	olderWrites := func(id string, tk cx.Ticket, dimension, value string) {
		t.Helper()
		tk.ID, tk.CreatedAt = "T"+id, march(2, 8, 0)
		r := &cx.Response{ID: "R" + id, Survey: "csat", Score: 2, SubmittedAt: march(3, 9, 0), TicketID: tk.ID, Comment: "Traag"}
		if _, err := older.Ingest(ctx, []cx.Record{&tk, r}); err != nil {
			t.Fatal(err)
		}
		unrecorded(dimension, value)
	}
	found := func(dimension, value string) string {
		t.Helper()
		items, err := newer.Feedback(ctx, store.FeedbackQuery{From: march(1, 0, 0), To: march(31, 0, 0),
			Filter: map[string]string{dimension: value}})
		if err != nil {
			t.Fatal(err)
		}
		var ids []string
		for _, it := range items {
			ids = append(ids, it.ID)
		}
		return fmt.Sprint(ids)
	}

	olderWrites("1", cx.Ticket{Category: "Retour"}, "category", "Retour")
	// Two newer nodes start at once, both recording the same name.
	var wg sync.WaitGroup
	for _, a := range []*App{newer, beside} {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if _, err := a.StartEngine(ctx, ""); err != nil {
				t.Error(err)
			}
		}()
	}
	wg.Wait()
	if got, want := found("category", "retour"), "[R1]"; got != want {
		t.Errorf("after the start, category retour: %s, want %s", got, want)
	}

	olderWrites("2", cx.Ticket{Team: "Nachtdienst"}, "team", "Nachtdienst")
	olderWrites("3", cx.Ticket{Team: "NACHTDIENST"}, "team", "NACHTDIENST")
	if _, err := newer.CatchUp(ctx); err != nil {
		t.Fatal(err)
	}
	if got, want := found("team", "nachtdienst"), "[R2 R3]"; got != want {
		t.Errorf("after catching up, team nachtdienst: %s, want %s", got, want)
	}
	if logged.String() != "" {
		t.Errorf("the newer nodes logged:\n%s", logged.String())
	}
}
