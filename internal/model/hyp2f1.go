package model

import "math"

// maxSeriesTerms bounds the hypergeometric series. The terms shrink like z^n, so for the
// z = t/(α+T+t) < 1 of expectedPurchases even z = 0.9999 needs well under a million terms; a
// series that has not settled by then is reported as NaN rather than as a wrong number.
const maxSeriesTerms = 1_000_000

// hyp2f1 is the Gaussian hypergeometric function 2F1(a, b; c; z) for 0 ≤ z < 1 by its power
// series Σ (a)ₙ(b)ₙ/(c)ₙ zⁿ/n!. It stops when a term no longer moves the sum (relative 1e-15)
// while the term ratio is below one, so the tail is a shrinking geometric-like series; NaN for
// z outside [0, 1), c not positive, or no convergence within maxSeriesTerms.
func hyp2f1(a, b, c, z float64) float64 {
	if !(z >= 0 && z < 1) || !(c > 0) {
		return math.NaN()
	}
	sum, term := 1.0, 1.0
	for n := 0.0; n < maxSeriesTerms; n++ {
		ratio := (a + n) * (b + n) / ((c + n) * (n + 1)) * z
		term *= ratio
		sum += term
		if math.IsInf(sum, 0) || math.IsNaN(sum) {
			return math.NaN()
		}
		// Once the ratio is below one and falling towards z, the tail is at most
		// term·ratio/(1−ratio); stop when that is below 1e-15 of the sum.
		if ratio < 1 && math.Abs(term)*ratio/(1-ratio) <= 1e-15*math.Abs(sum) {
			return sum
		}
	}
	return math.NaN()
}
