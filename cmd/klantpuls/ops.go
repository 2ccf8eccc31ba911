package main

import (
	"fmt"
	"os"
	"path/filepath"

	"github.com/klantpuls/klantpuls/internal/app"
	"github.com/klantpuls/klantpuls/internal/cx"
)

type migrateCmd struct{}

// Run brings the database's schema up to date (serve and every command also do this on start)
// and says what it did: during an upgrade the operator reads which versions ran.
func (c *migrateCmd) Run(e *env) error {
	a, err := e.open()
	if err != nil {
		return err
	}
	defer a.Close()
	m := a.Migration()
	if m.Applied == 0 {
		e.say(e.stderr, msgSchemaCurrent, m.To)
	} else {
		e.say(e.stderr, msgSchemaMigrated, m.From, m.To, e.count(countMigrations, m.Applied))
	}
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
		return e.refused(msgBackupPostgres)
	}
	if err := e.mustExist(); err != nil {
		return err
	}
	abs, err := filepath.Abs(c.To)
	if err != nil {
		return err
	}
	if err := app.Backup(e.ctx, e.globals.DB, c.To, app.CommandLine(cx.AuditBackup, abs, cx.Phrase("backup_of", e.globals.DB))); err != nil {
		return err
	}
	e.say(e.stderr, msgBackupWritten, c.To)
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
		return e.refused(msgRestorePostgres)
	}
	if err := app.CheckBackup(e.ctx, c.From); err != nil {
		return err
	}
	if _, err := os.Stat(e.globals.DB); err == nil && !c.Force {
		return cx.Errorf(cx.ECONFLICT, "%s", msgRestoreExists.In(e.lang, e.globals.DB))
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
	e.say(e.stderr, msgRestored, e.globals.DB, c.From, e.count(countAuditLines, res.Carried))
	e.sayErasedAgain(res.ErasedAgain, res.Unerased)
	return nil
}

// sayErasedAgain says which customers the database replaced had erased a restore erased again
// in the backup (again), and how many it could not (unerased).
func (e *env) sayErasedAgain(again app.ErasedAgain, unerased int) {
	purged := ""
	if again.Purged > 0 {
		purged = msgErasedAgainPurged.In(e.lang, e.whole(again.Purged))
	}
	if again.Customers > 0 {
		fmt.Fprintln(e.stderr, msgErasedAgain.In(e.lang, again.Customers, e.whole(again.Customers), purged))
	}
	if unerased > 0 {
		fmt.Fprintln(e.stderr, e.count(msgUnerased, unerased))
	}
}
