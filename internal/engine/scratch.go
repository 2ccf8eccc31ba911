package engine

import "github.com/klantpuls/klantpuls/internal/metric"

// collector gathers duration samples per group for one series; its buffers are kept between
// queries, so a report over millions of tickets allocates nothing once warm.
type collector [][]float64

func (c *collector) reset(groups int) {
	if cap(*c) < groups {
		*c = make([][]float64, groups)
	}
	*c = (*c)[:groups]
	for g := range *c {
		(*c)[g] = (*c)[g][:0]
	}
}

func (c collector) add(g uint16, v float64) { c[g] = append(c[g], v) }

func (c collector) summary(g int) metric.Durations { return metric.Summarize(c[g]) }

// scratch is the reusable working memory of one query.
type scratch struct {
	frtCal, frtBiz, resCal, resBiz, firstCal, firstBiz collector
	complaintCal, complaintBiz, wait, handle           collector
	replyCal, replyBiz                                 collector

	latest   []uint32  // per customer: ref of the customer's latest NPS answer in the period
	marks    []uint64  // per customer: event kinds seen (engagement); buyer flag (CLV)
	margin   []float64 // per customer: Σ amount·margin of orders before the end of the period
	buyers   []uint32
	reviewed []reviewSum // per review
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
