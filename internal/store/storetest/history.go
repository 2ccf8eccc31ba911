package storetest

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/klantpuls/klantpuls/internal/cx"
	"github.com/klantpuls/klantpuls/internal/store"
)

// testLastChange: store.History's LastChange at a number is the row or deletion with the
// highest change number up to it, of any kind — a record written again is found by its new
// number only, a deletion by its tombstone's — and none before the first change. Its numbers
// are worked out by hand: one record a transaction, one number each.
func testLastChange(t *testing.T, s store.Store) {
	ctx := context.Background()
	h, ok := s.(store.History)
	if !ok {
		t.Fatal("the store tells no history (store.History)")
	}
	at := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	ticket := func(id, channel string) cx.Record {
		return &cx.Ticket{ID: id, CreatedAt: at, Channel: channel}
	}
	Put(t, s, ticket("T1", "email"))                                                                   // 1
	Put(t, s, ticket("T2", "email"))                                                                   // 2
	Put(t, s, &cx.Order{ID: "O1", CustomerID: "C1", OrderedAt: at, Amount: 10})                        // 3
	Put(t, s, ticket("T1", "chat"))                                                                    // 4: T1 again
	deleteIn(t, s, cx.KindOrders, "O1")                                                                // 5
	Put(t, s, ticket("T3", "email"))                                                                   // 6
	Put(t, s, &cx.Order{ID: "O2", CustomerID: "C1", OrderedAt: at, Amount: 20})                        // 7
	Put(t, s, ticket("T3", "phone"), &cx.Order{ID: "O2", CustomerID: "C1", OrderedAt: at, Amount: 25}) // 9, 8: a transaction numbers its kinds in cx.Kinds order
	tests := []struct {
		upTo int64
		want string // "kind key seq", "" for none
	}{
		{0, ""},
		{1, ""}, // T1's number 1 is gone: it was written again as 4
		{2, "tickets T2 2"},
		{3, "tickets T2 2"}, // O1's 3 is gone: deleted as 5
		{4, "tickets T1 4"},
		{5, "orders O1 5"}, // a deletion
		{6, "orders O1 5"}, // T3's 6 is gone: written again as 9
		{7, "orders O1 5"}, // O2's 7 too: 8
		{8, "orders O2 8"},
		{9, "tickets T3 9"},
		{100, "tickets T3 9"},
	}
	for _, tt := range tests {
		c, found, err := h.LastChange(ctx, tt.upTo)
		got := ""
		if found {
			got = fmt.Sprintf("%s %s %d", c.Kind, c.Key, c.Seq)
		}
		if err != nil || got != tt.want {
			t.Errorf("LastChange(%d) = %q, %v; want %q", tt.upTo, got, err, tt.want)
		}
	}
}
