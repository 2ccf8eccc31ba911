package model

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"

	"gonum.org/v1/gonum/diff/fd"
)

// someCustomers are n summaries of a shop over 100 weeks in whole days, with repeats,
// zero-repeaters, equal summaries and equal mean spends (whole euros), so every grouping of
// the objectives is exercised.
func someCustomers(n int) []Customer {
	r := rand.New(rand.NewPCG(5, 6))
	var cs []Customer
	for range n {
		first := r.IntN(700)
		c := Customer{X: r.IntN(4) * r.IntN(8), T: float64(700-first) / 7}
		if c.X > 0 {
			c.TX = float64(r.IntN(700-first)+1) / 7
			c.Spend = float64(5 + r.IntN(60))
		}
		cs = append(cs, c)
	}
	return cs
}

// TestObjectivesAgainstTheFormulas: the grouped objectives equal the per-customer
// log-likelihoods summed (logLik, the formulas of FHL 2005 that TestLogLikelihoodByHand
// checks by hand), and their exact gradients equal central differences of those sums.
func TestObjectivesAgainstTheFormulas(t *testing.T) {
	cs := someCustomers(3000)
	bg, gg := newBGNBDData(cs), newGGData(spenders(cs))
	tests := []struct {
		name   string
		f      objective
		direct func(p []float64) float64 // −Σ logLik, customer by customer
		at     []float64
	}{
		{"BG/NBD near CDNOW", bg.negLogLik, func(p []float64) float64 {
			return -BGNBD{R: math.Exp(p[0]), Alpha: math.Exp(p[1]), A: math.Exp(p[2]), B: math.Exp(p[3])}.LogLikelihood(cs)
		}, []float64{math.Log(0.243), math.Log(4.414), math.Log(0.793), math.Log(2.426)}},
		{"BG/NBD at the start", bg.negLogLik, func(p []float64) float64 {
			return -BGNBD{R: math.Exp(p[0]), Alpha: math.Exp(p[1]), A: math.Exp(p[2]), B: math.Exp(p[3])}.LogLikelihood(cs)
		}, []float64{0, 0, 0, 0}},
		{"Gamma-Gamma near CDNOW", gg.negLogLik, ggDirect(cs), []float64{math.Log(6.25), math.Log(3.74), math.Log(15.44)}},
		{"Gamma-Gamma at the start", gg.negLogLik, ggDirect(cs), []float64{0, 0, 0}},
	}
	// Summed in one part (3,000 customers are below minParallel) and in parts on goroutines.
	defer func(was int) { minParallel = was }(minParallel)
	for _, split := range []int{minParallel, 100} {
		minParallel = split
		for _, tt := range tests {
			t.Run(fmt.Sprintf("%s, parts from %d groups", tt.name, split), func(t *testing.T) {
				grad := make([]float64, len(tt.at))
				got, want := tt.f(tt.at, grad), tt.direct(tt.at)
				if math.Abs(got-want) > 1e-9*math.Abs(want) {
					t.Errorf("value %.12g, summed per customer %.12g", got, want)
				}
				numeric := fd.Gradient(nil, tt.direct, tt.at, &fd.Settings{Formula: fd.Central})
				for j := range grad {
					// Central differences are good to about 1e-6 of the value's scale here.
					if math.Abs(grad[j]-numeric[j]) > 1e-5*math.Max(1, math.Abs(numeric[j])) {
						t.Errorf("∂/∂p[%d] = %.9g, central difference %.9g", j, grad[j], numeric[j])
					}
				}
				if v := tt.f(tt.at, nil); v != got {
					t.Errorf("value without the gradient %v, with %v", v, got)
				}
			})
		}
	}
}

func ggDirect(cs []Customer) func(p []float64) float64 {
	return func(p []float64) float64 {
		g, s := GammaGamma{P: math.Exp(p[0]), Q: math.Exp(p[1]), Gamma: math.Exp(p[2])}, 0.0
		for _, c := range spenders(cs) {
			s += g.logLik(c)
		}
		return -s
	}
}

// TestRunOffStopsEarly: customers who all buy alike (x = 2 or 3 by week 5 of 10, nobody gone)
// have no maximum at finite parameters: BFGS walks out of the usable range, and the fit says
// ErrNoFit at once instead of running Nelder-Mead (which took 2,110 evaluations here; on a
// million customers, minutes).
func TestRunOffStopsEarly(t *testing.T) {
	var cs []Customer
	for i := range 200 {
		cs = append(cs, Customer{X: 2 + i%2, TX: 5, T: 10})
	}
	d := newBGNBDData(cs)
	calls := 0
	_, _, err := minimize(func(p, g []float64) float64 { calls++; return d.negLogLik(p, g) }, []float64{0, 0, 0, 0}, d.n)
	if err != ErrNoFit {
		t.Fatalf("err = %v, want ErrNoFit", err)
	}
	if calls > 500 {
		t.Errorf("%d likelihood evaluations before giving up, want at most 500", calls)
	}
}

// spenders are the customers the spend model is fitted on (isSpender).
func spenders(cs []Customer) []Customer {
	var out []Customer
	for _, c := range cs {
		if isSpender(c) {
			out = append(out, c)
		}
	}
	return out
}
