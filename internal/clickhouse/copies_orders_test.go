package clickhouse

import (
	"context"
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/klantpuls/klantpuls/internal/cx"
	"github.com/klantpuls/klantpuls/internal/engine"
)

// settleOrders moves the orders' position to at and settles their table, as the shipper
// does: the orders get their copy by customer of snapshot at.
func settleOrders(t *testing.T, db *DB, at int64) {
	t.Helper()
	ctx := context.Background()
	if err := db.SetPosition(ctx, cx.KindOrders, at); err != nil {
		t.Fatal(err)
	}
	if _, err := db.settle(ctx, cx.KindOrders, 0); err != nil {
		t.Fatal(err)
	}
	m, err := db.marksOf(ctx, copiedPrefix)
	if err != nil {
		t.Fatal(err)
	}
	if got := m[0][cx.KindOrders]; got != uint64(at) {
		t.Fatalf("the orders' copy is of snapshot %d; want %d", got, at)
	}
}

// changeOrders ships, after the orders' copy was made, an order moved to another customer, one
// deleted, one new and one with another margin, to the engine and to ClickHouse, and then
// merges the orders' table as ClickHouse may at any time: the older rows of the changed orders
// are gone, and the customers they belonged to are known from the copy's ids alone.
func changeOrders(t *testing.T, e *engine.Engine, db *DB, recs []cx.Record) {
	t.Helper()
	var orders []*cx.Order
	for _, r := range recs {
		if o, ok := r.(*cx.Order); ok && o.Amount > 0 && (len(orders) == 0 || o.CustomerID != orders[len(orders)-1].CustomerID) {
			orders = append(orders, o)
		}
	}
	if len(orders) < 4 {
		t.Fatalf("%d orders of different customers; want 4", len(orders))
	}
	moved, margined := *orders[0], *orders[3]
	moved.CustomerID = orders[1].CustomerID
	m := 0.9
	margined.GrossMargin = &m
	fresh := &cx.Order{ID: "fresh", CustomerID: orders[2].CustomerID, OrderedAt: day("2026-06-15").Add(11 * time.Hour), Amount: 123.45}
	changes := []cx.Record{&moved, cx.Deletion{Of: cx.KindOrders, ID: orders[2].ID}, fresh, &margined}
	e.Apply(changes...)
	var cs []Change
	for i, r := range changes {
		cs = append(cs, Change{r, int64(len(recs) + 1 + i)})
	}
	ctx := context.Background()
	if err := db.Insert(ctx, cx.KindOrders, cs, officeHours(t)); err != nil {
		t.Fatal(err)
	}
	if err := db.SetPosition(ctx, cx.KindOrders, int64(len(recs)+len(changes))); err != nil {
		t.Fatal(err)
	}
	if err := db.conn.Exec(ctx, "OPTIMIZE TABLE "+db.name+".orders FINAL"); err != nil {
		t.Fatal(err)
	}
}

// TestOrdersCopyByHand: the orders' copy of handRecords, by hand. c1: o1 (100, margin 0.5), o2
// (50), o7 (999) — amount·margin 50, 0, 0 and the amounts without a margin 0, 50, 999; c2: o3
// (200, 0.4), o4 (80), o5 (−30): 80, 0, 0 and 0, 80, −30; cX: o6 (40, 0.25): 10 and 0; c4's
// one order o8 was deleted: no row. The ids hold o1–o7 with their customers.
func TestOrdersCopyByHand(t *testing.T) {
	recs := handRecords()
	_, db := loadBoth(t, recs)
	settleOrders(t, db, int64(len(recs)))
	at := func(s string) uint32 { return uint32(day(s).Add(12 * time.Hour).Unix()) }
	type row struct {
		ats                           []uint32
		amounts, margined, unmargined []float64
	}
	want := map[string]row{
		"c1": {[]uint32{at("2025-12-01"), at("2026-02-03"), at("2026-03-05")}, []float64{100, 50, 999}, []float64{50, 0, 0}, []float64{0, 50, 999}},
		"c2": {[]uint32{at("2025-02-15"), at("2025-08-01"), at("2025-09-01")}, []float64{200, 80, -30}, []float64{80, 0, 0}, []float64{0, 80, -30}},
		"cX": {[]uint32{at("2026-01-10")}, []float64{40}, []float64{10}, []float64{0}},
	}
	ctx := context.Background()
	name := db.name + "." + copyName(cx.KindOrders, uint64(len(recs)))
	rows, err := db.conn.Query(ctx, "SELECT customer_id, ats, amounts, margined, unmargined FROM "+name)
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]row{}
	for rows.Next() {
		var c string
		var r row
		if err := rows.Scan(&c, &r.ats, &r.amounts, &r.margined, &r.unmargined); err != nil {
			t.Fatal(err)
		}
		got[c] = r
	}
	rows.Close()
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("the copy:\n%v\nwant\n%v", got, want)
	}
	ids := rowsOf(t, db, "concat(id, ' ', customer_id)", name+"_ids")
	wantIDs := []string{"o1 c1", "o2 c1", "o3 c2", "o4 c2", "o5 c2", "o6 cX", "o7 c1"}
	if !slices.Equal(ids, wantIDs) {
		t.Errorf("the copy's ids %v; want %v", ids, wantIDs)
	}
}
