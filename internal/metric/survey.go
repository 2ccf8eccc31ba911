package metric

import (
	"math"

	"gonum.org/v1/gonum/stat/distuv"
)

// Interval is a 95% confidence interval [low, high].
type Interval [2]float64

// z95 is the two-sided 95% normal quantile metrics.md fixes at 1.96 (not 1.959964…), so that
// the worked vectors reproduce by hand.
const z95 = 1.96

// NPS is the Net Promoter Score of a set of 0–10 answers.
type NPS struct {
	Value      *float64  `json:"value"`
	N          int       `json:"n"`
	Promoters  int       `json:"promoters"`
	Passives   int       `json:"passives"`
	Detractors int       `json:"detractors"`
	CI95       *Interval `json:"ci95"`
}

// NPS classes of a score.
const (
	Detractor = iota
	Passive
	Promoter
)

// NPSClass says whether a 0–10 score is a detractor (0–6), passive (7–8) or promoter (9–10).
func NPSClass(score int) int {
	switch {
	case score >= 9:
		return Promoter
	case score >= 7:
		return Passive
	}
	return Detractor
}

// NewNPS computes NPS = 100·(P − D)/n with its 95% interval (metrics.md section 1).
func NewNPS(promoters, passives, detractors int) NPS {
	n := promoters + passives + detractors
	r := NPS{N: n, Promoters: promoters, Passives: passives, Detractors: detractors}
	if n == 0 {
		return r
	}
	r.Value = ptr(100 * float64(promoters-detractors) / float64(n))
	c, v := npsCentre(r)
	centre := 100 * c
	half := z95 * math.Sqrt(v) * 100
	r.CI95 = &Interval{math.Max(-100, centre-half), math.Min(100, centre+half)}
	return r
}

// npsVariance is the variance of one answer's contribution (+1, 0, −1): p + d − (p − d)².
func npsVariance(p, d float64) float64 { return p + d - (p-d)*(p-d) }

// npsCentre is the share of promoters minus detractors an NPS interval is centred on, and the
// variance of that share (var/n). The Wald interval collapses to zero width at P or D = 0 or n
// and is poor for small n; the adjusted-Wald variant (add 0.75 to P and D, 3 to n) keeps it
// honest there. NewNPS and NPSEffect both read it.
func npsCentre(s NPS) (centre, variance float64) {
	p, d, m := float64(s.Promoters), float64(s.Detractors), float64(s.N)
	if s.N < SmallSample || s.Promoters == 0 || s.Promoters == s.N || s.Detractors == 0 || s.Detractors == s.N {
		p, d, m = p+0.75, d+0.75, m+3
	}
	pf, df := p/m, d/m
	return pf - df, npsVariance(pf, df) / m
}

// Change is the significance of a difference between two periods.
type Change struct {
	Z           float64
	P           float64 // two-sided p-value
	Significant bool    // P < 0.05
}

// NPSChange tests NPS a against NPS b: z = (NPS_a − NPS_b)/(100·√(var_a/n_a + var_b/n_b)).
// ok is false when either side has no answers or both variances are zero (no test possible).
func NPSChange(a, b NPS) (c Change, ok bool) {
	if a.N == 0 || b.N == 0 {
		return c, false
	}
	va := npsVariance(float64(a.Promoters)/float64(a.N), float64(a.Detractors)/float64(a.N))
	vb := npsVariance(float64(b.Promoters)/float64(b.N), float64(b.Detractors)/float64(b.N))
	se := 100 * math.Sqrt(va/float64(a.N)+vb/float64(b.N))
	if se == 0 {
		return c, false
	}
	return zTest((*a.Value - *b.Value) / se), true
}

// ProportionChange tests two proportions (such as CSAT% of two periods) with the pooled
// two-proportion z-test.
func ProportionChange(xa, na, xb, nb int) (c Change, ok bool) {
	if na == 0 || nb == 0 {
		return c, false
	}
	pa, pb := float64(xa)/float64(na), float64(xb)/float64(nb)
	pool := float64(xa+xb) / float64(na+nb)
	se := math.Sqrt(pool * (1 - pool) * (1/float64(na) + 1/float64(nb)))
	if se == 0 {
		return c, false
	}
	return zTest((pa - pb) / se), true
}

func zTest(z float64) Change {
	p := 2 * distuv.UnitNormal.Survival(math.Abs(z))
	return Change{Z: z, P: p, Significant: p < 0.05}
}

// CSAT is the share of positive answers to a satisfaction survey.
type CSAT struct {
	Value    *float64  `json:"value"`
	N        int       `json:"n"`
	Positive int       `json:"positive"`
	Mean     *float64  `json:"mean"`
	CI95     *Interval `json:"ci95"`
}

// NewCSAT computes CSAT = 100·positive/n, the mean score and the Wilson 95% interval. Neutral
// answers stay in n.
func NewCSAT(positive, n int, sum float64) CSAT {
	r := CSAT{N: n, Positive: positive, Value: ratio(positive, n), Mean: mean(sum, n)}
	if n > 0 {
		lo, hi := Wilson(positive, n)
		r.CI95 = &Interval{100 * lo, 100 * hi}
	}
	return r
}

// Wilson returns the Wilson score interval of x successes in n at 95%; it stays inside 0..1
// and behaves at x = 0 or n, where the normal approximation does not.
func Wilson(x, n int) (lo, hi float64) {
	p, m := float64(x)/float64(n), float64(n)
	z2 := z95 * z95
	centre := (p + z2/(2*m)) / (1 + z2/m)
	half := z95 * math.Sqrt(p*(1-p)/m+z2/(4*m*m)) / (1 + z2/m)
	lo, hi = math.Max(0, centre-half), math.Min(1, centre+half)
	// At the ends the bound is exactly 0 or 1 (centre = half when x = 0, centre + half = 1 when
	// x = n); floating point leaves 5.6e-15 or 0.99999999999999 in the report.
	if x == 0 {
		lo = 0
	}
	if x == n {
		hi = 1
	}
	return lo, hi
}

// CES is the Customer Effort Score: the share of answers on the easy side of the scale.
type CES struct {
	Value *float64 `json:"value"`
	N     int      `json:"n"`
	Easy  int      `json:"easy"`
	Mean  *float64 `json:"mean"`
}

// NewCES computes CES = 100·easy/n and the mean (of scores after direction is applied).
func NewCES(easy, n int, sum float64) CES {
	return CES{Value: ratio(easy, n), N: n, Easy: easy, Mean: mean(sum, n)}
}

// FeedbackResponse is the share of feedback (comments and mentions) the team replied to.
type FeedbackResponse struct {
	Value   *float64 `json:"value"`
	N       int      `json:"n"`
	Replied int      `json:"replied"`
}

// NewFeedbackResponse computes 100·replied/n.
func NewFeedbackResponse(replied, n int) FeedbackResponse {
	return FeedbackResponse{Value: ratio(replied, n), N: n, Replied: replied}
}

// NPSClassName names the class of a 0–10 score: promoter, passive or detractor.
func NPSClassName(score int) string {
	return [...]string{Detractor: "detractor", Passive: "passive", Promoter: "promoter"}[NPSClass(score)]
}
