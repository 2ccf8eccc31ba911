package web

import (
	"os"
	"testing"

	"github.com/klantpuls/klantpuls/internal/pgtest"
)

// TestMain stops the PostgreSQL server the tests started (pgtest.Shared), once all ran: without
// it each run of this package left a server behind.
func TestMain(m *testing.M) {
	code := m.Run()
	pgtest.Stop()
	os.Exit(code)
}
