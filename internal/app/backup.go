package app

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"

	"github.com/klantpuls/klantpuls/internal/cx"
	"github.com/klantpuls/klantpuls/internal/store/sqlite"
)

// Backup copies the SQLite database at dsn to the new file to while it is in use: one
// consistent snapshot, however many writes go on meanwhile. PostgreSQL has pg_dump for this.
func Backup(ctx context.Context, dsn, to string) error {
	if IsPostgres(dsn) {
		return cx.Errorf(cx.EINVALID, "back up PostgreSQL with pg_dump")
	}
	return sqlite.Backup(ctx, dsn, to)
}

// CheckBackup tells whether the file at path is a whole, sound klantpuls database that a
// restore may put in place.
func CheckBackup(ctx context.Context, path string) error { return sqlite.CheckBackup(ctx, path) }

// Restore puts the checked backup from in place of the SQLite database at dsn. It refuses,
// naming the process, while any process has the database open: a server writing on would go
// on acknowledging writes into the file replaced, and they would be lost. Until it is done, a
// klantpuls process that opens the database waits. The audit log of the database replaced
// outlives it (Restored), and entry records the restore; carried is how many of the replaced
// database's audit lines were kept. Another program's file is not replaced, and is refused
// before the lock file is made beside it.
func Restore(ctx context.Context, dsn, from string, entry cx.AuditEntry) (carried int, err error) {
	if IsPostgres(dsn) {
		return 0, cx.Errorf(cx.EINVALID, "restore PostgreSQL with pg_restore or psql")
	}
	if err := sqlite.Ours(ctx, dsn); err != nil {
		return 0, err
	}
	release, err := sqlite.Exclusive(dsn)
	if err != nil {
		return 0, err
	}
	defer release()
	var replaced []cx.AuditEntry
	if _, err := os.Stat(dsn); err == nil {
		if replaced, err = AuditLogOf(ctx, dsn); err != nil {
			return 0, fmt.Errorf("restore: unable to read the audit log of %s: %w", dsn, err)
		}
	}
	tmp := dsn + ".restore"
	if err := os.Remove(tmp); err != nil && !errors.Is(err, fs.ErrNotExist) { // left by a restore cut off
		return 0, err
	}
	if err := sqlite.CopyBackup(ctx, from, tmp, dsn); err != nil {
		os.Remove(tmp) // a copy cut short, or one this restore cannot hand over: no one's to keep
		return 0, err
	}
	for _, side := range []string{"-wal", "-shm"} { // the old database's journal must not be replayed onto the backup
		if err := os.Remove(dsn + side); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return 0, err
		}
	}
	if err := os.Rename(tmp, dsn); err != nil {
		return 0, err
	}
	if carried, err = Restored(ctx, dsn, replaced, entry); err != nil {
		return carried, fmt.Errorf("restore: %s is restored, but its audit log could not be written: %w", dsn, err)
	}
	return carried, nil
}
