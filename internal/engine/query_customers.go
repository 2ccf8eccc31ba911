package engine

import (
	"cmp"
	"slices"

	"github.com/klantpuls/klantpuls/internal/metric"
)

// baseCounts are the per-group counters of the customer base.
type baseCounts struct {
	start, end, acquired, lost, newLost, referred int
}

// inBase tells whether a customer is in the base at instant t: acquired before t and not
// churned before t (metrics.md section 3).
func inBase(acquired, churned, t uint32) bool {
	return acquired != noTime && acquired < t && (churned == noTime || churned >= t)
}

// customerBase computes churn, retention and referral rate.
func (r *run) customerBase() {
	e, sp := r.e, r.span
	c := &e.customers
	counts := make([]baseCounts, r.nGroups)
	seen := make([]bool, r.nGroups)
	for i := range uint32(len(c.flags)) {
		if c.flags[i]&customerExists == 0 || !r.customerKept(i) {
			continue
		}
		a, ch := c.acquired[i], c.churned[i]
		g := r.customerGroup(i)
		n := &counts[g]
		inStart, inEnd := inBase(a, ch, sp.from), inBase(a, ch, sp.to)
		if inStart {
			n.start++
			if sp.has(ch) {
				n.lost++
			}
		}
		if inEnd {
			n.end++
		}
		if sp.has(a) {
			n.acquired++
			if sp.has(ch) {
				n.newLost++
			}
			if c.flags[i]&customerReferred != 0 {
				n.referred++
			}
		}
		seen[g] = seen[g] || inStart || inEnd || sp.has(a)
	}
	for g := range r.nGroups {
		n := &counts[g]
		m := &r.sets[g]
		churn := metric.NewChurn(n.start, n.lost, n.acquired, n.newLost)
		retention := metric.NewRetention(n.start, n.end, n.acquired)
		referral := metric.NewReferral(n.referred, n.acquired)
		m.Churn, m.Retention, m.Referral = &churn, &retention, &referral
	}
	r.markSeen(seen)
}

// clvCounts are the per-group sums of customer lifetime value.
type clvCounts struct {
	revenue, marginSum float64
	orders, buyers     int
}

// lifetimeValue computes CLV over the orders of the period; historical CLV sums each buyer's
// orders before the end of the period (metrics.md section 3). Needs churn (customerBase) first.
func (r *run) lifetimeValue() {
	e, sp, s := r.e, r.span, r.s
	o := &e.orders
	n := e.customers.ids.len()
	s.margin = perCustomer(s.margin, n)
	s.marks = perCustomer(s.marks, n)
	s.buyers = s.buyers[:0]
	counts := make([]clvCounts, r.nGroups)
	for i := range uint32(len(o.at)) {
		at := o.at[i]
		if at == noTime || at >= sp.to {
			continue
		}
		cust := o.customer[i]
		if !r.customerKept(cust) {
			continue
		}
		// These sums stay finite: each amount is at most cx.MaxAmount (10^12) and the rows are
		// numbered in uint32, so a sum is below 2^32·10^12 ≈ 4.3·10^21 (cx.MaxAmount says more).
		s.margin[cust] += o.amount[i] * e.marginOf(i)
		if at >= sp.from {
			g := r.customerGroup(cust)
			counts[g].revenue += o.amount[i]
			counts[g].orders++
			if s.marks[cust] == 0 {
				s.marks[cust] = 1
				s.buyers = append(s.buyers, cust)
			}
		}
	}
	seen := make([]bool, r.nGroups)
	for _, cust := range s.buyers {
		g := r.customerGroup(cust)
		counts[g].buyers++
		counts[g].marginSum += s.margin[cust]
		seen[g] = true
	}
	for g := range r.nGroups {
		n := &counts[g]
		clv := metric.NewCLV(metric.CLVInput{Revenue: n.revenue, Orders: n.orders, Buyers: n.buyers,
			Days: r.days, MarginSum: n.marginSum, LifespanYears: e.cfg.CLV.LifespanYears,
			Churn: *r.sets[g].Churn})
		r.sets[g].CLV = &clv
	}
	r.markSeen(seen)
}

// engagement computes the participation per event kind among customers active at the end of
// the period, and the weighted score. Without configured weights every kind weighs 1.
func (r *run) engagement() {
	e, sp, s := r.e, r.span, r.s
	ev, cu := &e.events, &e.customers
	kinds := r.engagementKinds()
	s.marks = perCustomer(s.marks, cu.ids.len())
	active := make([][]int, r.nGroups) // [group][kind index in kinds]
	for g := range active {
		active[g] = make([]int, len(kinds))
	}
	pos := make(map[uint16]int, len(kinds))
	for j, k := range kinds {
		if id, ok := e.eventKinds.find(k.Kind); ok {
			pos[id] = j
		}
	}
	seen := make([]bool, r.nGroups)
	for i := range uint32(len(ev.at)) {
		if !sp.has(ev.at[i]) {
			continue
		}
		cust := ev.customer[i]
		if cu.flags[cust]&customerExists == 0 || !r.customerKept(cust) || !inBase(cu.acquired[cust], cu.churned[cust], sp.to) {
			continue
		}
		j, ok := pos[ev.kind[i]]
		if !ok || j >= 64 {
			continue
		}
		if bit := uint64(1) << j; s.marks[cust]&bit == 0 {
			s.marks[cust] |= bit
			g := r.customerGroup(cust)
			active[g][j]++
			seen[g] = true
		}
	}
	for g := range r.nGroups {
		w := make([]metric.Weighted, len(kinds))
		for j, k := range kinds {
			w[j] = metric.Weighted{Kind: k.Kind, Active: active[g][j], Weight: k.Weight}
		}
		en := metric.NewEngagement(w, r.sets[g].Churn.End)
		r.sets[g].Engagement = &en
	}
	r.markSeen(seen)
}

// engagementKinds lists the configured kinds with their weights, else every known kind with
// weight 1, at most 64 (the width of the per-customer mark).
func (r *run) engagementKinds() []metric.Weighted {
	var kinds []metric.Weighted
	for _, w := range r.e.cfg.Engagement {
		kinds = append(kinds, metric.Weighted{Kind: w.Kind, Weight: w.Weight})
	}
	if len(kinds) == 0 {
		for i := 1; i < r.e.eventKinds.len(); i++ {
			kinds = append(kinds, metric.Weighted{Kind: r.e.eventKinds.name(uint16(i)), Weight: 1})
		}
		slices.SortFunc(kinds, func(a, b metric.Weighted) int {
			return cmp.Compare(a.Kind, b.Kind)
		})
	}
	return kinds[:min(len(kinds), 64)]
}
