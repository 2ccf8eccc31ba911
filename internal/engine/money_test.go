package engine

import (
	"math"
	"testing"

	"github.com/klantpuls/klantpuls/internal/cx"
)

// Refunds net out of revenue and CLV (metrics.md section 3), counted on the day the money went
// back, but are no orders and make no buyers. 2026 (365 days), lifespan 2 years, margin 0.3:
//
//	C1: O1 100 (1 Mar), R1 −40 refund of O1 (10 Mar), O2 60 (1 Jun)
//	C2: O3 50 (1 Apr)
//	C3: O0 80 (1 Dec 2025, before the year), R2 −20 refund of O0 (5 Jan)
//
//	revenue   = 100 − 40 + 60 + 50 − 20 = 150; orders 3 (O1, O2, O3); buyers 2 (C1, C2)
//	aov       = 150 / 3 = 50
//	frequency = 3 / 2 · 365 / 365 = 1.5 a year
//	simple    = 50 · 1.5 · 2 = 150
//	historical: C1 (100 − 40 + 60) · 0.3 = 36, C2 50 · 0.3 = 15 → (36 + 15) / 2 = 25.5
//
// Were refunds orders, there would be 5 orders and 3 buyers: aov 30, simple 100.
func TestRefundsNetRevenue(t *testing.T) {
	opts := testOptions()
	opts.LifespanYears = 2
	e, err := New(opts)
	if err != nil {
		t.Fatal(err)
	}
	m := func(v float64) *float64 { return &v }
	order := func(id, cust, when string, amount float64, of string) *cx.Order {
		return &cx.Order{ID: id, CustomerID: cust, OrderedAt: at(when), Amount: amount, GrossMargin: m(0.3), RefundOf: of}
	}
	e.Apply(
		&cx.Customer{ID: "C1", AcquiredAt: at("2025-01-01 10:00")},
		&cx.Customer{ID: "C2", AcquiredAt: at("2025-01-01 10:00")},
		&cx.Customer{ID: "C3", AcquiredAt: at("2025-01-01 10:00")},
		order("O1", "C1", "2026-03-01 10:00", 100, ""),
		order("R1", "C1", "2026-03-10 10:00", -40, "O1"),
		order("O2", "C1", "2026-06-01 10:00", 60, ""),
		order("O3", "C2", "2026-04-01 10:00", 50, ""),
		order("O0", "C3", "2025-12-01 10:00", 80, ""),
		order("R2", "C3", "2026-01-05 10:00", -20, "O0"),
	)
	groups, err := e.Report(Query{From: day("2026-01-01"), To: day("2027-01-01")})
	if err != nil {
		t.Fatal(err)
	}
	clv := groups[0].Metrics.CLV
	for _, f := range []struct {
		name      string
		got, want float64
	}{
		{"orders", float64(clv.Orders), 3}, {"buyers", float64(clv.Buyers), 2},
		{"aov", deref(clv.AOV), 50}, {"frequency_per_year", deref(clv.FrequencyPerYear), 1.5},
		{"simple", deref(clv.Simple), 150}, {"historical", deref(clv.Historical), 25.5},
	} {
		if math.Abs(f.got-f.want) > 1e-9 {
			t.Errorf("%s = %v, want %v", f.name, f.got, f.want)
		}
	}
}

func deref(p *float64) float64 {
	if p == nil {
		return math.NaN()
	}
	return *p
}
