package metric

import (
	"testing"
)

// The driver vectors are worked by hand below; z = 1.96, z² = 3.8416.

func TestCSATEffect(t *testing.T) {
	// With the factor 30 positive of 50 (60%), without 120 of 150 (80%): effect −20 points.
	// Wilson 30/50: centre (0.6 + 3.8416/100)/(1 + 3.8416/50) = 0.638416/1.076832 = 0.592865,
	//   half 1.96·√(0.24/50 + 3.8416/10000)/1.076832 = 1.96·0.0720011/1.076832 = 0.131053
	//   → l₁ 0.461812, u₁ 0.723918.
	// Wilson 120/150: centre 0.8128053/1.0256107 = 0.792509,
	//   half 1.96·√(0.16/150 + 3.8416/90000)/1.0256107 = 0.063651 → l₂ 0.728858, u₂ 0.856160.
	// L = −0.2 − √((0.6−0.461812)² + (0.856160−0.8)²) = −0.2 − √0.0222499 = −0.349164
	// U = −0.2 + √((0.723918−0.6)² + (0.8−0.728858)²) = −0.2 + √0.020417 = −0.057112
	// Pooled test: p = 150/200 = 0.75, se = √(0.75·0.25·(1/50 + 1/150)) = √0.005 = 0.0707107,
	//   z = −0.2/0.0707107 = −2.828, two-sided p = 0.00468: significant.
	e := CSATEffect(30, 50, 120, 150)
	near(t, "effect", e.Value, -20, 1e-9)
	if e.CI95 == nil {
		t.Fatal("no interval")
	}
	near(t, "low", &e.CI95[0], -34.9164, 1e-3)
	near(t, "high", &e.CI95[1], -5.7112, 1e-3)
	near(t, "p", e.P, 0.00468, 1e-4)
	if !e.Significant || e.Indicative() {
		t.Errorf("significant %v, indicative %v: want true, false", e.Significant, e.Indicative())
	}

	if e := CSATEffect(3, 3, 0, 0); e.Value != nil || e.CI95 != nil || e.P != nil {
		t.Errorf("no answers without the factor: got %+v, want no effect", e)
	}
	// All positive on both sides: effect 0, no test possible (pooled variance 0), but an
	// interval all the same — Wilson's does not collapse at 100%.
	if e := CSATEffect(10, 10, 40, 40); e.Value == nil || *e.Value != 0 || e.P != nil || e.CI95 == nil || e.CI95[0] >= 0 || !e.Indicative() {
		t.Errorf("all positive: got %+v", e)
	}
}

func TestNPSEffect(t *testing.T) {
	// With: P 10, passives 10, D 30 (n 50): NPS −40, p 0.2, d 0.6, var 0.8 − 0.16 = 0.64.
	// Without: P 75, passives 45, D 30 (n 150): NPS 30, p 0.5, d 0.2, var 0.7 − 0.09 = 0.61.
	// Effect −70; se = 100·√(0.64/50 + 0.61/150) = 100·√0.0168667 = 12.9872;
	// half-width 1.96·12.9872 = 25.4549 → [−95.4549, −44.5451]; z = −70/12.9872 = −5.39.
	e := NPSEffect(NewNPS(10, 10, 30), NewNPS(75, 45, 30))
	near(t, "effect", e.Value, -70, 1e-9)
	near(t, "low", &e.CI95[0], -95.4549, 1e-3)
	near(t, "high", &e.CI95[1], -44.5451, 1e-3)
	if !e.Significant || *e.P > 1e-6 {
		t.Errorf("p %v, want below 1e-6 and significant", *e.P)
	}

	// With: 5 promoters only (n 5): adjusted Wald P' 5.75, D' 0.75, n' 8: p' 0.71875,
	//   d' 0.09375, centre 0.625, var' 0.8125 − 0.390625 = 0.421875, var'/n' = 0.0527344.
	// Without: metrics.md vector 6, P 120, passives 50, D 30 (n 200): NPS 45, var 0.5475,
	//   var/n 0.0027375.
	// Effect 100 − 45 = 55; centre 62.5 − 45 = 17.5; se 100·√0.0554719 = 23.5525,
	//   half 1.96·23.5525 = 46.1628 → [−28.6628, 63.6628], indicative (n 5 < 30);
	//   z = 17.5/23.5525 = 0.7430, p = 0.4575: not significant (with the unadjusted variance
	//   of 5 promoters, 0, z would be 55/5.232 = 10.5).
	e = NPSEffect(NewNPS(5, 0, 0), NewNPS(120, 50, 30))
	near(t, "effect", e.Value, 55, 1e-9)
	near(t, "low", &e.CI95[0], -28.6628, 1e-3)
	near(t, "high", &e.CI95[1], 63.6628, 1e-3)
	near(t, "p", e.P, 0.4575, 1e-4)
	if !e.Indicative() || e.Significant {
		t.Errorf("indicative %v, significant %v: want true, false", e.Indicative(), e.Significant)
	}
	if e := NPSEffect(NewNPS(0, 0, 0), NewNPS(1, 0, 0)); e.Value != nil {
		t.Errorf("no answers with the factor: got %v", *e.Value)
	}
}

func TestDriver(t *testing.T) {
	// Effect −20 on 50 of 200 answers: share 25%, impact −20·25/100 = −5 CSAT points.
	d := NewDriver(CSATEffect(30, 50, 120, 150))
	near(t, "share", d.Share, 25, 1e-9)
	near(t, "impact", d.Impact, -5, 1e-9)

	// Ranked by |impact|: −5, then +3, then 1, then none.
	type named struct {
		name string
		d    Driver
	}
	v := func(x float64) *float64 { return &x }
	list := []named{{"a", Driver{Impact: v(1)}}, {"b", Driver{}}, {"c", Driver{Impact: v(-5)}}, {"d", Driver{Impact: v(3)}}}
	RankDrivers(list, func(n named) Driver { return n.d }, func(a, b named) int { return 0 })
	var got string
	for _, n := range list {
		got += n.name
	}
	if got != "cdab" {
		t.Errorf("ranked %s, want cdab", got)
	}
}

func TestLogLikelihood(t *testing.T) {
	for _, tt := range []struct {
		name          string
		a, n1, b, n2  int
		want          float64
		isSignificant bool
	}{
		// 20 of 100 texts now, 5 of 100 before. Column totals 25 and 175, N 200:
		// E = 12.5, 87.5, 12.5, 87.5.
		// G² = 2·(20·ln(20/12.5) + 80·ln(80/87.5) + 5·ln(5/12.5) + 95·ln(95/87.5))
		//    = 2·(9.40007 − 7.16896 − 4.58145 + 7.81262) = 2·5.46228 = 10.9246 ≥ 10.83.
		// (Rayson & Garside's two cells alone: 2·(9.40007 − 4.58145) = 9.637.)
		{"20 of 100 against 5 of 100", 20, 100, 5, 100, 10.9246, true},
		// 0 of 100 now, 5 of 100 before: E = 2.5, 97.5, 2.5, 97.5;
		// G² = 2·(100·ln(100/97.5) + 5·ln(5/2.5) + 95·ln(95/97.5))
		//    = 2·(2.53178 + 3.46574 − 2.46768) = 7.0597.
		{"gone", 0, 100, 5, 100, 7.0597, false},
		{"the same share", 10, 100, 20, 200, 0, false},
		{"no texts", 0, 0, 0, 0, 0, false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			got := LogLikelihood(tt.a, tt.n1, tt.b, tt.n2)
			near(t, "G²", &got, tt.want, 1e-4)
			if (got >= G2Significant) != tt.isSignificant {
				t.Errorf("G² %v significant %v, want %v", got, got >= G2Significant, tt.isSignificant)
			}
		})
	}
}
