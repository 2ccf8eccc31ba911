package main

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/klantpuls/klantpuls/internal/app"
	"github.com/klantpuls/klantpuls/internal/cx"
	"github.com/klantpuls/klantpuls/internal/store/sqlite"

	_ "modernc.org/sqlite" // the driver, for backup and restore checks
)

type migrateCmd struct{}

// Run brings the database's schema up to date (serve and every command also do this on start).
func (c *migrateCmd) Run(e *env) error {
	a, err := e.open()
	if err != nil {
		return err
	}
	defer a.Close()
	fmt.Fprintln(e.stderr, "migrate: the schema is up to date")
	return nil
}

type backupCmd struct {
	To string `arg:"" name:"FILE" help:"The backup file to write (must not exist)."`
}

// Run copies a SQLite database while it is in use: VACUUM INTO writes one consistent
// snapshot of it, however many writes go on meanwhile. A PostgreSQL database is backed up
// with pg_dump (see the README).
func (c *backupCmd) Run(e *env) error {
	if app.IsPostgres(e.globals.DB) {
		return usageError{errors.New("back up PostgreSQL with pg_dump (README, production)")}
	}
	if err := mustExist(e.globals.DB); err != nil {
		return err
	}
	if _, err := os.Stat(c.To); err == nil {
		return cx.Errorf(cx.ECONFLICT, "%s exists: choose a new file for the backup", c.To)
	}
	release, err := sqlite.Share(e.globals.DB) // a restore must not replace the file meanwhile
	if err != nil {
		return err
	}
	defer release()
	db, err := sql.Open("sqlite", e.globals.DB+"?_pragma=busy_timeout(10000)")
	if err != nil {
		return err
	}
	defer db.Close()
	if _, err := db.ExecContext(e.ctx, "VACUUM INTO ?", c.To); err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	fmt.Fprintf(e.stderr, "backup: %s written\n", c.To)
	return nil
}

type restoreCmd struct {
	From  string `arg:"" name:"FILE" help:"The backup file to restore."`
	Force bool   `help:"Replace an existing database (refused while any process has it open)."`
}

// Run puts a backup in place of the database, after checking it is a whole, sound klantpuls
// database. It refuses while any process has the database open, naming it: a server writing
// on would go on acknowledging writes into the file replaced, and they would be lost. Until it
// is done, a klantpuls process that opens the database waits.
func (c *restoreCmd) Run(e *env) error {
	if app.IsPostgres(e.globals.DB) {
		return usageError{errors.New("restore PostgreSQL with pg_restore or psql (README, production)")}
	}
	if err := checkBackup(e.ctx, c.From); err != nil {
		return err
	}
	if _, err := os.Stat(e.globals.DB); err == nil && !c.Force {
		return cx.Errorf(cx.ECONFLICT, "%s exists: stop the server and add --force to replace it", e.globals.DB)
	}
	release, err := sqlite.Exclusive(e.globals.DB)
	if err != nil {
		return err
	}
	defer release()
	// The audit log of the database being replaced outlives it (app.Restored).
	var replaced []cx.AuditEntry
	if _, err := os.Stat(e.globals.DB); err == nil {
		if replaced, err = app.AuditLogOf(e.ctx, e.globals.DB); err != nil {
			return fmt.Errorf("restore: unable to read the audit log of %s: %w", e.globals.DB, err)
		}
	}
	tmp := e.globals.DB + ".restore"
	if err := copyFile(c.From, tmp); err != nil {
		return err
	}
	for _, side := range []string{"-wal", "-shm"} { // the old database's journal must not be replayed onto the backup
		os.Remove(e.globals.DB + side)
	}
	if err := os.Rename(tmp, e.globals.DB); err != nil {
		return err
	}
	abs, _ := filepath.Abs(c.From)
	carried, err := app.Restored(e.ctx, e.globals.DB, replaced, app.CommandLine(cx.AuditRestore, abs, "restored over "+e.globals.DB))
	if err != nil {
		return fmt.Errorf("restore: %s is restored, but its audit log could not be written: %w", e.globals.DB, err)
	}
	fmt.Fprintf(e.stderr, "restore: %s restored from %s (%d audit log lines kept from the database it replaced)\n", e.globals.DB, c.From, carried)
	return nil
}

// checkBackup opens a backup read-only and runs SQLite's integrity check and a look at the
// tables klantpuls needs.
func checkBackup(ctx context.Context, path string) error {
	if _, err := os.Stat(path); err != nil {
		return cx.Errorf(cx.ENOTFOUND, "%s: no such backup", path)
	}
	abs, _ := filepath.Abs(path)
	db, err := sql.Open("sqlite", "file:"+abs+"?mode=ro")
	if err != nil {
		return err
	}
	defer db.Close()
	var result string
	if err := db.QueryRowContext(ctx, "PRAGMA integrity_check").Scan(&result); err != nil || result != "ok" {
		return cx.Errorf(cx.EINVALID, "%s is not a sound SQLite database (%v %s)", path, err, result)
	}
	var n int
	if err := db.QueryRowContext(ctx, "SELECT count(*) FROM meta").Scan(&n); err != nil || n != 1 {
		return cx.Errorf(cx.EINVALID, "%s is not a klantpuls database", path)
	}
	return nil
}

func copyFile(from, to string) error {
	in, err := os.Open(from)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.Create(to)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	if err := out.Sync(); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}
