package engine

import (
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
			// startedBy and endedBy of one position, looked up once.
			n, at := l.periods(), l.position(a)
			started, ended := min(at+1, n), max(at, 0)
			hiStart, hiEnd := n, n
			if ch != noTime {
				at := l.position(ch)
				hiStart, hiEnd = min(at+1, n), max(at, 0)
			}
			b.start.add(j, started, hiStart, g)
			if r.collect != nil { // churn's and retention's n: the customers in the base at the start
				r.noteIn("churn", j, started, hiStart, RecordCustomer, i, a)
				r.noteIn("retention", j, started, hiStart, RecordCustomer, i, a)
			}
			b.end.add(j, ended, hiEnd, g)
			if r.collect != nil { // engagement's n: the customers in the base at the end
				r.noteIn("engagement", j, ended, hiEnd, RecordCustomer, i, a)
			}
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
	counts := make([]clvCounts, len(r.sets))
	windows := r.clvWindows()
	masked := r.masked(windows)
	switch {
	case r.oneWindow(windows):
		r.oneWindowBuyers(windows[0].span, &counts[0])
	case masked:
		r.maskedBuyers(windows, counts)
	default:
		r.windowBuyers(windows, counts)
	}
	// With few period ends (a report of one period, not a series' buckets) the historical
	// margins are summed per customer and end (marginsBefore), the buyers' read from them.
	var seen []bool
	ends, endOf := r.fewEnds()
	switch {
	case r.headline: // a query of headlines does not read the historical margins
		seen = r.buyersAlone(counts)
	case len(ends) > 0:
		var buyers []uint64 // a report of one period: its buyers' bits (oneWindowBuyers)
		if r.oneWindow(windows) {
			buyers = s.bought.bits
		}
		s.endSums = e.marginsBefore(ends, s.endSums, buyers)
		seen = r.marginsByEnd(counts, s.endSums, len(ends), endOf)
	case masked:
		seen = r.maskedMargins(counts)
	default:
		seen = r.buyerMargins(counts)
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

// markOnce marks customer c in period k and tells whether they were not marked yet.
func markOnce(m *slots, c uint32, k int) bool {
	mark := m.of(c, k)
	was := *mark == 0
	*mark = 1
	return was
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

// predictive is the predictive CLV per slot: the mean model value over the horizon of the
// slot's buyers, as of the day before its period's end (yesterday at the latest); nil when the
// models cannot be fitted, or when a customer's value could not be worked out (the mean would
// silently be over the others). Only the query's own period and its previous one get it: a series'
// buckets each end on another day and would need a fit each, seconds per page, so there it is
// null. Each slot's mean adds its buyers in the order of s.buyers.
func (r *run) predictive() []*float64 {
	e := r.e
	sums, counts := make([]float64, len(r.sets)), make([]int, len(r.sets))
	fits := make([]*fitEntry, r.whole+1) // per period, fitted at its first buyer
	for _, b := range r.s.buyers {
		if b.period > r.whole {
			continue
		}
		en := fits[b.period]
		if en == nil {
			en = e.fitAsOf(e.modelDay(r.periods[b.period].end))
			fits[b.period] = en
		}
		if en.unknown > 0 {
			continue
		}
		// A buyer whose first order is of today has no value yet: the models observe up to
		// yesterday.
		if v, ok := en.value(b.customer); ok {
			slot := r.slot(b.period, r.customerGroup(b.customer))
			sums[slot] += v
			counts[slot]++
		}
	}
	out := make([]*float64, len(r.sets))
	for k, n := range counts {
		if n > 0 {
			v := sums[k] / float64(n)
			out[k] = &v
		}
	}
	return out
}

// buyerMargins adds each buyer's historical margin — Σ amount·margin of their orders before
// the end of the period, in row order as a query of that period alone adds them — to the
// buyer's slot, and tells which slots have buyers. A series has an entry per buyer and period
// they bought in: the entries are placed side by side per customer (placeBuyers) and each is
// summed over its customer's orders side by side (sumPerEntry).
func (r *run) buyerMargins(counts []clvCounts) []bool {
	r.sumPerEntry(r.placeBuyers())
	s := r.s
	seen := make([]bool, len(counts))
	for j, b := range s.buyers {
		slot := r.slot(b.period, r.customerGroup(b.customer))
		counts[slot].buyers++
		counts[slot].marginSum += s.margins[s.buyerPos[j]]
		seen[slot] = true
	}
	return seen
}

// placeBuyers places the entries of s.buyers side by side per customer (buyerEnd: each one's
// period end; buyerPos: each entry's place) and returns where each customer's begin: customer
// c's are [off[c], off[c+1]).
func (r *run) placeBuyers() []uint32 {
	s := r.s
	n := r.e.customers.ids.len()
	off := perCustomer(s.buyerOff, n+2)
	for _, b := range s.buyers {
		off[b.customer+2]++
	}
	for c := 2; c < len(off); c++ {
		off[c] += off[c-1]
	}
	s.buyerPos = perCustomer(s.buyerPos, len(s.buyers))
	s.buyerEnd = perCustomer(s.buyerEnd, len(s.buyers))
	s.margins = perCustomer(s.margins, len(s.buyers))
	for j, b := range s.buyers {
		// off[c+1] is customer c's cursor here, and ends where c+1's entries begin.
		at := off[b.customer+1]
		off[b.customer+1]++
		s.buyerEnd[at], s.buyerPos[j] = r.periods[b.period].to, at
	}
	s.buyerOff = off
	return off
}

// sumPerEntry sums the margins entry by entry, each over its customer's orders side by side
// (customerOrders) in row order, then the list's tail: the very additions of a pass over the
// rows, to the same bits. A sum kept in a register beats a pass over the rows adding each order
// to its customer's entries in memory: 0.4× the time for a year's months at 1M + 1M.
func (r *run) sumPerEntry(off []uint32) {
	e, s := r.e, r.s
	l, o := e.customerOrders(), &e.orders
	at, val, lOff := l.at, l.val, l.off
	for c := range len(lOff) - 1 {
		ends, margins := s.buyerEnd[off[c]:off[c+1]], s.margins[off[c]:off[c+1]]
		ats, vals := at[lOff[c]:lOff[c+1]], val[lOff[c]:lOff[c+1]]
		vals = vals[:len(ats)]
		for k, end := range ends {
			sum := 0.0
			for p, t := range ats {
				sum += beforeEnd(vals[p], t, int64(end))
			}
			margins[k] = sum
		}
	}
	for i := uint32(l.rows); i < uint32(len(o.at)); i++ {
		c, t := o.customer[i], o.at[i]
		v := o.amount[i] * e.marginOf(i) // stays finite: see customerOrders
		for k := off[c]; k < off[c+1]; k++ {
			s.margins[k] += beforeEnd(v, t, int64(s.buyerEnd[k]))
		}
	}
}

// engagement computes the participation per event kind among customers active at the end of
// the period, and the weighted score. Without configured weights every kind weighs 1.
func (r *run) engagement() {
	e, s := r.e, r.s
	ev, cu := &e.events, &e.customers
	kinds := e.engagementKinds()
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
func (e *Engine) engagementKinds() []metric.Weighted {
	known := make([]string, 0, e.eventKinds.len())
	for i := 1; i < e.eventKinds.len(); i++ {
		known = append(known, e.eventKinds.name(uint16(i)))
	}
	return EngagementKinds(e.opts.Engagement, known)
}
