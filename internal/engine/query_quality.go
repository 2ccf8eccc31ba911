package engine

import (
	"github.com/klantpuls/klantpuls/internal/metric"
)

// reviewSum accumulates one review's weighted criterion scores.
type reviewSum struct {
	metric.Review
	at    uint32
	agent uint16
}

// criterionScale is a criterion's scale and weight.
func (e *Engine) criterionScale(id uint16) metric.Rating {
	return e.opts.Criterion(e.criteria.name(id))
}

// quality computes IQS: the mean review score of the reviews of the period, by agent
// (metrics.md section 4).
func (r *run) quality() {
	e, s := r.e, r.s
	c := &e.reviews
	scales := make([]metric.Rating, e.criteria.len())
	for i := range scales {
		scales[i] = e.criterionScale(uint16(i))
	}
	s.reviewed = perCustomer(s.reviewed, c.reviewIDs.len())
	for i := range uint32(len(c.review)) {
		if c.at[i] == noTime {
			continue // deleted (delete.go): its review must not take its instant or agent
		}
		rv := &s.reviewed[c.review[i]]
		rv.at, rv.agent = c.at[i], c.agent[i]
		if c.rating[i] == notApplicable {
			continue
		}
		rating := scales[c.criterion[i]]
		rating.Rating = int(c.rating[i])
		rv.Add(rating)
	}
	n := len(r.sets)
	sums, counts, seen := make([]float64, n), make([]int, n), make([]bool, n)
	for id, rv := range s.reviewed {
		score, ok := rv.Score()
		ks, in := r.periodsOf(rv.at)
		if !ok || !in || !r.agentKept(rv.agent) {
			continue
		}
		var g uint16
		if r.q.By == ByAgent {
			g = rv.agent
		}
		for _, k := range ks {
			if slot := r.slot(k, g); slot >= 0 {
				sums[slot] += score
				counts[slot]++
				r.note("iqs", slot, RecordReview, uint32(id), rv.at, score)
				seen[slot] = true
			}
		}
	}
	for k := range n {
		iqs := metric.NewIQS(sums[k], counts[k])
		r.sets[k].IQS = &iqs
	}
	r.markSeen(seen)
}

// agentKept tells whether a review's agent passes the (agent) filter.
func (r *run) agentKept(agent uint16) bool {
	for _, f := range r.filters {
		if agent != f.id {
			return false
		}
	}
	return true
}
