package alert

import (
	"os"
	"testing"

	"github.com/klantpuls/klantpuls/internal/pgtest"
)

// TestMain stops the PostgreSQL server the tests started (pgtest.Shared), once all ran.
func TestMain(m *testing.M) {
	code := m.Run()
	pgtest.Stop()
	os.Exit(code)
}
