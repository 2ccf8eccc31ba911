package model

// Values works out customers' values over a horizon (Fit.Value) for many customers: the
// discounted expected purchases depend only on a customer's (x, t_x, T), which many share, so
// each is worked out once.
type Values struct {
	f        *Fit
	months   int
	discount float64
	memo     map[valueKey]float64
}

type valueKey struct {
	x     int
	tx, t float64
}

// Values is a Values of the fit over the next months, discounted monthly.
func (f *Fit) Values(months int, discountMonthly float64) *Values {
	return &Values{f: f, months: months, discount: discountMonthly, memo: map[valueKey]float64{}}
}

// Of is customer c's value: Fit.Value to the bit. NaN when a series did not converge.
func (v *Values) Of(c Customer) float64 {
	k := valueKey{c.X, c.TX, c.T}
	g, ok := v.memo[k]
	if !ok {
		g = v.f.DiscountedPurchases(c, v.months, v.discount)
		v.memo[k] = g
	}
	return v.f.GammaGamma.ExpectedSpend(c) * g
}
