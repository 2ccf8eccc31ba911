package engine

import (
	"math"
	"sync"
	"sync/atomic"
)

// customerOrders lists each customer's orders side by side, in row order, with what the CLV's
// historical margins read of them: the instant and amount·margin. Summed by customer, the
// orders are read in sequence; summed in row order, every order added to its customer's sum
// is a write to another place in memory, and at a million customers those writes were half
// the report's CLV pass.
//
// It is derived from the order columns, built by the first query that needs it and kept
// current by every write after: a write to a placed order changes its entry (or, when the
// order moves to another customer, drops the list); orders added later are its tail, rows
// from rows on, read from the columns in row order after the placed ones — so a customer's
// orders are still added in row order, to the very bits of a pass over the rows. A tail grown
// past maxTail is placed by building the list again.
type customerOrders struct {
	rows int       // the order rows placed: [0, rows)
	off  []uint32  // customer c's entries are [off[c], off[c+1]), for the customers of the build
	at   []uint32  // per entry: the order's instant (noTime: deleted)
	val  []float64 // per entry: amount · margin (Engine.marginOf)
	pos  []uint32  // per placed row: its entry
}

// customerOrdersHolder holds the current list. Queries (under the engine's read lock) build it
// one at a time under mu and publish it whole; writers (under the write lock, so while no
// query reads it) change it in place or drop it.
type customerOrdersHolder struct {
	mu  sync.Mutex
	cur atomic.Pointer[customerOrders]
}

// maxTail is how many orders may come after the list's before a query builds it again: a
// sixteenth of those placed, so that a steady stream of orders costs a build every so often
// rather than a longer tail for every query.
func (l *customerOrders) maxTail() int { return max(l.rows/16, minTail) }

// minTail is the longest tail that never brings a build: a variable, so a test can take
// either way.
var minTail = 1 << 14

// customerOrders returns the list, built now when there is none or its tail is too long. The
// caller holds the engine's read lock.
func (e *Engine) customerOrders() *customerOrders {
	h := &e.byCustomer
	if l := h.cur.Load(); l != nil && len(e.orders.at)-l.rows <= l.maxTail() {
		return l
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	if l := h.cur.Load(); l != nil && len(e.orders.at)-l.rows <= l.maxTail() {
		return l // another query built it meanwhile
	}
	l := e.buildCustomerOrders()
	h.cur.Store(l)
	return l
}

// buildCustomerOrders places every order by customer (a counting sort, stable: row order
// within a customer).
func (e *Engine) buildCustomerOrders() *customerOrders {
	o := &e.orders
	rows, customers := len(o.at), e.customers.ids.len()
	l := &customerOrders{rows: rows, off: make([]uint32, customers+1),
		at: make([]uint32, rows), val: make([]float64, rows), pos: make([]uint32, rows)}
	for _, c := range o.customer[:rows] {
		l.off[c+1]++
	}
	for c := 1; c <= customers; c++ {
		l.off[c] += l.off[c-1]
	}
	next := make([]uint32, customers)
	copy(next, l.off)
	for i := range uint32(rows) {
		c := o.customer[i]
		p := next[c]
		next[c]++
		l.at[p], l.val[p], l.pos[i] = o.at[i], o.amount[i]*e.marginOf(i), p
	}
	return l
}

// orderWritten brings the list up to date after order row i was written or deleted; the
// caller holds the engine's write lock.
func (e *Engine) orderWritten(i uint32) {
	l := e.byCustomer.cur.Load()
	if l == nil || int(i) >= l.rows {
		return // not placed: read from the columns as the tail
	}
	p, c := l.pos[i], e.orders.customer[i]
	if int(c)+1 >= len(l.off) || p < l.off[c] || p >= l.off[c+1] {
		e.byCustomer.cur.Store(nil) // moved to another customer: built again when next asked
		return
	}
	l.at[p], l.val[p] = e.orders.at[i], e.orders.amount[i]*e.marginOf(i)
}

// marginsBefore sums, per customer, amount·margin of their orders before each end, in row
// order (a query of one period sums them so, buyerMargins too): customer c's sum for end j is
// sums[c·len(ends)+j]. Orders without an instant are in no sum.
//
// With buyers (a bit per customer), only theirs are summed, the others' left 0: the customers
// who bought nothing in the window are most of a shop's in a quarter, and nobody reads theirs.
func (e *Engine) marginsBefore(ends []uint32, buf []float64, buyers []uint64) []float64 {
	l, o := e.customerOrders(), &e.orders
	n := len(ends)
	sums := perCustomer(buf, e.customers.ids.len()*n)
	at, val, off := l.at, l.val, l.off
	for c := range len(off) - 1 {
		if buyers != nil && buyers[c>>6]&(1<<(c&63)) == 0 {
			continue
		}
		ats, vals := at[off[c]:off[c+1]], val[off[c]:off[c+1]]
		vals = vals[:len(ats)]
		if n == 1 { // a report of one period: one sum per customer, in a register
			sum, end := 0.0, int64(ends[0])
			for p, t := range ats {
				sum += beforeEnd(vals[p], t, end)
			}
			sums[c] = sum
			continue
		}
		row := sums[c*n:][:n]
		for p, t := range ats {
			for j, end := range ends {
				row[j] += beforeEnd(vals[p], t, int64(end))
			}
		}
	}
	// The tail, after each customer's placed orders: the rows that follow theirs. These sums
	// stay finite (see buyerMargins).
	for i := uint32(l.rows); i < uint32(len(o.at)); i++ {
		t, v := o.at[i], o.amount[i]*e.marginOf(i)
		row := sums[int(o.customer[i])*n:][:n]
		for j, end := range ends {
			row[j] += beforeEnd(v, t, int64(end))
		}
	}
	return sums
}

// beforeEnd is v for an order at t before end, else +0, which leaves a sum as it is (a sum
// that starts at +0 never becomes −0): the same bits as adding v only to the orders before
// the end, without a branch the processor guesses wrong for a third of the orders. An order
// without an instant (noTime, 0) is before no end: t−1 wraps past every one.
func beforeEnd(v float64, t uint32, end int64) float64 {
	mask := uint64((int64(t-1) - (end - 1)) >> 63) // all ones when t−1 < end−1, else 0
	return math.Float64frombits(math.Float64bits(v) & mask)
}
