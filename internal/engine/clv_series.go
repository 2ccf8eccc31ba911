package engine

import (
	"math"
	"math/bits"
	"slices"
)

// A series (a dashboard's months, weeks or days, with the period and the one before) has a CLV
// window per period, each reaching a year back, so an order lies in most of them. Its buyers
// are kept as a mask per customer, bit k for period k: an order's windows are one mask, its
// customer's new entries are the bits of that mask the customer's did not have, and a
// customer's entries lie side by side in the order of their periods, so an entry's place is
// where the customer's begin plus the bits below its own — no sort of the entries, no grid row
// per period to look up for every order.

// maskPeriods is how many periods a run may have for its buyers to be kept in masks.
const maskPeriods = 64

// masked tells whether the run's CLV pass keeps its buyers in masks (maskedBuyers): more than
// one period, at most maskPeriods, a mask per customer within maxGridBytes.
func (r *run) masked(windows []clvWindow) bool {
	return len(windows) > 1 && len(windows) <= maskPeriods && r.e.customers.ids.len()*8 <= maxGridBytes
}

// maskedBuyers is windowBuyers with the buyers in masks (s.boughtIn): the same revenue,
// orders and buyers, the buyers in the same order — an order's periods in ascending order, as
// windowBuyers looks at them.
func (r *run) maskedBuyers(windows []clvWindow, counts []clvCounts) {
	e, s := r.e, r.s
	o := &e.orders
	s.buyers = s.buyers[:0]
	marks := perCustomer(s.boughtIn, e.customers.ids.len())
	s.boughtIn = marks
	masks := newWindowMasks(windows)
	all := masks.all()
	at := o.at
	customer, amount := o.customer[:len(at)], o.amount[:len(at)]
	for i, t := range at {
		if !all.has(t) {
			continue
		}
		c := customer[i]
		if !r.customerKept(c) {
			continue
		}
		in := masks.of(t)
		g, a := r.customerGroup(c), amount[i]
		order := 1
		if a < 0 {
			order = 0 // a refund (cx.Order.IsRefund) nets revenue, but is no order and makes no buyer
		}
		for m := in; m != 0; m &= m - 1 {
			n := &counts[r.slot(bits.TrailingZeros64(m), g)]
			n.revenue += a
			n.orders += order
		}
		if order == 0 {
			continue
		}
		// A buyer is counted once per window, at their first order in it.
		fresh := in &^ marks[c]
		marks[c] |= in
		for ; fresh != 0; fresh &= fresh - 1 {
			k := bits.TrailingZeros64(fresh)
			if r.collect != nil {
				r.note("clv", r.slot(k, g), RecordCustomer, c, e.customers.acquired[c], math.NaN())
			}
			s.buyers = append(s.buyers, buyer{k, c})
		}
	}
}

// maskedMargins is buyerMargins for buyers in masks: each entry summed over its customer's
// orders side by side (customerOrders) in row order, then the list's tail — the very additions
// of a pass over the rows — and added to its slot in the order of s.buyers.
func (r *run) maskedMargins(counts []clvCounts) []bool {
	e, s := r.e, r.s
	l, o := e.customerOrders(), &e.orders
	marks := s.boughtIn
	off := perCustomer(s.buyerOff, len(marks)+1) // customer c's entries: [off[c], off[c+1])
	for c, m := range marks {
		off[c+1] = off[c] + uint32(bits.OnesCount64(m))
	}
	s.buyerOff = off
	margins := perCustomer(s.margins, int(off[len(marks)]))
	s.margins = margins
	at, val, lOff := l.at, l.val, l.off
	for c := range len(lOff) - 1 {
		ats, vals := at[lOff[c]:lOff[c+1]], val[lOff[c]:lOff[c+1]]
		vals = vals[:len(ats)]
		p := off[c]
		for m := marks[c]; m != 0; m &= m - 1 {
			end := int64(r.periods[bits.TrailingZeros64(m)].to)
			sum := 0.0
			for q, t := range ats {
				sum += beforeEnd(vals[q], t, end)
			}
			margins[p] = sum
			p++
		}
	}
	for i := uint32(l.rows); i < uint32(len(o.at)); i++ {
		c, t := o.customer[i], o.at[i]
		v := o.amount[i] * e.marginOf(i) // stays finite: see customerOrders
		p := off[c]
		for m := marks[c]; m != 0; m &= m - 1 {
			margins[p] += beforeEnd(v, t, int64(r.periods[bits.TrailingZeros64(m)].to))
			p++
		}
	}
	seen := make([]bool, len(counts))
	for _, b := range s.buyers {
		slot := r.slot(b.period, r.customerGroup(b.customer))
		below := marks[b.customer] & (1<<b.period - 1)
		counts[slot].buyers++
		counts[slot].marginSum += margins[off[b.customer]+uint32(bits.OnesCount64(below))]
		seen[slot] = true
	}
	return seen
}

// windowMasks finds the CLV windows an instant lies in at once: the windows' bounds cut their
// span into stretches, each in the same windows (one mask a stretch), and a table of cells
// over the span names the stretch at each cell's start, as timeline's cells do. A test of
// every window for every order was a third of maskedBuyers' time in the overview of a year.
type windowMasks struct {
	cuts  []uint32 // the windows' bounds, ascending, each once: stretch j is [cuts[j], cuts[j+1])
	masks []uint64 // bit k of masks[j]: window k holds stretch j
	cells []uint16 // the stretch that holds the start of each cell from cuts[0]
	width uint32   // a cell's seconds
}

// maxWindowCells bounds the cells' table; a longer span has wider cells.
const maxWindowCells = 8192

func newWindowMasks(windows []clvWindow) windowMasks {
	var m windowMasks
	for _, w := range windows {
		m.cuts = append(m.cuts, w.from, w.to)
	}
	slices.Sort(m.cuts)
	m.cuts = slices.Compact(m.cuts)
	m.masks = make([]uint64, len(m.cuts)-1)
	for j := range m.masks {
		for k, w := range windows {
			if w.from <= m.cuts[j] && m.cuts[j] < w.to {
				m.masks[j] |= 1 << k
			}
		}
	}
	a := m.all()
	if a.to <= a.from { // windows of no length hold nothing: of is never asked
		return m
	}
	m.width = max(cellSeconds, (a.to-a.from)/maxWindowCells+1)
	m.cells = make([]uint16, (a.to-a.from-1)/m.width+1)
	j := 0
	for c := range m.cells {
		for a.from+uint32(c)*m.width >= m.cuts[j+1] {
			j++
		}
		m.cells[c] = uint16(j)
	}
	return m
}

// all is the span of every window together; what lies outside it is in none.
func (m *windowMasks) all() span { return span{m.cuts[0], m.cuts[len(m.cuts)-1]} }

// of is the mask of the windows that hold t, an instant of all().
func (m *windowMasks) of(t uint32) uint64 {
	j := int(m.cells[(t-m.cuts[0])/m.width])
	for t >= m.cuts[j+1] {
		j++
	}
	return m.masks[j]
}
