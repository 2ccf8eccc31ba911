package app

import (
	"context"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"testing"

	"github.com/klantpuls/klantpuls/internal/cx"
	"github.com/klantpuls/klantpuls/internal/store/sqlite/sqlitetest"
)

// TestUnerasedNote: the restore's note on the customers a backup holds again reads as English
// for one customer and for several.
func TestUnerasedNote(t *testing.T) {
	for _, tt := range []struct {
		n    int
		want string
	}{
		{1, "1 customer erased from the database replaced is not erased in the backup, which may hold their personal data again: erase them again (klantpuls erase --customer ID --ahead)"},
		{2, "2 customers erased from the database replaced are not erased in the backup, which may hold their personal data again: erase them again (klantpuls erase --customer ID --ahead)"},
	} {
		if got := UnerasedNote(tt.n); got != tt.want {
			t.Errorf("UnerasedNote(%d):\n got %s\nwant %s", tt.n, got, tt.want)
		}
	}
}

// TestRestoreThatFailsLeavesNoCopy restores a backup whose copy fails half-way (a damaged page
// CheckBackup would have found): the restore's partial copy is removed, not left beside the
// database for the next restore to find.
func TestRestoreThatFailsLeavesNoCopy(t *testing.T) {
	dir := t.TempDir()
	path, backup := filepath.Join(dir, "k.db"), filepath.Join(dir, "backup.db")
	sqlitetest.Fresh(t, path)
	sqlitetest.Damaged(t, backup)
	if _, err := Restore(context.Background(), path, backup, cx.AuditEntry{Action: cx.AuditRestore, Subject: "test"}); err == nil {
		t.Fatal("a damaged backup was restored")
	}
	if _, err := os.Lstat(path + ".restore"); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("the restore's copy after the failure: %v, want none", err)
	}
}
