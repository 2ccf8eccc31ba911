package app

import (
	"os"
	"testing"

	"github.com/klantpuls/klantpuls/internal/chtest"
	"github.com/klantpuls/klantpuls/internal/pgtest"
)

// TestMain stops the PostgreSQL and ClickHouse servers the tests started (pgtest.Shared,
// chtest.Shared, chtest.SharedCluster), once all ran.
func TestMain(m *testing.M) {
	code := m.Run()
	pgtest.Stop()
	chtest.Stop()
	chtest.StopCluster()
	os.Exit(code)
}
