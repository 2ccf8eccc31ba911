package main

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"github.com/klantpuls/klantpuls/internal/app"
	"github.com/klantpuls/klantpuls/internal/cx"
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

// Run copies a SQLite database while it is in use, one consistent snapshot however many writes
// go on meanwhile (app.Backup), and records the copy in the database's audit log. A PostgreSQL
// database is backed up with pg_dump (see the README).
func (c *backupCmd) Run(e *env) error {
	if app.IsPostgres(e.globals.DB) {
		return usageError{errors.New("back up PostgreSQL with pg_dump (README, production)")}
	}
	if err := mustExist(e.globals.DB); err != nil {
		return err
	}
	abs, err := filepath.Abs(c.To)
	if err != nil {
		return err
	}
	if err := app.Backup(e.ctx, e.globals.DB, c.To, app.CommandLine(cx.AuditBackup, abs, cx.Phrase("backup_of", e.globals.DB))); err != nil {
		return err
	}
	fmt.Fprintf(e.stderr, "backup: %s written\n", c.To)
	return nil
}

type restoreCmd struct {
	From  string `arg:"" name:"FILE" help:"The backup file to restore."`
	Force bool   `help:"Replace an existing database (refused while any process has it open)."`
}

// Run puts a backup in place of the database, after checking it is a whole, sound klantpuls
// database (app.CheckBackup, app.Restore). It refuses while any process has the database open,
// naming it: a server writing on would go on acknowledging writes into the file replaced, and
// they would be lost. Until it is done, a klantpuls process that opens the database waits.
func (c *restoreCmd) Run(e *env) error {
	if app.IsPostgres(e.globals.DB) {
		return usageError{errors.New("restore PostgreSQL with pg_restore or psql (README, production)")}
	}
	if err := app.CheckBackup(e.ctx, c.From); err != nil {
		return err
	}
	if _, err := os.Stat(e.globals.DB); err == nil && !c.Force {
		return cx.Errorf(cx.ECONFLICT, "%s exists: stop the server and add --force to replace it", e.globals.DB)
	}
	abs, err := filepath.Abs(c.From)
	if err != nil {
		return err
	}
	res, err := app.Restore(e.ctx, e.globals.DB, c.From, app.CommandLine(cx.AuditRestore, abs, cx.Phrase("restored_over", e.globals.DB)))
	if err != nil {
		return err
	}
	// The engine file was made of the database replaced: of no use now, and refused anyway, as
	// any other made before the restore (app.Restore gave the database a new identity).
	if err := e.dropEngineFile(); err != nil {
		return err
	}
	fmt.Fprintf(e.stderr, "restore: %s restored from %s (%d audit log lines kept from the database it replaced)\n", e.globals.DB, c.From, res.Carried)
	if note := res.ErasedAgain.Note(); note != "" {
		fmt.Fprintf(e.stderr, "restore: %s\n", note)
	}
	if res.Unerased > 0 {
		fmt.Fprintf(e.stderr, "restore: %s\n", app.UnerasedNote(res.Unerased))
	}
	return nil
}
