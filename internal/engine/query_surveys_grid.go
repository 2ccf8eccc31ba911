package engine

// latestGrid is, per customer and period, the customer's latest NPS answer so far: one cell
// each, the answer's submitted instant in the high half and its ref in the low half, so most
// comparisons read the cell alone. A year's months ask it of most customers with answers in
// several periods, where the slots' lists (slots.of) were walked and reordered for every
// answer: half the survey pass of the year's overview at a million answers. A customer's cells
// are one row, so each share of the customers (surveyAcc) keeps and reads its own rows.
type latestGrid struct {
	periods int
	cells   []uint64
	tags    []voiceTag // per cell: its answer's group and score
}

// maxLatestGridBytes bounds a latestGrid; beyond it (a month's days, millions of customers)
// the pass keeps the slots. A variable, so a test can take either way.
var maxLatestGridBytes = 16 << 20

// reset makes room in the grid for the periods and customers, keeping the buffer; false when
// it would pass maxLatestGridBytes. Each share clears its own rows (clearRows).
func (g *latestGrid) reset(periods, customers int) bool {
	n := periods * customers
	if n*8 > maxLatestGridBytes { // the cells; their tags are half as much again
		return false
	}
	g.periods = periods
	if cap(g.cells) < n {
		g.cells, g.tags = make([]uint64, n), make([]voiceTag, n)
	}
	g.cells, g.tags = g.cells[:n], g.tags[:n]
	return true
}

// clearRows empties the rows of the customers at index [lo, hi).
func (g *latestGrid) clearRows(lo, hi int) { clear(g.cells[lo*g.periods : hi*g.periods]) }

// keep makes the waiting answers the latest of their customer's cells where they count over
// the one kept. The cells are spread over megabytes, and nearly every one read is a miss of
// the cache: in this short loop the processor reads several at once.
func (g *latestGrid) keep(c *responseColumns, list []waitingVoice) {
	for _, w := range list {
		v := uint64(c.submitted[w.i])<<32 | uint64(ref(w.i))
		if at := int(w.cust)*g.periods + int(w.k); wins(c, v, g.cells[at]) {
			g.cells[at], g.tags[at] = v, w.tag
		}
	}
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

// each calls fn with every period and the answer kept for it and its tag, customer by
// customer, of the customers at index [lo, hi). When the buckets [first, first+n) tile the period whole, the
// pass kept nothing for whole: a customer's latest in it is the latest of their latests in the
// buckets (n 0: no tiling).
func (g *latestGrid) each(c *responseColumns, lo, hi, whole, first, n int, fn func(k int, i uint32, tag voiceTag)) {
	for at := lo * g.periods; at < hi*g.periods; at += g.periods {
		row, tags := g.cells[at:at+g.periods], g.tags[at:at+g.periods]
		best, bestTag := uint64(0), voiceTag(0)
		for k, cur := range row {
			if cur == 0 {
				continue
			}
			fn(k, uint32(cur)-1, tags[k])
			if k >= first && k < first+n && wins(c, cur, best) {
				best, bestTag = cur, tags[k]
			}
		}
		if best != 0 {
			fn(whole, uint32(best)-1, bestTag)
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
