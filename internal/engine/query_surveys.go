package engine

import (
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
	e := r.e
	c := &e.responses
	counts := make([]surveyCounts, len(r.sets))
	seen := make([]bool, len(r.sets))
	latest := r.latestNPS()
	for i := range uint32(len(c.flags)) {
		ks, in := r.periodsOf(c.submitted[i])
		if !in || !r.responseKept(i) {
			continue
		}
		g := r.responseGroup(i)
		for _, k := range ks {
			if slot := r.slot(k, g); slot >= 0 {
				seen[slot] = true
				r.countAnswer(&counts[slot], i, k, latest)
			}
		}
	}
	if r.onlyDims() { // mentions have no channel, team, agent or segment
		m := &e.mentions
		for i := range m.at {
			ks, _ := r.periodsOf(m.at[i])
			for _, k := range ks {
				if slot := r.slot(k, 0); slot >= 0 {
					counts[slot].feedback++
					if m.replied[i] {
						counts[slot].replied++
					}
				}
			}
		}
	}
	for k := range counts {
		n := &counts[k]
		m := &r.sets[k]
		nps := metric.NewNPS(n.promoters, n.passives, n.detractors)
		cs := metric.NewCSAT(n.csatPositive, n.csatN, n.csatSum)
		ce := metric.NewCES(n.cesEasy, n.cesN, n.cesSum)
		fb := metric.NewFeedbackResponse(n.replied, n.feedback)
		m.NPS, m.CSAT, m.CES, m.FeedbackResponse = &nps, &cs, &ce, &fb
	}
	r.markSeen(seen)
}

// countAnswer adds answer i to the counters of its period k.
func (r *run) countAnswer(n *surveyCounts, i uint32, k int, latest *slots) {
	e, c := r.e, &r.e.responses
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
		if cust := e.responseCustomer(i); cust != 0 && *latest.of(cust-1, k) != uint64(ref(i)) {
			return // one voice per customer per period: the latest answer
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
			if score >= e.opts.CSATPositiveMin {
				n.csatPositive++
			}
		}
	case surveyCES:
		if ces := e.opts.CES; f&responseSuperseded == 0 {
			x := easyScore(ces, score)
			n.cesN++
			n.cesSum += float64(x)
			if 2*x > ces.Min+ces.Max { // easy: above the middle of the scale
				n.cesEasy++
			}
		}
	}
}

// easyScore turns a CES answer into the "high = easy" direction.
func easyScore(s CESScale, score int) int {
	if s.HighIsEffort {
		return s.Min + s.Max - score
	}
	return score
}

// latestNPS finds, per customer and period, the ref of the customer's latest NPS answer.
func (r *run) latestNPS() *slots {
	e := r.e
	c := &e.responses
	latest := &r.s.marks
	latest.reset(e.customers.ids.len())
	for i := range uint32(len(c.flags)) {
		if c.survey[i] != surveyNPS {
			continue
		}
		ks, in := r.periodsOf(c.submitted[i])
		if !in || !r.responseKept(i) {
			continue
		}
		cust := e.responseCustomer(i)
		if cust == 0 {
			continue
		}
		for _, k := range ks {
			if k < 0 {
				continue
			}
			if cur := latest.of(cust-1, k); *cur == 0 || later(c, i, uint32(*cur)-1) {
				*cur = uint64(ref(i))
			}
		}
	}
	return latest
}
