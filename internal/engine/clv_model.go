package engine

import (
	"math"
	"sync"
	"time"

	"github.com/klantpuls/klantpuls/internal/cx"
	"github.com/klantpuls/klantpuls/internal/model"
)

// fitCache keeps the model fits of recent as-of days. A fit takes a second or more on tens of
// thousands of customers, so it is made once per as-of day and every page and report of that
// day reads it: serve fits the days its views need in the background (app.WarmModels), and a
// page that asks for one being fitted waits for that fit instead of starting its own.
//
// A fit as of day D depends only on the orders of days up to D, so a write of an order dated
// later — a shop's orders of today — leaves it standing; an order written, changed or deleted on
// or before D drops it (touch, forget).
type fitCache struct {
	mu   sync.Mutex
	fits map[int]*fitEntry // by as-of local day number
	tick uint64            // counts lookups, for dropping the least recently used fit
	// changedFrom is the earliest instant of an order written since the cache last looked (0,
	// which is also noTime, drops every fit: a bulk load, an order without a date). Writers set it under the engine's write lock, readers read it under
	// the read lock and mu.
	changedFrom uint32
	cleared     bool // an order was written since the cache last looked
}

// fitEntry is one as-of day's fit; done is closed when fit, values and err are set.
type fitEntry struct {
	done   chan struct{}
	fit    *model.Fit
	values []float64 // model value over the horizon by customer index, NaN when none
	alive  []float64 // BG/NBD P(alive) by customer index, NaN for a customer who had not bought
	// repeat holds a bit per customer index: set when they bought on a day after their first
	// (BG/NBD's x > 0), which alone makes P(alive) an estimate (CustomerModel.Repeats).
	repeat []uint64
	// unknown counts the customers who had bought but whose value could not be worked out (a
	// series that did not settle): a mean over buyers without them would be another figure.
	unknown int
	err     error
	used    uint64
}

// maxCachedFits bounds the cache: the dashboard's views need six days or so (their ends and
// their previous periods' ends), a report its own and its previous period's.
const maxCachedFits = 10

// touch records that an order dated at was written.
func (c *fitCache) touch(at uint32) {
	if !c.cleared || at < c.changedFrom {
		c.changedFrom, c.cleared = at, true
	}
}

// touchOrder records the date of the order a deletion or a replacement takes away. A bulk
// load drops every fit rather than look each of its orders up.
func (e *Engine) touchOrder(d cx.Deletion) {
	if d.Of != cx.KindOrders {
		return
	}
	if e.loading {
		e.fits.touch(0)
		return
	}
	if i, ok := e.orders.ids.lookup(d.ID); ok {
		e.fits.touch(e.orders.at[i])
	}
}

// forget drops the fits an order written since the last look can change: those as of its
// local day or later. The caller holds c.mu and the engine's read lock.
func (e *Engine) forget(c *fitCache) {
	if !c.cleared {
		return
	}
	from := math.MinInt
	if c.changedFrom != 0 {
		from = e.localDay(c.changedFrom)
	}
	for d := range c.fits {
		if d >= from {
			delete(c.fits, d)
		}
	}
	c.cleared = false
}

// localDay is the account-local day number of an instant.
func (e *Engine) localDay(t uint32) int {
	y, m, d := time.Unix(int64(t), 0).In(e.opts.Timezone).Date()
	return DayNumber(y, m, d)
}

// DayNumber is a local date as days since 1970-01-01: the day numbers of the value models'
// purchases (model.Purchase.Day).
func DayNumber(y int, m time.Month, d int) int {
	return int(time.Date(y, m, d, 12, 0, 0, 0, time.UTC).Unix() / 86400)
}

// asOfDay is the last observed local day of a period ending at to, in the account time zone:
// the local date of the last second before to — the day before to when a period ends at
// midnight, as every report period does.
func (e *Engine) asOfDay(to time.Time) int {
	y, m, d := to.Add(-time.Second).In(e.opts.Timezone).Date()
	return DayNumber(y, m, d)
}

// modelDay is the as-of day of the customer-value models for a period ending at to: its last
// day, but yesterday at the latest. Today is not over and later days have not happened: a
// model observing them would take every customer's silence until then for drop-out, and the
// current week, month, quarter and year would each want a fit of their own.
func (e *Engine) modelDay(to time.Time) int { return ModelDay(to, e.opts.now(), e.opts.Timezone) }

// purchases are the orders as model input: a customer, a local day and an amount. Deleted
// orders are left out; the model nets refunds (model.Summarize). Like the rest of CLV, an order counts whether
// or not its customer's record has arrived.
func (e *Engine) purchases() []model.Purchase {
	o := &e.orders
	out := make([]model.Purchase, 0, len(o.at))
	for i, at := range o.at {
		if at == noTime {
			continue
		}
		out = append(out, model.Purchase{Customer: o.customer[i], Day: e.localDay(at), Amount: o.amount[i]})
	}
	return out
}

// fitAsOf returns the models fitted on every order up to and including the local day asOf,
// from the cache, from a fit under way, or fitted now. The caller holds e.mu (read or write).
func (e *Engine) fitAsOf(asOf int) *fitEntry {
	en, purchases := e.entry(asOf)
	if purchases != nil {
		e.fill(en, purchases, asOf)
	}
	<-en.done
	return en
}

// entry finds the cache entry of asOf, or makes it and returns the purchases to fit it on
// (nil when another caller fits it). The caller holds e.mu.
func (e *Engine) entry(asOf int) (*fitEntry, []model.Purchase) {
	c := &e.fits
	c.mu.Lock()
	defer c.mu.Unlock()
	e.forget(c)
	if c.fits == nil {
		c.fits = map[int]*fitEntry{}
	}
	c.tick++
	if en, ok := c.fits[asOf]; ok {
		en.used = c.tick
		return en, nil
	}
	if len(c.fits) >= maxCachedFits {
		c.evict()
	}
	en := &fitEntry{done: make(chan struct{}), used: c.tick}
	c.fits[asOf] = en
	return en, e.purchases()
}

// evict drops the least recently used finished fit. The caller holds c.mu.
func (c *fitCache) evict() {
	oldest, at := -1, uint64(math.MaxUint64)
	for d, en := range c.fits {
		select {
		case <-en.done:
			if en.used < at {
				oldest, at = d, en.used
			}
		default: // being fitted: someone waits for it
		}
	}
	if oldest >= 0 {
		delete(c.fits, oldest)
	}
}

// fill fits the models of an entry and works out every customer's value over the horizon, so
// that a page only adds up values. It needs no engine lock: the purchases are a copy.
// The customers' summaries go once values and alive hold what pages read of them: a fit that
// failed keeps none either (issue 17 point 4: a server's memory after its fits).
func (e *Engine) fill(en *fitEntry, purchases []model.Purchase, asOf int) {
	defer close(en.done)
	en.fit, en.err = model.FitAll(purchases, asOf)
	if en.err == nil {
		en.values, en.alive, en.repeat = modelValues(en.fit, purchases, e.horizon(), e.opts.DiscountRateMonthly)
		for i, v := range en.values {
			if v != v && en.alive[i] == en.alive[i] {
				en.unknown++
			}
		}
	}
	if en.fit != nil {
		en.fit.DropSummaries()
	}
}

// modelValues are the model value and the P(alive) of every customer with a purchase by the
// as-of day, by customer index, NaN for the others (model.Values: each (x, t_x, T) worked out
// once).
func modelValues(f *model.Fit, purchases []model.Purchase, months int, discount float64) (values, alive []float64, repeat []uint64) {
	n := 0
	for _, p := range purchases {
		n = max(n, int(p.Customer)+1)
	}
	values, alive, repeat = make([]float64, n), make([]float64, n), make([]uint64, (n+63)/64)
	of := f.Values(months, discount)
	for i := range values {
		c, ok := f.Summary(uint32(i))
		if !ok {
			values[i], alive[i] = math.NaN(), math.NaN()
			continue
		}
		values[i], alive[i] = of.Of(c), f.BGNBD.PAlive(c)
		if c.X > 0 {
			repeat[i/64] |= 1 << (i % 64)
		}
	}
	return values, alive, repeat
}

// value is customer i's model value in an entry; false when there is none.
func (en *fitEntry) value(i uint32) (float64, bool) {
	if en.err != nil || int(i) >= len(en.values) {
		return 0, false
	}
	v := en.values[i]
	return v, v == v
}

// pAlive is customer i's P(alive) in an entry; false when the models were not fitted or the
// customer had not bought by its as-of day.
func (en *fitEntry) pAlive(i uint32) (float64, bool) {
	if en.err != nil || int(i) >= len(en.alive) {
		return 0, false
	}
	a := en.alive[i]
	return a, a == a
}

// horizon is the configured predictive horizon in months, 12 when unset.
func (e *Engine) horizon() int {
	if e.opts.HorizonMonths > 0 {
		return e.opts.HorizonMonths
	}
	return 12
}

// ModelFit is the fit of the customer-value models as of the local day before to (the last
// day observed; yesterday at the latest), with its customer and repeat-buyer counts; the error
// is model.ErrTooFewRepeatBuyers when there are too few repeat buyers to fit. The engine is
// locked only to copy the orders: a long fit keeps neither writers nor pages waiting, and a
// page that needs this very fit waits for it rather than fitting it again.
func (e *Engine) ModelFit(to time.Time) (*model.Fit, error) {
	en := e.fitUnlocked(e.modelDay(to))
	return en.fit, en.err
}

// fitUnlocked is fitAsOf for a caller that holds no engine lock: the engine is read-locked
// only to look the fit up and copy the orders, so a long fit keeps neither writers nor pages
// waiting.
func (e *Engine) fitUnlocked(asOf int) *fitEntry {
	e.mu.RLock()
	en, purchases := e.entry(asOf)
	e.mu.RUnlock()
	if purchases != nil {
		e.fill(en, purchases, asOf)
	}
	<-en.done
	return en
}

// ModelDay is the as-of day ModelFit(to) fits on, as a local midnight.
func (e *Engine) ModelDay(to time.Time) time.Time {
	d := time.Unix(int64(e.modelDay(to))*86400, 0).UTC()
	return time.Date(d.Year(), d.Month(), d.Day(), 0, 0, 0, 0, e.opts.Timezone)
}

// CustomerModel is one customer's model figures as of the day before to: expected value over
// the horizon and the probability of still being a customer.
type CustomerModel struct {
	Value  float64
	PAlive float64
	// Left says the customer left (churned_at) on or before that day: then there are no
	// figures. The models see only purchases, so they would give a customer known to have
	// gone a chance of still being active (100 % just after a last order) and a value to come.
	Left bool
	// Repeated says the customer bought on a day after their first (BG/NBD's x > 0). Without
	// that PAlive is 1 by the model's assumption (a customer can leave only after a purchase),
	// not by anything seen: a page says so rather than "100 %".
	Repeated bool
}

// CustomerModel returns a customer's expected value and P(alive) as of the day before to
// (yesterday at the latest), or only Left when they had left by then; false when the models
// cannot be fitted or the customer bought nothing by then.
func (e *Engine) CustomerModel(id string, to time.Time) (CustomerModel, bool) {
	e.mu.RLock()
	defer e.mu.RUnlock()
	i, ok := e.customers.ids.lookup(id)
	if !ok {
		return CustomerModel{}, false
	}
	asOf := e.modelDay(to)
	if ch := e.customers.churned[i]; ch != noTime && e.localDay(ch) <= asOf {
		return CustomerModel{Left: true}, true
	}
	en := e.fitAsOf(asOf)
	v, ok := en.value(i)
	a, alive := en.pAlive(i)
	if !ok || !alive {
		return CustomerModel{}, false
	}
	return CustomerModel{Value: v, PAlive: a, Repeated: en.repeat[i/64]&(1<<(i%64)) != 0}, true
}
