package main

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"github.com/klantpuls/klantpuls/internal/app"
	"github.com/klantpuls/klantpuls/internal/cx"
	"github.com/klantpuls/klantpuls/internal/pgtest"
	"github.com/klantpuls/klantpuls/internal/store/postgres/postgrestest"
)

// TestImportCommitRefused: `klantpuls import` of a file whose COMMIT the database refuses says
// the import was not stored, to try again later, and what the database said, then that nothing
// of the file was imported (exit 1); nothing of it is stored. Before the fix the command ended
// on the store's internal error, "store: unable to commit: …", and did not say nothing was
// imported. On PostgreSQL: SQLite refuses a COMMIT only for a deferred foreign key, and the
// store keeps foreign keys off on its write connection (the store's own TestCommitRefused
// turns them on, which a command cannot). In Dutch — --lang nl and the default, with no
// language in the environment — the refusal is the dashboard's Dutch sentence of its key
// (not_committed), not the English it said before.
func TestImportCommitRefused(t *testing.T) {
	p := &project{t: t, dir: t.TempDir(), db: postgrestest.Fresh(t)}
	pgtest.RefuseCommits(t, p.db, "customers")
	csv := p.file("customers.csv", "customer_id,acquired_at\nC1,2026-01-01\n")
	const english = "the change was not stored: the database could not commit it; try again later"
	for _, v := range []string{"KLANTPULS_LANG", "LC_ALL", "LC_MESSAGES", "LANG"} {
		t.Setenv(v, "") // the default: Dutch
	}
	for _, c := range []struct{ lang, refused, said, nothing string }{
		{"en", english, "the database said: ERROR: pgtest: commit refused", "customers.csv: nothing imported"},
		{"nl", "De wijziging is niet opgeslagen: de database kon haar niet vastleggen. Probeer het later opnieuw",
			"de database zei: ERROR: pgtest: commit refused", "customers.csv: niets geïmporteerd"},
		{"", "De wijziging is niet opgeslagen: de database kon haar niet vastleggen. Probeer het later opnieuw",
			"de database zei: ERROR: pgtest: commit refused", "customers.csv: niets geïmporteerd"},
	} {
		args := []string{"--db", p.db, "import", "--kind", "customers", csv}
		if c.lang != "" {
			args = append(args, "--lang", c.lang)
		}
		var stderr strings.Builder
		code := run(context.Background(), args, &strings.Builder{}, &stderr)
		for _, want := range []string{c.refused, c.said, c.nothing} {
			if code != 1 || !strings.Contains(stderr.String(), want) {
				t.Errorf("--lang %q: exit %d, want 1 saying %q:\n%s", c.lang, code, want, stderr.String())
			}
		}
		if strings.Contains(stderr.String(), "unable to commit") || c.lang != "en" && strings.Contains(stderr.String(), english) {
			t.Errorf("--lang %q: the store's internal words, or English:\n%s", c.lang, stderr.String())
		}
	}
	ctx := context.Background()
	a, err := app.Open(ctx, p.db, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	if n, err := a.Count(ctx, cx.KindCustomers); err != nil || n != 0 {
		t.Errorf("customers stored: %d, %v; want none, their commit refused", n, err)
	}
}

// TestImportCommitNotAnswered: `klantpuls import` stopped (its context ended: Ctrl-C) while
// PostgreSQL runs the import's COMMIT says that whether the file was stored is not known, and
// that importing it again replaces what of it is stored — not that nothing was imported, which
// the server, committing all the same, can make untrue. The COMMIT waits for an advisory lock
// the test holds (a deferred constraint trigger takes it), so the stop comes while it runs.
func TestImportCommitNotAnswered(t *testing.T) {
	p := &project{t: t, dir: t.TempDir(), db: postgrestest.Fresh(t)}
	csv := p.file("customers.csv", "customer_id,acquired_at\nC1,2026-01-01\n")
	got, stderr := importCutInCommit(t, p, csv, func(stop func()) { stop() })
	for _, want := range []string{
		"it is not known whether the change was stored: the database did not answer its commit",
		"customers.csv: not known whether it was imported; importing it again replaces what of it is stored",
	} {
		if got != 1 || !strings.Contains(stderr.String(), want) {
			t.Errorf("exit %d, want 1 saying %q:\n%s", got, want, stderr.String())
		}
	}
	if strings.Contains(stderr.String(), "nothing imported") {
		t.Errorf("says nothing was imported, which the server's commit can make untrue:\n%s", stderr.String())
	}
}

// TestImportCommitNotAnsweredInHistory: `klantpuls import` whose COMMIT's connection to
// PostgreSQL breaks off records the run in the import history as "unknown" — the dashboard's
// history shows "Not known whether imported" — not "failed", which it shows as "Failed: nothing
// imported" while the database may have committed.
func TestImportCommitNotAnsweredInHistory(t *testing.T) {
	p := &project{t: t, dir: t.TempDir(), db: postgrestest.Fresh(t)}
	csv := p.file("customers.csv", "customer_id,acquired_at\nC1,2026-01-01\n")
	got, stderr := importCutInCommit(t, p, csv, func(func()) {
		if n := pgtest.CutHeldCommits(t, p.db); n != 1 {
			t.Fatalf("%d COMMITs cut off, want the import's one", n)
		}
	})
	if got != 1 || !strings.Contains(stderr.String(), "customers.csv: not known whether it was imported") {
		t.Fatalf("exit %d, want 1 saying it is not known whether it was imported:\n%s", got, stderr.String())
	}
	a, err := app.Open(context.Background(), p.db, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	runs, err := a.ImportHistory(context.Background(), 0, 10)
	if err != nil || len(runs) != 1 || runs[0].Status != cx.ImportUnknown {
		t.Errorf("import history %+v, %v; want the one run, unknown", runs, err)
	}
}

// importCutInCommit runs `klantpuls import --lang en --kind customers` of csv into p.db until
// PostgreSQL holds its COMMIT (pgtest.HoldCommits), has cut end it there — stop ends the
// command's context, as Ctrl-C does, or the connection is cut — and returns the command's exit
// status and stderr once it has ended.
func importCutInCommit(t *testing.T, p *project, csv string, cut func(stop func())) (int, *bytes.Buffer) {
	t.Helper()
	waiting, release := pgtest.HoldCommits(t, p.db, "customers")
	defer release()
	runCtx, stop := context.WithCancel(context.Background())
	defer stop()
	var stderr bytes.Buffer
	code := make(chan int, 1)
	go func() {
		code <- run(runCtx, []string{"--db", p.db, "import", "--lang", "en", "--kind", "customers", csv}, &bytes.Buffer{}, &stderr)
	}()
	waiting()
	cut(stop)
	return <-code, &stderr
}
