package app

import (
	"context"
	"slices"
	"testing"

	"github.com/klantpuls/klantpuls/internal/cx"
	"github.com/klantpuls/klantpuls/internal/engine"
)

// TestCustomerListAndFiltersListNamesInOneOrder: the customer list, sorted by the key the store
// keeps (customers.name_order), and the names the engine gives the filters list the same names
// in the same order, written by hand: Dutch, case ignored, numbers by their value.
func TestCustomerListAndFiltersListNamesInOneOrder(t *testing.T) {
	ctx := context.Background()
	a := openWithConfig(t)
	want := []string{"Agent 9", "Agent 10", "anna", "Łukasz", "Oosterhuis", "Öztürk", "Peters", "Zwart"}
	var recs []cx.Record
	for i, name := range slices.Sorted(slices.Values(want)) { // byte order, not the one wanted
		id := string(rune('A' + i))
		recs = append(recs, &cx.Customer{ID: "C" + id, AcquiredAt: march(1, 9, 0), Name: name},
			&cx.Ticket{ID: "T" + id, CreatedAt: march(2, 10, 0), Agent: name})
	}
	if _, err := a.Ingest(ctx, recs); err != nil {
		t.Fatal(err)
	}
	rows, _, err := a.Customers(ctx, CustomerQuery{Sort: SortName, Limit: 50})
	if err != nil {
		t.Fatal(err)
	}
	var customers []string
	for _, r := range rows {
		customers = append(customers, r.Name)
	}
	agents, err := a.Names(ctx, engine.ByAgent)
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		name string
		got  []string
	}{{"the customer list", customers}, {"the agents to filter on", agents}} {
		if !slices.Equal(tt.got, want) {
			t.Errorf("%s: %q, want %q", tt.name, tt.got, want)
		}
	}
}
