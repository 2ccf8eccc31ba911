package sqlite_test

import (
	"context"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"testing"

	"github.com/klantpuls/klantpuls/internal/store/sqlite"
	"github.com/klantpuls/klantpuls/internal/store/sqlite/sqlitetest"
)

// TestBackupThatFailsLeavesNoFile backs up a klantpuls database with a damaged page: the copy
// fails after the backup file was made, and leaves no file behind that a later backup to the
// same name would be refused for, or that a restore would take for one, nor a record of it. (A file that is no
// database at all is refused before the backup file is made, by Ours, so it cannot test this.)
func TestBackupThatFailsLeavesNoFile(t *testing.T) {
	dir := t.TempDir()
	db, to := filepath.Join(dir, "klantpuls.db"), filepath.Join(dir, "backup.db")
	sqlitetest.Damaged(t, db)
	recorded := false
	if err := sqlite.Backup(context.Background(), db, to, func() error { recorded = true; return nil }); err == nil {
		t.Fatal("a backup of a damaged database was written")
	}
	if _, err := os.Lstat(to); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("after the failed backup: %v, want no file", err)
	}
	if recorded {
		t.Error("a backup that failed was recorded as made")
	}
}
