package model

import (
	"errors"
	"math"

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
	x := float64(c.X)
	lgrx, _ := math.Lgamma(m.R + x)
	lgr, _ := math.Lgamma(m.R)
	head := lgrx - lgr + m.R*math.Log(m.Alpha) + lbeta(m.A, m.B+x) - lbeta(m.A, m.B)
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

// ErrNoFit says the maximum-likelihood search did not reach finite parameters.
var ErrNoFit = errors.New("model: the fit did not converge to finite parameters")

// FitBGNBD fits the BG/NBD model by maximum likelihood: Nelder-Mead on the logarithms of the
// four parameters (so they stay positive), restarted from its own result until the
// log-likelihood stops improving, since a simplex can stall before the optimum.
func FitBGNBD(cs []Customer) (BGNBD, error) {
	groups := distinct(cs)
	f := func(p []float64) float64 {
		m := BGNBD{R: math.Exp(p[0]), Alpha: math.Exp(p[1]), A: math.Exp(p[2]), B: math.Exp(p[3])}
		ll := 0.0
		for _, g := range groups {
			ll += g.n * m.logLik(g.Customer)
		}
		if math.IsNaN(ll) || math.IsInf(ll, 0) {
			return math.Inf(1)
		}
		return -ll
	}
	best, err := minimize(f, []float64{0, 0, 0, 0})
	if err != nil {
		return BGNBD{}, err
	}
	m := BGNBD{R: math.Exp(best[0]), Alpha: math.Exp(best[1]), A: math.Exp(best[2]), B: math.Exp(best[3])}
	m.LogLik = m.LogLikelihood(cs)
	if !finite(m.R, m.Alpha, m.A, m.B, m.LogLik) {
		return BGNBD{}, ErrNoFit
	}
	return m, nil
}

// minimize runs Nelder-Mead from x0 and restarts from its result (a fresh simplex) until a
// restart gains less than 1e-9 in the objective, at most 20 times.
func minimize(f func([]float64) float64, x0 []float64) ([]float64, error) {
	x, prev := x0, math.Inf(1)
	for range 20 {
		res, err := optimize.Minimize(optimize.Problem{Func: f}, x,
			&optimize.Settings{MajorIterations: 20000, Converger: &optimize.FunctionConverge{Absolute: 1e-12, Iterations: 200}},
			&optimize.NelderMead{})
		if res == nil {
			return nil, err
		}
		x = res.X
		if prev-res.F < 1e-9 {
			break
		}
		prev = res.F
	}
	return x, nil
}

// weighted is a distinct (x, t_x, T) with the number of customers who share it: customers
// are counted in whole days, so many share one, and the likelihood is summed once per
// distinct summary (CDNOW: 2,357 customers, far fewer distinct summaries).
type weighted struct {
	Customer
	n float64
}

func distinct(cs []Customer) []weighted {
	type key struct {
		x     int
		tx, t float64
	}
	at := map[key]int{}
	var out []weighted
	for _, c := range cs {
		k := key{c.X, c.TX, c.T}
		if i, ok := at[k]; ok {
			out[i].n++
			continue
		}
		at[k] = len(out)
		out = append(out, weighted{Customer{X: c.X, TX: c.TX, T: c.T}, 1})
	}
	return out
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
// / (1 + [x>0] a/(b+x−1) ((α+T)/(α+t_x))^(r+x)).
func (m BGNBD) ExpectedPurchases(c Customer, t float64) float64 {
	if t <= 0 {
		return 0
	}
	x := float64(c.X)
	aT := m.Alpha + c.T
	h := hyp2f1(m.R+x, m.B+x, m.A+m.B+x-1, t/(aT+t))
	num := (m.A + m.B + x - 1) / (m.A - 1) * (1 - math.Exp((m.R+x)*math.Log(aT/(aT+t)))*h)
	return num * m.PAlive(c)
}

// NoRepeat is P(X(t) = 0) for a new customer: the chance of no repeat purchase in (0, t]
// weeks, (α/(α+t))^r (FHL 2005, eq. 8 with x = 0).
func (m BGNBD) NoRepeat(t float64) float64 {
	return math.Pow(m.Alpha/(m.Alpha+t), m.R)
}
