package storetest_test

import (
	"testing"

	"github.com/klantpuls/klantpuls/internal/store/storetest"
)

// TestNotText runs the contracts of look-ups and writes of what no database holds as text on
// both databases.
func TestNotText(t *testing.T) {
	for _, db := range databases {
		t.Run(db.name, func(t *testing.T) {
			open := func(t *testing.T) storetest.NotTextStore {
				s, err := db.open(t.Context(), db.fresh(t))
				storetest.Keep(t, s, err)
				n, ok := s.(storetest.NotTextStore)
				if !ok {
					t.Fatalf("the %s store keeps no connections", db.name)
				}
				return n
			}
			t.Run("look-ups", func(t *testing.T) { storetest.NotText(t, open) })
			t.Run("writes", func(t *testing.T) { storetest.NotTextWritten(t, open) })
		})
	}
}
