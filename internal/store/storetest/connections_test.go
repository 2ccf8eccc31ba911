package storetest_test

import (
	"testing"

	"github.com/klantpuls/klantpuls/internal/store"
	"github.com/klantpuls/klantpuls/internal/store/storetest"
)

// TestConnections runs the connections' contract on both databases (apart from TestContract,
// whose Full interface other work changes at the same time).
func TestConnections(t *testing.T) {
	for _, db := range databases {
		t.Run(db.name, func(t *testing.T) {
			storetest.Connections(t, func(t *testing.T) store.Connections {
				s, err := db.open(t.Context(), db.fresh(t))
				storetest.Keep(t, s, err)
				c, ok := s.(store.Connections)
				if !ok {
					t.Fatalf("the %s store keeps no connections", db.name)
				}
				return c
			})
		})
	}
}
