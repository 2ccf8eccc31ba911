package sqlitetest

import (
	"bytes"
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

// TestFreshUnlessThere: a new path gets Fresh's database; a file that is there is left as it
// is (a test's second open of its database); a server's address is no path.
func TestFreshUnlessThere(t *testing.T) {
	dir := t.TempDir()
	Fresh(t, filepath.Join(dir, "fresh.db"))
	fresh, err := os.ReadFile(filepath.Join(dir, "fresh.db"))
	if err != nil {
		t.Fatal(err)
	}
	made := filepath.Join(dir, "new.db")
	if got := FreshUnlessThere(t, made); got != made {
		t.Errorf("FreshUnlessThere(%s) = %s", made, got)
	}
	if b, err := os.ReadFile(made); err != nil || !bytes.Equal(b, fresh) {
		t.Errorf("%s: %d bytes, %v; want Fresh's %d", made, len(b), err, len(fresh))
	}
	kept := filepath.Join(dir, "kept.db")
	if err := os.WriteFile(kept, []byte("a test's own"), 0o644); err != nil {
		t.Fatal(err)
	}
	FreshUnlessThere(t, kept)
	if b, _ := os.ReadFile(kept); string(b) != "a test's own" {
		t.Errorf("%s was written over: %.20q", kept, b)
	}
	t.Chdir(dir)
	address := "postgres://postgres@127.0.0.1:1/kp?sslmode=disable"
	if got := FreshUnlessThere(t, address); got != address {
		t.Errorf("FreshUnlessThere(%s) = %s", address, got)
	}
	if entries, _ := os.ReadDir("postgres:"); len(entries) > 0 {
		t.Errorf("a database was written under ./postgres:/ for the address %s", address)
	}
}
