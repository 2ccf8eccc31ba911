package engine

import (
	"cmp"
	"time"

	"github.com/klantpuls/klantpuls/internal/model/churn"
)

// maxReasons is how many reasons a customer's row names at most.
const maxReasons = 3

// whyList is a customer's reasons as the row keeps them: in place, some 80 bytes, where a slice
// of Reason took an allocation of its own of up to 256 bytes a customer (at 26M records with a
// million customers, 195 MB of a server's heap). Reasons spells them out.
type whyList struct {
	items [maxReasons]why
	n     uint8
	loc   *time.Location // of the instants
}

// why is one reason: the feature (a churnFeatureNames index, or featSegments and above for a
// segment: the row's own), its figures, and an instant (noTime none).
type why struct {
	count, contribution float64
	at                  uint32
	feature             uint16
	score               int8
}

// Reasons are the (at most) three features that raise the customer's risk most, highest first,
// with the figures their sentences quote.
func (r *RiskRow) Reasons() []Reason {
	out := make([]Reason, r.why.n)
	for k, w := range r.why.items[:r.why.n] {
		x := Reason{Count: w.count, Contribution: w.contribution, Score: int(w.score)}
		if j := int(w.feature); j >= featSegments {
			x.Feature, x.Name = "segment", r.Segment // plainReason: only the customer's own
		} else {
			x.Feature = churnFeatureNames[j]
		}
		if w.at != noTime {
			x.At = time.Unix(int64(w.at), 0).In(r.why.loc)
		}
		out[k] = x
	}
	return out
}

// reasonBuf is churnReasons' working memory, reused for every customer of a scoring.
type reasonBuf struct {
	contrib []float64
	used    []bool
}

// churnReasons are the (at most) three features that raise the customer's risk most, with
// the figures their sentences quote.
func (e *Engine) churnReasons(m *churn.Logistic, row []float64, f *churnFacts, buf *reasonBuf) whyList {
	contrib := m.ContributionsInto(buf.contrib[:0], row)
	buf.contrib = contrib
	// The features by contribution, highest first (the first of equals first), picked one at a
	// time: only the first few are ever looked at, so no sort of all of them per customer.
	used := append(buf.used[:0], make([]bool, len(contrib))...)
	buf.used = used
	next := func() int {
		best := -1
		for j, c := range contrib {
			if !used[j] && (best < 0 || cmp.Compare(c, contrib[best]) > 0) {
				best = j
			}
		}
		if best >= 0 {
			used[best] = true
		}
		return best
	}
	out := whyList{loc: e.opts.Timezone}
	for j := next(); j >= 0; j = next() {
		if out.n == maxReasons || contrib[j] <= 0 {
			break
		}
		// A satisfied answer is below the top of its scale, so the model may weigh it, but
		// "CSAT 4 op 20 mei" is no reason a customer would leave (1,108 of the demo's were
		// given one).
		if !plainReason(j, row[j], m.Mean[j]) || j == featCSATLow && f.csatPositive {
			continue
		}
		w := why{count: row[min(j, len(row)-1)], contribution: contrib[j], at: noTime, feature: uint16(j)}
		switch j {
		case featRecency:
			w.at = f.lastOrder
		case featSpend:
			w.count = f.spend365
		case featDetractor, featPromoter:
			w.score, w.at = int8(f.nps), f.npsAt
		case featCSATLow:
			w.score, w.at = int8(f.csat), f.csatAt
		case featNegative:
			w.count = float64(f.negative)
		}
		out.items[out.n] = w
		out.n++
	}
	return out
}

// moreIsBetter are the features of which a customer with less is at more risk: a reason only
// when the customer is below the average. The others (complaints, tickets, days since the last
// order …) are a reason only when the customer is above it and has any. A weight against that
// sense (the demo's big spenders leaving a little more often) is the model's to use but no
// sentence a manager could act on, so it is not shown as one.
var moreIsBetter = map[int]bool{featOrders: true, featSpend: true, featTenure: true, featEvents: true}

// plainReason tells whether feature j with value x (the average being mean) reads as a reason.
// A segment is one only for its own customers: not being in a segment that keeps its customers
// raises a customer's risk in the model too, but "segment Premium" said of a customer in
// Particulier is false (a third of the demo's customers were told so).
func plainReason(j int, x, mean float64) bool {
	switch {
	case j >= featSegments:
		return x > 0
	case j == featPromoter: // "not a promoter" is no sentence: a low score is nps_detractor's
		return false
	case moreIsBetter[j]:
		return x < mean
	}
	return x > mean && x > 0
}
