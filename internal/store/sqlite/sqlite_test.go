package sqlite

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"github.com/klantpuls/klantpuls/internal/cx"
	"github.com/klantpuls/klantpuls/internal/store"
	"github.com/klantpuls/klantpuls/internal/store/storetest"
)

func openTest(t testing.TB) (*Store, string) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "klantpuls.db")
	return openPath(t, path), path
}

// openPath opens the file at path, closed when the test ends.
func openPath(t testing.TB, path string) *Store {
	t.Helper()
	s, err := Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

func at(day, hour, minute int) time.Time {
	return time.Date(2026, time.March, day, hour, minute, 0, 0, time.UTC)
}

func TestRecords(t *testing.T) {
	storetest.Records(t, func(t *testing.T) (store.Store, func(t *testing.T) store.Store) {
		s, path := openTest(t)
		return s, func(t *testing.T) store.Store { return openPath(t, path) }
	})
}

func TestMigrateIsIdempotent(t *testing.T) {
	s, path := openTest(t)
	storetest.Put(t, s, storetest.MinimalRecords()...)
	for range 2 {
		if err := Migrate(context.Background(), s.write.DB); err != nil {
			t.Fatal(err)
		}
	}
	s.Close()
	again := openPath(t, path)
	if n, err := again.Count(context.Background(), cx.KindTickets); err != nil || n != 1 {
		t.Errorf("count = %d, %v; want 1", n, err)
	}
}

func TestConnectionSettings(t *testing.T) {
	s, _ := openTest(t)
	tests := []struct {
		pragma string
		want   string
	}{
		{"journal_mode", "wal"},
		{"synchronous", "2"}, // FULL
		{"foreign_keys", "0"},
		{"busy_timeout", "5000"},
		{"temp_store", "2"}, // MEMORY
	}
	for _, tc := range tests {
		t.Run(tc.pragma, func(t *testing.T) {
			var got string
			if err := s.write.QueryRow("PRAGMA " + tc.pragma).Scan(&got); err != nil {
				t.Fatal(err)
			}
			if got != tc.want {
				t.Errorf("%s = %s, want %s", tc.pragma, got, tc.want)
			}
		})
	}
}

func TestOpenNeedsAFile(t *testing.T) {
	for _, path := range []string{"", ":memory:"} {
		if _, err := Open(context.Background(), path); cx.ErrorCode(err) != cx.EINVALID {
			t.Errorf("Open(%q): err = %v, want invalid", path, err)
		}
	}
}
