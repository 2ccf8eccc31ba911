package app

import (
	"os"
	"strings"
	"testing"

	"github.com/klantpuls/klantpuls/internal/store/sqlite/sqlitetest"
)

// migrated writes an empty, migrated SQLite database at path unless something is there (a
// PostgreSQL address is left as it is), and returns path. Open migrates a new file itself, as
// the binary does, but under the race detector goose's parser took 0.2–0.5 s of CPU an open:
// a fifth of this package's CPU, over some hundred new databases. The migrations of a new file
// are the store's tests' to check (internal/store/sqlite).
func migrated(t testing.TB, path string) string {
	t.Helper()
	if strings.Contains(path, "://") {
		return path
	}
	if _, err := os.Stat(path); err == nil {
		return path
	}
	sqlitetest.Fresh(t, path)
	return path
}
