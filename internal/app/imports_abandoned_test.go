package app

import (
	"context"
	"fmt"
	"os"
	"testing"
	"time"

	"github.com/klantpuls/klantpuls/internal/cx"
	"github.com/klantpuls/klantpuls/internal/pgtest"
	"github.com/klantpuls/klantpuls/internal/store/postgres/postgrestest"
	"github.com/klantpuls/klantpuls/internal/store/sqlite/sqlitetest"
)

// TestEndAbandonedImportsByPhase: a serve killed during a browser import leaves its run
// "running"; the next start ends it by how far it had come. Before its commit nothing of it is
// stored: failed, import the file again. During PostgreSQL's COMMIT the database may commit it
// all the same: unknown, in the words of a commit it did not answer. After its commit, while the
// engine caught up: done, with what it wrote. Before the fix every one ended failed, "import the
// file again" — which a COMMIT the server finished, or a commit that succeeded, makes untrue. The
// imports are real ones; the kill is a second App's start while the first's import is held at
// its COMMIT (pgtest.HoldCommits) or has committed without recording its end.
func TestEndAbandonedImportsByPhase(t *testing.T) {
	for _, c := range []struct {
		name string
		dsn  func(t *testing.T) string
	}{
		{"SQLite", func(t *testing.T) string { return sqlitetest.New(t) }},
		{"PostgreSQL", func(t *testing.T) string { return postgrestest.Fresh(t) }},
	} {
		t.Run(c.name, func(t *testing.T) {
			ctx := context.Background()
			dsn := c.dsn(t)
			a, err := Open(ctx, dsn, nil)
			if err != nil {
				t.Fatal(err)
			}
			defer a.Close()
			host, _ := os.Hostname()
			killed := fmt.Sprintf("%s:%d/an-earlier-start", host, os.Getpid()) // Gone: not this start
			left := func(file string) *cx.ImportRun {
				run := &cx.ImportRun{Actor: "anouk@shop.nl", File: file, Source: "customers", Status: cx.ImportRunning, Node: killed}
				if err := a.imports.AddImport(ctx, run); err != nil {
					t.Fatal(err)
				}
				return run
			}
			customer := func(id string) func(put func(cx.Record) error) (int, error) {
				return func(put func(cx.Record) error) (int, error) {
					return 1, put(&cx.Customer{ID: id, AcquiredAt: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)})
				}
			}
			reading := left("reading.csv") // killed before it read a row
			committed := left("committed.csv")
			if _, err := a.ImportRecorded(ctx, committed, customer("C1"), nil); err != nil {
				t.Fatal(err)
			}
			want := map[int64]struct {
				status, said string
				written      int
			}{
				reading.ID:   {cx.ImportFailed, cx.ImportSaidAbandoned, 0},
				committed.ID: {cx.ImportDone, cx.ImportSaidAbandonedCommitted, 1},
			}
			imported := make(chan error, 1)
			if c.name == "PostgreSQL" {
				committing := left("committing.csv")
				waiting, release := pgtest.HoldCommits(t, dsn, "customers")
				defer release()
				go func() {
					_, err := a.ImportRecorded(ctx, committing, customer("C2"), nil)
					imported <- err
				}()
				waiting()
				want[committing.ID] = struct {
					status, said string
					written      int
				}{cx.ImportUnknown, cx.ImportSaidAbandonedCommit, 0}
			} else {
				imported <- nil
			}
			next, err := Open(ctx, dsn, nil) // the server's next start
			if err != nil {
				t.Fatal(err)
			}
			defer next.Close()
			ended, err := next.EndAbandonedImports(ctx)
			if err != nil || ended != len(want) {
				t.Errorf("ended %d, %v; want %d", ended, err, len(want))
			}
			for id, w := range want {
				got, err := next.ImportRun(ctx, id)
				if err != nil || got.Status != w.status || got.Said != w.said || got.Error != "" || got.Written != w.written || got.Finished.IsZero() {
					t.Errorf("run %d: %+v, %v; want %s, %d written, saying %q", id, got, err, w.status, w.written, w.said)
				}
			}
			if c.name == "PostgreSQL" {
				pgtest.CutHeldCommits(t, dsn) // the killed server's connection
			}
			<-imported
		})
	}
}
