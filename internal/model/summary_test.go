package model

import (
	"math/rand/v2"
	"sort"
	"testing"
)

// summarizeByMap is the first Summarize, kept as the reference: a map from (customer, day) to
// the day's amount, summed in the order given, and its keys sorted.
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
