package sqlitetest

import (
	"context"
	"os"
	"path/filepath"
	"syscall"
	"testing"

	"github.com/klantpuls/klantpuls/internal/store/sqlite"
)

// TestFreshAsOpenMakesIt: Fresh's file has the mode sqlite.Open gives a new database — SQLite
// creates it 0644 less the umask (SQLITE_DEFAULT_FILE_PERMISSIONS), 0640 under umask 027 —
// where Fresh wrote 0600 whatever the umask: a test of who may read a database's files
// (its backup, its engine file) saw a mode no user's database has.
func TestFreshAsOpenMakesIt(t *testing.T) {
	old := syscall.Umask(0o027)
	defer syscall.Umask(old)
	dir := t.TempDir()
	opened := filepath.Join(dir, "opened.db")
	s, err := sqlite.Open(context.Background(), opened)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	fresh := filepath.Join(dir, "fresh.db")
	Fresh(t, fresh)
	for _, path := range []string{opened, fresh} {
		fi, err := os.Stat(path)
		if err != nil {
			t.Fatal(err)
		}
		if got := fi.Mode().Perm(); got != 0o640 {
			t.Errorf("%s: mode %v under umask 027, want 0640", filepath.Base(path), got)
		}
	}
}
