package sqlite

import (
	"context"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/klantpuls/klantpuls/internal/cx"
)

// databaseOfMode is newDatabase with mode.
func databaseOfMode(t *testing.T, mode fs.FileMode) string {
	t.Helper()
	path := newDatabase(t)
	if err := os.Chmod(path, mode); err != nil {
		t.Fatal(err)
	}
	return path
}

// TestBackupTakesTheDatabasesPermissions backs up databases of several modes under the usual
// umask (022): the backup holds the customers' personal data and the users' password hashes, so
// nobody reads it who cannot read the database. It was made as SQLite makes a new file, 0644
// under that umask: a database kept 0600 had a backup every user of the machine could read.
func TestBackupTakesTheDatabasesPermissions(t *testing.T) {
	defer syscall.Umask(syscall.Umask(0o022))
	for _, mode := range []fs.FileMode{0o600, 0o640, 0o644} {
		db := databaseOfMode(t, mode)
		to := filepath.Join(filepath.Dir(db), "backup.db")
		if err := Backup(context.Background(), db, to, nil); err != nil {
			t.Fatal(err)
		}
		fi, err := os.Stat(to)
		if err != nil {
			t.Fatal(err)
		}
		if got := fi.Mode().Perm(); got != mode {
			t.Errorf("the backup of a database of mode %o: mode %o", mode, got)
		}
		if err := CheckBackup(context.Background(), to); err != nil {
			t.Errorf("the backup of a database of mode %o: %v", mode, err)
		}
	}
}

// TestBackupRefusedLeavesWhatWasThere backs up to a path that is taken or cannot be written:
// each is refused naming the path, and what was there — an earlier backup, a directory — is as
// it was, with nothing new beside it.
func TestBackupRefusedLeavesWhatWasThere(t *testing.T) {
	db := databaseOfMode(t, 0o600)
	dir := filepath.Dir(db)
	earlier := filepath.Join(dir, "earlier.db")
	if err := os.WriteFile(earlier, []byte("an earlier backup"), 0o600); err != nil {
		t.Fatal(err)
	}
	folder := filepath.Join(dir, "backups")
	if err := os.Mkdir(folder, 0o700); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name, to string
		code     string
	}{
		{"an earlier backup", earlier, cx.ECONFLICT},
		{"a directory", folder, cx.ECONFLICT},
		{"a missing directory", filepath.Join(dir, "missing", "backup.db"), ""},
	} {
		err := Backup(context.Background(), db, tc.to, nil)
		var e *cx.Error
		switch {
		case err == nil:
			t.Errorf("%s: written", tc.name)
		case tc.code != "" && (!errors.As(err, &e) || e.Code != tc.code):
			t.Errorf("%s: %v, want %s", tc.name, err, tc.code)
		case !strings.Contains(err.Error(), tc.to):
			t.Errorf("%s: %q names not the path", tc.name, err)
		}
	}
	if data, err := os.ReadFile(earlier); err != nil || string(data) != "an earlier backup" {
		t.Errorf("the earlier backup after the refusal: %q %v", data, err)
	}
	if entries, _ := os.ReadDir(folder); len(entries) != 0 {
		t.Errorf("the directory after the refusal holds %d files", len(entries))
	}
}

// TestBackupIsRecordedOnceWhole: the record of a backup is written once the copy is whole; a
// backup whose record cannot be written fails and is removed — no copy of the personal data
// without its line in the audit log.
func TestBackupIsRecordedOnceWhole(t *testing.T) {
	for _, tc := range []struct {
		name   string
		record error
	}{
		{"recorded", nil},
		{"its record refused", errors.New("disk I/O error")},
	} {
		db := databaseOfMode(t, 0o600)
		to := filepath.Join(filepath.Dir(db), "backup.db")
		whole := errors.New("not recorded")
		err := Backup(context.Background(), db, to, func() error {
			whole = CheckBackup(context.Background(), to)
			return tc.record
		})
		if whole != nil {
			t.Errorf("%s: recorded before the copy was whole, or not at all: %v", tc.name, whole)
		}
		_, statErr := os.Lstat(to)
		switch {
		case tc.record == nil && (err != nil || statErr != nil):
			t.Errorf("%s: %v, the backup: %v", tc.name, err, statErr)
		case tc.record != nil && (err == nil || !strings.Contains(err.Error(), tc.record.Error())):
			t.Errorf("%s: %v, want the record's error", tc.name, err)
		case tc.record != nil && !errors.Is(statErr, fs.ErrNotExist):
			t.Errorf("%s: the backup is left (%v), without its record", tc.name, statErr)
		}
	}
}

// TestCheckBackupAndOursAgree: a restore's check of the backup (CheckBackup) and every
// command's refusal of another program's file (Ours) tell a klantpuls database by one rule. They
// told it apart differently — CheckBackup by a table meta of one row, Ours by goose's version
// table — so another program's file with a meta table of its own passed as a backup (and was
// put in place of the database, which then no command could open), and a file of a program
// that also keeps its schema with goose was taken for a klantpuls database to migrate into.
func TestCheckBackupAndOursAgree(t *testing.T) {
	ctx := context.Background()
	for _, tc := range []struct {
		name, statements string
		ours             bool
	}{
		{"another program's with a meta table", "CREATE TABLE meta (id INTEGER PRIMARY KEY, seq INTEGER); INSERT INTO meta VALUES (1, 0); CREATE TABLE facturen (nr INTEGER)", false},
		{"another program's migrated by goose", "CREATE TABLE goose_db_version (id INTEGER PRIMARY KEY, version_id INTEGER, is_applied INTEGER, tstamp TIMESTAMP); INSERT INTO goose_db_version (version_id, is_applied) VALUES (0, 1), (1, 1); CREATE TABLE facturen (nr INTEGER)", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "file.db")
			another(t, path, tc.statements)
			var foreign *ForeignDatabaseError
			if err := Ours(ctx, path); !errors.As(err, &foreign) {
				t.Errorf("Ours: %v, want it refused as another program's database", err)
			}
			if err := CheckBackup(ctx, path); cx.ErrorCode(err) != cx.EINVALID || !strings.Contains(err.Error(), "not a klantpuls database") {
				t.Errorf("CheckBackup: %v, want it refused as no klantpuls database", err)
			}
		})
	}
	t.Run("klantpuls's", func(t *testing.T) {
		path := newDatabase(t)
		if err := Ours(ctx, path); err != nil {
			t.Errorf("Ours: %v", err)
		}
		if err := CheckBackup(ctx, path); err != nil {
			t.Errorf("CheckBackup: %v", err)
		}
	})
}
