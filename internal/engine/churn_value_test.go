package engine

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/klantpuls/klantpuls/internal/cx"
	"github.com/klantpuls/klantpuls/internal/model"
)

// TestChurnRiskValues: on a shop the value models can be fitted on (customers buying at their
// own rates, leaving after a purchase with their own chance and spending their own usual
// amount, as BG/NBD and Gamma-Gamma assume), every risk row carries the model's value of that
// very customer over the horizon (Fit.Value, which TestValueDiscounting checks) and risk ×
// value as revenue at risk, and the list is by revenue at risk, highest first.
func TestChurnRiskValues(t *testing.T) {
	e, now := valueShop(t)
	risk, err := e.ChurnRisk(now, nil)
	if err != nil {
		t.Fatal(err)
	}
	if !risk.Valued {
		t.Fatal("the value models were not fitted: no values to check")
	}
	// The value models as of the data's last day, as the scoring reads them.
	end := e.dataEnd(clampInstant(now))
	fit, err := e.ModelFit(e.at(end).Add(time.Second))
	if err != nil {
		t.Fatal(err)
	}
	summaries := map[uint32]model.Customer{} // the fit keeps none: worked out again here
	for _, s := range model.Summarize(e.purchases(), e.modelDay(e.at(end).Add(time.Second))) {
		summaries[s.ID] = s
	}
	valued := 0
	for k, row := range risk.Rows {
		i, _ := e.customers.ids.lookup(row.Customer)
		want := 0.0
		if s, ok := summaries[i]; ok {
			want = fit.Value(s, e.horizon(), e.opts.DiscountRateMonthly)
		}
		if row.Value != want || row.AtRisk != row.Risk*row.Value {
			t.Fatalf("%s: value %v, at risk %v; want the model's %v and %v × it", row.Customer, row.Value, row.AtRisk, want, row.Risk)
		}
		if row.Value > 0 {
			valued++
		}
		if k > 0 && row.AtRisk > risk.Rows[k-1].AtRisk {
			t.Fatalf("row %d (%s) has more at risk than the row before it", k, row.Customer)
		}
	}
	if valued < len(risk.Rows)/2 {
		t.Errorf("%d of %d rows have a value", valued, len(risk.Rows))
	}
}

// valueShop is a shop of 5,000 customers as BG/NBD and Gamma-Gamma assume them (each buying at
// their own rate, leaving after a purchase with their own chance, spending their own usual
// amount; a third of the leavers recorded, a fifth with a ticket), and an instant a day after
// its two years, when the list is fitted.
func valueShop(t testing.TB) (*Engine, time.Time) {
	t.Helper()
	e, err := New(testOptions())
	if err != nil {
		t.Fatal(err)
	}
	r := rand.New(rand.NewPCG(3, 4))
	start := at("2024-01-01 10:00") // two years in the past: days that are over
	var recs []cx.Record
	for i := range 5_000 {
		id := fmt.Sprintf("C%04d", i)
		day := r.Float64() * 600
		c := &cx.Customer{ID: id, AcquiredAt: start.AddDate(0, 0, int(day))}
		// Each their own gap between orders, chance to leave and usual amount.
		gap, leave, spend := 10+r.ExpFloat64()*60, 0.05+0.5*r.Float64(), 20+r.ExpFloat64()*40
		for k := 0; day < 700; k++ {
			recs = append(recs, &cx.Order{ID: fmt.Sprintf("%s-%d", id, k), CustomerID: id,
				OrderedAt: start.AddDate(0, 0, int(day)), Amount: math.Round(spend * (0.5 + r.Float64()))})
			if r.Float64() < leave {
				if gone := day + 30; gone < 700 && i%3 == 0 { // a third of the leavers recorded
					c.ChurnedAt = start.AddDate(0, 0, int(gone))
				}
				break
			}
			day += r.ExpFloat64() * gap
		}
		if i%5 == 0 {
			recs = append(recs, &cx.Ticket{ID: "T" + id, CustomerID: id, CreatedAt: start.AddDate(0, 0, int(day)), Complaint: i%10 == 0})
		}
		recs = append(recs, c)
	}
	e.Apply(recs...)
	return e, start.AddDate(0, 0, 701)
}
