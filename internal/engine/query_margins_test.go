package engine

import (
	"testing"

	"github.com/klantpuls/klantpuls/internal/cx"
)

// TestHistoricalCLVOneSumForBuyersWithoutOrdersBetweenEnds: with orders out of time order, a
// buyer with no order between the ends of their entries (C1: 20 and 2 April, then 30 May,
// after every end; C3: an order at the very last end) is summed once for all their entries,
// a buyer with one (C2: 6 May) entry by entry, and every day's CLV is still exactly a query of
// that day alone's. By hand, margin 0.3: on 4 May (ends 5 May) C1 has 10.10 and 20.20, C2
// 40.40 and C3 5.05; on 6 May (ends 7 May) C2 has 30.30 and 40.40 as well.
func TestHistoricalCLVOneSumForBuyersWithoutOrdersBetweenEnds(t *testing.T) {
	e := newEngine(t)
	e.Apply(
		&cx.Customer{ID: "C1", AcquiredAt: at("2025-01-01 10:00")},
		&cx.Customer{ID: "C2", AcquiredAt: at("2025-01-01 10:00")},
		&cx.Customer{ID: "C3", AcquiredAt: at("2025-01-01 10:00")},
		marginOrder("O1", "C1", "2026-04-20 10:00", 10.10),
		marginOrder("O2", "C1", "2026-04-02 10:00", 20.20),
		marginOrder("O3", "C2", "2026-05-06 10:00", 30.30),
		marginOrder("O4", "C1", "2026-05-30 10:00", 99.99),
		marginOrder("O5", "C2", "2026-04-01 10:00", 40.40),
		marginOrder("O6", "C3", "2026-05-11 00:00", 70.70),
		marginOrder("O7", "C3", "2026-04-03 10:00", 5.05),
	)
	q := Query{From: day("2026-05-04"), To: day("2026-05-11"), Step: StepDay, PreviousFrom: day("2026-04-27"), Parts: PartCustomers}
	res, err := e.Query(q)
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		day  int
		want float64
	}{
		{0, (10.10*0.3 + 20.20*0.3 + 40.40*0.3 + 5.05*0.3) / 3},
		{2, (10.10*0.3 + 20.20*0.3 + (30.30*0.3 + 40.40*0.3) + 5.05*0.3) / 3},
	} {
		clv := res.Buckets[tt.day].Groups[0].Metrics.CLV
		if clv.Historical == nil || *clv.Historical < tt.want-1e-9 || *clv.Historical > tt.want+1e-9 {
			t.Errorf("%s: historical %v, want %v", res.Buckets[tt.day].From.Format("2 Jan"), clv.Historical, tt.want)
		}
	}
	periods := append(res.Buckets, Bucket{From: q.From, To: q.To, Groups: res.Groups}, Bucket{From: q.PreviousFrom, To: q.From, Groups: res.Previous})
	sameCLVAlone(t, e, periods)
}

// TestHistoricalCLVMonthsOfAYearOutOfOrder: with period ends a year apart every buyer is summed
// entry by entry, and each month's CLV is still exactly a query of that month alone's. C1 orders
// in March, then January, then November; C2 in June, then February.
func TestHistoricalCLVMonthsOfAYearOutOfOrder(t *testing.T) {
	e := newEngine(t)
	e.Apply(
		&cx.Customer{ID: "C1", AcquiredAt: at("2025-01-01 10:00")},
		&cx.Customer{ID: "C2", AcquiredAt: at("2025-01-01 10:00")},
		marginOrder("O1", "C1", "2026-03-02 10:00", 10.10),
		marginOrder("O2", "C2", "2026-06-20 10:00", 50.50),
		marginOrder("O3", "C1", "2026-01-05 10:00", 20.20),
		marginOrder("O4", "C2", "2026-02-02 11:00", 30.30),
		marginOrder("O5", "C1", "2026-11-10 10:00", 40.40),
	)
	q := Query{From: day("2026-01-01"), To: day("2027-01-01"), Step: StepMonth, PreviousFrom: day("2025-01-01"), Parts: PartCustomers}
	res, err := e.Query(q)
	if err != nil {
		t.Fatal(err)
	}
	// March (ends 1 April): C1 has 10.10 and 20.20 in row order, C2 30.30.
	march := res.Buckets[2].Groups[0].Metrics.CLV
	if want := (10.10*0.3 + 20.20*0.3 + 30.30*0.3) / 2; march.Historical == nil || *march.Historical < want-1e-9 || *march.Historical > want+1e-9 {
		t.Errorf("March: historical %v, want %v", march.Historical, want)
	}
	sameCLVAlone(t, e, append(res.Buckets, Bucket{From: q.From, To: q.To, Groups: res.Groups}))
}

// TestHistoricalCLVOfOnePeriodSummedInTheWindowPass: a report of one period (few ends) sums the
// margins in the pass over the CLV windows, one sum per customer and end, orders out of time
// order, a refund netting its margin and an order after the end left out. By hand, margin 0.3:
// May (ends 1 June) C1 has 100 and 20, C2 50, −10 and 30: (36 + 21) / 2; April (ends 1 May) C1
// has 20, C2 30: (6 + 9) / 2. Each is exactly (to the bit) what a series of May's days, summed
// entry by entry, gives for the same period.
func TestHistoricalCLVOfOnePeriodSummedInTheWindowPass(t *testing.T) {
	e := newEngine(t)
	e.Apply(
		&cx.Customer{ID: "C1", AcquiredAt: at("2025-01-01 10:00")},
		&cx.Customer{ID: "C2", AcquiredAt: at("2025-01-01 10:00")},
		marginOrder("O1", "C1", "2026-05-20 10:00", 100),
		marginOrder("O2", "C1", "2026-03-10 10:00", 20),
		marginOrder("O3", "C2", "2026-05-05 10:00", 50),
		marginOrder("O4", "C1", "2026-06-10 10:00", 999),
		marginOrder("O5", "C2", "2026-05-06 10:00", -10),
		marginOrder("O6", "C2", "2025-12-01 10:00", 30),
	)
	for _, tt := range []struct {
		from, to string
		want     float64
	}{
		{"2026-05-01", "2026-06-01", (100*0.3 + 20*0.3 + (50*0.3 - 10*0.3 + 30*0.3)) / 2},
		{"2026-04-01", "2026-05-01", (20*0.3 + 30*0.3) / 2},
	} {
		g, err := e.Report(Query{From: day(tt.from), To: day(tt.to), Parts: PartCustomers})
		if err != nil {
			t.Fatal(err)
		}
		clv := g[0].Metrics.CLV
		if clv.Historical == nil || *clv.Historical < tt.want-1e-9 || *clv.Historical > tt.want+1e-9 {
			t.Errorf("%s: historical %v, want %v", tt.from, clv.Historical, tt.want)
		}
	}
	q := Query{From: day("2026-05-01"), To: day("2026-06-01"), Step: StepDay, PreviousFrom: day("2026-04-01"), Parts: PartCustomers}
	res, err := e.Query(q)
	if err != nil {
		t.Fatal(err)
	}
	sameCLVAlone(t, e, []Bucket{{From: q.From, To: q.To, Groups: res.Groups}, {From: q.PreviousFrom, To: q.From, Groups: res.Previous}})
}
