package postgres

import (
	"os"
	"testing"

	"github.com/klantpuls/klantpuls/internal/pgtest"
	"github.com/klantpuls/klantpuls/internal/store"
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
func openFresh(t *testing.T) (*Store, string) {
	t.Helper()
	dsn := pgtest.Shared(t).NewDatabase(t)
	return openDSN(t, dsn), dsn
}

func TestAccounts(t *testing.T) {
	storetest.Accounts(t, func(t *testing.T) store.Accounts {
		s, _ := openFresh(t)
		return s
	})
}

func TestAudit(t *testing.T) {
	storetest.Audit(t, func(t *testing.T) store.Audit {
		s, _ := openFresh(t)
		return s
	})
}
