package sqlite

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/pressly/goose/v3"

	"github.com/klantpuls/klantpuls/internal/cx"
	"github.com/klantpuls/klantpuls/internal/store/storetest"
)

// openTest opens a new database file, closed when the test ends, and returns it and its path.
func openTest(t testing.TB) (*Store, string) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "klantpuls.db")
	return openPath(t, path), path
}

func TestMigrationsDown(t *testing.T) {
	s, _ := openTest(t)
	storetest.MigrationsDown(t, s, s.write.DB, goose.DialectSQLite3, migrations, 1,
		"SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name = ?")
}

func TestAddressKeysMigrated(t *testing.T) {
	s, _ := openTest(t)
	storetest.AddressKeysMigrated(t, s, s.write.DB, dialect, goose.DialectSQLite3, migrations, 33)
}

func TestMigrateIsIdempotent(t *testing.T) {
	s, path := openTest(t)
	storetest.Put(t, s, storetest.MinimalRecords()...)
	for range 2 {
		if _, err := Migrate(context.Background(), s.write.DB); err != nil {
			t.Fatal(err)
		}
	}
	s.Close()
	again := openPath(t, path)
	if n, err := again.Count(context.Background(), cx.KindTickets); err != nil || n != 1 {
		t.Errorf("count = %d, %v; want 1", n, err)
	}
}

func TestNameKeysBackfilled(t *testing.T) {
	s, _ := openTest(t)
	storetest.NameKeysBackfilled(t, s, s.write.DB, goose.DialectSQLite3, migrations, 35, 37)
}

func TestMigrateAsksGooseOnlyForWhatIsMissing(t *testing.T) {
	s, _ := openTest(t)
	storetest.MigrateAsksGooseOnlyForWhatIsMissing(t, s.write.DB, goose.DialectSQLite3, migrations,
		"SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name = ?")
}

func TestConnectionSettings(t *testing.T) {
	s, _ := openTest(t)
	tests := []struct {
		pragma string
		want   string
	}{
		{"journal_mode", "wal"},
		{"synchronous", "2"}, // FULL
		{"foreign_keys", "0"},
		{"busy_timeout", "5000"},
		{"temp_store", "2"}, // MEMORY
	}
	for _, tc := range tests {
		t.Run(tc.pragma, func(t *testing.T) {
			var got string
			if err := s.write.QueryRow("PRAGMA " + tc.pragma).Scan(&got); err != nil {
				t.Fatal(err)
			}
			if got != tc.want {
				t.Errorf("%s = %s, want %s", tc.pragma, got, tc.want)
			}
		})
	}
}

// openPath opens the file at path, closed when the test ends.
func openPath(t testing.TB, path string) *Store {
	s, err := Open(context.Background(), path)
	return storetest.Keep(t, s, err)
}

func TestOpenNeedsAFile(t *testing.T) {
	for _, path := range []string{"", ":memory:"} {
		if _, err := Open(context.Background(), path); cx.ErrorCode(err) != cx.EINVALID {
			t.Errorf("Open(%q): err = %v, want invalid", path, err)
		}
	}
}

// TestOpenRefusesAnotherProgramsDatabase: --db given another program's SQLite file (a typo, a
// neighbour's .db) is refused naming what it holds, and the file is left as it was — no
// klantpuls table beside its own, not a byte of it changed (its journal mode neither), and no
// file beside it (no <db>.lock, no -wal or -shm); a backup of it is refused as well. An empty
// file is a new database.
func TestOpenRefusesAnotherProgramsDatabase(t *testing.T) {
	ctx := context.Background()
	for _, mode := range []string{"delete", "wal"} {
		t.Run("journal mode "+mode, func(t *testing.T) {
			dir := t.TempDir()
			path := filepath.Join(dir, "boekhouding.db")
			another(t, path, "PRAGMA journal_mode = "+mode+"; CREATE TABLE facturen (nr INTEGER); CREATE TABLE klanten (naam TEXT)")
			before, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			s, err := Open(ctx, path)
			var foreign *ForeignDatabaseError
			if err == nil {
				s.Close()
			}
			if !errors.As(err, &foreign) || !strings.Contains(err.Error(), "facturen, klanten") || !strings.Contains(err.Error(), path) {
				t.Errorf("open: %v; want it refused as another program's database, naming the file and its tables", err)
			}
			if err := Backup(ctx, path, filepath.Join(t.TempDir(), "kopie.db"), nil); !errors.As(err, &foreign) {
				t.Errorf("backup: %v; want it refused as another program's database", err)
			}
			if after, err := os.ReadFile(path); err != nil || !bytes.Equal(after, before) {
				t.Errorf("the refused file changed (%v)", err)
			}
			if entries, err := os.ReadDir(dir); err != nil || len(entries) != 1 {
				var names []string
				for _, e := range entries {
					names = append(names, e.Name())
				}
				t.Errorf("beside the refused file: %v (%v), want nothing", names, err)
			}
		})
	}
	empty := filepath.Join(t.TempDir(), "leeg.db")
	if err := os.WriteFile(empty, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	openPath(t, empty) // a new database in an empty file
}

// another writes the SQLite file at path as another program would, and closes it.
func another(t *testing.T, path, statements string) {
	t.Helper()
	db, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.ExecContext(context.Background(), statements); err != nil {
		t.Fatal(err)
	}
}

// TestUnsubscribeKeepsTheFirstTime reads the table: that is not seen through the interface.
func TestUnsubscribeKeepsTheFirstTime(t *testing.T) {
	s, _ := openTest(t)
	storetest.UnsubscribeKeepsTheFirstTime(t, s, s.read)
}

func TestAlertNotesMigrated(t *testing.T) {
	s, _ := openTest(t)
	storetest.AlertNotesMigrated(t, s, s.write.DB, dialect, goose.DialectSQLite3, migrations, 40)
}

func TestAlertEmailReplyMigrated(t *testing.T) {
	s, _ := openTest(t)
	storetest.AlertEmailReplyMigrated(t, s, s.write.DB, dialect, goose.DialectSQLite3, migrations, 41)
}

func TestDigestReasonsMigrated(t *testing.T) {
	s, _ := openTest(t)
	storetest.DigestReasonsMigrated(t, s, s.write.DB, dialect, goose.DialectSQLite3, migrations, 39)
}
