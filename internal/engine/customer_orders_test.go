package engine

import (
	"math/rand/v2"
	"reflect"
	"sync"
	"testing"

	"github.com/klantpuls/klantpuls/internal/cx"
	"github.com/klantpuls/klantpuls/internal/metric"
)

// TestCustomerOrdersFollowWrites: the orders side by side per customer are built by the first
// report and every write after it shows in the next report — an order added (the tail), one
// changed, deleted or moved to another customer, a tail past its bound (built again) — exactly
// (to the bit) as in an engine given the same records at once. By hand, margin 0.3, May 2026
// (its window June 2025 – May 2026, the margins before 1 June).
func TestCustomerOrdersFollowWrites(t *testing.T) {
	defer func(was int) { minTail = was }(minTail)
	minTail = 1
	q := Query{From: day("2026-05-01"), To: day("2026-06-01"), Parts: PartCustomers}
	var applied []cx.Record
	e := newEngine(t)
	apply := func(recs ...cx.Record) {
		applied = append(applied, recs...)
		e.Apply(recs...)
	}
	apply(
		&cx.Customer{ID: "C1", AcquiredAt: at("2025-01-01 10:00")},
		&cx.Customer{ID: "C2", AcquiredAt: at("2025-01-01 10:00")},
		&cx.Customer{ID: "C3", AcquiredAt: at("2025-01-01 10:00")},
		marginOrder("O1", "C1", "2026-05-20 10:00", 100),
		marginOrder("O2", "C1", "2026-03-10 10:00", 20),
		marginOrder("O3", "C2", "2026-05-05 10:00", 50),
		marginOrder("O4", "C1", "2026-06-10 10:00", 999),
		marginOrder("O5", "C2", "2025-12-01 10:00", 30),
	)
	for _, step := range []struct {
		name   string
		recs   []cx.Record
		want   float64
		placed int // orders in the list after the report; -1: every order
	}{
		{"built by the first report", nil, (100*0.3 + 20*0.3 + (50*0.3 + 30*0.3)) / 2, -1},
		{"an order added after: the tail", []cx.Record{marginOrder("O6", "C2", "2026-04-01 10:00", 10)},
			(100*0.3 + 20*0.3 + (50*0.3 + 30*0.3 + 10*0.3)) / 2, 5},
		{"a placed order changed", []cx.Record{marginOrder("O2", "C1", "2026-03-10 10:00", 40)},
			(100*0.3 + 40*0.3 + (50*0.3 + 30*0.3 + 10*0.3)) / 2, 5},
		{"a placed order deleted", []cx.Record{cx.Deletion{Of: cx.KindOrders, ID: "O5"}},
			(100*0.3 + 40*0.3 + (50*0.3 + 10*0.3)) / 2, 5},
		{"a placed order moved to another customer: built again", []cx.Record{marginOrder("O1", "C3", "2026-05-20 10:00", 100)},
			(40*0.3 + (50*0.3 + 10*0.3) + 100*0.3) / 3, -1},
		{"an order after the end moved before it", []cx.Record{marginOrder("O4", "C1", "2026-05-30 10:00", 999)},
			((40*0.3 + 999*0.3) + (50*0.3 + 10*0.3) + 100*0.3) / 3, -1},
		{"two orders added, past the tail's bound: built again", []cx.Record{
			marginOrder("O7", "C3", "2026-01-15 10:00", 60), marginOrder("O8", "C2", "2026-07-01 10:00", 70)},
			((40*0.3 + 999*0.3) + (50*0.3 + 10*0.3) + (100*0.3 + 60*0.3)) / 3, -1},
	} {
		t.Run(step.name, func(t *testing.T) {
			apply(step.recs...)
			got := customersReport(t, e, q)
			if h := got.Historical; h == nil {
				t.Errorf("historical null, want %v", step.want)
			} else if *h < step.want-1e-9 || *h > step.want+1e-9 {
				t.Errorf("historical %v, want %v", *h, step.want)
			}
			if l := e.byCustomer.cur.Load(); step.placed < 0 && l.rows != len(e.orders.at) || step.placed >= 0 && l.rows != step.placed {
				t.Errorf("the list places %d of %d orders, want %d", l.rows, len(e.orders.at), step.placed)
			}
			fresh := newEngine(t)
			fresh.Apply(applied...)
			if want := customersReport(t, fresh, q); !reflect.DeepEqual(got, want) {
				t.Errorf("CLV %+v, in an engine given the records at once %+v", got, want)
			}
		})
	}
}

// TestCustomerOrdersUnderRandomWrites: writes of every kind in a random order, a report after
// each few, and each report's CLV exactly that of an engine given the same records at once (whose
// list is built from the columns as they end up), for a report of one period and one with its
// previous period (two ends).
func TestCustomerOrdersUnderRandomWrites(t *testing.T) {
	defer func(was int) { minTail = was }(minTail)
	minTail = 3
	rng := rand.New(rand.NewPCG(17, 5))
	customers := []string{"C1", "C2", "C3", "C4", "C5"}
	e := newEngine(t)
	var applied []cx.Record
	for step := range 300 {
		var rec cx.Record
		id := "O" + string(rune('a'+rng.IntN(20)))
		switch rng.IntN(6) {
		case 0:
			rec = cx.Deletion{Of: cx.KindOrders, ID: id}
		case 1:
			rec = &cx.Customer{ID: customers[rng.IntN(len(customers))], AcquiredAt: at("2025-01-01 10:00")}
		default:
			when := day("2025-09-01").AddDate(0, 0, rng.IntN(400)).Format("2006-01-02") + " 10:00"
			rec = marginOrder(id, customers[rng.IntN(len(customers))], when, float64(rng.IntN(20000)-1000)/100)
		}
		applied = append(applied, rec)
		e.Apply(rec)
		if step%7 != 6 {
			continue
		}
		fresh := newEngine(t)
		fresh.Apply(applied...)
		for _, q := range []Query{
			{From: day("2026-05-01"), To: day("2026-06-01"), Parts: PartCustomers},
			{From: day("2026-05-01"), To: day("2026-06-01"), PreviousFrom: day("2026-03-01"), Parts: PartCustomers},
		} {
			got, err := e.Query(q)
			if err != nil {
				t.Fatal(err)
			}
			want, err := fresh.Query(q)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got.Groups[0].Metrics.CLV, want.Groups[0].Metrics.CLV) ||
				!reflect.DeepEqual(clvOf(got.Previous), clvOf(want.Previous)) {
				t.Fatalf("after %d writes: CLV %+v (previous %+v), in an engine given the records at once %+v (%+v)", step+1,
					got.Groups[0].Metrics.CLV, clvOf(got.Previous), want.Groups[0].Metrics.CLV, clvOf(want.Previous))
			}
		}
	}
}

func customersReport(t *testing.T, e *Engine, q Query) *metric.CLV {
	t.Helper()
	g, err := e.Report(q)
	if err != nil {
		t.Fatal(err)
	}
	return g[0].Metrics.CLV
}

func clvOf(groups []Group) any {
	if len(groups) == 0 {
		return nil
	}
	return groups[0].Metrics.CLV
}

// TestCLVSeriesWaysAgree: a series' CLV — buyers in masks per customer (up to 64 periods),
// or in a grid row per period beyond — is for each bucket exactly (to the bit) the CLV of
// a query of that bucket alone, split by segment too, on random orders (refunds and
// deletions among them) and orders added after the first query (the tail of the orders per
// customer).
func TestCLVSeriesWaysAgree(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 11))
	e := newEngine(t)
	segments := []string{"A", "B", ""}
	var recs []cx.Record
	for c := range 40 {
		recs = append(recs, &cx.Customer{ID: "C" + string(rune('a'+c%26)) + string(rune('a'+c/26)),
			AcquiredAt: at("2024-06-01 10:00"), Segment: segments[c%3]})
	}
	order := func(i int) cx.Record {
		cust := recs[rng.IntN(40)].(*cx.Customer).ID
		when := day("2025-03-01").AddDate(0, 0, rng.IntN(700)).Format("2006-01-02") + " 10:00"
		return marginOrder("O"+string(rune('a'+i%26))+string(rune('a'+i/26%26))+string(rune('a'+i/676)), cust, when,
			float64(rng.IntN(30000)-2000)/100)
	}
	for i := range 600 {
		recs = append(recs, order(i))
	}
	e.Apply(recs...)
	queries := []Query{
		{From: day("2026-05-01"), To: day("2026-06-01"), Step: StepDay, PreviousFrom: day("2026-04-01")},   // 33 periods: masks
		{From: day("2026-01-01"), To: day("2027-01-01"), Step: StepMonth, PreviousFrom: day("2025-01-01")}, // 14: masks
		{From: day("2026-02-01"), To: day("2026-05-01"), Step: StepDay},                                    // 90: a grid row per period
		{From: day("2026-01-01"), To: day("2026-07-01"), Step: StepWeek, By: BySegment},                    // split
		{From: day("2026-03-01"), To: day("2026-06-01"), Step: StepMonth, By: BySegment, PreviousFrom: day("2025-12-01")},
	}
	for round := range 2 {
		if round == 1 { // orders after the list was built, and a deletion
			e.Apply(order(900), order(901), order(902), cx.Deletion{Of: cx.KindOrders, ID: "Oaaa"})
		}
		for _, q := range queries {
			q.Parts = PartCustomers
			res, err := e.Query(q)
			if err != nil {
				t.Fatal(err)
			}
			periods := append(res.Buckets, Bucket{From: q.From, To: q.To, Groups: res.Groups})
			if !q.PreviousFrom.IsZero() {
				periods = append(periods, Bucket{From: q.PreviousFrom, To: q.From, Groups: res.Previous})
			}
			for _, b := range periods {
				alone, err := e.Report(Query{From: b.From, To: b.To, By: q.By, Parts: PartCustomers})
				if err != nil {
					t.Fatal(err)
				}
				got, want := map[string]*metric.CLV{}, map[string]*metric.CLV{}
				for _, g := range b.Groups {
					got[keyOf(g)] = g.Metrics.CLV
				}
				for _, g := range alone {
					want[keyOf(g)] = g.Metrics.CLV
				}
				if !reflect.DeepEqual(got, want) {
					t.Errorf("round %d, %s by %q step %q, %s: in the series %+v, alone %+v", round, q.From.Format("2006-01-02"),
						q.By, q.Step, b.From.Format("2 Jan 2006"), got, want)
				}
			}
		}
	}
}

func keyOf(g Group) string {
	if g.Key == nil {
		return ""
	}
	return *g.Key
}

// TestCustomerOrdersBuiltOnceForQueriesAtOnce: queries that need the orders per customer at
// once on an engine that has none build it one at a time, and each gets the same CLV as a
// query alone (run with -race).
func TestCustomerOrdersBuiltOnceForQueriesAtOnce(t *testing.T) {
	e := newEngine(t)
	e.Apply(
		&cx.Customer{ID: "C1", AcquiredAt: at("2025-01-01 10:00")},
		marginOrder("O1", "C1", "2026-05-20 10:00", 100),
		marginOrder("O2", "C1", "2026-03-10 10:00", 20),
	)
	q := Query{From: day("2026-05-01"), To: day("2026-06-01"), Parts: PartCustomers}
	got := make([][]Group, 4)
	errs := make([]error, len(got))
	var wg sync.WaitGroup
	for i := range got {
		wg.Go(func() { got[i], errs[i] = e.Report(q) })
	}
	wg.Wait()
	for i, g := range got {
		if errs[i] != nil {
			t.Fatal(errs[i])
		}
		if h, want := g[0].Metrics.CLV.Historical, 100*0.3+20*0.3; h == nil || *h < want-1e-9 || *h > want+1e-9 {
			t.Errorf("query %d: historical %v, want %v", i, h, want)
		}
	}
}
