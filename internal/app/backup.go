package app

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"strconv"

	"github.com/klantpuls/klantpuls/internal/cx"
	"github.com/klantpuls/klantpuls/internal/store"
	"github.com/klantpuls/klantpuls/internal/store/sqlite"
)

// Backup copies the SQLite database at dsn to the new file to while it is in use: one
// consistent snapshot, however many writes go on meanwhile. PostgreSQL has pg_dump for this.
// The copy holds every record, password hash and connection secret, so entry, which records it,
// goes into the audit log of the database at dsn once the copy is whole; a backup that fails
// leaves no entry, and one whose entry cannot be written is removed (sqlite.Backup).
func Backup(ctx context.Context, dsn, to string, entry cx.AuditEntry) error {
	if IsPostgres(dsn) {
		return cx.Errorf(cx.EINVALID, "back up PostgreSQL with pg_dump")
	}
	return sqlite.Backup(ctx, dsn, to, func() error { return AuditInto(ctx, dsn, entry) })
}

// CheckBackup tells whether the file at path is a whole, sound klantpuls database that a
// restore may put in place.
func CheckBackup(ctx context.Context, path string) error { return sqlite.CheckBackup(ctx, path) }

// RestoreResult tells what a restore kept of the database it replaced.
type RestoreResult struct {
	// Carried counts the lines of the replaced database's audit log added to the restored one's.
	Carried int
	// ErasedAgain tells the customers the replaced database had erased and the backup held,
	// whom the restore erased again.
	ErasedAgain ErasedAgain
	// Unerased counts the customers the replaced database had erased and the restore could not
	// erase again, as that database has no key to find them by: a backup taken before their
	// erasure may hold their personal data again, and only whoever knows their ids can erase
	// them again.
	Unerased int
}

// Restore puts the checked backup from in place of the SQLite database at dsn. It refuses,
// naming the process, while any process has the database open: a server writing on would go
// on acknowledging writes into the file replaced, and they would be lost. Until it is done, a
// klantpuls process that opens the database waits. The backup is copied beside the database
// and made ready there — migrated, given the replaced database's audit log and entry (restored)
// — and only then takes its place: a restore that fails on the way leaves the database as it
// was. Another program's file is not replaced, and is refused before the lock file is made
// beside it.
func Restore(ctx context.Context, dsn, from string, entry cx.AuditEntry) (RestoreResult, error) {
	if IsPostgres(dsn) {
		return RestoreResult{}, cx.Errorf(cx.EINVALID, "restore PostgreSQL with pg_restore or psql")
	}
	release, err := sqlite.Claim(ctx, dsn, sqlite.Exclusive)
	if err != nil {
		return RestoreResult{}, err
	}
	defer release()
	var replaced replacedDatabase
	if _, err := os.Stat(dsn); err == nil {
		if replaced, err = replacedOf(ctx, dsn); err != nil {
			return RestoreResult{}, fmt.Errorf("restore: unable to read the audit log of %s: %w", dsn, err)
		}
	}
	tmp := dsn + ".restore"
	if err := removeCopy(tmp); err != nil { // left by a restore cut off
		return RestoreResult{}, err
	}
	res, err := readyCopy(ctx, from, tmp, dsn, replaced, entry)
	if err != nil {
		// A copy cut short, or one this restore cannot hand over: no one's to keep.
		return res, errors.Join(fmt.Errorf("restore: %s is left as it was: %w", dsn, err), removeCopy(tmp))
	}
	for _, side := range []string{"-wal", "-shm"} { // the old database's journal must not be replayed onto the backup
		if err := os.Remove(dsn + side); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return RestoreResult{}, err
		}
	}
	if err := os.Rename(tmp, dsn); err != nil {
		return RestoreResult{}, errors.Join(err, removeCopy(tmp))
	}
	return res, nil
}

// readyCopy copies the backup from to tmp, beside the database dsn it is to replace, and
// makes it ready to take its place: brought up to date by the migrations an older release's
// backup lacks, with what it keeps of the database replaced (restored). Closed, its journal is
// in the file, and the file may be renamed.
func readyCopy(ctx context.Context, from, tmp, dsn string, replaced replacedDatabase, entry cx.AuditEntry) (RestoreResult, error) {
	if err := sqlite.CopyBackup(ctx, from, tmp, dsn); err != nil {
		return RestoreResult{}, err
	}
	db, err := sqlite.OpenUnclaimed(ctx, tmp)
	if err != nil {
		return RestoreResult{}, fmt.Errorf("the backup could not be brought up to date: %w", err)
	}
	a := over(db, nil)
	a.dbFile = tmp
	res, err := restored(ctx, a, replaced, entry)
	if cerr := a.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return res, err
	}
	if _, err := os.Lstat(tmp + "-wal"); err == nil {
		return res, fmt.Errorf("%s-wal is still there after closing the copy", tmp)
	}
	return res, nil
}

// removeCopy removes a restore's copy with its journal, if there is one.
func removeCopy(tmp string) error {
	var errs []error
	for _, side := range []string{"", "-wal", "-shm"} {
		if err := os.Remove(tmp + side); err != nil && !errors.Is(err, fs.ErrNotExist) {
			errs = append(errs, err)
		}
	}
	return errors.Join(errs...)
}

// replacedDatabase is what a restore reads of the database it replaces before it does.
type replacedDatabase struct {
	audit  []cx.AuditEntry // its whole audit log, oldest first
	erased map[string]bool // the keyed hashes of the customers it erased
	purged map[string]bool // those of erased whose records it deleted
	// authors are the keyed hashes of the mention authors it erased, key the key of every hash
	// in hex ("" when it has none).
	authors []string
	key     string
}

// replacedOf reads the database at dsn, which a restore replaces, in one open.
func replacedOf(ctx context.Context, dsn string) (replaced replacedDatabase, err error) {
	a, err := Open(ctx, dsn, nil)
	if err != nil {
		return replaced, err
	}
	defer a.Close()
	if replaced.audit, err = a.wholeAuditLog(ctx); err != nil {
		return replaced, err
	}
	return replaced, replaced.erasuresOf(ctx, a)
}

// restored records a restore in a, the backup's copy about to take the place of the database
// replaced. A backup is older than the database it replaces, and a restore must not erase the
// record of who did what since: the lines of the replaced database's log (oldest first) that
// the restored log lacks — those numbered above its last line — are added again, with their
// own time. Nor must it bring back a customer erased since: those the backup holds are erased
// again (eraseAgain), by whoever restores. Then entry, which says how many. The restored
// database also gets an identity of its own (RenewDatabaseID): its history departs from the
// backup's, and an engine file made before the restore, wherever it lies, is refused.
func restored(ctx context.Context, a *App, replaced replacedDatabase, entry cx.AuditEntry) (res RestoreResult, err error) {
	if err := a.RenewDatabaseID(ctx); err != nil {
		return res, err
	}
	newest, err := a.AuditLog(ctx, store.AuditQuery{Limit: 1})
	if err != nil {
		return res, err
	}
	var last int64
	if len(newest) == 1 {
		last = newest[0].ID
	}
	for _, e := range replaced.audit {
		if e.ID <= last {
			continue
		}
		e.ID = 0
		if err := a.Audit(ctx, e); err != nil {
			return res, err
		}
		res.Carried++
	}
	again, unerased, err := a.eraseAgain(ActingAs(ctx, entry), replaced)
	if err != nil {
		return res, fmt.Errorf("the customers the database replaced had erased could not be erased again in the backup: %w", err)
	}
	res.ErasedAgain, res.Unerased = again, unerased
	switch {
	case again.Purged > 0:
		entry.Words = append(entry.Words, cx.Phrase("erased_again_purged", strconv.Itoa(again.Customers), strconv.Itoa(again.Purged)))
	case again.Customers > 0:
		entry.Words = append(entry.Words, cx.Phrase("erased_again", strconv.Itoa(again.Customers)))
	}
	if res.Unerased > 0 {
		entry.Words = append(entry.Words, cx.Phrase("unerased", strconv.Itoa(res.Unerased)))
	}
	return res, a.Audit(ctx, entry)
}
