package storetest_test

import (
	"context"
	"os"
	"testing"

	"github.com/klantpuls/klantpuls/internal/pgtest"
	"github.com/klantpuls/klantpuls/internal/store/postgres"
	"github.com/klantpuls/klantpuls/internal/store/postgres/postgrestest"
	"github.com/klantpuls/klantpuls/internal/store/sqlite"
	"github.com/klantpuls/klantpuls/internal/store/sqlite/sqlitetest"
	"github.com/klantpuls/klantpuls/internal/store/storetest"
)

// TestMain stops the PostgreSQL server the contract's tests share.
func TestMain(m *testing.M) {
	code := m.Run()
	pgtest.Stop()
	os.Exit(code)
}

// databases are what the contract runs on: fresh names a new, empty database (a SQLite file, a
// PostgreSQL database) and open opens a store on it. A second store on one database stands for
// another process (SQLite) or node (PostgreSQL).
var databases = []struct {
	name  string
	fresh func(t *testing.T) string
	open  func(ctx context.Context, where string) (storetest.Full, error)
}{
	{"SQLite", func(t *testing.T) string { return sqlitetest.New(t) },
		func(ctx context.Context, path string) (storetest.Full, error) { return sqlite.Open(ctx, path) }},
	{"PostgreSQL", func(t *testing.T) string { return postgrestest.Fresh(t) },
		func(ctx context.Context, dsn string) (storetest.Full, error) { return postgres.Open(ctx, dsn) }},
}

func TestContract(t *testing.T) {
	for _, db := range databases {
		t.Run(db.name, func(t *testing.T) {
			storetest.Run(t, func(t *testing.T) (storetest.Full, func(*testing.T) storetest.Full) {
				where := db.fresh(t)
				open := func(t *testing.T) storetest.Full {
					s, err := db.open(context.Background(), where)
					return storetest.Keep(t, s, err)
				}
				return open(t), open
			})
		})
	}
}
