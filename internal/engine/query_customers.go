package engine

import (
	"cmp"
	"math"
	"slices"

	"github.com/klantpuls/klantpuls/internal/metric"
)

// inBase tells whether a customer is in the base at instant t: acquired before t and not
// churned before t (metrics.md section 3).
func inBase(acquired, churned, t uint32) bool {
	return acquired != noTime && acquired < t && (churned == noTime || churned >= t)
}

// baseCounts are the per-slot counters of the customer base; start and end come from ranges.
type baseCounts struct {
	lost, acquired, newLost, referred []int
	start, end                        ranges
}

// customerBase computes churn, retention and referral rate.
func (r *run) customerBase() {
	c := &r.e.customers
	n := len(r.sets)
	b := baseCounts{lost: make([]int, n), acquired: make([]int, n), newLost: make([]int, n),
		referred: make([]int, n), start: r.newRanges(), end: r.newRanges()}
	for i := range uint32(len(c.flags)) {
		if c.flags[i]&customerExists == 0 || !r.customerKept(i) {
			continue
		}
		r.baseCustomer(&b, i)
	}
	start, end := b.start.counts(), b.end.counts()
	seen := make([]bool, n)
	for k := range n {
		churn := metric.NewChurn(start[k], b.lost[k], b.acquired[k], b.newLost[k])
		retention := metric.NewRetention(start[k], end[k], b.acquired[k])
		referral := metric.NewReferral(b.referred[k], b.acquired[k])
		m := &r.sets[k]
		m.Churn, m.Retention, m.Referral = &churn, &retention, &referral
		seen[k] = start[k] > 0 || end[k] > 0 || b.acquired[k] > 0
	}
	r.markSeen(seen)
}

// baseCustomer adds customer i to the periods of each row. A customer is in the base from
// acquisition to churn, so at the start and at the end of a stretch of consecutive periods.
func (r *run) baseCustomer(b *baseCounts, i uint32) {
	c := &r.e.customers
	a, ch := c.acquired[i], c.churned[i]
	g := r.customerGroup(i)
	for j := range r.lines {
		l := &r.lines[j]
		if a != noTime {
			hiStart, hiEnd := l.periods(), l.periods()
			if ch != noTime {
				hiStart, hiEnd = l.startedBy(ch), l.endedBy(ch)
			}
			b.start.add(j, l.startedBy(a), hiStart, g)
			// Churn's and retention's n: the customers in the base at the start.
			r.noteIn("churn", j, l.startedBy(a), hiStart, RecordCustomer, i, a)
			r.noteIn("retention", j, l.startedBy(a), hiStart, RecordCustomer, i, a)
			b.end.add(j, l.endedBy(a), hiEnd, g)
		}
		lostIn := l.at(ch)
		if k := r.slot(lostIn, g); k >= 0 && inBase(a, ch, r.periods[lostIn].from) {
			b.lost[k]++
		}
		if won := l.at(a); won >= 0 {
			k := r.slot(won, g)
			b.acquired[k]++
			r.note("referral", k, RecordCustomer, i, a, math.NaN())
			if lostIn == won {
				b.newLost[k]++
			}
			if c.flags[i]&customerReferred != 0 {
				b.referred[k]++
			}
		}
	}
}

// buyer is a customer with orders in a period.
type buyer struct {
	period   int
	customer uint32
}

// clvCounts are the per-slot sums of customer lifetime value.
type clvCounts struct {
	revenue, marginSum float64
	orders, buyers     int
}

// lifetimeValue computes CLV over the orders of each period's window W (the 12 months before
// its end, clv_window.go), with the lifespan from the churn of W; historical CLV sums each
// buyer's orders before the end of the period (metrics.md section 3).
func (r *run) lifetimeValue() {
	e, s := r.e, r.s
	o := &e.orders
	counts := make([]clvCounts, len(r.sets))
	windows := r.clvWindows()
	grid := s.bought.reset(len(windows), e.customers.ids.len())
	if !grid {
		s.marks.reset(e.customers.ids.len())
	}
	first := func(cust uint32, k int) bool { // the customer's first order in window k
		if grid {
			return s.bought.set(cust, k)
		}
		bought := s.marks.of(cust, k)
		was := *bought == 0
		*bought = 1
		return was
	}
	s.buyers = s.buyers[:0]
	// Every window lies within all: an order outside it is in none (half the orders of two
	// years for a month's windows), and is passed without a look at each window.
	all := windows[0].span
	for _, w := range windows {
		all = span{min(all.from, w.from), max(all.to, w.to)}
	}
	// With few period ends (a report of one period, not a series' buckets) the historical
	// margins are summed in this same pass, one sum per customer and end (marginsByEnd).
	ends, endOf := r.fewEnds()
	sums := perCustomer(s.endSums, e.customers.ids.len()*len(ends))
	s.endSums = sums
	for i := range uint32(len(o.at)) {
		cust := o.customer[i]
		if at := o.at[i]; len(ends) > 0 && at != noTime {
			// Each sum adds its customer's orders before its end in row order, as a query of
			// that period alone does (buyerMargins), so to the same bits; finite as there.
			v := o.amount[i] * e.marginOf(i)
			row := sums[int(cust)*len(ends):][:len(ends)]
			for j, end := range ends {
				if at < end {
					row[j] += v
				}
			}
		}
		if !all.has(o.at[i]) || !r.customerKept(cust) {
			continue
		}
		// Windows overlap (a series' buckets all reach a year back), so an order is looked
		// up in each period's window rather than on a timeline.
		for k, w := range windows {
			if !w.has(o.at[i]) {
				continue
			}
			if slot := r.slot(k, r.customerGroup(cust)); slot >= 0 {
				counts[slot].revenue += o.amount[i]
				if o.amount[i] < 0 {
					continue // a refund (cx.Order.IsRefund) nets revenue, but is no order and makes no buyer
				}
				counts[slot].orders++
				if first(cust, k) {
					// A buyer is counted once, at their first order of the CLV window.
					r.note("clv", slot, RecordCustomer, cust, e.customers.acquired[cust], math.NaN())
					s.buyers = append(s.buyers, buyer{k, cust})
				}
			}
		}
	}
	var seen []bool
	if len(ends) > 0 {
		seen = r.marginsByEnd(counts, sums, len(ends), endOf)
	} else {
		seen = r.historicalMargins(counts)
	}
	predictive := make([]*float64, len(counts))
	if r.q.wants(PartModel) {
		predictive = r.predictive()
	}
	churn := r.windowChurn(windows)
	for k := range counts {
		n := &counts[k]
		clv := metric.NewCLV(metric.CLVInput{Revenue: n.revenue, Orders: n.orders, Buyers: n.buyers,
			Days: windows[k/r.nGroups].days, MarginSum: n.marginSum, LifespanYears: e.opts.LifespanYears,
			Churn: churn[k]})
		clv.Predictive = predictive[k]
		r.sets[k].CLV = &clv
	}
	r.markSeen(seen)
}

// maxFewEnds is how many distinct period ends lifetimeValue sums the margins for in its own
// pass: a report has its period and the previous one; a series' buckets go to buyerMargins,
// whose work grows with the buyers rather than with the ends times the customers.
const maxFewEnds = 4

// fewEnds returns the run's distinct period ends and the place of each period's end among
// them, or nothing when there are more than maxFewEnds.
func (r *run) fewEnds() ([]uint32, []int) {
	var ends []uint32
	endOf := make([]int, len(r.periods))
	for k, p := range r.periods {
		j := slices.Index(ends, p.to)
		if j < 0 {
			if len(ends) == maxFewEnds {
				return nil, nil
			}
			j = len(ends)
			ends = append(ends, p.to)
		}
		endOf[k] = j
	}
	return ends, endOf
}

// marginsByEnd is addMargins for the sums of lifetimeValue's pass: customer c's sum for end j
// is sums[c*nEnds+j]. It adds them to the slots in the order of s.buyers, as addMargins does.
func (r *run) marginsByEnd(counts []clvCounts, sums []float64, nEnds int, endOf []int) []bool {
	seen := make([]bool, len(counts))
	for _, b := range r.s.buyers {
		slot := r.slot(b.period, r.customerGroup(b.customer))
		counts[slot].buyers++
		counts[slot].marginSum += sums[int(b.customer)*nEnds+endOf[b.period]]
		seen[slot] = true
	}
	return seen
}

// predictive is the predictive CLV per slot: the mean model value of the slot's buyers as of
// the day before its period's end. Only the query's own period and its previous one get it: a
// series' buckets each end on another day and would need a fit each, seconds per page, so
// there it is null.
func (r *run) predictive() []*float64 {
	out := make([]*float64, len(r.sets))
	buyers := make([][]uint32, len(r.sets))
	for _, b := range r.s.buyers {
		if b.period <= r.whole {
			slot := r.slot(b.period, r.customerGroup(b.customer))
			buyers[slot] = append(buyers[slot], b.customer)
		}
	}
	for k, bs := range buyers {
		if len(bs) > 0 {
			out[k] = r.e.meanModelValue(bs, r.periods[k/r.nGroups].end)
		}
	}
	return out
}

// buyerMargins adds each buyer's historical margin — Σ amount·margin of their orders before
// the end of the period, in row order as a query of that period alone adds them — to the
// buyer's slot, and tells which slots have buyers.
//
// A customer's entries (one per period they bought in) are placed side by side. When the
// orders come in time order (an export sorted by date), the orders before an end are the
// customer's first orders in row order: with the entries by period end, one running sum per
// customer, read into each entry as the orders pass its end, gives every sum with the very
// additions of a sum per entry (the same bits), in one pass. Otherwise each entry is summed
// apart (sumPerEntry).
func (r *run) buyerMargins(counts []clvCounts) []bool {
	e, s := r.e, r.s
	o := &e.orders
	if !o.inTimeOrder() {
		if r.endsSpread() <= closeEnds {
			return r.marginsOutOfOrder(counts)
		}
		r.sumPerEntry(r.placeBuyers(false, nil))
		return r.addMargins(counts, nil)
	}
	off := r.placeBuyers(true, nil)
	n := e.customers.ids.len()
	s.running = perCustomer(s.running, n) // s.closed: the place of each one's first entry not yet summed
	for i := range uint32(len(o.at)) {
		c, at := o.customer[i], o.at[i]
		hi := off[c+1]
		if off[c] == hi || at == noTime {
			continue
		}
		k := s.closed[c]
		for ; k < hi && s.buyerEnd[k] <= at; k++ {
			s.margins[k] = s.running[c] // the orders so far, none at or after this end
		}
		s.closed[c] = k
		// These sums stay finite: each amount is at most cx.MaxAmount (10^12) and the rows are
		// numbered in uint32, so a sum is below 2^32·10^12 ≈ 4.3·10^21 (cx.MaxAmount says more).
		s.running[c] += o.amount[i] * e.marginOf(i)
	}
	for c := range uint32(n) {
		for k := s.closed[c]; k < off[c+1]; k++ {
			s.margins[k] = s.running[c] // every order of theirs lies before these ends
		}
	}
	return r.addMargins(counts, nil)
}

// closeEnds is how far apart the run's period ends may lie for marginsOutOfOrder: within a
// quarter most buyers order between none of their ends, over a year's months most do and its
// extra passes cost more than they save. Measured on the shop's 100k customers and 500k
// orders, the customer part of the overview's query took 0.6× the time of summing every entry
// for a month's days, 0.9× for a quarter's weeks, 1.1× for a year's months.
const closeEnds = 92 * 24 * 3600

// endsSpread is the time between the earliest and the latest end of the run's periods.
func (r *run) endsSpread() uint32 {
	lo, hi := r.periods[0].to, r.periods[0].to
	for _, p := range r.periods {
		lo, hi = min(lo, p.to), max(hi, p.to)
	}
	return hi - lo
}

// marginsOutOfOrder is buyerMargins for orders not in time order. A buyer's entries between
// whose ends no order of theirs falls sum the same orders, so to the same bits: one running
// sum per buyer of their orders before their first end, in row order — the very additions of a
// sum per entry — serves all of them. A series of short buckets (the days of a month, each with
// a year's CLV window) gives each buyer an entry per bucket, and most buyers order in none of
// those days. Only the buyers with an order between their first and last end (mixed) are
// summed entry by entry (sumPerEntry).
func (r *run) marginsOutOfOrder(counts []clvCounts) []bool {
	e, s := r.e, r.s
	o := &e.orders
	n := e.customers.ids.len()
	lo, hi := perCustomer(s.endLo, n), perCustomer(s.endHi, n) // 0: no entry (an end is never 0)
	s.endLo, s.endHi = lo, hi
	for _, b := range s.buyers {
		c, end := b.customer, r.periods[b.period].to
		if lo[c] == 0 || end < lo[c] {
			lo[c] = end
		}
		hi[c] = max(hi[c], end)
	}
	running, mixed := perCustomer(s.running, n), perCustomer(s.mixed, n)
	s.running, s.mixed = running, mixed
	for i := range uint32(len(o.at)) {
		c, at := o.customer[i], o.at[i]
		switch {
		case lo[c] == 0 || at == noTime:
		case at < lo[c]:
			running[c] += o.amount[i] * e.marginOf(i) // stays finite: see buyerMargins
		case at < hi[c]:
			mixed[c] = true
		}
	}
	r.sumPerEntry(r.placeBuyers(false, mixed))
	return r.addMargins(counts, mixed)
}

// addMargins adds each entry's margin to its slot, in the order of s.buyers, and tells which
// slots have buyers. With mixed, an entry of a buyer not mixed has the buyer's running sum
// (marginsOutOfOrder); else every entry its placed margin.
func (r *run) addMargins(counts []clvCounts, mixed []bool) []bool {
	s := r.s
	seen := make([]bool, len(counts))
	for j, b := range s.buyers {
		slot := r.slot(b.period, r.customerGroup(b.customer))
		counts[slot].buyers++
		if mixed != nil && !mixed[b.customer] {
			counts[slot].marginSum += s.running[b.customer]
		} else {
			counts[slot].marginSum += s.margins[s.buyerPos[j]]
		}
		seen[slot] = true
	}
	return seen
}

// inTimeOrder tells whether the orders' instants never go back in row order.
func (c *orderColumns) inTimeOrder() bool {
	last := uint32(0)
	for _, at := range c.at {
		if at != noTime {
			if at < last {
				return false
			}
			last = at
		}
	}
	return true
}

// placeBuyers places the entries of s.buyers side by side per customer (buyerEnd, buyerPos),
// each customer's by period end when byEnd, and returns where each customer's begin:
// customer c's are [off[c], off[c+1]); s.closed[c] is off[c] too. With only, only the
// entries of the customers it holds are placed (the others have none).
func (r *run) placeBuyers(byEnd bool, only []bool) []uint32 {
	s := r.s
	n := r.e.customers.ids.len()
	off := perCustomer(s.buyerOff, n+2)
	placed := 0
	for _, b := range s.buyers {
		if only == nil || only[b.customer] {
			off[b.customer+2]++
			placed++
		}
	}
	for c := 2; c < len(off); c++ {
		off[c] += off[c-1]
	}
	s.buyerPos = perCustomer(s.buyerPos, len(s.buyers))
	s.buyerEnd = perCustomer(s.buyerEnd, placed)
	s.entryAt = perCustomer(s.entryAt, placed)
	s.margins = perCustomer(s.margins, placed)
	// Where each customer's entries start (off[c+1] is about to move as their cursor): the
	// place an entry sorted by end may move down to. The running sums start there too.
	s.closed = perCustomer(s.closed, n)
	copy(s.closed, off[1:n+1])
	for j, b := range s.buyers {
		if only != nil && !only[b.customer] {
			continue
		}
		first := s.closed[b.customer]
		at := off[b.customer+1]
		off[b.customer+1]++
		end := r.periods[b.period].to
		// Insertion by end among the customer's few entries placed so far.
		for ; byEnd && at > first && s.buyerEnd[at-1] > end; at-- {
			s.buyerEnd[at], s.entryAt[at] = s.buyerEnd[at-1], s.entryAt[at-1]
			s.buyerPos[s.entryAt[at]] = at
		}
		s.buyerEnd[at], s.entryAt[at], s.buyerPos[j] = end, uint32(j), at
	}
	s.buyerOff = off
	return off
}

// sumPerEntry sums the margins entry by entry: each adds its customer's orders before its end
// in row order, the orders read once, in sequence, each customer's entries side by side.
func (r *run) sumPerEntry(off []uint32) {
	e, s := r.e, r.s
	o := &e.orders
	for i := range uint32(len(o.at)) {
		c, at := o.customer[i], o.at[i]
		if off[c] == off[c+1] || at == noTime {
			continue
		}
		v := o.amount[i] * e.marginOf(i)
		for k := off[c]; k < off[c+1]; k++ {
			if at < s.buyerEnd[k] {
				s.margins[k] += v
			}
		}
	}
}

// engagement computes the participation per event kind among customers active at the end of
// the period, and the weighted score. Without configured weights every kind weighs 1.
func (r *run) engagement() {
	e, s := r.e, r.s
	ev, cu := &e.events, &e.customers
	kinds := r.engagementKinds()
	s.marks.reset(cu.ids.len())
	active := make([][]int, len(r.sets)) // [slot][kind index in kinds]
	for k := range active {
		active[k] = make([]int, len(kinds))
	}
	pos := make(map[uint16]int, len(kinds))
	for j, k := range kinds {
		if id, ok := e.eventKinds.find(k.Kind); ok {
			pos[id] = j
		}
	}
	seen := make([]bool, len(r.sets))
	for i := range uint32(len(ev.at)) {
		ks, in := r.periodsOf(ev.at[i])
		cust := ev.customer[i]
		if !in || cu.flags[cust]&customerExists == 0 || !r.customerKept(cust) {
			continue
		}
		j, ok := pos[ev.kind[i]]
		if !ok || j >= 64 {
			continue
		}
		for _, k := range ks {
			if k < 0 || !inBase(cu.acquired[cust], cu.churned[cust], r.periods[k].to) {
				continue
			}
			if bit, used := uint64(1)<<j, s.marks.of(cust, k); *used&bit == 0 {
				*used |= bit
				slot := r.slot(k, r.customerGroup(cust))
				active[slot][j]++
				seen[slot] = true
			}
		}
	}
	for k := range active {
		w := make([]metric.Weighted, len(kinds))
		for j, kind := range kinds {
			w[j] = metric.Weighted{Kind: kind.Kind, Active: active[k][j], Weight: kind.Weight}
		}
		en := metric.NewEngagement(w, r.sets[k].Churn.End)
		r.sets[k].Engagement = &en
	}
	r.markSeen(seen)
}

// engagementKinds lists the configured kinds with their weights, else every known kind with
// weight 1, at most 64 (the width of the per-customer mark).
func (r *run) engagementKinds() []metric.Weighted {
	var kinds []metric.Weighted
	for _, w := range r.e.opts.Engagement {
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
