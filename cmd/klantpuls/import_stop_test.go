package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/klantpuls/klantpuls/internal/app"
	"github.com/klantpuls/klantpuls/internal/cx"
	"github.com/klantpuls/klantpuls/internal/store/postgres/postgrestest"
	"github.com/klantpuls/klantpuls/internal/store/sqlite/sqlitetest"
	"github.com/klantpuls/klantpuls/internal/web"
)

// TestImportStoppedInHistory: `klantpuls import` stopped by Ctrl-C (its context ended) while it
// runs still records the run in the import history and its line in the audit log, as what it
// is: failed when stopped before its commit, unknown when stopped while PostgreSQL ran the
// COMMIT. Before the fix both were written with the cancelled context, failed with a warning,
// and the history had no run of the import.
func TestImportStoppedInHistory(t *testing.T) {
	const content = "customer_id,acquired_at\nC1,2026-01-01\n"
	t.Run("before the commit, SQLite", func(t *testing.T) {
		// The file is a named pipe: opening it for writing returns once the command has opened
		// it to read, past everything before the import; the stop comes then, and the rows after.
		dir := t.TempDir()
		db := filepath.Join(dir, "klantpuls.db")
		sqlitetest.Fresh(t, db)
		csv := filepath.Join(dir, "customers.csv")
		if err := syscall.Mkfifo(csv, 0o600); err != nil {
			t.Skipf("no named pipe: %v", err)
		}
		runCtx, stop := context.WithCancel(context.Background())
		var stderr bytes.Buffer
		code := make(chan int, 1)
		go func() {
			code <- run(runCtx, []string{"--db", db, "import", "--lang", "en", "--kind", "customers", csv}, &bytes.Buffer{}, &stderr)
		}()
		w, err := os.OpenFile(csv, os.O_WRONLY, 0)
		if err != nil {
			t.Fatal(err)
		}
		stop()
		w.WriteString(content) // a pipe's buffer takes it whether read or not
		w.Close()
		if got := <-code; got != 1 {
			t.Errorf("exit %d, want 1:\n%s", got, stderr.String())
		}
		stoppedInHistory(t, db, csv, cx.ImportFailed, "customers: refused, nothing imported", &stderr)
	})
	t.Run("during the commit, PostgreSQL", func(t *testing.T) {
		p := &project{t: t, dir: t.TempDir(), db: postgrestest.Fresh(t)}
		csv := p.file("customers.csv", content)
		got, stderr := importCutInCommit(t, p, csv, func(stop func()) { stop() })
		if got != 1 {
			t.Errorf("exit %d, want 1:\n%s", got, stderr.String())
		}
		stoppedInHistory(t, p.db, csv, cx.ImportUnknown,
			"customers: not known whether imported: the database did not answer its commit", stderr)
	})
}

// stoppedInHistory checks that db's import history holds the one run of file, with status, and
// its audit log the line detail, and that no warning said either was not written.
func stoppedInHistory(t *testing.T, db, file, status, detail string, stderr *bytes.Buffer) {
	t.Helper()
	if strings.Contains(stderr.String(), "warning") {
		t.Errorf("a warning:\n%s", stderr.String())
	}
	ctx := context.Background()
	a, err := app.Open(ctx, db, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	runs, err := a.ImportHistory(ctx, 0, 10)
	if err != nil || len(runs) != 1 || runs[0].Status != status || runs[0].File != file {
		t.Errorf("import history %+v, %v; want the one run of %s, %s", runs, err, file, status)
	}
	entries, err := a.AuditLog(ctx, app.AuditQuery{})
	if err != nil || len(entries) != 1 || entries[0].Action != cx.AuditImport || web.AuditDetail("en", entries[0]) != detail {
		t.Errorf("audit log %+v, %v; want the one line %q", entries, err, detail)
	}
}

// TestImportStoppedAfterItsCommit: Ctrl-C on klantpuls import after its commit, while the
// engine it streamed into from a loaded engine file catches up on it (app.ErrNotCaughtUp), has
// the file imported: the command says so, and that the figures follow at the next start, in its
// language; the history has the run done and the audit log its counts. It said "nothing
// imported" beside the file stored, and recorded the run failed.
func TestImportStoppedAfterItsCommit(t *testing.T) {
	for _, c := range []struct{ lang, said string }{
		{"nl", "customers.csv: geïmporteerd; gestopt voordat de cijfers ermee waren bijgewerkt: ze volgen bij de volgende start"},
		{"en", "customers.csv: imported; stopped before the figures were brought up to date with it: they follow at the next start"},
	} {
		t.Run(c.lang, func(t *testing.T) {
			p := newProject(t)
			p.mustImport("tickets", "ticket_id,created_at\nT1,2026-03-02 10:00\n") // into an empty database: the engine file made
			csv := p.file("customers.csv", "customer_id,acquired_at\nC1,2026-01-01\n")
			runCtx, stop := context.WithCancel(context.Background())
			defer stop()
			importCommitted = func(context.Context) { stop() }
			defer func() { importCommitted = nil }()
			var stderr bytes.Buffer
			run(runCtx, []string{"--db", p.db, "import", "--lang", c.lang, "--kind", "customers", csv}, &bytes.Buffer{}, &stderr)
			said := stderr.String()
			if !strings.Contains(said, c.said) || strings.Contains(said, "nothing imported") || strings.Contains(said, "niets geïmporteerd") {
				t.Errorf("stderr:\n%s\nwant %q and not that nothing was imported", said, c.said)
			}
			a, err := app.Open(context.Background(), p.db, nil)
			if err != nil {
				t.Fatal(err)
			}
			defer a.Close()
			runs, err := a.ImportHistory(context.Background(), 0, 1)
			if err != nil || len(runs) != 1 || runs[0].Status != cx.ImportDone || runs[0].Written != 1 ||
				runs[0].Said != cx.ImportSaidStoppedAfterCommit {
				t.Errorf("history %+v, %v; want the run done, 1 written, the figures said to follow", runs, err)
			}
			entries, err := a.AuditLog(context.Background(), app.AuditQuery{Action: cx.AuditImport, Limit: 1})
			if err != nil || len(entries) != 1 || web.AuditDetail("en", entries[0]) !=
				"customers: 1 row read, 1 written (0 replaced); the figures follow at the next start" {
				t.Errorf("audit %+v, %v; want the import's counts and that the figures follow", entries, err)
			}
		})
	}
}
