// Package postgrestest makes PostgreSQL databases for tests, as sqlitetest makes SQLite files:
// an empty database with every migration, made once per test process on pgtest's server and
// copied after that (CREATE DATABASE … TEMPLATE). Tests of the migrations themselves take an
// empty database (pgtest's NewDatabase) instead.
package postgrestest

import (
	"context"
	"testing"

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
