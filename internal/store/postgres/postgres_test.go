package postgres

import (
	"context"
	"os"
	"testing"

	"github.com/pressly/goose/v3"

	"github.com/klantpuls/klantpuls/internal/pgtest"
	"github.com/klantpuls/klantpuls/internal/store/storetest"
)

// TestMain stops the one PostgreSQL server the package's tests share.
func TestMain(m *testing.M) {
	code := m.Run()
	pgtest.Stop()
	os.Exit(code)
}

// openFresh opens a store on a new, empty database of the shared server and returns it and the
// database's address; the store is closed when the test ends.
func openFresh(t testing.TB) (*Store, string) {
	t.Helper()
	dsn := pgtest.Shared(t).NewDatabase(t)
	return openDSN(t, dsn), dsn
}

// openDSN opens another store on the database at dsn, closed when the test ends.
func openDSN(t testing.TB, dsn string) *Store {
	s, err := Open(context.Background(), dsn)
	return storetest.Keep(t, s, err)
}

func TestUnsubscribeKeepsTheFirstTime(t *testing.T) {
	s, _ := openFresh(t)
	storetest.UnsubscribeKeepsTheFirstTime(t, s, s.db)
}

func TestNameKeysBackfilled(t *testing.T) {
	s, _ := openFresh(t)
	storetest.NameKeysBackfilled(t, s, s.db, goose.DialectPostgres, migrations, 34, 36)
}

func TestMigrateAsksGooseOnlyForWhatIsMissing(t *testing.T) {
	s, _ := openFresh(t)
	storetest.MigrateAsksGooseOnlyForWhatIsMissing(t, s.db, goose.DialectPostgres, migrations,
		"SELECT count(*) FROM pg_tables WHERE schemaname = current_schema() AND tablename = $1")
}

func TestAddressKeysMigrated(t *testing.T) {
	s, _ := openFresh(t)
	storetest.AddressKeysMigrated(t, s, s.db, dialect, goose.DialectPostgres, migrations, 32)
}

func TestMigrationsDown(t *testing.T) {
	s, _ := openFresh(t)
	storetest.MigrationsDown(t, s, s.db, goose.DialectPostgres, migrations, 2,
		"SELECT count(*) FROM pg_tables WHERE schemaname = current_schema() AND tablename = $1")
}

func TestAlertNotesMigrated(t *testing.T) {
	s, _ := openFresh(t)
	storetest.AlertNotesMigrated(t, s, s.db, dialect, goose.DialectPostgres, migrations, 39)
}

func TestAlertEmailReplyMigrated(t *testing.T) {
	s, _ := openFresh(t)
	storetest.AlertEmailReplyMigrated(t, s, s.db, dialect, goose.DialectPostgres, migrations, 40)
}

func TestDigestReasonsMigrated(t *testing.T) {
	s, _ := openFresh(t)
	storetest.DigestReasonsMigrated(t, s, s.db, dialect, goose.DialectPostgres, migrations, 38)
}
