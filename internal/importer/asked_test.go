package importer

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"github.com/klantpuls/klantpuls/internal/config"
	"github.com/klantpuls/klantpuls/internal/cx"
)

// The cells a build function asks for are found by the order it asked for them in the row
// before (raw); rows that take other paths through it — one stops at a missing amount, one has
// a currency to check, one fails early — must still each get their own columns' cells, here in
// a header of unusual order and without refund_of.
func TestRowsAskingInOtherOrders(t *testing.T) {
	cfg := config.Default()
	cfg.Money = cx.Money{Currency: "EUR", Rates: map[string]float64{"USD": 0.5}}
	var out bytes.Buffer
	rej := NewRejectsCSV(&out)
	rd := &Reader{Kind: cx.KindOrders, File: "in.csv", Config: cfg, Rejects: rej}
	var got []*cx.Order
	_, err := rd.Read(strings.NewReader("currency,amount,gross_margin,ordered_at,customer_id,order_id\n"+
		",10,,2026-03-02 10:00,C1,O1\n"+
		",,,2026-03-02 11:00,C2,O2\n"+ // no amount: the build stops before the currency
		"USD,20,0.25,2026-03-02 12:00,C3,O3\n"+
		"XYZ,5,2,2026-03-02 13:00,C4,O4\n"+ // a margin above 1 and a currency unknown
		",7.5,0.5,2026-03-02 14:00,C5,O5\n"),
		func(r cx.Record) error { got = append(got, r.(*cx.Order)); return nil })
	if err == nil {
		err = rej.Flush()
	}
	if err != nil {
		t.Fatal(err)
	}
	at := func(h int) time.Time { return time.Date(2026, 3, 2, h, 0, 0, 0, cfg.Timezone) }
	quarter, half, twenty := 0.25, 0.5, 20.0
	want := []cx.Order{
		{ID: "O1", CustomerID: "C1", OrderedAt: at(10), Amount: 10},
		{ID: "O3", CustomerID: "C3", OrderedAt: at(12), Amount: 10, GrossMargin: &quarter, Currency: "USD", OriginalAmount: &twenty},
		{ID: "O5", CustomerID: "C5", OrderedAt: at(14), Amount: 7.5, GrossMargin: &half},
	}
	if len(got) != len(want) {
		t.Fatalf("%d orders taken, want %d; refused:\n%s", len(got), len(want), out.String())
	}
	for i, w := range want {
		g := got[i]
		if g.ID != w.ID || g.CustomerID != w.CustomerID || !g.OrderedAt.Equal(w.OrderedAt) || g.Amount != w.Amount ||
			g.Currency != w.Currency || g.RefundOf != "" || !sameFloat(g.GrossMargin, w.GrossMargin) ||
			!sameFloat(g.OriginalAmount, w.OriginalAmount) {
			t.Errorf("order %d: %+v, want %+v", i, *g, w)
		}
	}
	for _, reason := range []string{"in.csv:3: amount:", "in.csv:5: gross_margin:", "in.csv:5: currency:"} {
		if !strings.Contains(out.String(), reason) {
			t.Errorf("rejects lack %q:\n%s", reason, out.String())
		}
	}
}

func sameFloat(a, b *float64) bool { return (a == nil) == (b == nil) && (a == nil || *a == *b) }

// A cell too large is read a second time for its message: that row asks for one column more,
// and the columns after it must not shift, neither in it nor in the rows after it.
func TestRowAskingTwice(t *testing.T) {
	var out bytes.Buffer
	rej := NewRejectsCSV(&out)
	rd := &Reader{Kind: cx.KindTickets, File: "in.csv", Config: config.Default(), Rejects: rej}
	var got []*cx.Ticket
	_, err := rd.Read(strings.NewReader("ticket_id,created_at,handle_seconds,wait_seconds\n"+
		"T1,2026-03-02 10:00,20,10\n"+
		"T2,2026-03-02 11:00,-4,5000000000\n"+ // both bad: the wait is read twice
		"T3,2026-03-02 12:00,40,30\n"),
		func(r cx.Record) error { got = append(got, r.(*cx.Ticket)); return nil })
	if err == nil {
		err = rej.Flush()
	}
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 || got[1].ID != "T3" || !sameFloat(got[1].WaitSeconds, ptr(30.0)) || !sameFloat(got[1].HandleSeconds, ptr(40.0)) {
		t.Fatalf("tickets taken: %+v", got)
	}
	for _, reason := range []string{"in.csv:3: wait_seconds: 5000000000 is more than", "in.csv:3: handle_seconds: -4"} {
		if !strings.Contains(out.String(), reason) {
			t.Errorf("rejects lack %q:\n%s", reason, out.String())
		}
	}
}
