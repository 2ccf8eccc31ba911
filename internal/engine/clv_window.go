package engine

import (
	"math"

	"github.com/klantpuls/klantpuls/internal/metric"
)

// clvWindow is the CLV's window W of one period (metrics.md section 3): the 12 months before
// the period's end, or the period when it is longer, with its calendar days.
type clvWindow struct {
	span
	days float64
}

// clvWindows gives each period of the run its window W. A short period must not be
// extrapolated to a lifetime: a one-day period once showed a CLV of € 243.835.
func (r *run) clvWindows() []clvWindow {
	out := make([]clvWindow, len(r.periods))
	for k, p := range r.periods {
		start, days := CLVWindow(p.start, p.end)
		out[k] = clvWindow{span{start, p.to}, days}
	}
	return out
}

// windowChurn is the churn of W per slot — S = the customers in the base at W's start, lost =
// those of S who churned within W — that the CLV's lifespan rests on, not the period's churn.
func (r *run) windowChurn(ws []clvWindow) []metric.Churn {
	c := &r.e.customers
	start, lost := make([]int, len(r.sets)), make([]int, len(r.sets))
	for i := range uint32(len(c.flags)) {
		if c.flags[i]&customerExists == 0 || !r.customerKept(i) {
			continue
		}
		a, ch, g := c.acquired[i], c.churned[i], r.customerGroup(i)
		for k, w := range ws {
			if !inBase(a, ch, w.from) {
				continue
			}
			slot := r.slot(k, g)
			start[slot]++
			if w.has(ch) {
				lost[slot]++
			}
		}
	}
	out := make([]metric.Churn, len(r.sets))
	for k := range out {
		out[k] = metric.NewChurn(start[k], lost[k], 0, 0)
	}
	return out
}

// windowBuyers is lifetimeValue's pass over the orders: revenue, orders and buyers (s.buyers,
// in the order of their first order) of each period's CLV window.
func (r *run) windowBuyers(windows []clvWindow, counts []clvCounts) {
	e, s := r.e, r.s
	o := &e.orders
	s.buyers = s.buyers[:0]
	grid := s.bought.reset(len(windows), e.customers.ids.len())
	if !grid {
		s.marks.reset(e.customers.ids.len())
	}
	// Every window lies within all: an order outside it is in none (half the orders of two
	// years for a month's windows), and is passed without a look at each window.
	all := windows[0].span
	for _, w := range windows {
		all = span{min(all.from, w.from), max(all.to, w.to)}
	}
	for i := range uint32(len(o.at)) {
		at := o.at[i]
		if !all.has(at) {
			continue
		}
		cust := o.customer[i]
		if !r.customerKept(cust) {
			continue
		}
		// Windows overlap (a series' buckets all reach a year back), so an order is looked
		// up in each period's window rather than on a timeline.
		for k, w := range windows {
			if !w.has(at) {
				continue
			}
			if slot := r.slot(k, r.customerGroup(cust)); slot >= 0 {
				counts[slot].revenue += o.amount[i]
				if o.amount[i] < 0 {
					continue // a refund (cx.Order.IsRefund) nets revenue, but is no order and makes no buyer
				}
				counts[slot].orders++
				// A buyer is counted once, at their first order of the CLV window.
				if grid && s.bought.set(cust, k) || !grid && markOnce(&s.marks, cust, k) {
					if r.collect != nil { // not the acquisition's load for every buyer of a report
						r.note("clv", slot, RecordCustomer, cust, e.customers.acquired[cust], math.NaN())
					}
					s.buyers = append(s.buyers, buyer{k, cust})
				}
			}
		}
	}
}

// oneWindow tells whether the run's CLV pass may take oneWindowBuyers: one period (a report's),
// unsplit, unfiltered, no drill-down's list, and the buyers' bits within maxGridBytes.
func (r *run) oneWindow(windows []clvWindow) bool {
	return len(windows) == 1 && r.nGroups == 1 && len(r.filters) == 0 && r.collect == nil &&
		gridFits(1, r.e.customers.ids.len())
}

// oneWindowBuyers is windowBuyers for one window, unsplit and unfiltered (a report of one
// period), without a branch on whether an order lies in the window: half the orders do, in no
// order a processor can guess, and its wrong guesses cost more than the rest of the pass. An
// order outside the window adds +0 to the revenue, which leaves it as it is (a sum that starts
// at +0 never becomes −0), 0 to the orders and no buyer's bit: the same figures to the bit,
// the buyers in the same order.
func (r *run) oneWindowBuyers(w span, n *clvCounts) {
	s, o := r.s, &r.e.orders
	s.buyers = s.buyers[:0]
	s.bought.reset(1, r.e.customers.ids.len())
	bought, at := s.bought.bits, o.at
	customer, amount := o.customer[:len(at)], o.amount[:len(at)]
	width := uint64(w.to - w.from)
	revenue, orders := 0.0, 0 // in registers, not through n, for every order
	for i, t := range at {
		// All ones when from ≤ t < to: t−from wraps past the width before from, and noTime (0)
		// lies before every window.
		in := uint64(int64(uint64(t-w.from)-width) >> 63)
		a, c := amount[i], customer[i]
		revenue += math.Float64frombits(math.Float64bits(a) & in)
		if a < 0 {
			in = 0 // a refund (cx.Order.IsRefund) nets revenue, but is no order and makes no buyer
		}
		orders += int(in & 1)
		// A buyer is counted once, at their first order of the CLV window.
		word, bit := &bought[c>>6], uint64(1)<<(c&63)&in
		if bit&^*word != 0 {
			*word |= bit
			s.buyers = append(s.buyers, buyer{0, c})
		}
	}
	n.revenue, n.orders = revenue, orders
}
