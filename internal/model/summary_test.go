package model

import (
	"math/rand/v2"
	"slices"
	"sort"
	"testing"
)

// summarizeByMap is the first Summarize, kept as the reference: a map from (customer, day) to
// the day's sales, summed in the order given, and its keys sorted; then each refund made by
// asOf is taken off the customer's latest purchase day on or before its own, in the order given.
func summarizeByMap(purchases []Purchase, asOf int) []Customer {
	type day struct {
		customer uint32
		day      int
	}
	amounts := map[day]float64{}
	for _, p := range purchases {
		if p.Amount < 0 || p.Day > asOf {
			continue
		}
		amounts[day{p.Customer, p.Day}] += p.Amount
	}
	for _, p := range purchases {
		if p.Amount >= 0 || p.Day > asOf {
			continue
		}
		latest, ok := day{}, false
		for k := range amounts {
			if k.customer == p.Customer && k.day <= p.Day && (!ok || k.day > latest.day) {
				latest, ok = k, true
			}
		}
		if ok {
			amounts[latest] += p.Amount
		}
	}
	keys := make([]day, 0, len(amounts))
	for k := range amounts {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool {
		if keys[i].customer != keys[j].customer {
			return keys[i].customer < keys[j].customer
		}
		return keys[i].day < keys[j].day
	})
	type days struct {
		id          uint32
		x           int
		first, last int
		spend       float64
	}
	var ds []days
	for _, k := range keys {
		n := len(ds)
		if n == 0 || ds[n-1].id != k.customer {
			ds = append(ds, days{id: k.customer, first: k.day, last: k.day})
			continue
		}
		d := &ds[n-1]
		d.x++
		d.last = k.day
		d.spend += amounts[k]
	}
	var out []Customer
	for _, d := range ds {
		c := Customer{ID: d.id, X: d.x, TX: float64(d.last-d.first) / 7, T: float64(asOf-d.first) / 7}
		if c.X > 0 {
			c.Spend = d.spend / float64(c.X)
		}
		out = append(out, c)
	}
	return out
}

// TestSummarizeNetsRefunds: README "Revenue and CLV add amounts, so a refund nets out": a refund
// takes its amount off the spend of the customer's latest purchase on or before it (the one
// it names, when the money went back before they bought again), by hand.
func TestSummarizeNetsRefunds(t *testing.T) {
	tests := []struct {
		name string
		ps   []Purchase // one customer, as of day 30
		want Customer
	}{
		{"refund on the day of the repeat", []Purchase{{0, 0, 100}, {0, 7, 80}, {0, 7, -30}},
			Customer{X: 1, TX: 1, T: 30.0 / 7, Spend: 50}},
		{"refund days after the repeat, before the next", []Purchase{{0, 0, 100}, {0, 7, 80}, {0, 10, -30}, {0, 14, 20}},
			Customer{X: 2, TX: 2, T: 30.0 / 7, Spend: (50 + 20) / 2.0}},
		{"refund of the first purchase, before a repeat: no spend of the repeats", []Purchase{{0, 0, 100}, {0, 3, -100}, {0, 14, 20}},
			Customer{X: 1, TX: 2, T: 30.0 / 7, Spend: 20}},
		{"refund on a day with a sale reduces that day, whatever the order given", []Purchase{{0, 0, 100}, {0, 7, 80}, {0, 14, -10}, {0, 14, 20}},
			Customer{X: 2, TX: 2, T: 30.0 / 7, Spend: (80 + 10) / 2.0}},
		{"a repeat refunded whole stays a purchase day, of no spend", []Purchase{{0, 0, 100}, {0, 7, 80}, {0, 8, -80}},
			Customer{X: 1, TX: 1, T: 30.0 / 7, Spend: 0}},
		{"a refund after the as-of day has not happened yet", []Purchase{{0, 0, 100}, {0, 7, 80}, {0, 31, -80}},
			Customer{X: 1, TX: 1, T: 30.0 / 7, Spend: 80}},
		{"a refund before the first purchase reduces nothing", []Purchase{{0, 2, -40}, {0, 5, 100}, {0, 12, 60}},
			Customer{X: 1, TX: 1, T: 25.0 / 7, Spend: 60}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Summarize(slices.Clone(tt.ps), 30)
			if len(got) != 1 || got[0] != tt.want {
				t.Errorf("Summarize = %+v, want %+v", got, tt.want)
			}
		})
	}
	if got := Summarize([]Purchase{{3, 1, -20}, {4, 2, 10}}, 30); len(got) != 1 || got[0].ID != 4 {
		t.Errorf("a customer with refunds only is no buyer: %+v", got)
	}
}

// TestSummarizeAsByMap: the counting sort (dense ids), the sorted path (sparse ids) and a
// customer with more orders than the insertion sort takes all give exactly the summaries of
// the map-based reference, to the last bit of the mean spend (same order of summing).
func TestSummarizeAsByMap(t *testing.T) {
	tests := []struct {
		name      string
		customers int
		idStep    uint32 // ids 0, step, 2·step …: 1 is dense, 1e6 sparse
		orders    int
	}{
		{"dense ids", 300, 1, 3000},
		{"sparse ids", 300, 1_000_000, 3000},
		{"one customer with many orders", 1, 1, 500},
		{"no orders", 10, 1, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := rand.New(rand.NewPCG(1, uint64(tt.orders)))
			var ps []Purchase
			for range tt.orders {
				// Days 0..99 with repeats on a day, amounts with cents, a few refunds,
				// some after the as-of day 80.
				ps = append(ps, Purchase{Customer: uint32(r.IntN(tt.customers)) * tt.idStep, Day: r.IntN(100),
					Amount: float64(r.IntN(20000)-500) / 100})
			}
			want := summarizeByMap(ps, 80)
			got := Summarize(ps, 80)
			if len(got) != len(want) {
				t.Fatalf("%d customers, want %d", len(got), len(want))
			}
			for i := range want {
				if got[i] != want[i] {
					t.Fatalf("customer %d: %+v, want %+v", i, got[i], want[i])
				}
			}
		})
	}
}
