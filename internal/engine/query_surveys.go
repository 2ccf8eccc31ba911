package engine

import (
	"github.com/klantpuls/klantpuls/internal/config"
	"github.com/klantpuls/klantpuls/internal/metric"
)

// surveyCounts are the per-group counters of the survey metrics.
type surveyCounts struct {
	promoters, passives, detractors int
	csatN, csatPositive             int
	csatSum                         float64
	cesN, cesEasy                   int
	cesSum                          float64
	feedback, replied               int
}

// surveys computes NPS, CSAT, CES and the feedback response rate (metrics.md section 1).
func (r *run) surveys() {
	e, sp := r.e, r.span
	c := &e.responses
	counts := make([]surveyCounts, r.nGroups)
	seen := make([]bool, r.nGroups)
	latest := r.latestNPS()
	csat, ces := e.cfg.CSAT, e.cfg.CES
	for i := range uint32(len(c.flags)) {
		at := c.submitted[i]
		if !sp.has(at) || !r.responseKept(i) {
			continue
		}
		g := r.responseGroup(i)
		n := &counts[g]
		seen[g] = true
		f := c.flags[i]
		// Every comment is feedback, also one whose rating a later answer superseded.
		if f&responseComment != 0 {
			n.feedback++
			if f&responseReplied != 0 {
				n.replied++
			}
		}
		score := int(c.score[i])
		switch c.survey[i] {
		case surveyNPS:
			if cust := e.responseCustomer(i); cust != 0 && latest[cust-1] != ref(i) {
				continue // one voice per customer per period: the latest answer
			}
			switch metric.NPSClass(score) {
			case metric.Promoter:
				n.promoters++
			case metric.Passive:
				n.passives++
			default:
				n.detractors++
			}
		case surveyCSAT:
			if f&responseSuperseded == 0 {
				n.csatN++
				n.csatSum += float64(score)
				if score >= csat.PositiveMin {
					n.csatPositive++
				}
			}
		case surveyCES:
			if f&responseSuperseded == 0 {
				x := easyScore(ces, score)
				n.cesN++
				n.cesSum += float64(x)
				if 2*x > ces.Min+ces.Max { // easy: above the middle of the scale
					n.cesEasy++
				}
			}
		}
	}
	if r.onlyDims() { // mentions have no channel, team, agent or segment
		m := &e.mentions
		for i := range m.at {
			if sp.has(m.at[i]) {
				counts[0].feedback++
				if m.replied[i] {
					counts[0].replied++
				}
			}
		}
	}
	for g := range r.nGroups {
		n := &counts[g]
		m := &r.sets[g]
		nps := metric.NewNPS(n.promoters, n.passives, n.detractors)
		cs := metric.NewCSAT(n.csatPositive, n.csatN, n.csatSum)
		ce := metric.NewCES(n.cesEasy, n.cesN, n.cesSum)
		fb := metric.NewFeedbackResponse(n.replied, n.feedback)
		m.NPS, m.CSAT, m.CES, m.FeedbackResponse = &nps, &cs, &ce, &fb
	}
	r.markSeen(seen)
}

// easyScore turns a CES answer into the "high = easy" direction.
func easyScore(s config.Scale, score int) int {
	if s.Direction == config.DirectionEffort {
		return s.Min + s.Max - score
	}
	return score
}

// latestNPS returns, per customer, the ref of the customer's latest NPS answer in the period.
func (r *run) latestNPS() []uint32 {
	e, sp := r.e, r.span
	c := &e.responses
	r.s.latest = perCustomer(r.s.latest, e.customers.ids.len())
	latest := r.s.latest
	for i := range uint32(len(c.flags)) {
		if c.survey[i] != surveyNPS || !sp.has(c.submitted[i]) || !r.responseKept(i) {
			continue
		}
		cust := e.responseCustomer(i)
		if cust == 0 {
			continue
		}
		if cur := latest[cust-1]; cur == 0 || later(c, i, cur-1) {
			latest[cust-1] = ref(i)
		}
	}
	return latest
}
