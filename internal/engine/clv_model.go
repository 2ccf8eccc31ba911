package engine

import (
	"sync"
	"time"

	"github.com/klantpuls/klantpuls/internal/model"
)

// fitCache keeps the model fits of recent as-of days for one data version. A fit takes about a
// second on a few thousand customers, so it is made once per (as-of day, orders version) and
// every page and report of that day reads it; a write to orders or customers starts afresh.
type fitCache struct {
	mu      sync.Mutex
	version uint64
	fits    map[int]fitResult // by as-of local day number
}

type fitResult struct {
	fit *model.Fit
	err error
}

// maxCachedFits bounds the cache: a report asks for its own and its previous period's day.
const maxCachedFits = 8

// dayNumber is a local date as days since 1970-01-01.
func dayNumber(y int, m time.Month, d int) int {
	return int(time.Date(y, m, d, 12, 0, 0, 0, time.UTC).Unix() / 86400)
}

// asOfDay is the last observed local day of a period ending at to, in the account time zone:
// the local date of the last second before to — the day before to when a period ends at
// midnight, as every report period does.
func (e *Engine) asOfDay(to time.Time) int {
	y, m, d := to.Add(-time.Second).In(e.opts.Timezone).Date()
	return dayNumber(y, m, d)
}

// purchases are the orders as model input: a customer, a local day and an amount. Deleted
// orders are left out; the model drops refunds. Like the rest of CLV, an order counts whether
// or not its customer's record has arrived.
func (e *Engine) purchases() []model.Purchase {
	o, loc := &e.orders, e.opts.Timezone
	out := make([]model.Purchase, 0, len(o.at))
	for i, at := range o.at {
		cust := o.customer[i]
		if at == noTime {
			continue
		}
		y, m, d := time.Unix(int64(at), 0).In(loc).Date()
		out = append(out, model.Purchase{Customer: cust, Day: dayNumber(y, m, d), Amount: o.amount[i]})
	}
	return out
}

// fitAsOf returns the models fitted on every order up to and including the local day asOf.
// The caller holds e.mu (read or write).
func (e *Engine) fitAsOf(asOf int) (*model.Fit, error) {
	c := &e.fits
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.fits == nil || c.version != e.ordersVersion || len(c.fits) >= maxCachedFits {
		c.fits, c.version = map[int]fitResult{}, e.ordersVersion
	}
	if r, ok := c.fits[asOf]; ok {
		return r.fit, r.err
	}
	f, err := model.FitAll(e.purchases(), asOf)
	c.fits[asOf] = fitResult{f, err}
	return f, err
}

// horizon is the configured predictive horizon in months, 12 when unset.
func (e *Engine) horizon() int {
	if e.opts.HorizonMonths > 0 {
		return e.opts.HorizonMonths
	}
	return 12
}

// ModelFit is the fit of the customer-value models as of the local day before to (the last
// day observed), with its customer and repeat-buyer counts; the error is
// model.ErrTooFewRepeatBuyers when there are too few repeat buyers to fit.
func (e *Engine) ModelFit(to time.Time) (*model.Fit, error) {
	e.mu.RLock()
	defer e.mu.RUnlock()
	return e.fitAsOf(e.asOfDay(to))
}

// CustomerModel is one customer's model figures as of the day before to: expected value over
// the horizon and the probability of still being a customer.
type CustomerModel struct {
	Value  float64
	PAlive float64
}

// CustomerModel returns a customer's expected value and P(alive) as of the day before to; false
// when the models cannot be fitted or the customer bought nothing by then.
func (e *Engine) CustomerModel(id string, to time.Time) (CustomerModel, bool) {
	e.mu.RLock()
	defer e.mu.RUnlock()
	i, ok := e.customers.ids.lookup(id)
	if !ok {
		return CustomerModel{}, false
	}
	f, err := e.fitAsOf(e.asOfDay(to))
	if err != nil {
		return CustomerModel{}, false
	}
	c, ok := f.Summary(i)
	if !ok {
		return CustomerModel{}, false
	}
	v := f.Value(c, e.horizon(), e.opts.DiscountRateMonthly)
	return CustomerModel{Value: v, PAlive: f.BGNBD.PAlive(c)}, v == v
}

// meanModelValue is the predictive CLV of a slot: the mean model value over the horizon of the
// buyers given, as of the day before to; nil when the models cannot be fitted.
func (e *Engine) meanModelValue(buyers []uint32, to time.Time) *float64 {
	if len(buyers) == 0 {
		return nil
	}
	f, err := e.fitAsOf(e.asOfDay(to))
	if err != nil {
		return nil
	}
	sum, n := 0.0, 0
	for _, b := range buyers {
		// Every buyer ordered before to, so has a summary; the check keeps a slip from
		// counting a zero.
		if c, ok := f.Summary(b); ok {
			sum += f.Value(c, e.horizon(), e.opts.DiscountRateMonthly)
			n++
		}
	}
	if n == 0 {
		return nil
	}
	v := sum / float64(n)
	if v != v {
		return nil
	}
	return &v
}
