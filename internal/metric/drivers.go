package metric

import (
	"cmp"
	"math"
	"slices"
)

// Drivers: how much a yes/no factor (a reopened ticket, a comment about delivery) moves CSAT or
// NPS. The effect is the metric of the answers with the factor minus that of the answers
// without it; its share is the part of the answers that have it, and its impact — effect ×
// share — is roughly what the factor costs (or brings) the whole period: −20 CSAT points on a
// quarter of the answers is 5 points of the period's CSAT. Drivers rank by |impact|.

// Effect is a difference between the answers with a factor and those without, in the metric's
// points (percentage points for CSAT, NPS points for NPS), with its 95% interval and the test
// of the difference (metrics.md section 1, "Change": the same tests as two periods get).
type Effect struct {
	Value       *float64  `json:"value"` // null when either side has no answers
	CI95        *Interval `json:"ci95"`
	P           *float64  `json:"p"` // two-sided p-value; null when no test is possible
	Significant bool      `json:"significant"`
	With        int       `json:"n_with"`
	Without     int       `json:"n_without"`
}

// Indicative tells whether a side has fewer than 30 answers: shown, but marked (metrics.md
// section 0).
func (e Effect) Indicative() bool { return e.With < SmallSample || e.Without < SmallSample }

// CSATEffect is CSAT(with) − CSAT(without) for positive answers of n on each side. Its interval
// is Newcombe's hybrid score interval for a difference of proportions (Newcombe 1998, method
// 10), built from the Wilson intervals CSAT itself shows, so it stays honest at 0% or 100%
// where the Wald interval collapses: L = d − √((p₁−l₁)² + (u₂−p₂)²), U = d + √((u₁−p₁)² +
// (p₂−l₂)²). The test is the pooled two-proportion z-test of ProportionChange.
func CSATEffect(posWith, nWith, posWithout, nWithout int) Effect {
	e := Effect{With: nWith, Without: nWithout}
	if nWith == 0 || nWithout == 0 {
		return e
	}
	p1, p2 := float64(posWith)/float64(nWith), float64(posWithout)/float64(nWithout)
	l1, u1 := Wilson(posWith, nWith)
	l2, u2 := Wilson(posWithout, nWithout)
	d := p1 - p2
	e.Value = ptr(100 * d)
	e.CI95 = &Interval{100 * (d - math.Hypot(p1-l1, u2-p2)), 100 * (d + math.Hypot(u1-p1, p2-l2))}
	if c, ok := ProportionChange(posWith, nWith, posWithout, nWithout); ok {
		e.P, e.Significant = ptr(c.P), c.Significant
	}
	return e
}

// NPSEffect is NPS(with) − NPS(without). Its interval adds the two sides' variances as the
// change between periods does (metrics.md section 1): half-width 1.96·100·√(var₁/n₁ + var₂/n₂),
// var = p + d − (p − d)², and the test is that change's z-test, z = difference/(100·√(…)). A
// side with n < 30 or P or D at 0 or n takes the adjusted-Wald values (P + 0.75, D + 0.75,
// n + 3) for its variance and its centre, as its own interval does; interval and test are then
// about the difference of the centres, so they agree (a single promoter against 138 answers is
// not a significant difference, though its variance alone would be 0). Without adjustment this
// is exactly NPSChange.
func NPSEffect(with, without NPS) Effect {
	e := Effect{With: with.N, Without: without.N}
	if with.N == 0 || without.N == 0 {
		return e
	}
	c1, v1 := npsCentre(with)
	c2, v2 := npsCentre(without)
	e.Value = ptr(*with.Value - *without.Value)
	centre, se := 100*(c1-c2), 100*math.Sqrt(v1+v2)
	e.CI95 = &Interval{math.Max(-200, centre-z95*se), math.Min(200, centre+z95*se)}
	if se > 0 {
		c := zTest(centre / se)
		e.P, e.Significant = ptr(c.P), c.Significant
	}
	return e
}

// Driver is one factor's effect on a metric, the share of answers that have it (a percentage)
// and its impact: effect × share / 100, in the metric's points.
type Driver struct {
	Effect
	Share  *float64 `json:"share"`
	Impact *float64 `json:"impact"`
}

// NewDriver adds share and impact to an effect.
func NewDriver(e Effect) Driver {
	d := Driver{Effect: e, Share: ratio(e.With, e.With+e.Without)}
	if e.Value != nil {
		d.Impact = ptr(*e.Value * *d.Share / 100)
	}
	return d
}

// RankDrivers orders drivers by |impact|, largest first, those without an impact last; by
// appears for equal impacts, so the order does not depend on the input's.
func RankDrivers[T any](list []T, driver func(T) Driver, by func(a, b T) int) {
	abs := func(t T) float64 {
		if d := driver(t); d.Impact != nil {
			return math.Abs(*d.Impact)
		}
		return -1
	}
	slices.SortStableFunc(list, func(a, b T) int {
		if c := cmp.Compare(abs(b), abs(a)); c != 0 {
			return c
		}
		return by(a, b)
	})
}

// LogLikelihood is the log-likelihood ratio G² of a 2×2 table: a of n₁ texts of the current
// period and b of n₂ of the previous one contain a term. G² = 2·Σ O·ln(O/E) over the four
// cells (a, n₁−a, b, n₂−b), E = row total × column total / (n₁+n₂), a cell with O = 0 adding
// nothing (Dunning 1993). Rayson & Garside (2000, "Comparing corpora using frequency
// profiling") use it to find the words that set one corpus apart from another; their two-cell
// form leaves out the texts without the term, which matters little when a term is rare and
// here is exact. G² ≥ 10.83 is significant at p < 0.001 (χ², one degree of freedom).
func LogLikelihood(a, n1, b, n2 int) float64 {
	n := float64(n1 + n2)
	if n == 0 {
		return 0
	}
	with, without := float64(a+b), n-float64(a+b)
	cell := func(o, row, col float64) float64 {
		if o <= 0 {
			return 0
		}
		return o * math.Log(o/(row*col/n))
	}
	r1, r2 := float64(n1), float64(n2)
	g := cell(float64(a), r1, with) + cell(r1-float64(a), r1, without) + cell(float64(b), r2, with) + cell(r2-float64(b), r2, without)
	return math.Max(0, 2*g) // rounding can leave −1e-15 for identical rows
}

// G2Significant is the critical G² at p < 0.001 with one degree of freedom.
const G2Significant = 10.83
