package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/klantpuls/klantpuls/internal/pgtest"
	"github.com/klantpuls/klantpuls/internal/store/postgres/postgrestest"
	"github.com/klantpuls/klantpuls/internal/store/sqlite/sqlitetest"
)

// newestMigration is the highest version among the migration files of a dialect's folder (the
// number each file name begins with). Every version up to it is one migration: the one number
// without a file (33) is the migration written in Go (sqldb.AddressKeys).
func newestMigration(t *testing.T, dir string) int {
	t.Helper()
	files, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	newest := 0
	for _, f := range files {
		number, _, _ := strings.Cut(f.Name(), "_")
		v, err := strconv.Atoi(number)
		if err != nil {
			t.Fatalf("migration file %s: %v", f.Name(), err)
		}
		newest = max(newest, v)
	}
	if newest < len(files) {
		t.Fatalf("%s: %d files, newest version %d", dir, len(files), newest)
	}
	return newest
}

// TestMigrateSaysWhatRan runs klantpuls migrate on a new database, again on the same one, and on
// one of an older release: it says the versions and how many migrations ran, or that the schema
// was current, in the command's language ($KLANTPULS_LANG).
func TestMigrateSaysWhatRan(t *testing.T) {
	check := func(t *testing.T, db string, newest int) {
		migrate := func(lang string) string {
			t.Helper()
			t.Setenv("KLANTPULS_LANG", lang)
			var out, errOut strings.Builder
			if code := run(context.Background(), []string{"--db", db, "migrate"}, &out, &errOut); code != 0 {
				t.Fatalf("migrate: %d %s", code, errOut.String())
			}
			return errOut.String()
		}
		if got, want := migrate("en"), fmt.Sprintf("migrate: schema brought from version 0 to %d (%d migrations)\n", newest, newest); got != want {
			t.Errorf("a new database: %q, want %q", got, want)
		}
		if got, want := migrate("en"), fmt.Sprintf("migrate: already at version %d\n", newest); got != want {
			t.Errorf("again: %q, want %q", got, want)
		}
		if got, want := migrate("nl"), fmt.Sprintf("migrate: al op versie %d\n", newest); got != want {
			t.Errorf("again, in Dutch: %q, want %q", got, want)
		}
	}
	t.Run("SQLite", func(t *testing.T) {
		newest := newestMigration(t, "../../internal/store/sqlite/migrations")
		dir := t.TempDir()
		check(t, filepath.Join(dir, "new.db"), newest)

		older := filepath.Join(dir, "older.db")
		sqlitetest.OfAnOlderRelease(t, older, int64(newest-2))
		t.Setenv("KLANTPULS_LANG", "nl")
		var out, errOut strings.Builder
		run(context.Background(), []string{"--db", older, "migrate"}, &out, &errOut)
		if got, want := errOut.String(), fmt.Sprintf("migrate: schema bijgewerkt van versie %d naar %d (2 migraties)\n", newest-2, newest); got != want {
			t.Errorf("a database of an older release: %q, want %q", got, want)
		}
	})
	t.Run("PostgreSQL", func(t *testing.T) {
		check(t, pgtest.Shared(t).NewDatabase(t), newestMigration(t, "../../internal/store/postgres/migrations"))
	})
}

// TestServeLogsItsMigration starts serve on a database of an older release: its log has one
// line naming the versions and the count; started again on the current schema, none.
func TestServeLogsItsMigration(t *testing.T) {
	newest := newestMigration(t, "../../internal/store/sqlite/migrations")
	db := filepath.Join(t.TempDir(), "klantpuls.db")
	sqlitetest.OfAnOlderRelease(t, db, int64(newest-3))
	n := startNode(t, db)
	n.stop()
	want := fmt.Sprintf(`"msg":"schema migrated","from_version":%d,"to_version":%d,"migrations":3}`, newest-3, newest)
	if got := strings.Count(n.log(), want); got != 1 {
		t.Errorf("serve's log has %d lines %s, want 1:\n%s", got, want, n.log())
	}
	again := startNode(t, db)
	again.stop()
	if strings.Contains(again.log(), "schema migrated") {
		t.Errorf("serve on the current schema logged a migration:\n%s", again.log())
	}
}

// TestNewerSchemaRefusedNamingTheVersion starts serve, and runs migrate, on a database a newer
// klantpuls migrated (version 9999): each refuses with exit status 1 (data.md section 1 allows
// 0, 1 and 2 only), naming the version, so the journal of a unit restarting an older node says
// why.
func TestNewerSchemaRefusedNamingTheVersion(t *testing.T) {
	refused := func(t *testing.T, db string) {
		for _, args := range [][]string{{"serve", "--addr", "127.0.0.1:0"}, {"migrate"}} {
			var out, errOut strings.Builder
			code := run(context.Background(), append([]string{"--db", db}, args...), &out, &errOut)
			if code != 1 || !strings.Contains(errOut.String(), "schema version 9999 by a newer klantpuls") {
				t.Errorf("%s on a newer schema: %d %q, want 1 naming version 9999", args[0], code, errOut.String())
			}
		}
	}
	t.Run("SQLite", func(t *testing.T) {
		db := filepath.Join(t.TempDir(), "klantpuls.db")
		sqlitetest.Fresh(t, db)
		sqlitetest.MigratedByANewerRelease(t, db)
		refused(t, db)
	})
	t.Run("PostgreSQL", func(t *testing.T) {
		dsn := postgrestest.Fresh(t)
		postgrestest.MigratedByANewerRelease(t, dsn)
		refused(t, dsn)
	})
}
