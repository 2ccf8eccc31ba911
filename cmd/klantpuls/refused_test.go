package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/klantpuls/klantpuls/internal/store/sqlite/sqlitetest"
)

// A command refused its --db leaves no trace: another program's SQLite file (a --db mistyped
// to a neighbour's .db) is refused by every command that opens it, without a byte of it
// changed and without a file made beside it (no <db>.lock, -wal, -shm or engine file); a
// --db that is not there is refused by the commands that read one, without making it; and the
// backup a refused restore read has nothing left beside it (no -wal or -shm).
func TestRefusedDatabaseLeavesNoTrace(t *testing.T) {
	inEnglish(t)
	in := t.TempDir() // the commands' own files, apart from the database's directory
	csv := filepath.Join(in, "customers.csv")
	if err := os.WriteFile(csv, []byte("customer_id,acquired_at\nC1,2026-01-01\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	backup := filepath.Join(in, "backup.db")
	sqlitetest.Fresh(t, backup)
	t.Setenv("KLANTPULS_USER_PASSWORD", "klantpuls-demo")

	t.Run("another program's database", func(t *testing.T) {
		dir := t.TempDir()
		db := filepath.Join(dir, "boekhouding.db")
		sqlitetest.AnotherProgram(t, db)
		before, err := os.ReadFile(db)
		if err != nil {
			t.Fatal(err)
		}
		for _, args := range [][]string{
			{"import", "--kind", "customers", csv}, {"report", "--from", "2026-01-01", "--to", "2026-02-01"},
			{"demo", "--until", "2026-02-01"}, {"migrate"}, {"user", "list"},
			{"user", "add", "--email", "boss.example@example.com", "--role", "admin"},
			{"delete", "--kind", "customers", "--id", "C1"}, {"erase", "--customer", "C1"},
			{"backup", filepath.Join(in, "copy.db")}, {"restore", "--force", backup},
			{"model", "fit", "--as-of", "2026-01-01"}, {"connection", "list"}, {"serve", "--addr", "127.0.0.1:0"},
		} {
			stderr, code := runOn(db, args...)
			if code == 0 || !strings.Contains(stderr, "this is not a klantpuls database") {
				t.Errorf("%v: exit %d, want a refusal of another program's database:\n%s", args, code, stderr)
			}
			if after, err := os.ReadFile(db); err != nil || !bytes.Equal(after, before) {
				t.Errorf("%v changed the refused file (%v)", args, err)
			}
			if got := filesIn(t, dir); !slices.Equal(got, []string{"boekhouding.db"}) {
				t.Errorf("%v left %v beside the refused file", args, got)
			}
		}
	})
	t.Run("no database", func(t *testing.T) {
		dir := t.TempDir()
		db := filepath.Join(dir, "klantpuls.db")
		for _, args := range [][]string{
			{"report", "--from", "2026-01-01", "--to", "2026-02-01"}, {"user", "list"},
			{"delete", "--kind", "customers", "--id", "C1"}, {"erase", "--customer", "C1"},
			{"backup", filepath.Join(in, "copy.db")}, {"model", "fit", "--as-of", "2026-01-01"}, {"connection", "list"},
		} {
			stderr, code := runOn(db, args...)
			if code == 0 || !strings.Contains(stderr, "no database at "+db) {
				t.Errorf("%v: exit %d, want a refusal naming the database that is not there:\n%s", args, code, stderr)
			}
			if got := filesIn(t, dir); len(got) > 0 {
				t.Errorf("%v made %v", args, got)
			}
		}
	})
	if got := filesIn(t, in); !slices.Equal(got, []string{"backup.db", "customers.csv"}) {
		t.Errorf("the refused commands left %v beside their own files", got)
	}
}

// runOn runs klantpuls with --db db, and no configuration.
func runOn(db string, args ...string) (stderr string, code int) {
	var out, errOut bytes.Buffer
	code = run(context.Background(), append([]string{"--db", db}, args...), &out, &errOut)
	return errOut.String(), code
}

func filesIn(t *testing.T, dir string) []string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	return names
}
