package churn

import (
	"math"
	"testing"
)

func near(t *testing.T, name string, got, want, tol float64) {
	t.Helper()
	if math.Abs(got-want) > tol || math.IsNaN(got) {
		t.Errorf("%s = %.6f, want %.6f (±%g)", name, got, want, tol)
	}
}

// TestAUCByHand: every (churned, stayed) pair counted by hand.
func TestAUCByHand(t *testing.T) {
	cases := []struct {
		name    string
		score   []float64
		churned []bool
		want    float64
	}{
		// Churned 0.35 and 0.8, stayed 0.1 and 0.4: pairs 0.35>0.1, 0.35<0.4, 0.8>0.1,
		// 0.8>0.4 → 3 of 4.
		{"three of four pairs", []float64{0.1, 0.4, 0.35, 0.8}, []bool{false, false, true, true}, 0.75},
		{"a tie counts half", []float64{0.5, 0.5}, []bool{false, true}, 0.5},
		// Churned 0.5 and 0.9, stayed 0.5 and 0.2: 0.5=0.5 (½), 0.5>0.2, 0.9>0.5, 0.9>0.2 → 3.5/4.
		{"tie among others", []float64{0.5, 0.9, 0.5, 0.2}, []bool{true, true, false, false}, 0.875},
		{"reversed", []float64{0.9, 0.1}, []bool{false, true}, 0},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) { near(t, "AUC", AUC(c.score, c.churned), c.want, 1e-12) })
	}
	if !math.IsNaN(AUC([]float64{1, 2}, []bool{true, true})) {
		t.Error("AUC without a stayer is not NaN")
	}
}

// TestCalibrationAndLift: 20 customers, the top tenth (2) both churned, 4 churned in all:
// lift = (2/2)/(4/20) = 5.
func TestCalibrationAndLift(t *testing.T) {
	score := make([]float64, 20)
	churned := make([]bool, 20)
	for i := range score {
		score[i] = float64(i+1) / 20
	}
	churned[19], churned[18], churned[10], churned[0] = true, true, true, true
	cal := Calibration(score, churned)
	if len(cal) != 10 {
		t.Fatalf("%d deciles, want 10", len(cal))
	}
	if cal[0].N != 2 || cal[0].Observed != 1 {
		t.Errorf("top decile = %+v, want 2 customers, all churned", cal[0])
	}
	near(t, "top predicted", cal[0].Predicted, (1+0.95)/2, 1e-12)
	near(t, "bottom observed", cal[9].Observed, 0.5, 1e-12) // 0.05 churned, 0.10 not
	near(t, "lift", TopLift(score, churned), 5, 1e-12)
}

// TestFitClosedForm: with one binary feature and no penalty, the maximum-likelihood
// probabilities are the churn rates of the two groups: 1 of 4 and 3 of 4.
func TestFitClosedForm(t *testing.T) {
	x := [][]float64{{0}, {0}, {0}, {0}, {1}, {1}, {1}, {1}}
	y := []bool{true, false, false, false, true, true, true, false}
	m, err := Fit(x, y, 0)
	if err != nil {
		t.Fatal(err)
	}
	near(t, "risk x=0", m.Risk([]float64{0}), 0.25, 1e-8)
	near(t, "risk x=1", m.Risk([]float64{1}), 0.75, 1e-8)
	// Standardised x is ±1 (mean ½, SD ½), so the coefficient is half the log odds ratio:
	// (logit ¾ − logit ¼)/2 = ln 3.
	near(t, "coefficient", m.Coef[0], math.Log(3), 1e-8)
	near(t, "contribution x=1", m.Contributions([]float64{1})[0], math.Log(3), 1e-8)
}

// TestFitClosedFormInParts: the eight customers 10,000 times over, so the sums run in
// parts on several goroutines (minParallel): the closed form holds as for eight, to the
// precision Newton's stopping rule leaves.
func TestFitClosedFormInParts(t *testing.T) {
	var x [][]float64
	var y []bool
	// In blocks (x = 0: 10,000 churned, 30,000 stayed; x = 1: 30,000 churned, 10,000 stayed),
	// so each part holds other customers and a part left out of a sum changes the fit.
	for _, b := range []struct {
		x       float64
		churned bool
		n       int
	}{{0, true, 10_000}, {0, false, 30_000}, {1, true, 30_000}, {1, false, 10_000}} {
		for range b.n {
			x, y = append(x, []float64{b.x}), append(y, b.churned)
		}
	}
	if len(x) < minParallel {
		t.Fatalf("%d rows run in one part (minParallel %d)", len(x), minParallel)
	}
	m, err := Fit(x, y, 0)
	if err != nil {
		t.Fatal(err)
	}
	// Newton stops when the objective moves by less than 1e-12 of itself: near the optimum
	// that change is quadratic in the coefficients' error, which is then about √1e-12.
	near(t, "risk x=0", m.Risk([]float64{0}), 0.25, 1e-6)
	near(t, "risk x=1", m.Risk([]float64{1}), 0.75, 1e-6)
	near(t, "coefficient", m.Coef[0], math.Log(3), 1e-6)
	// The objective in parts against the sum by hand: at β = 0 every customer adds ln 2.
	near(t, "objective at 0", objective(x, y, []float64{0, 0}, 1), float64(len(x))*math.Ln2, 1e-6)
}

// TestFitSeparable: x = −1 stays, x = 1 churns. Without a penalty the coefficient runs off to
// infinity; with λ = 1 symmetry gives intercept 0 and the stationarity condition λb = 2σ(−b),
// whose root is b ≈ 0.6748 (by bisection by hand: 0.675 → 0.67492).
func TestFitSeparable(t *testing.T) {
	m, err := Fit([][]float64{{-1}, {1}}, []bool{false, true}, 1)
	if err != nil {
		t.Fatal(err)
	}
	b := m.Coef[0]
	near(t, "intercept", m.Intercept, 0, 1e-9)
	near(t, "stationarity", b, 2/(1+math.Exp(b)), 1e-9)
	near(t, "coefficient", b, 0.6748, 5e-4)
}

// TestFitConstantFeature: a feature that never varies gets no say and does not break the fit.
func TestFitConstantFeature(t *testing.T) {
	x := [][]float64{{7, 0}, {7, 0}, {7, 1}, {7, 1}}
	y := []bool{false, true, true, true}
	m, err := Fit(x, y, 0.1)
	if err != nil {
		t.Fatal(err)
	}
	if m.Coef[0] != 0 || m.SD[0] != 0 {
		t.Errorf("constant feature: coef %v SD %v, want 0 and 0", m.Coef[0], m.SD[0])
	}
	if m.Coef[1] <= 0 {
		t.Errorf("coef of the churning feature = %v, want > 0", m.Coef[1])
	}
}

func TestFitRefuses(t *testing.T) {
	if _, err := Fit([][]float64{{1}, {2}}, []bool{true, true}, 1); err != ErrOneClass {
		t.Errorf("one class: err = %v, want ErrOneClass", err)
	}
	if _, err := Fit([][]float64{{1}, {2, 3}}, []bool{true, false}, 1); err == nil {
		t.Error("ragged rows: no error")
	}
	if _, err := Fit(nil, nil, 1); err == nil {
		t.Error("no rows: no error")
	}
}
