package engine

import (
	"slices"

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

// OffScale is a criterion with stored ratings outside the scale the options now give it.
type OffScale struct {
	Criterion string   // as first seen
	Min, Max  int      // its scale now
	N         int      // ratings outside it
	Reviews   []string // the review_id of the first few of them (maxOffScaleReviews)
}

// maxOffScaleReviews is how many reviews an OffScale names: enough to find them, few enough
// for one line of a message.
const maxOffScaleReviews = 5

// RatingsOffScale lists the criteria with stored ratings outside their scale now, in the order
// the criteria were first seen: a scale narrowed after ratings were stored on a wider one (a 10
// on 1–10, then 1–5) would score them above 100 or below 0 (metrics.md section 4 reads a
// rating on its criterion's scale), so they must be found before a figure is shown.
func (e *Engine) RatingsOffScale() []OffScale {
	e.mu.RLock()
	defer e.mu.RUnlock()
	c := &e.reviews
	found := make([]OffScale, e.criteria.len())
	for i := range found {
		sc := e.criterionScale(uint16(i))
		found[i] = OffScale{Criterion: e.criteria.name(uint16(i)), Min: sc.Min, Max: sc.Max}
	}
	for i, r := range c.rating {
		if r == notApplicable || c.at[i] == noTime { // not applicable, or deleted (delete.go)
			continue
		}
		f := &found[c.criterion[i]]
		if int(r) >= f.Min && int(r) <= f.Max {
			continue
		}
		f.N++
		if len(f.Reviews) < maxOffScaleReviews {
			if id := c.reviewIDs.key(c.review[i]); !slices.Contains(f.Reviews, id) {
				f.Reviews = append(f.Reviews, id)
			}
		}
	}
	return slices.DeleteFunc(found, func(f OffScale) bool { return f.N == 0 })
}
