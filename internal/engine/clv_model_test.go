package engine

import (
	"fmt"
	"math"
	"math/rand/v2"
	"sync"
	"testing"
	"time"

	"github.com/klantpuls/klantpuls/internal/cx"
	"github.com/klantpuls/klantpuls/internal/model"
)

// buyingCustomers are n customers buying the way BG/NBD and Gamma-Gamma assume, so the models
// have a maximum: each buys at a rate of their own (exponential across customers, a Gamma of
// shape 1, mean 0.3 a week), drops out after a purchase with a chance of their own (Beta(1, 3)),
// and spends around a level of their own (shape-4 Gammas, sums of exponentials), from a first
// order in the first quarter of 2026 until the end of the year.
func buyingCustomers(n int) []cx.Record {
	r := rand.New(rand.NewPCG(16, 6))
	exp := func() float64 { return r.ExpFloat64() }
	var recs []cx.Record
	end := day("2027-01-01")
	for c := range n {
		id := fmt.Sprintf("K%d", c)
		first := day("2026-01-01").Add(time.Duration(r.IntN(90*24)) * time.Hour)
		recs = append(recs, &cx.Customer{ID: id, AcquiredAt: first})
		rate := 0.3 * exp() / (7 * 24) // purchases an hour
		drop := 1 - math.Pow(r.Float64(), 1.0/3)
		level := 40 * (exp() + exp() + exp() + exp()) / 4
		for k, t := 0, first; t.Before(end); k++ {
			amount := level * (exp() + exp() + exp() + exp()) / 4
			recs = append(recs, &cx.Order{ID: fmt.Sprintf("%s-%d", id, k), CustomerID: id, OrderedAt: t,
				Amount: math.Round(amount*100) / 100})
			if r.Float64() < drop || rate == 0 {
				break
			}
			t = t.Add(time.Duration(exp() / rate * float64(time.Hour)))
		}
	}
	return recs
}

// modelEngine is an engine over buyingCustomers whose clock says now.
func modelEngine(t *testing.T, now time.Time) *Engine {
	t.Helper()
	o := testOptions()
	o.Now = func() time.Time { return now }
	e, err := New(o)
	if err != nil {
		t.Fatal(err)
	}
	e.Apply(buyingCustomers(600)...)
	return e
}

func TestModelDayIsYesterdayAtTheLatest(t *testing.T) {
	e := modelEngine(t, at("2026-12-31 10:00"))
	for _, c := range []struct {
		to   time.Time
		want string
	}{
		{day("2027-01-01"), "2026-12-30"},                       // this month: not a day still to come
		{at("2026-12-31 10:00"), "2026-12-30"},                  // today is not over
		{day("2026-12-31"), "2026-12-30"},                       // a period ending at today's midnight
		{day("2026-12-15"), "2026-12-14"},                       // a past period: its last day
		{at("2026-06-01 08:00"), "2026-06-01"},                  // ends during a day: that day
		{time.Date(2026, 3, 29, 0, 0, 0, 0, ams), "2026-03-28"}, // the night clocks go forward
	} {
		if got := e.ModelDay(c.to).Format(time.DateOnly); got != c.want {
			t.Errorf("ModelDay(%s) = %s, want %s", c.to, got, c.want)
		}
	}
}

// A fit as of day D rests on the orders of days up to D: an order dated later leaves it, one
// dated on or before D, or its deletion, makes a new one.
func TestModelFitKeptUntilAnEarlierOrderChanges(t *testing.T) {
	e := modelEngine(t, at("2026-12-31 10:00"))
	june := day("2026-07-01") // as of 30 June
	year, err := e.ModelFit(day("2027-01-01"))
	if err != nil {
		t.Fatalf("no fit on customers drawn from the model: %v", err)
	}
	mid, err := e.ModelFit(june)
	if err != nil {
		t.Fatal(err)
	}
	if again, _ := e.ModelFit(day("2027-01-01")); again != year {
		t.Fatal("a second ask fitted again")
	}
	order := func(id, when string, amount float64) *cx.Order {
		return &cx.Order{ID: id, CustomerID: "K1", OrderedAt: at(when), Amount: amount}
	}
	steps := []struct {
		name            string
		write           cx.Record
		yearNew, midNew bool
	}{
		{"an order of today", order("new-1", "2026-12-31 09:00", 20), false, false},
		{"an order in July", order("new-2", "2026-07-15 12:00", 20), true, false},
		{"an order in June", order("new-3", "2026-06-10 12:00", 20), true, true},
		{"June's order moved to July", order("new-3", "2026-07-10 12:00", 20), true, true},
		{"July's order deleted", cx.Deletion{Of: cx.KindOrders, ID: "new-2"}, true, false},
		{"a customer", &cx.Customer{ID: "K1", AcquiredAt: day("2026-01-02")}, false, false},
		{"a ticket", &cx.Ticket{ID: "T1", CustomerID: "K1", CreatedAt: at("2026-03-01 10:00")}, false, false},
	}
	for _, s := range steps {
		e.Apply(s.write)
		y, err := e.ModelFit(day("2027-01-01"))
		if err != nil {
			t.Fatal(err)
		}
		m, err := e.ModelFit(june)
		if err != nil {
			t.Fatal(err)
		}
		if (y != year) != s.yearNew || (m != mid) != s.midNew {
			t.Errorf("after %s: new fit as of 30 Dec %v, as of 30 June %v; want %v, %v", s.name, y != year, m != mid, s.yearNew, s.midNew)
		}
		year, mid = y, m
	}
}

// Pages asking at once for a day not yet fitted share one fit.
func TestModelFitOnceForManyAsking(t *testing.T) {
	e := modelEngine(t, at("2026-12-31 10:00"))
	var wg sync.WaitGroup
	fits := make([]any, 8)
	for i := range fits {
		wg.Add(1)
		go func() {
			defer wg.Done()
			f, _ := e.ModelFit(day("2026-10-01"))
			fits[i] = f
		}()
	}
	wg.Wait()
	for i, f := range fits {
		if f != fits[0] || f == nil {
			t.Fatalf("asker %d got fit %p, asker 0 %p", i, f, fits[0])
		}
	}
}

// The values a page adds up are the model's own, worked out once per (x, t_x, T); the fit the
// engine keeps holds no customer's summary any more (a million of them are 40 MB a fit).
func TestModelValuesAreTheModels(t *testing.T) {
	e := modelEngine(t, at("2026-12-31 10:00"))
	to := day("2026-10-01")
	f, err := e.ModelFit(to)
	if err != nil {
		t.Fatal(err)
	}
	summaries := map[uint32]model.Customer{}
	for _, s := range model.Summarize(e.purchases(), e.modelDay(to)) {
		summaries[s.ID] = s
	}
	checked := 0
	for c := range 600 {
		id := fmt.Sprintf("K%d", c)
		got, ok := e.CustomerModel(id, to)
		i, _ := e.customers.ids.lookup(id)
		if _, kept := f.Summary(i); kept {
			t.Fatalf("%s: the fit kept its summary", id)
		}
		s, has := summaries[i]
		if ok != has {
			t.Fatalf("%s: value %v, summary %v", id, ok, has)
		}
		if !has {
			continue
		}
		want := f.Value(s, 12, e.opts.DiscountRateMonthly)
		if math.Abs(got.Value-want) > 1e-9*math.Max(1, want) || got.PAlive != f.BGNBD.PAlive(s) {
			t.Fatalf("%s: value %v, P(alive) %v; the model says %v, %v", id, got.Value, got.PAlive, want, f.BGNBD.PAlive(s))
		}
		checked++
	}
	if checked < 500 {
		t.Fatalf("only %d of 600 customers had bought by 30 September", checked)
	}
}

// TestCustomerModelOfALeftCustomer: a customer who left (churned_at) on or before the models'
// day (30 December 2026 for a year to 1 January 2027 seen on 31 December) gets no figures, only
// Left; one who leaves after that day, or not at all, gets the models' figures.
func TestCustomerModelOfALeftCustomer(t *testing.T) {
	e := modelEngine(t, at("2026-12-31 10:00"))
	to := day("2027-01-01")
	tests := []struct {
		name    string
		churned time.Time
		left    bool
	}{
		{"not left", time.Time{}, false},
		{"left in June", at("2026-06-01 10:00"), true},
		{"left late on the models' day", at("2026-12-30 23:30"), true},
		{"left today, after the models' day", at("2026-12-31 08:00"), false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e.Apply(&cx.Customer{ID: "K1", AcquiredAt: day("2026-01-01"), ChurnedAt: tt.churned})
			cm, ok := e.CustomerModel("K1", to)
			if !ok {
				t.Fatal("no model figures for K1, who bought")
			}
			if figures := cm.PAlive > 0 && cm.Value > 0; cm.Left != tt.left || figures == tt.left {
				t.Errorf("left %v, P(alive) %v, value %v; want left %v and figures only when not", cm.Left, cm.PAlive, cm.Value, tt.left)
			}
		})
	}
}
