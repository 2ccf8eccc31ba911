// Package churn is the churn risk model of issue 16: an L2-regularised logistic regression on
// standardised features, fitted by Newton's method (IRLS), and the measures of its time-split
// backtest (AUC, calibration per decile, top-decile lift). Pure math: the engine builds the
// features and labels from its columns, this package never does I/O.
package churn

import (
	"errors"
	"fmt"
	"math"

	"github.com/klantpuls/klantpuls/internal/model"
)

// Logistic is a fitted model: P(churn) = σ(Intercept + Σ Coef[j]·z[j]) with z[j] = (x[j] −
// Mean[j]) / SD[j], the feature standardised on the training set. A feature that did not vary
// in training has SD 0, z 0 and no say.
type Logistic struct {
	Intercept float64
	Coef      []float64
	Mean, SD  []float64
	Lambda    float64
	Iter      int // Newton steps taken
}

// ErrOneClass says every training label was the same: there is nothing to separate.
var ErrOneClass = errors.New("churn: the training set has only churned or only staying customers")

// Fit fits the model on rows x (one per customer, equal lengths) and labels y by maximising
// the log-likelihood minus λ/2·Σ Coef² (the intercept is not penalised). The penalty keeps the
// coefficients finite when the classes are separable and tames features that are rare.
func Fit(x [][]float64, y []bool, lambda float64) (*Logistic, error) {
	n := len(x)
	if n == 0 || n != len(y) {
		return nil, fmt.Errorf("churn: %d rows and %d labels", n, len(y))
	}
	pos := 0
	for _, v := range y {
		if v {
			pos++
		}
	}
	if pos == 0 || pos == n {
		return nil, ErrOneClass
	}
	p := len(x[0])
	m := &Logistic{Coef: make([]float64, p), Mean: make([]float64, p), SD: make([]float64, p), Lambda: lambda}
	m.standardise(x)
	// One backing array for the standardised rows: a million small slices cost more to
	// allocate and collect than the Newton steps over them.
	z, flat := make([][]float64, n), make([]float64, n*p)
	for i, row := range x {
		if len(row) != p {
			return nil, fmt.Errorf("churn: row %d has %d features, the first has %d", i+1, len(row), p)
		}
		z[i] = flat[i*p : (i+1)*p : (i+1)*p]
		m.standardInto(z[i], row)
	}
	// Start at the base rate: the intercept alone.
	m.Intercept = math.Log(float64(pos) / float64(n-pos))
	beta := append([]float64{m.Intercept}, m.Coef...)
	obj := objective(z, y, beta, lambda)
	for m.Iter = 0; m.Iter < 100; m.Iter++ {
		step, err := newtonStep(z, y, beta, lambda)
		if err != nil {
			return nil, err
		}
		// Halve the step while it does not improve the penalised likelihood (Newton can
		// overshoot far from the optimum).
		next := make([]float64, len(beta))
		t := 1.0
		var nobj float64
		for range 40 {
			for j := range beta {
				next[j] = beta[j] - t*step[j]
			}
			if nobj = objective(z, y, next, lambda); nobj <= obj {
				break
			}
			t /= 2
		}
		done := math.Abs(obj-nobj) < 1e-12*(1+math.Abs(obj))
		beta, obj = next, nobj
		if done {
			break
		}
	}
	m.Intercept = beta[0]
	copy(m.Coef, beta[1:])
	return m, nil
}

// standardise sets Mean and SD (population standard deviation) of each feature.
func (m *Logistic) standardise(x [][]float64) {
	n := float64(len(x))
	for _, row := range x {
		for j, v := range row {
			if j < len(m.Mean) {
				m.Mean[j] += v / n
			}
		}
	}
	for _, row := range x {
		for j, v := range row {
			if j < len(m.SD) {
				m.SD[j] += (v - m.Mean[j]) * (v - m.Mean[j]) / n
			}
		}
	}
	for j := range m.SD {
		m.SD[j] = math.Sqrt(m.SD[j])
		if m.SD[j] < 1e-12 {
			m.SD[j] = 0
		}
	}
}

// standard is a row's standardised features.
func (m *Logistic) standard(row []float64) []float64 {
	z := make([]float64, len(m.Mean))
	m.standardInto(z, row)
	return z
}

// standardInto writes a row's standardised features into z (len(m.Mean) long, zeroed).
func (m *Logistic) standardInto(z, row []float64) {
	for j := range z {
		if j < len(row) && m.SD[j] > 0 {
			z[j] = (row[j] - m.Mean[j]) / m.SD[j]
		}
	}
}

// Contributions are each feature's share of the log-odds for one row: Coef[j]·z[j]. A positive
// contribution raises the risk above that of an average customer.
func (m *Logistic) Contributions(row []float64) []float64 { return m.ContributionsInto(nil, row) }

// ContributionsInto is Contributions written into dst's room (grown when short), for a caller
// that explains many rows one after the other.
func (m *Logistic) ContributionsInto(dst, row []float64) []float64 {
	z := append(dst[:0], make([]float64, len(m.Mean))...) // zeroed: standardInto skips some
	m.standardInto(z, row)
	for j := range z {
		z[j] *= m.Coef[j]
	}
	return z
}

// Risk is the predicted probability of churning for one row: σ(Intercept + the
// Contributions summed), without allocating them (it runs once per customer).
func (m *Logistic) Risk(row []float64) float64 {
	s := m.Intercept
	for j := range m.Mean {
		if j < len(row) && m.SD[j] > 0 {
			s += (row[j] - m.Mean[j]) / m.SD[j] * m.Coef[j]
		} else {
			s += 0 * m.Coef[j] // as a contribution of 0 (a NaN weight stays NaN)
		}
	}
	return sigmoid(s)
}

func sigmoid(s float64) float64 {
	if s >= 0 {
		return 1 / (1 + math.Exp(-s))
	}
	e := math.Exp(s)
	return e / (1 + e)
}

// linear is β₀ + Σ β[j+1]·z[j].
func linear(z []float64, beta []float64) float64 {
	s := beta[0]
	for j, v := range z {
		s += beta[j+1] * v
	}
	return s
}

// objective is the penalised negative log-likelihood, computed stably (log(1+e^s) − y·s).
func objective(z [][]float64, y []bool, beta []float64, lambda float64) float64 {
	var part [parts]float64
	model.InParts(len(z), minParallel, func(p, lo, hi int) {
		o := 0.0
		for i := lo; i < hi; i++ {
			s := linear(z[i], beta)
			o += math.Max(s, 0) + math.Log1p(math.Exp(-math.Abs(s)))
			if y[i] {
				o -= s
			}
		}
		part[p] = o
	})
	o := 0.0
	for _, v := range part {
		o += v
	}
	for _, b := range beta[1:] {
		o += lambda / 2 * b * b
	}
	return o
}

// Sums over many rows are split into model.Parts, one goroutine each, added up in a fixed
// order (model.InParts): the result does not depend on the machine's number of processors.
// Fewer rows than minParallel are one part, summed in order as ever.
const (
	parts       = model.Parts
	minParallel = 50_000
)

// newtonStep is H⁻¹·g of the penalised negative log-likelihood at beta: g = Zᵀ(p − y) + λβ,
// H = ZᵀWZ + λI with W = p(1−p), the intercept's row and column (index 0) unpenalised.
func newtonStep(z [][]float64, y []bool, beta []float64, lambda float64) ([]float64, error) {
	k := len(beta)
	var gs [parts][]float64
	var hs [parts][][]float64
	model.InParts(len(z), minParallel, func(part, lo, hi int) {
		g := make([]float64, k)
		h := make([][]float64, k)
		for a := range h {
			h[a] = make([]float64, k)
		}
		zi := make([]float64, k)
		for i := lo; i < hi; i++ {
			row := z[i]
			zi[0] = 1
			copy(zi[1:], row)
			p := sigmoid(linear(row, beta))
			r := p
			if y[i] {
				r = p - 1
			}
			w := p * (1 - p)
			for a := range k {
				g[a] += r * zi[a]
				if zi[a] == 0 {
					continue
				}
				for b := a; b < k; b++ {
					h[a][b] += w * zi[a] * zi[b]
				}
			}
		}
		gs[part], hs[part] = g, h
	})
	g, h := gs[0], hs[0]
	for part := 1; part < parts && gs[part] != nil; part++ {
		for a := range k {
			g[a] += gs[part][a]
			for b := a; b < k; b++ {
				h[a][b] += hs[part][a][b]
			}
		}
	}
	for a := range k {
		for b := 0; b < a; b++ {
			h[a][b] = h[b][a]
		}
		if a > 0 {
			g[a] += lambda * beta[a]
			h[a][a] += lambda
		}
		// A constant feature (SD 0) has an empty row; a tiny ridge keeps H invertible
		// without moving any other estimate.
		h[a][a] += 1e-10
	}
	return solve(h, g)
}

// solve solves the symmetric positive-definite system h·x = g by Cholesky decomposition.
func solve(h [][]float64, g []float64) ([]float64, error) {
	k := len(g)
	l := make([][]float64, k)
	for i := range l {
		l[i] = make([]float64, k)
		for j := 0; j <= i; j++ {
			s := h[i][j]
			for m := 0; m < j; m++ {
				s -= l[i][m] * l[j][m]
			}
			if i == j {
				if s <= 0 || math.IsNaN(s) {
					return nil, errors.New("churn: the Hessian is not positive definite")
				}
				l[i][i] = math.Sqrt(s)
			} else {
				l[i][j] = s / l[j][j]
			}
		}
	}
	x := make([]float64, k)
	for i := range k { // L·u = g
		s := g[i]
		for m := 0; m < i; m++ {
			s -= l[i][m] * x[m]
		}
		x[i] = s / l[i][i]
	}
	for i := k - 1; i >= 0; i-- { // Lᵀ·x = u
		s := x[i]
		for m := i + 1; m < k; m++ {
			s -= l[m][i] * x[m]
		}
		x[i] = s / l[i][i]
	}
	return x, nil
}
