package model

// Values works out customers' values over a horizon (Fit.Value) for many customers: the
// discounted expected purchases depend only on a customer's (x, t_x, T), which many share, so
// each is worked out once.
type Values struct {
	f        *Fit
	months   int
	discount float64
	memo     map[valueKey]float64 // nil: the customers come InFitOrder (ValuesInOrder)
	last     valueKey
	lastG    float64
	has      bool
}

type valueKey struct {
	x     int
	tx, t float64
}

// Values is a Values of the fit over the next months, discounted monthly.
func (f *Fit) Values(months int, discountMonthly float64) *Values {
	return &Values{f: f, months: months, discount: discountMonthly, memo: map[valueKey]float64{}}
}

// ValuesInOrder is Values for customers asked InFitOrder, where those who share a
// summary come one after the other: it keeps the last one's purchases, not a memo of every
// summary (a million of them at 10M + 10M records: a ClickHouse-mode node's memory).
func (f *Fit) ValuesInOrder(months int, discountMonthly float64) *Values {
	return &Values{f: f, months: months, discount: discountMonthly}
}

// Of is customer c's value: Fit.Value to the bit. NaN when a series did not converge.
func (v *Values) Of(c Customer) float64 {
	k := valueKey{c.X, c.TX, c.T}
	g, ok := v.lastG, v.has && v.last == k
	if !ok && v.memo != nil {
		g, ok = v.memo[k]
	}
	if !ok {
		g = v.f.DiscountedPurchases(c, v.months, v.discount)
		if v.memo != nil {
			v.memo[k] = g
		}
	}
	v.last, v.lastG, v.has = k, g, true
	return v.f.GammaGamma.ExpectedSpend(c) * g
}
