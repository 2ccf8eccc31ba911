package model

import (
	"cmp"
	"errors"
	"iter"
	"math"
	"slices"

	"gonum.org/v1/gonum/optimize"
)

// BGNBD holds the parameters of the BG/NBD model (Fader, Hardie & Lee 2005, "Counting your
// customers the easy way"), time in weeks: purchase rates Gamma(r, α), drop-out probability
// after each purchase Beta(a, b). LogLik is the log-likelihood of the fit.
type BGNBD struct {
	R      float64 `json:"r"`
	Alpha  float64 `json:"alpha"`
	A      float64 `json:"a"`
	B      float64 `json:"b"`
	LogLik float64 `json:"loglik"`
}

func lbeta(a, b float64) float64 {
	la, _ := math.Lgamma(a)
	lb, _ := math.Lgamma(b)
	lab, _ := math.Lgamma(a + b)
	return la + lb - lab
}

// logSumExp is log(e^x + e^y) without overflow.
func logSumExp(x, y float64) float64 {
	m := math.Max(x, y)
	return m + math.Log(math.Exp(x-m)+math.Exp(y-m))
}

// logLik is the BG/NBD log-likelihood of one customer (FHL 2005, eq. 6) in the log-sum-exp form:
// ln Γ(r+x) − ln Γ(r) + r ln α + ln B(a, b+x) − ln B(a, b)
// + ln( (α+T)^−(r+x) + [x>0] a/(b+x−1) (α+t_x)^−(r+x) ).
func (m BGNBD) logLik(c Customer) float64 {
	heads := make([]float64, c.X+1)
	m.heads(heads)
	return m.logLikWith(heads, c)
}

// heads fills h[x] with the part of the log-likelihood that depends on x alone,
// ln Γ(r+x) − ln Γ(r) + r ln α + ln B(a, b+x) − ln B(a, b), so that a fit computes the
// log-gamma functions once per x rather than once per customer.
func (m BGNBD) heads(h []float64) {
	lgr, _ := math.Lgamma(m.R)
	common := -lgr + m.R*math.Log(m.Alpha) - lbeta(m.A, m.B)
	for x := range h {
		lgrx, _ := math.Lgamma(m.R + float64(x))
		h[x] = lgrx + common + lbeta(m.A, m.B+float64(x))
	}
}

// logLikWith is logLik with the heads of every x up to c.X given.
func (m BGNBD) logLikWith(heads []float64, c Customer) float64 {
	x := float64(c.X)
	head := heads[c.X]
	alive := -(m.R + x) * math.Log(m.Alpha+c.T)
	if c.X == 0 {
		return head + alive
	}
	gone := math.Log(m.A) - math.Log(m.B+x-1) - (m.R+x)*math.Log(m.Alpha+c.TX)
	return head + logSumExp(alive, gone)
}

// LogLikelihood is the summed log-likelihood of the customers under m.
func (m BGNBD) LogLikelihood(cs []Customer) float64 {
	s := 0.0
	for _, c := range cs {
		s += m.logLik(c)
	}
	return s
}

// ErrNoFit says the likelihood has no maximum at usable parameters: the search did not settle,
// or a parameter ran off towards 0 or infinity (outside 1e-6..1e6). That happens when the
// customers buy too alike — e.g. all equally often and none drops out — and the model then
// predicts with cancelling huge numbers, so there is no figure rather than a wrong one.
var ErrNoFit = errors.New("model: the orders have no maximum-likelihood fit (a parameter runs off to 0 or infinity)")

// usable tells whether every parameter lies within 1e-6..1e6 (see ErrNoFit).
func usable(ps ...float64) bool {
	for _, p := range ps {
		if !(p >= 1e-6 && p <= 1e6) {
			return false
		}
	}
	return true
}

// FitBGNBD fits the BG/NBD model by maximum likelihood on the logarithms of the four
// parameters (so they stay positive): see minimize. LogLik is the objective at the optimum,
// summed by groups (likelihood.go), equal to LogLikelihood to rounding.
func FitBGNBD(cs []Customer) (BGNBD, error) {
	d := newBGNBDData(cs)
	best, negLL, err := minimize(d.negLogLik, []float64{0, 0, 0, 0}, d.n)
	if err != nil {
		return BGNBD{}, err
	}
	m := BGNBD{R: math.Exp(best[0]), Alpha: math.Exp(best[1]), A: math.Exp(best[2]), B: math.Exp(best[3]), LogLik: -negLL}
	if !finite(m.LogLik) || !usable(m.R, m.Alpha, m.A, m.B) {
		return BGNBD{}, ErrNoFit
	}
	return m, nil
}

// objective is a negative log-likelihood at the log-parameters p and, when grad is not nil,
// its gradient by p written into grad.
type objective func(p, grad []float64) float64

// minimize runs BFGS with exact gradients from x0: some 30 iterations where a simplex needs
// thousands of likelihood evaluations (CDNOW: 20 ms against 1.5 s). When BFGS stops without a
// vanished gradient, Nelder-Mead (at most 5 runs of 10,000 evaluations, each from the last
// one's result) brings it nearer and BFGS tries again from there. Only a point where the
// gradient vanished is a maximum: anything else is ErrNoFit, not a figure. n is the number of
// customers f sums over (see gradientThreshold). It returns the point and f there.
func minimize(f objective, x0 []float64, n float64) ([]float64, float64, error) {
	m := &memo{f: f}
	threshold := gradientThreshold(n)
	var ranOff bool // the last BFGS run stopped where a parameter is outside 1e-6..1e6
	bfgs := func(x []float64) ([]float64, float64, bool) {
		res, err := optimize.Minimize(optimize.Problem{Func: m.value, Grad: m.grad}, x,
			&optimize.Settings{GradientThreshold: threshold, MajorIterations: 500}, &optimize.BFGS{})
		if err == nil && res != nil && res.Status == optimize.GradientThreshold && finite(res.F) && finite(res.X...) {
			return res.X, res.F, true
		}
		ranOff = res != nil && slices.ContainsFunc(res.X, func(p float64) bool { return !usable(math.Exp(p)) })
		return nil, 0, false
	}
	if x, v, ok := bfgs(x0); ok {
		return x, v, nil
	}
	// Uphill all the way out of the usable range: the likelihood's supremum is at a parameter
	// of 0 or infinity, which no simplex brings back. Saying so now spares the thousands of
	// evaluations Nelder-Mead would spend (on a million customers, minutes).
	if ranOff {
		return nil, 0, ErrNoFit
	}
	x, prev := x0, math.Inf(1)
	value := func(p []float64) float64 { return guard(f(p, nil)) }
	for range 5 {
		res, _ := optimize.Minimize(optimize.Problem{Func: value}, x,
			&optimize.Settings{FuncEvaluations: 10000, Converger: &optimize.FunctionConverge{Absolute: 1e-12, Iterations: 200}},
			&optimize.NelderMead{})
		if res == nil || !finite(res.X...) {
			return nil, 0, ErrNoFit
		}
		x = res.X
		if prev-res.F < 1e-7 {
			break
		}
		prev = res.F
	}
	if x, v, ok := bfgs(x); ok {
		return x, v, nil
	}
	return nil, 0, ErrNoFit
}

// guard is v, or +Inf when v is not a number: a point where the likelihood cannot be computed
// is no candidate for its maximum.
func guard(v float64) float64 {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return math.Inf(1)
	}
	return v
}

// memo computes value and gradient in one pass and keeps them for the last point, as BFGS
// asks for both at each point it visits, one after the other.
type memo struct {
	f    objective
	x, g []float64
	v    float64
	has  bool
}

func (m *memo) at(x []float64) {
	if m.has && slices.Equal(m.x, x) {
		return
	}
	if m.g == nil {
		m.g = make([]float64, len(x))
	}
	m.x = append(m.x[:0], x...)
	m.v, m.has = guard(m.f(x, m.g)), true
	if math.IsInf(m.v, 1) || !finite(m.g...) {
		for i := range m.g {
			m.g[i] = math.NaN()
		}
	}
}

func (m *memo) value(x []float64) float64 { m.at(x); return m.v }

func (m *memo) grad(g, x []float64) { m.at(x); copy(g, m.g) }

// gradientThreshold is the gradient (of the summed log-likelihood, by the log-parameters) at
// which a fit has converged: 1e-4, far below what moves a parameter's 4th digit, and 1e-7 per
// customer from 1,000 customers on. A fixed 1e-4 is out of reach on a large shop: the sum over
// n customers is known only to its rounding (about 1e-16·n times a customer's term), and near
// the optimum the line search stops finding a lower value once the gradient is of order
// 1e-8·n. With the central differences of before, 12,500 customers already stalled at 4e-4 and
// got no figure. Per customer the rule is as strict for every size: a parameter's error is the
// gradient over the curvature, and both grow with n.
func gradientThreshold(n float64) float64 {
	return max(1e-4, 1e-7*n)
}

// weighted is a distinct (x, t_x, T) with the number of customers who share it: customers
// are counted in whole days, so many share one, and the likelihood is summed once per
// distinct summary (CDNOW: 2,357 customers, far fewer distinct summaries).
type weighted struct {
	X     int
	TX, T float64
	n     float64
}

// byXTT orders summaries by (x, t_x, T), the order distinct reads them in.
func byXTT(a, b Customer) int {
	return cmp.Or(cmp.Compare(a.X, b.X), cmp.Compare(a.TX, b.TX), cmp.Compare(a.T, b.T))
}

// InFitOrder tells whether cs come in the order the fits count distinct summaries in, (x, t_x,
// T) ascending: such summaries are fitted and valued (ValuesInOrder) without a sorted copy or a
// memo of each. Any order gives the same fit.
func InFitOrder(cs []Customer) bool { return slices.IsSortedFunc(cs, byXTT) }

// distinct yields the distinct summaries of cs, which is in byXTT order, with how many
// customers share each: a run of equal ones is one. Nothing of the size of cs is made (a map of
// them held about 100 bytes a customer at the peak of a fit of a million: a ClickHouse-mode
// node's memory, issue 18).
func distinct(cs []Customer) iter.Seq[weighted] {
	return func(yield func(weighted) bool) {
		for i := 0; i < len(cs); {
			c, j := cs[i], i+1
			for j < len(cs) && cs[j].X == c.X && cs[j].TX == c.TX && cs[j].T == c.T {
				j++
			}
			if !yield(weighted{c.X, c.TX, c.T, float64(j - i)}) {
				return
			}
			i = j
		}
	}
}

func finite(xs ...float64) bool {
	for _, x := range xs {
		if math.IsNaN(x) || math.IsInf(x, 0) {
			return false
		}
	}
	return true
}

// PAlive is the probability that the customer is still active at T (FHL 2005, eq. 13):
// 1 / (1 + [x>0] a/(b+x−1) ((α+T)/(α+t_x))^(r+x)).
func (m BGNBD) PAlive(c Customer) float64 {
	if c.X == 0 {
		return 1
	}
	x := float64(c.X)
	return 1 / (1 + m.A/(m.B+x-1)*math.Exp((m.R+x)*(math.Log(m.Alpha+c.T)-math.Log(m.Alpha+c.TX))))
}

// ExpectedPurchases is E[X(T, T+t) | x, t_x, T], the expected purchases in the t weeks after T
// (FHL 2005, eq. 10):
// (a+b+x−1)/(a−1) · [1 − ((α+T)/(α+T+t))^(r+x) ₂F₁(r+x, b+x; a+b+x−1; t/(α+T+t))]
// / (1 + [x>0] a/(b+x−1) ((α+T)/(α+t_x))^(r+x)),
// summed as a series of positive terms (expectedPurchasesSeries) rather than by that form: its
// ₂F₁ has c = a+b−1 ≤ 0 for a customer without a repeat purchase when a + b ≤ 1, and it is 0/0
// at a = 1. NaN when the series does not settle.
func (m BGNBD) ExpectedPurchases(c Customer, t float64) float64 {
	if t <= 0 {
		return 0
	}
	x := float64(c.X)
	aT := m.Alpha + c.T
	return expectedPurchasesSeries(m.R+x, m.A, m.B+x, t/(aT+t)) * m.PAlive(c)
}

// maxSeriesTerms bounds expectedPurchasesSeries. Its terms shrink like z^n, so for the
// z = t/(α+T+t) < 1 of ExpectedPurchases even z = 0.9999 needs well under a million terms; a
// series that has not settled by then is reported as NaN rather than as a wrong number.
const maxSeriesTerms = 1_000_000

// expectedPurchasesSeries is E[(1 − ((α+T)/(α+T+pt))^s)/p] over p ~ Beta(a, β): the purchases
// of a live customer in t weeks (FHL 2005, section 5), with s = r+x, β = b+x and
// z = t/(α+T+t). With q = 1 − p, (α+T)/(α+T+pt) = (1−z)/(1−qz), and as (1−z)^−s = Σ (s)ₙ zⁿ/n!,
//
//	1 − (1−z)^s (1−qz)^−s = (1−z)^s Σₙ (s)ₙ zⁿ/n! (1 − qⁿ),   (1 − qⁿ)/p = Σₖ₌₀ⁿ⁻¹ qᵏ,
//
// and E[qᵏ] = (β)ₖ/(a+β)ₖ, so the expectation is (1−z)^s Σₙ≥₁ (s)ₙ zⁿ/n! · Sₙ with
// Sₙ = Σₖ₌₀ⁿ⁻¹ (β)ₖ/(a+β)ₖ: every term positive, whatever a and b. It is eq. 10's bracket term
// for term, without its ₂F₁(s, β; a+β−1; z), which needs a+β−1 > 0 or the analytic continuation,
// and without the (a+β−1)/(a−1) · [1 − …] that cancels to 0/0 at a = 1.
//
// It stops when the tail is below 1e-15 of the sum. The ratio ρₙ = (s+n)z/(n+1) of (s)ₙzⁿ/n!
// goes monotonically to z, so ρₘ ≤ ρ̂ = max(ρₙ, z) from n on, and Sₘ ≤ Sₙ·m/n (its increments
// fall): the tail after term n is at most termₙ · ρ̂/(1−ρ̂) · (1 + 1/(n(1−ρ̂))).
func expectedPurchasesSeries(s, a, beta, z float64) float64 {
	if !(z >= 0 && z < 1) {
		return math.NaN()
	}
	sum := 0.0
	c := 1.0          // (s)ₙ zⁿ/n!
	sn, e := 0.0, 1.0 // Sₙ and its next increment (β)ₙ/(a+β)ₙ
	for n := 0.0; n < maxSeriesTerms; n++ {
		rho := (s + n) * z / (n + 1)
		c *= rho
		sn += e
		e *= (beta + n) / (a + beta + n)
		term := c * sn // term n+1
		sum += term
		if math.IsInf(sum, 0) || math.IsNaN(sum) {
			return math.NaN()
		}
		k := n + 1
		if q := math.Max((s+k)*z/(k+1), z); q < 1 && term*q/(1-q)*(1+1/(k*(1-q))) <= 1e-15*sum {
			return math.Exp(s*math.Log1p(-z)) * sum
		}
	}
	return math.NaN()
}

// NoRepeat is P(X(t) = 0) for a new customer: the chance of no repeat purchase in (0, t]
// weeks, (α/(α+t))^r (FHL 2005, eq. 8 with x = 0).
func (m BGNBD) NoRepeat(t float64) float64 {
	return math.Pow(m.Alpha/(m.Alpha+t), m.R)
}
