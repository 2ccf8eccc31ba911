package engine

// latestGrid is, per customer and period, the customer's latest NPS answer so far: one cell
// each, the answer's submitted instant in the high half and its ref in the low half, so most
// comparisons read the cell alone. A year's months ask it of most customers with answers in
// several periods, where the slots' lists (slots.of) were walked and reordered for every
// answer: half the survey pass of the year's overview at a million answers.
type latestGrid struct {
	periods int
	cells   []uint64
	queued  []queuedVoice // a block's answers for keep, before flush
}

// queuedVoice is an answer waiting to be kept: the cell and its value there.
type queuedVoice struct {
	cell int
	v    uint64
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

// queue notes answer i for customer cust's (a ref) cell of period k; flush keeps it there when
// it counts over the one kept. The cells are spread over megabytes, and nearly every one
// read is a miss of the cache: in flush's short loop the processor reads several at once,
// where between the answers' other work it waited for each.
func (g *latestGrid) queue(c *responseColumns, cust uint32, k int, i uint32) {
	g.queued = append(g.queued, queuedVoice{int(cust-1)*g.periods + k, uint64(c.submitted[i])<<32 | uint64(ref(i))})
}

// flush keeps the queued answers, in the order queued.
func (g *latestGrid) flush(c *responseColumns) {
	for _, q := range g.queued {
		if cell := &g.cells[q.cell]; wins(c, q.v, *cell) {
			*cell = q.v
		}
	}
	g.queued = g.queued[:0]
}

// wins tells whether the answer of cell value v counts over that of cur (0: none): submitted
// later, or in the same second with the greater id (later).
func wins(c *responseColumns, v, cur uint64) bool {
	switch {
	case cur == 0 || v>>32 > cur>>32:
		return true
	case v>>32 == cur>>32:
		return later(c, uint32(v)-1, uint32(cur)-1)
	}
	return false
}

// each calls fn with every period and the answer kept for it, customer by customer. When the
// buckets [first, first+n) tile the period whole, the pass kept nothing for whole: a
// customer's latest in it is the latest of their latests in the buckets (n 0: no tiling).
func (g *latestGrid) each(c *responseColumns, whole, first, n int, fn func(k int, i uint32)) {
	for at := 0; at < len(g.cells); at += g.periods {
		row := g.cells[at : at+g.periods]
		best := uint64(0)
		for k, cur := range row {
			if cur == 0 {
				continue
			}
			fn(k, uint32(cur)-1)
			if k >= first && k < first+n && wins(c, cur, best) {
				best = cur
			}
		}
		if best != 0 {
			fn(whole, uint32(best)-1)
		}
	}
}

// tiledBuckets gives the buckets' first period and number when they tile the run's own
// period (a series' do: Step.bounds splits it), else 0, 0.
func (r *run) tiledBuckets() (first, n int) {
	if len(r.lines) < 2 {
		return 0, 0
	}
	b, own := r.lines[1].bounds, r.span()
	if b[0] != own.from || b[len(b)-1] != own.to {
		return 0, 0
	}
	return r.lines[1].first, r.lines[1].periods()
}
