package model

import (
	"math"
	"testing"
)

// FuzzFitAll: whatever the orders, a fit either fails with an error or gives usable parameters,
// values that are non-negative or NaN (Fit.Value's "a series did not converge": the engine leaves
// such a customer out) and P(alive) in [0, 1] — never a panic or a negative count.
func FuzzFitAll(f *testing.F) {
	f.Add([]byte{0, 0, 10, 0, 5, 12, 1, 0, 7, 1, 9, 3, 2, 3, 40})
	f.Fuzz(func(t *testing.T, data []byte) {
		var ps []Purchase
		for i := 0; i+2 < len(data); i += 3 {
			// 64 customers, days 0..255, amounts −10..245 (negative: refunds).
			ps = append(ps, Purchase{Customer: uint32(data[i] % 64), Day: int(data[i+1]), Amount: float64(data[i+2]) - 10})
		}
		fit, err := FitAll(ps, 200)
		if err != nil {
			return
		}
		if !usable(fit.BGNBD.R, fit.BGNBD.Alpha, fit.BGNBD.A, fit.BGNBD.B, fit.GammaGamma.P, fit.GammaGamma.Gamma) {
			t.Fatalf("fit %+v %+v outside the usable range", fit.BGNBD, fit.GammaGamma)
		}
		for _, c := range fit.summary {
			v, a := fit.Value(c, 12, 0.01), fit.BGNBD.PAlive(c)
			if !(v >= 0) && !math.IsNaN(v) || !(a >= 0 && a <= 1) {
				t.Fatalf("customer %+v: value %v, P(alive) %v", c, v, a)
			}
		}
	})
}
