package engine

import (
	"sync"
	"sync/atomic"

	"github.com/klantpuls/klantpuls/internal/metric"
)

// seconds gathers whole-second samples per group for one series, with each group's largest
// value (the counting selection needs it). Its buffers are kept between queries.
type seconds struct {
	vals [][]uint32
	max  []uint32
}

func (c *seconds) reset(groups int) {
	if cap(c.vals) < groups {
		c.vals = make([][]uint32, groups)
		c.max = make([]uint32, groups)
	}
	c.vals, c.max = c.vals[:groups], c.max[:groups]
	for g := range c.vals {
		c.vals[g] = c.vals[g][:0]
		c.max[g] = 0
	}
}

func (c *seconds) add(g uint16, v uint32) {
	c.vals[g] = append(c.vals[g], v)
	c.max[g] = max(c.max[g], v)
}

// summary queues the summary of group g into *dst: selection runs after the scans, on both
// cores.
func (c *seconds) summary(r *run, g int, dst *metric.Durations) {
	r.later(func(s *metric.SelectScratch) { *dst = metric.SummarizeSeconds(c.vals[g], c.max[g], s) })
}

// amounts gathers fractional samples (wait and handle seconds) per group.
type amounts [][]float64

func (c *amounts) reset(groups int) {
	if cap(*c) < groups {
		*c = make([][]float64, groups)
	}
	*c = (*c)[:groups]
	for g := range *c {
		(*c)[g] = (*c)[g][:0]
	}
}

func (c amounts) add(g uint16, v float64) { c[g] = append(c[g], v) }

func (c amounts) summary(r *run, g int, dst *metric.Durations) {
	r.later(func(*metric.SelectScratch) { *dst = metric.Summarize(c[g]) })
}

// scratch is the reusable working memory of one query.
type scratch struct {
	frtCal, frtBiz, resCal, resBiz, firstCal, firstBiz seconds
	complaintCal, complaintBiz, replyCal, replyBiz     seconds
	wait, handle                                       amounts

	latest   []uint32  // per customer: ref of the customer's latest NPS answer in the period
	marks    []uint64  // per customer: event kinds seen (engagement); buyer flag (CLV)
	margin   []float64 // per customer: Σ amount·margin of orders before the end of the period
	buyers   []uint32
	reviewed []reviewSum // per review
	selects  [2]metric.SelectScratch
}

func (e *Engine) getScratch() *scratch {
	if s, ok := e.scratch.Get().(*scratch); ok {
		return s
	}
	return &scratch{}
}

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
