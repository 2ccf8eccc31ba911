package engine

import (
	"sync"
	"sync/atomic"

	"github.com/klantpuls/klantpuls/internal/metric"
)

// seconds gathers whole-second samples per slot (a period and a group, run.slot) for one
// series, with each slot's largest value (the counting selection needs it). Its buffers are
// kept between queries.
//
// A query of headlines (Query.Headline) needs only each slot's count and mean: then the
// series tallies (n, sum) and keeps no samples, and its summary selects nothing.
type seconds struct {
	vals  [][]uint32
	max   []uint32
	tally bool
	n     []int
	sum   []uint64
}

// resetTally empties the series for a query of headlines: counts and sums only.
func (c *seconds) resetTally(slots int) {
	c.tally = true
	c.n, c.sum = perCustomer(c.n, slots), perCustomer(c.sum, slots)
}

func (c *seconds) reset(slots int) {
	c.tally = false
	if cap(c.vals) < slots {
		c.vals = append(c.vals[:cap(c.vals)], make([][]uint32, slots-cap(c.vals))...)
	}
	// Apart from vals: append may give vals more room than slots, max has exactly slots.
	if cap(c.max) < slots {
		c.max = make([]uint32, slots)
	}
	c.vals, c.max = c.vals[:slots], c.max[:slots]
	for g := range c.vals {
		c.vals[g] = c.vals[g][:0]
		c.max[g] = 0
	}
}

func (c *seconds) add(g int, v uint32) {
	if c.tally {
		c.n[g]++
		c.sum[g] += uint64(v)
		return
	}
	c.vals[g] = append(c.vals[g], v)
	c.max[g] = max(c.max[g], v)
}

// summary queues the summary of slot g into *dst: selection runs after the scans, on both
// cores.
func (c *seconds) summary(r *run, g int, dst *metric.Durations) {
	if c.tally {
		*dst = tallied(c.n[g], c.sum[g])
		return
	}
	r.later(func(s *metric.SelectScratch) { *dst = metric.SummarizeSeconds(c.vals[g], c.max[g], s) })
}

// chunkedSummary queues the summary of slot g of a series gathered in chunks (serviceAcc),
// taken over the chunks' samples where they lie.
func chunkedSummary(r *run, parts []*seconds, g int, dst *metric.Durations) {
	if parts[0].tally {
		n, sum := 0, uint64(0)
		for _, p := range parts {
			n, sum = n+p.n[g], sum+p.sum[g]
		}
		*dst = tallied(n, sum)
		return
	}
	r.later(func(s *metric.SelectScratch) {
		var buf [serviceChunks][]uint32
		vals, hi := buf[:len(parts)], uint32(0)
		for i, p := range parts {
			vals[i], hi = p.vals[g], max(hi, p.max[g])
		}
		*dst = metric.SummarizeSecondsOf(vals, hi, s)
	})
}

// chunkedAmounts is chunkedSummary for fractional samples, joined into the first chunk's: the
// sum is taken in the order one pass would have added them, and the selection reorders them.
func chunkedAmounts(r *run, parts []amounts, g int, dst *metric.Durations) {
	r.later(func(*metric.SelectScratch) {
		c := parts[0]
		for _, p := range parts[1:] {
			c[g] = append(c[g], p[g]...)
		}
		*dst = metric.Summarize(c[g])
	})
}

// tallied is the count and mean of n whole-second samples summing to sum, as
// metric.SummarizeSeconds gives them (the same division), without median and p90.
func tallied(n int, sum uint64) metric.Durations {
	if n == 0 {
		return metric.Durations{}
	}
	mean := float64(sum) / float64(n)
	return metric.Durations{N: n, Mean: &mean}
}

// amounts gathers fractional samples (wait and handle seconds) per slot.
type amounts [][]float64

func (c *amounts) reset(slots int) {
	if cap(*c) < slots {
		*c = append((*c)[:cap(*c)], make([][]float64, slots-cap(*c))...)
	}
	*c = (*c)[:slots]
	for g := range *c {
		(*c)[g] = (*c)[g][:0]
	}
}

func (c amounts) add(g int, v float64) { c[g] = append(c[g], v) }

func (c amounts) summary(r *run, g int, dst *metric.Durations) {
	r.later(func(*metric.SelectScratch) { *dst = metric.Summarize(c[g]) })
}

// scratch is the reusable working memory of one query.
type scratch struct {
	svc                []serviceAcc // per chunk of the tickets (query_service.go)
	surveys            []surveyAcc  // per chunk of the answers (query_surveys_pass.go)
	replyCal, replyBiz seconds

	marks    slots       // per customer and period: buyer flag (CLV); event kinds seen
	npsMarks slots       // per customer and period: latest NPS answer (apart: surveys and customers run at once)
	npsGrid  latestGrid  // the surveys pass's latest NPS answers, when the grid fits (query_surveys_grid.go)
	bought   bitGrid     // per period and customer: a buyer in the period's CLV window
	boughtIn []uint64    // per customer: bit k set when a buyer in period k's CLV window (clv_series.go)
	answers  []uint32    // the answers submitted in the run's rows (responseColumns.pick)
	voices   []uint8     // per answer: bit j set when it is its customer's latest NPS answer on row j
	buyers   []buyer     // per period: its buyers in the order of their first order
	buyerOff []uint32    // per customer: where its entries of buyers start in buyerEnd (CLV)
	buyerPos []uint32    // per entry of buyers: its place in buyerEnd and margins
	buyerEnd []uint32    // the entries' period ends, grouped by customer
	margins  []float64   // the entries' historical margins, placed as buyerEnd
	endSums  []float64   // per customer and few period end: its orders' margins before it
	reviewed []reviewSum // per review
	selects  [2]metric.SelectScratch
}

// shelf keeps the queries' scratch memory between queries, at most keptScratch of it. A
// sync.Pool drops what it holds at every other collection, and the next query grows its
// scratch again, leaving the old as garbage: at 26M records a server that answered reports
// held 3.1 GB resident with the pool and 2.87 GB with the shelf, as fast.
type shelf struct {
	mu   sync.Mutex
	kept []*scratch
}

// keptScratch is one scratch per core, as a query runs on both: queries beyond two at once
// (a page's parts side by side) take new scratch and leave it to the collector.
const keptScratch = 2

func (sh *shelf) get() *scratch {
	sh.mu.Lock()
	defer sh.mu.Unlock()
	if n := len(sh.kept); n > 0 {
		s := sh.kept[n-1]
		sh.kept = sh.kept[:n-1]
		return s
	}
	return &scratch{}
}

func (sh *shelf) put(s *scratch) {
	sh.mu.Lock()
	defer sh.mu.Unlock()
	if len(sh.kept) < keptScratch {
		sh.kept = append(sh.kept, s)
	}
}

func (e *Engine) getScratch() *scratch { return e.scratch.get() }

// perCustomer returns a zeroed slice of n entries, reusing buf.
func perCustomer[T any](buf []T, n int) []T {
	if cap(buf) < n {
		return make([]T, n)
	}
	buf = buf[:n]
	clear(buf)
	return buf
}

// later queues work to run after the scans (the summaries), safe from any scan's goroutine.
func (r *run) later(job func(*metric.SelectScratch)) {
	r.muJobs.Lock()
	r.jobs = append(r.jobs, job)
	r.muJobs.Unlock()
}

// runLater runs the queued work on two goroutines, each with its own selection scratch.
func (r *run) runLater() {
	var next atomic.Int64
	var wg sync.WaitGroup
	for w := range r.s.selects {
		wg.Go(func() {
			for {
				i := int(next.Add(1) - 1)
				if i >= len(r.jobs) {
					return
				}
				r.jobs[i](&r.s.selects[w])
			}
		})
	}
	wg.Wait()
}

// slots holds one small value per customer and period, for what a query must know of a
// customer within each period (their latest NPS answer, whether they bought, the event kinds
// they used). A customer's slots are a short list, the most recently used first: records come
// roughly in time order, so the period asked for is nearly always at the head.
type slots struct {
	head  []uint32 // per customer index: ref of its most recently used slot
	nodes []slotNode
}

type slotNode struct {
	next   uint32
	period int32
	val    uint64
}

// reset empties the slots for n customers, keeping the buffers.
func (s *slots) reset(n int) {
	s.head = perCustomer(s.head, n)
	s.nodes = s.nodes[:0]
}

// of returns customer c's value for period k (zero at first). The pointer is valid until the
// next call.
func (s *slots) of(c uint32, k int) *uint64 {
	var prev uint32
	for p := s.head[c]; p != 0; prev, p = p, s.nodes[p-1].next {
		n := &s.nodes[p-1]
		if n.period != int32(k) {
			continue
		}
		if prev != 0 { // to the front
			s.nodes[prev-1].next = n.next
			n.next = s.head[c]
			s.head[c] = p
		}
		return &n.val
	}
	s.nodes = append(s.nodes, slotNode{next: s.head[c], period: int32(k)})
	s.head[c] = uint32(len(s.nodes))
	return &s.nodes[len(s.nodes)-1].val
}

// bitGrid is one bit per period and customer, for a flag most customers set in many periods: a
// series' CLV windows each reach a year back, so a buyer is a buyer in most of them, where a
// slots list would grow as long as the series and be walked for every order.
type bitGrid struct {
	words int // per period
	bits  []uint64
}

// maxGridBytes bounds a bitGrid; beyond it (millions of customers times hundreds of buckets)
// the query falls back to the slots. A variable, so a test can take either way.
var maxGridBytes = 32 << 20

// gridFits tells whether a bitGrid of the periods and customers stays within maxGridBytes.
func gridFits(periods, customers int) bool {
	return periods*((customers+63)/64)*8 <= maxGridBytes
}

// reset empties the grid for the periods and customers, keeping the buffer; false when it
// would pass maxGridBytes.
func (g *bitGrid) reset(periods, customers int) bool {
	if !gridFits(periods, customers) {
		return false
	}
	g.words = (customers + 63) / 64
	n := periods * g.words
	if cap(g.bits) < n {
		g.bits = make([]uint64, n)
	}
	g.bits = g.bits[:n]
	clear(g.bits)
	return true
}

// set sets customer c's bit of period k and tells whether it was clear.
func (g *bitGrid) set(c uint32, k int) bool {
	w, bit := &g.bits[k*g.words+int(c>>6)], uint64(1)<<(c&63)
	was := *w&bit == 0
	*w |= bit
	return was
}
