package clickhouse

import (
	"context"
	"testing"
	"time"

	"github.com/klantpuls/klantpuls/internal/cx"
	"github.com/klantpuls/klantpuls/internal/engine"
)

// TestPartsKeptWhileTheirRecordsStay: on a real ClickHouse, a question with the service and the
// customer parts, asked again after a ticket is shipped, counts the new ticket and gives the
// customer figures kept from before (the same CLV, not worked out again); after an order is
// shipped the CLV is worked out again and counts it, and the tickets are kept. Hand count: the
// CLV's window is the twelve months before 1 July: 1 order of 100, then 2 with AOV 75.
func TestPartsKeptWhileTheirRecordsStay(t *testing.T) {
	db := open(t)
	ctx := context.Background()
	ship := shipperOf(t, db)
	ship(cx.KindCustomers, &cx.Customer{ID: "c1", AcquiredAt: june10(1).AddDate(-1, 0, 0)})
	ship(cx.KindOrders, &cx.Order{ID: "o1", CustomerID: "c1", OrderedAt: june10(3), Amount: 100})
	ship(cx.KindTickets, &cx.Ticket{ID: "t1", CreatedAt: june10(2), Channel: "Email"})
	q := NewQuerier(db, engine.Options{Timezone: time.UTC, Now: func() time.Time { return june10(20) }})
	query := engine.Query{From: june10(1).Truncate(24 * time.Hour), To: time.Date(2026, 7, 1, 0, 0, 0, 0, time.UTC),
		Parts: engine.PartService | engine.PartCustomers}
	ask := func() *engine.Result {
		t.Helper()
		res, err := q.Answer(ctx, query)
		if err != nil || len(res.Groups) != 1 {
			t.Fatalf("%+v, %v", res, err)
		}
		return res
	}
	first := ask()
	m := first.Groups[0].Metrics
	if m.Tickets == nil || m.Tickets.Created != 1 || m.CLV == nil {
		t.Fatalf("first: tickets %+v, CLV %+v; want 1 created and a CLV", m.Tickets, m.CLV)
	}
	ship(cx.KindTickets, &cx.Ticket{ID: "t2", CreatedAt: june10(4), Channel: "Chat"})
	second := ask().Groups[0].Metrics
	if second.Tickets.Created != 2 {
		t.Errorf("after t2: %d created; want 2", second.Tickets.Created)
	}
	if second.CLV != m.CLV {
		t.Errorf("after a ticket: the CLV was worked out again (%+v); want the one kept", second.CLV)
	}
	ship(cx.KindOrders, &cx.Order{ID: "o2", CustomerID: "c1", OrderedAt: june10(5), Amount: 50})
	third := ask().Groups[0].Metrics
	if third.CLV == m.CLV || third.Tickets != second.Tickets {
		t.Errorf("after an order: CLV kept %v, tickets worked out again %v; want the CLV anew, the tickets kept",
			third.CLV == m.CLV, third.Tickets != second.Tickets)
	}
	if m.CLV.Orders != 1 || third.CLV.Orders != 2 || third.CLV.AOV == nil || *third.CLV.AOV != 75 {
		t.Errorf("CLV orders %d then %d, AOV %v; want 1 then 2, (100 + 50) / 2 = 75", m.CLV.Orders, third.CLV.Orders, third.CLV.AOV)
	}
}
