package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"syscall"

	"github.com/klantpuls/klantpuls/internal/cx"
	"github.com/klantpuls/klantpuls/internal/store/sqldb"
)

// Backup copies the database at path to the new file to while the database is in use: VACUUM
// INTO writes one consistent snapshot of it, however many writes go on meanwhile. A restore
// must not replace the file during the copy, so the database is shared (claim.go) until done.
// The backup holds what the database holds (personal data, password hashes), so it takes the
// database file's permissions: VACUUM INTO alone made it as any new file, readable by every
// user under the usual umask. It is made here, empty, and only here (O_EXCL): an earlier
// backup at to, a directory or a link is refused and stays as it was; a backup that fails is
// removed, so no half a backup is left for a restore to find. Another program's file is no
// klantpuls backup, and is refused before the lock file is made. record, when not nil, is
// called once the copy is whole, while the database is still shared, to say in it that the copy
// was made: it is the last step, so a backup that fails leaves no record claiming it, and when
// the record cannot be written the backup fails and is removed — no copy of the personal data
// without its line in the audit log.
func Backup(ctx context.Context, path, to string, record func() error) (err error) {
	release, err := Claim(ctx, path, Share)
	if err != nil {
		return err
	}
	defer release()
	fi, err := os.Stat(path)
	if err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	mode := CopyMode(fi)
	f, err := os.OpenFile(to, os.O_WRONLY|os.O_CREATE|os.O_EXCL, mode)
	if errors.Is(err, fs.ErrExist) {
		return cx.Errorf(cx.ECONFLICT, "%s exists: choose a new file for the backup", to)
	}
	if err != nil {
		return fmt.Errorf("backup: unable to create %s: %w", to, err)
	}
	defer func() {
		if err != nil {
			os.Remove(to)
		}
	}()
	err = f.Chmod(mode) // the umask may have narrowed it, and a group that reads the database reads its backups
	if errors.Is(err, syscall.EPERM) || errors.Is(err, syscall.ENOTSUP) {
		// A file system without Unix permissions (a USB disk's vfat, some network shares) keeps
		// the mode its mount gives every file: the backup is made there as it was before.
		err = nil
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	// The wait for the write lock is longer than a write's: a backup has no one waiting on it.
	db, err := sql.Open("sqlite", path+"?_pragma=busy_timeout(10000)")
	if err != nil {
		return fmt.Errorf("store: unable to open %s: %w", path, err)
	}
	defer db.Close()
	if _, err := db.ExecContext(ctx, "VACUUM INTO ?", to); err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	if record == nil {
		return nil
	}
	if err := record(); err != nil {
		return fmt.Errorf("backup: %s is removed, as its audit entry could not be written: %w", to, err)
	}
	return nil
}

// CopyBackup writes the backup at from, as it reads — with the write-ahead log beside it, when
// it was copied with its -wal file — into the new file to, synced to disk: VACUUM INTO on a
// read-only connection, so the backup itself is never written to. A raw copy of the main file
// alone lost what that log held, which CheckBackup had read and passed. The copy takes the
// permissions and owner of like, the database it is to replace (when there is one; else the
// backup's permissions): made as any new file, a restore by root left a database every user
// read and the server, running as its own user, could not write.
func CopyBackup(ctx context.Context, from, to, like string) error {
	db, err := openReadOnly(from)
	if err != nil {
		return err
	}
	defer db.Close()
	if _, err := db.ExecContext(ctx, "VACUUM INTO ?", to); err != nil {
		return fmt.Errorf("restore: unable to copy %s: %w", from, err)
	}
	f, err := os.OpenFile(to, os.O_RDWR, 0)
	if err != nil {
		return err
	}
	err = takeAfter(f, like, from)
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	return err
}

// CopyMode is the mode of a copy of the database file fi: its read and write bits, no exec bits
// — a backup, a restored database and the engine file are read by whoever reads the database.
func CopyMode(fi fs.FileInfo) fs.FileMode { return fi.Mode().Perm() &^ 0o111 }

// takeAfter gives f the permissions and owner of the file like, or when there is none the
// permissions of the file or. An owner it may not give (a restore run by another user than
// root and the database's owner) is an error: the database's owner could not write to it.
func takeAfter(f *os.File, like, or string) error {
	fi, err := os.Stat(like)
	if errors.Is(err, fs.ErrNotExist) {
		if fi, err = os.Stat(or); err != nil {
			return err
		}
		return f.Chmod(CopyMode(fi))
	}
	if err != nil {
		return err
	}
	if err := f.Chmod(CopyMode(fi)); err != nil {
		return err
	}
	st, ok := fi.Sys().(*syscall.Stat_t)
	if !ok {
		return nil
	}
	mine, err := f.Stat()
	if err != nil {
		return err
	}
	if m, ok := mine.Sys().(*syscall.Stat_t); ok && m.Uid == st.Uid && m.Gid == st.Gid {
		return nil
	}
	if err := f.Chown(int(st.Uid), int(st.Gid)); err != nil {
		return cx.Errorf(cx.EINVALID, "%s belongs to user %d, group %d, and this restore cannot give the restored database to them (%v): run it as that user or as root", like, st.Uid, st.Gid, err)
	}
	return nil
}

// CheckBackup opens the file at path read-only and tells whether it is a whole, sound
// klantpuls database: SQLite's integrity check passes, it is klantpuls's by the rule every
// command opens a database by (klantpulsOrNew) and no newer klantpuls migrated it (cx.EINVALID when not, cx.ENOTFOUND
// when there is no such file). An older one's is brought up to date by the restore, on its
// copy, before the copy takes the database's place.
func CheckBackup(ctx context.Context, path string) error {
	if _, err := os.Stat(path); err != nil {
		return cx.Errorf(cx.ENOTFOUND, "%s: no such backup", path)
	}
	db, err := openReadOnly(path)
	if err != nil {
		return err
	}
	defer db.Close()
	var result string
	if err := db.QueryRowContext(ctx, "PRAGMA integrity_check").Scan(&result); err != nil || result != "ok" {
		return cx.Errorf(cx.EINVALID, "%s is not a sound SQLite database (%v %s)", path, err, result)
	}
	fresh, err := klantpulsOrNew(ctx, db)
	var foreign *ForeignDatabaseError
	switch {
	case fresh:
		return cx.Errorf(cx.EINVALID, "%s is not a klantpuls database: it holds no records, accounts or settings", path)
	case errors.As(err, &foreign):
		return cx.Errorf(cx.EINVALID, "%s is not a klantpuls database: it holds tables of another program (%s)", path, foreign.listed())
	case err != nil:
		return cx.Errorf(cx.EINVALID, "%s is not a klantpuls database: %v", path, err)
	}
	if err := sqldb.CheckSchema(ctx, db, migrations); err != nil {
		return cx.Errorf(cx.EINVALID, "%s cannot be restored by this klantpuls: %v", path, err)
	}
	return nil
}

// openReadOnly opens the database file at path read-only: a backup is read, never written.
// Without a -wal file beside it there is no log to read, and it is opened immutable: a
// read-only connection to a WAL database otherwise makes -wal and -shm files beside it and,
// unable to checkpoint, leaves them there — after a restore, or a restore refused.
func openReadOnly(path string) (*sql.DB, error) {
	abs, err := filepath.Abs(path)
	if err != nil {
		return nil, err
	}
	params := "?mode=ro"
	if _, err := os.Lstat(abs + "-wal"); errors.Is(err, fs.ErrNotExist) {
		params += "&immutable=1"
	}
	return sql.Open("sqlite", "file:"+abs+params)
}
