package model

import "math"

// GammaGamma holds the parameters of the Gamma-Gamma spend model (Fader, Hardie & Lee 2005,
// "RFM and CLV: using iso-value curves"): a purchase's amount is Gamma(p, ν), ν ~ Gamma(q, γ).
type GammaGamma struct {
	P     float64 `json:"p"`
	Q     float64 `json:"q"`
	Gamma float64 `json:"gamma"`
}

// logLik is one customer's Gamma-Gamma log-likelihood of x repeat purchases with mean m:
// ln Γ(px+q) − ln Γ(px) − ln Γ(q) + q ln γ + (px−1) ln m + px ln x − (px+q) ln(γ + x m).
func (g GammaGamma) logLik(c Customer) float64 {
	x, m := float64(c.X), c.Spend
	px := g.P * x
	l1, _ := math.Lgamma(px + g.Q)
	l2, _ := math.Lgamma(px)
	l3, _ := math.Lgamma(g.Q)
	return l1 - l2 - l3 + g.Q*math.Log(g.Gamma) + (px-1)*math.Log(m) + px*math.Log(x) - (px+g.Q)*math.Log(g.Gamma+x*m)
}

// isSpender tells whether the spend model is fitted on c: at least one repeat purchase day and
// a positive mean spend.
func isSpender(c Customer) bool { return c.X > 0 && c.Spend > 0 }

// FitGammaGamma fits the spend model by maximum likelihood on the customers with a repeat
// purchase (and positive spend). q ≤ 1 would make the mean spend infinite: no fit.
func FitGammaGamma(cs []Customer) (GammaGamma, error) {
	d := newGGData(cs)
	best, _, err := minimize(d.negLogLik, []float64{0, 0, 0}, d.n)
	if err != nil {
		return GammaGamma{}, err
	}
	g := GammaGamma{P: math.Exp(best[0]), Q: math.Exp(best[1]), Gamma: math.Exp(best[2])}
	if !usable(g.P, g.Q, g.Gamma) || g.Q <= 1 {
		return GammaGamma{}, ErrNoFit
	}
	return g, nil
}

// ExpectedSpend is the customer's expected amount per purchase day: (pγ + p x m)/(p x + q − 1),
// the population mean pγ/(q−1) weighed against the customer's own mean; without repeats the
// population mean.
func (g GammaGamma) ExpectedSpend(c Customer) float64 {
	x := float64(c.X)
	if c.X == 0 || c.Spend <= 0 {
		return g.P * g.Gamma / (g.Q - 1)
	}
	return (g.P*g.Gamma + g.P*x*c.Spend) / (g.P*x + g.Q - 1)
}
