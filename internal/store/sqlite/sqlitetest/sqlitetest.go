// Package sqlitetest makes SQLite database files for tests (new ones, those another program or
// release left, damaged ones), has them refuse writes (fault injection) and reads what they
// hold. A new database is migrated once per test process and copied after that: goose parses
// every migration before it applies them, which under the race detector costs some 0.17 s of
// CPU a database, and the suite makes hundreds.
package sqlitetest

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/klantpuls/klantpuls/internal/store/sqlite"
)

// Made returns a writer of the SQLite database that build makes at the path it is given, in a
// folder of its own, the first time a copy is asked for; each call writes a copy of that file at
// path, as sqlite.Open makes a new file: its mode too, 0644 less the umask, as SQLite creates a
// file (SQLITE_DEFAULT_FILE_PERMISSIONS). What a test process needs many of and makes at a cost
// is made once so: an empty, migrated database (Fresh), the demo year the golden reports are
// of (cmd/klantpuls, which builds it with its own demo command).
func Made(build func(path string) error) func(t testing.TB, path string) {
	file := sync.OnceValues(func() ([]byte, error) {
		dir, err := os.MkdirTemp("", "klantpuls-sqlitetest-")
		if err != nil {
			return nil, err
		}
		defer os.RemoveAll(dir)
		made := filepath.Join(dir, "klantpuls.db")
		if err := build(made); err != nil {
			return nil, err
		}
		// The last connection's close writes the log back into the file and removes it: the
		// file alone is the whole database.
		if _, err := os.Stat(made + "-wal"); err == nil {
			return nil, fmt.Errorf("sqlitetest: %s-wal is still there after closing", made)
		}
		return os.ReadFile(made)
	})
	return func(t testing.TB, path string) {
		t.Helper()
		data, err := file()
		if err != nil {
			t.Fatalf("sqlitetest: unable to make the database to copy: %v", err)
		}
		if err := os.WriteFile(path, data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// fresh writes an empty database with every migration, made once.
var fresh = Made(func(path string) error {
	s, err := sqlite.Open(context.Background(), path)
	if err != nil {
		return err
	}
	return s.Close()
})

// Fresh writes an empty, migrated database file at path, as sqlite.Open would make it (Made).
func Fresh(t testing.TB, path string) {
	t.Helper()
	fresh(t, path)
}

// FreshUnlessThere writes Fresh's database at db unless something is there or db is a
// server's address (postgres://…), and returns db: what a test hands to app.Open or the binary
// in place of a new file, which they would migrate themselves at a cost (goose's parser under
// the race detector, some 0.2–0.5 s of CPU an open). The migrations of a new file are the
// store's tests' to check (internal/store/sqlite).
func FreshUnlessThere(t testing.TB, db string) string {
	t.Helper()
	if _, err := os.Stat(db); !strings.Contains(db, "://") && errors.Is(err, fs.ErrNotExist) {
		Fresh(t, db)
	}
	return db
}

// New writes an empty, migrated database file named klantpuls.db in a new temporary folder
// of the test, and returns its path.
func New(t testing.TB) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "klantpuls.db")
	Fresh(t, path)
	return path
}

// Damaged writes at path a migrated database with a table of its own whose last page (one of
// its rows') is overwritten: its schema reads, so it passes for a klantpuls database, but a
// copy of the whole file (a backup, a restore's copy) fails half-way.
func Damaged(t testing.TB, path string) {
	t.Helper()
	Fresh(t, path)
	db, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	_, err = db.Exec(`CREATE TABLE spill (b BLOB);
		WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 2000) INSERT INTO spill SELECT randomblob(100) FROM n`)
	if cerr := db.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		t.Fatal(err)
	}
	f, err := os.OpenFile(path, os.O_RDWR, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.WriteAt(bytes.Repeat([]byte{0xff}, 4096), fi.Size()-4096); err != nil {
		t.Fatal(err)
	}
}
