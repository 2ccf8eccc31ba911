// Package postgrestest makes PostgreSQL databases for tests, as sqlitetest makes SQLite files:
// an empty database with every migration, made once per test process on pgtest's server and
// copied after that (CREATE DATABASE … TEMPLATE). Tests of the migrations themselves take an
// empty database (pgtest's NewDatabase) instead.
package postgrestest

import (
	"context"
	"database/sql"
	"testing"

	_ "github.com/jackc/pgx/v5/stdlib" // database/sql's "pgx"

	"github.com/klantpuls/klantpuls/internal/pgtest"
	"github.com/klantpuls/klantpuls/internal/store/postgres"
)

// Fresh creates a migrated database for one test on pgtest's shared server, as postgres.Open
// would leave a new one, and returns its URL; it is dropped when the test ends.
func Fresh(t testing.TB) string {
	t.Helper()
	return pgtest.Shared(t).NewDatabaseFrom(t, "migrated", func(dsn string) error {
		s, err := postgres.Open(context.Background(), dsn)
		if err != nil {
			return err
		}
		return s.Close()
	})
}

// MigratedByANewerRelease marks the database at dsn as a newer klantpuls's (a migration this
// release does not know, 9999, applied), as sqlitetest's namesake marks a file: what an older
// binary refuses to open.
func MigratedByANewerRelease(t testing.TB, dsn string) {
	t.Helper()
	db, err := sql.Open("pgx", dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.Exec("INSERT INTO goose_db_version (version_id, is_applied) VALUES (9999, true)"); err != nil {
		t.Fatalf("postgrestest: unable to mark %s as a newer release's: %v", dsn, err)
	}
}

// NameUnrecorded removes value of dimension (channel, team, agent, category or segment) from the
// names table of the database at dsn, as sqlitetest's namesake does: a record as a release
// before that table leaves it.
func NameUnrecorded(t testing.TB, dsn, dimension, value string) {
	t.Helper()
	db, err := sql.Open("pgx", dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	res, err := db.Exec("DELETE FROM names WHERE dimension = $1 AND value = $2", dimension, value)
	if err != nil {
		t.Fatalf("postgrestest: %v", err)
	}
	if n, _ := res.RowsAffected(); n != 1 {
		t.Fatalf("postgrestest: no name %s %q recorded to remove", dimension, value)
	}
}
