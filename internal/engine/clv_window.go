package engine

import "github.com/klantpuls/klantpuls/internal/metric"

// clvWindow is the CLV's window W of one period (metrics.md section 3): the 12 months before
// the period's end, or the period when it is longer, with its calendar days.
type clvWindow struct {
	span
	days float64
}

// clvWindows gives each period of the run its window W. A short period must not be
// extrapolated to a lifetime: a one-day period once showed a CLV of € 243.835.
func (r *run) clvWindows() []clvWindow {
	out := make([]clvWindow, len(r.periods))
	for k, p := range r.periods {
		w := newPeriod(metric.CLVWindowStart(p.start, p.end), p.end)
		out[k] = clvWindow{w.span, w.days}
	}
	return out
}

// windowChurn is the churn of W per slot — S = the customers in the base at W's start, lost =
// those of S who churned within W — that the CLV's lifespan rests on, not the period's churn.
func (r *run) windowChurn(ws []clvWindow) []metric.Churn {
	c := &r.e.customers
	start, lost := make([]int, len(r.sets)), make([]int, len(r.sets))
	for i := range uint32(len(c.flags)) {
		if c.flags[i]&customerExists == 0 || !r.customerKept(i) {
			continue
		}
		a, ch, g := c.acquired[i], c.churned[i], r.customerGroup(i)
		for k, w := range ws {
			if !inBase(a, ch, w.from) {
				continue
			}
			slot := r.slot(k, g)
			start[slot]++
			if w.has(ch) {
				lost[slot]++
			}
		}
	}
	out := make([]metric.Churn, len(r.sets))
	for k := range out {
		out[k] = metric.NewChurn(start[k], lost[k], 0, 0)
	}
	return out
}
