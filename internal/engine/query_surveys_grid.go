package engine

// latestGrid is, per customer and period, the customer's latest NPS answer so far: one cell
// each, the answer's submitted instant in the high half and its ref in the low half, so most
// comparisons read the cell alone. A year's months ask it of most customers with answers in
// several periods, where the slots' lists (slots.of) were walked and reordered for every
// answer: half the survey pass of the year's overview at a million answers.
type latestGrid struct {
	periods int
	cells   []uint64
}

// maxLatestGridBytes bounds a latestGrid; beyond it (a month's days, millions of customers)
// the pass keeps the slots. A variable, so a test can take either way.
var maxLatestGridBytes = 16 << 20

// reset empties the grid for the periods and customers, keeping the buffer; false when it
// would pass maxLatestGridBytes.
func (g *latestGrid) reset(periods, customers int) bool {
	n := periods * customers
	if n*8 > maxLatestGridBytes {
		return false
	}
	g.periods = periods
	if cap(g.cells) < n {
		g.cells = make([]uint64, n)
	}
	g.cells = g.cells[:n]
	clear(g.cells)
	return true
}

// keep makes answer i customer cust's (a ref) latest of period k when it counts over the one
// kept (later: submitted later, or in the same second with the greater id).
func (g *latestGrid) keep(c *responseColumns, cust uint32, k int, i uint32) {
	cell := &g.cells[int(cust-1)*g.periods+k]
	v := uint64(c.submitted[i])<<32 | uint64(ref(i))
	switch cur := *cell; {
	case cur == 0 || v>>32 > cur>>32:
		*cell = v
	case v>>32 == cur>>32 && later(c, i, uint32(cur)-1):
		*cell = v
	}
}

// each calls fn with every period and the answer kept for it, customer by customer.
func (g *latestGrid) each(fn func(k int, i uint32)) {
	for j, cur := range g.cells {
		if cur != 0 {
			fn(j%g.periods, uint32(cur)-1)
		}
	}
}
