package model

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"
)

// published are the BG/NBD parameters Fader, Hardie & Lee (2005) fitted on the CDNOW sample
// (time in weeks); cmd/klantpuls/model_cdnow_test.go reproduces them from the data.
var published = BGNBD{R: 0.243, Alpha: 4.414, A: 0.793, B: 2.426}

func near(t *testing.T, name string, got, want, tol float64) {
	t.Helper()
	if math.IsNaN(got) || math.Abs(got-want) > tol {
		t.Errorf("%s = %.10g, want %.10g ± %g", name, got, want, tol)
	}
}

// TestExpectedPurchasesSeries: the series of a live customer's purchases against closed forms
// and against eq. 10 in mpmath 1.3.0 at 50 digits,
// (a+β−1)/(a−1)·(1 − (1−z)^s·hyp2f1(s, β, a+β−1, z)), whose hyp2f1 continues analytically
// to c ≤ 0 — where the float ₂F₁ series gave NaN (a + b < 1 and no repeat purchase, and such a
// customer was left out of the predictive CLV) — and at a = 1 and c = 0, where eq. 10 is 0/0
// or ∞·0 (there mpmath's value at a or β moved by 1e-25).
func TestExpectedPurchasesSeries(t *testing.T) {
	tests := []struct {
		name          string
		s, a, beta, z float64
		want          float64
	}{
		// s = 1: (1 − (1−z)/(1−qz))/p = z/(1−qz); with q ~ Beta(1, 1), ∫₀¹ z/(1−qz) dq = −ln(1−z).
		{"a = β = 1, s = 1: −ln(1−z)", 1, 1, 1, 0.5, math.Log(2)},
		{"a = β = 1, s = 1, z close to 1", 1, 1, 1, 0.999, -math.Log(0.001)},
		{"CDNOW's r, a, b, x = 0", 0.243, 0.793, 2.426, 52 / (4.414 + 30 + 52), 0.30763830128644119},
		{"a + b < 1, x = 0: c = −0.5", 1.2, 0.2, 0.3, 0.6, 1.258234088076997},
		{"a + b < 1, x = 0: c = −0.95", 0.5, 0.03, 0.02, 0.9, 2.1228423182511772},
		{"a + b = 1, x = 0: c = 0", 0.7, 0.4, 0.6, 0.8, 1.5711330819350958},
		{"a = 1", 2.5, 1, 3, 0.7, 3.199930949176156},
		{"a just over 1", 2.5, 1.000000001, 3, 0.7, 3.1999309477753484},
		{"many purchases", 40.2, 0.9, 41.5, 0.4, 21.18768326606037},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			near(t, "E", expectedPurchasesSeries(tt.s, tt.a, tt.beta, tt.z), tt.want, 1e-12*math.Max(1, tt.want))
		})
	}
	for _, z := range []float64{1, 1.5, -0.1, math.NaN()} {
		if v := expectedPurchasesSeries(1, 1, 2, z); !math.IsNaN(v) {
			t.Errorf("series at z = %v gave %v, want NaN (outside its range)", z, v)
		}
	}
}

func TestBGNBDFormulas(t *testing.T) {
	// The README of shared/data/cdnow and the R package BTYD: P(no repeat in 39 weeks) for a
	// new customer under the published parameters.
	near(t, "P(X(39)=0)", published.NoRepeat(39), 0.5737864, 5e-8)
	// Fader, Hardie & Lee (2005), section 4: a customer with x = 2, t_x = 30.43, T = 38.86
	// expects 1.226 purchases in the next 39 weeks.
	c := Customer{X: 2, TX: 30.43, T: 38.86}
	near(t, "E[X(39)]", published.ExpectedPurchases(c, 39), 1.226, 0.0005)
	// P(alive) by hand: 1/(1 + 0.793/3.426 · (43.274/34.844)^2.243) = 1/(1 + 0.231465·1.62574).
	near(t, "P(alive)", published.PAlive(c), 1/(1+0.793/3.426*math.Pow(43.274/34.844, 2.243)), 1e-12)
	if p := published.PAlive(Customer{X: 0, T: 10}); p != 1 {
		t.Errorf("P(alive) without repeats = %v, want 1 (the model lets nobody drop out before a repeat)", p)
	}
	if e := published.ExpectedPurchases(c, 0); e != 0 {
		t.Errorf("E[X(0)] = %v, want 0", e)
	}
}

func TestLogLikelihoodByHand(t *testing.T) {
	m := BGNBD{R: 0.5, Alpha: 2, A: 1.5, B: 3}
	// x = 0, T = 10: ln((α/(α+T))^r) = 0.5·ln(2/12).
	near(t, "x=0", m.logLik(Customer{T: 10}), 0.5*math.Log(2.0/12), 1e-12)
	// x = 1, t_x = 4, T = 10: Γ(1.5)/Γ(0.5)·α^r · B(a,b+1)/B(a,b) · [(α+T)^−1.5 + a/b·(α+t_x)^−1.5],
	// with Γ(1.5)/Γ(0.5) = 0.5 and B(1.5,4)/B(1.5,3) = 3/4.5.
	want := math.Log(0.5 * math.Sqrt(2) * (3 / 4.5) * (math.Pow(12, -1.5) + 1.5/3*math.Pow(6, -1.5)))
	near(t, "x=1", m.logLik(Customer{X: 1, TX: 4, T: 10}), want, 1e-12)
}

func TestGammaGammaSpend(t *testing.T) {
	g := GammaGamma{P: 6.25, Q: 3.74, Gamma: 15.44}
	// (pγ + p·x·m)/(p·x + q − 1) = (96.5 + 375)/15.24.
	near(t, "x=2, m=30", g.ExpectedSpend(Customer{X: 2, Spend: 30}), 471.5/15.24, 1e-12)
	near(t, "no repeats: pγ/(q−1)", g.ExpectedSpend(Customer{}), 96.5/2.74, 1e-12)
}

func TestSummarize(t *testing.T) {
	// CDNOW's customer 1: 1997-01-01, 1997-01-18, 1997-08-02 and 1997-12-12 (after the as-of
	// day 1997-09-30); days counted from 1997-01-01 = 0. Two orders on one day are one.
	ps := []Purchase{{1, 0, 29.33}, {1, 17, 29.73}, {1, 17, 10}, {1, 213, 14.96}, {1, 345, 26.48},
		{2, 100, 5}, {2, 101, -5}, {3, 300, 9}}
	got := Summarize(ps, 272)
	if len(got) != 2 {
		t.Fatalf("%d customers, want 2 (customer 3 first bought after the as-of day)", len(got))
	}
	c := got[0]
	if c.X != 2 || c.TX != 213.0/7 || c.T != 272.0/7 || math.Abs(c.Spend-(39.73+14.96)/2) > 1e-12 {
		t.Errorf("customer 1 = %+v, want x=2, t_x=213/7, T=272/7 (38.86), spend 27.345", c)
	}
	if c := got[1]; c.X != 0 || c.Spend != 0 || c.T != 172.0/7 {
		t.Errorf("customer 2 = %+v: a refund is no repeat purchase", c)
	}
}

func TestTooFewRepeatBuyers(t *testing.T) {
	var ps []Purchase
	for i := range uint32(50) {
		ps = append(ps, Purchase{i, 0, 10})
		if i < MinRepeatBuyers-1 {
			ps = append(ps, Purchase{i, 5, 12})
		}
	}
	_, err := FitAll(ps, 30)
	if e, ok := err.(ErrTooFewRepeatBuyers); !ok || e.Got != MinRepeatBuyers-1 {
		t.Errorf("err = %v, want ErrTooFewRepeatBuyers{%d}", err, MinRepeatBuyers-1)
	}
}

func TestValueDiscounting(t *testing.T) {
	f := &Fit{BGNBD: published, GammaGamma: GammaGamma{P: 6.25, Q: 3.74, Gamma: 15.44}}
	c := Customer{X: 2, TX: 30.43, T: 38.86, Spend: 30}
	spend := f.GammaGamma.ExpectedSpend(c)
	// Undiscounted, the months add up to E[X(12 months)] · spend.
	near(t, "d=0", f.Value(c, 12, 0), published.ExpectedPurchases(c, 12*WeeksPerMonth)*spend, 1e-9)
	// One month at 1%: E[X(1 month)] · spend / 1.01.
	near(t, "d=1%, one month", f.Value(c, 1, 0.01), published.ExpectedPurchases(c, WeeksPerMonth)*spend/1.01, 1e-12)
	if f.Value(c, 12, 0.01) >= f.Value(c, 12, 0) {
		t.Error("discounting did not lower the value")
	}
}

// TestFitWhateverTheOrder: the fits are the same to the bit whatever order the customers come
// in — the engine gives them by its own index, ClickHouse by its — on drawn customers with
// many (x, t_x, T) in common.
func TestFitWhateverTheOrder(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 11))
	// Customers as BG/NBD has them buy: purchases at a rate λ, after each a drop-out with
	// probability p, observed for T days; days whole, so many share their (x, t_x, T).
	var cs []Customer
	for i := range 3000 {
		lambda, p := 0.01+0.05*r.Float64(), 0.05+0.5*r.Float64()
		tt := float64(200 + r.IntN(100))
		x, tx, at := 0, 0.0, 0.0
		for {
			at += math.Ceil(r.ExpFloat64() / lambda)
			if at > tt {
				break
			}
			x, tx = x+1, at
			if r.Float64() < p {
				break
			}
		}
		cs = append(cs, Customer{ID: uint32(i), X: x, TX: tx, T: tt, Spend: float64(10 + r.IntN(90))})
	}
	a, err := FitSummaries(cs)
	if err != nil {
		t.Fatal(err)
	}
	shuffled := slices.Clone(cs)
	r.Shuffle(len(shuffled), func(i, j int) { shuffled[i], shuffled[j] = shuffled[j], shuffled[i] })
	b, err := FitSummaries(shuffled)
	if err != nil {
		t.Fatal(err)
	}
	if a.BGNBD != b.BGNBD || a.GammaGamma != b.GammaGamma {
		t.Errorf("fits differ with the order:\n%+v %+v\n%+v %+v", a.BGNBD, a.GammaGamma, b.BGNBD, b.GammaGamma)
	}
}
