package clickhouse

import (
	"context"
	"math"
	"time"

	"github.com/klantpuls/klantpuls/internal/cx"
	"github.com/klantpuls/klantpuls/internal/engine"
	"github.com/klantpuls/klantpuls/internal/model"
)

// The predictive CLV in ClickHouse (metrics.md section 3): ClickHouse works out each
// customer's calibration summary — purchase days, the first and last of them, the amounts of
// the repeat days — from the orders up to the as-of day, the models are fitted in Go on those
// (model.FitSummaries), and a slot's figure is the mean model value of its buyers, as the
// engine's meanModelValue. Only the query's own period and its previous one get it: a series'
// buckets each end on another day and would need a fit each (engine.predictive).

// modelRow is one customer's summary as of the as-of day, and whether they are a buyer of the
// period's CLV window, in which group.
type modelRow struct {
	days        uint64 // purchase days up to the as-of day (x + 1)
	first, last uint32 // local day numbers (engine.DayNumber)
	spendDays   float64
	bought      bool
	slot        int // the buyer's slot; -1: no buyer of the plan's groups
}

// modelSQL reads every customer's summary as of the local day asOf: per customer the
// purchase days (the amounts of one local day summed; refunds are no purchase), and whether
// they bought (an order that is no refund) in [w, t). A customer not (yet) there buys in the
// group of the empty name and passes no filter, as the engine's CLV counts them.
func (p *plan) modelSQL(s *statement, asOf int, w, t uint32) string {
	d := s.bind(uint32(asOf))
	kept := "1"
	if len(p.filters) > 0 {
		kept = p.custKeep(s)
	}
	return join("SELECT days, first, last, spend_days, bought, kept, g FROM (",
		"SELECT customer_id, countIf(d <=", d, ") AS days, minIf(d, d <=", d, ") AS first, maxIf(d, d <=", d, ") AS last,",
		"arraySum(arrayMap(p -> tupleElement(p, 2), arraySlice(arraySort(groupArrayIf((d, s), d <=", d, ")), 2))) AS spend_days,",
		"max(in_window) AS bought FROM (",
		"SELECT customer_id, toUInt32(toDate(ordered_at,", s.bind(p.q.opts.Timezone.String()), ")) AS d, sum(amount) AS s,",
		"max(toUInt32(ordered_at) >=", s.bind(w), "AND toUInt32(ordered_at) <", s.bind(t), ") AS in_window FROM",
		p.table(cx.KindOrders, "customer_id, ordered_at, amount"), "WHERE ordered_at != 0 AND amount >= 0 GROUP BY customer_id, d)",
		"GROUP BY customer_id HAVING days > 0)",
		"ANY LEFT JOIN (SELECT id AS customer_id,", p.custGroup(s), "AS g,", kept, "AS kept FROM",
		p.table(cx.KindCustomers, "id, segment"), ") USING customer_id")
}

// modelRows reads the summaries of period k as of asOf.
func (p *plan) modelRows(ctx context.Context, k, asOf int) ([]modelRow, error) {
	s := &statement{}
	w, _ := engine.CLVWindow(p.Periods[k].From, p.Periods[k].To)
	sql := p.modelSQL(s, asOf, w, p.Periods[k].Hi)
	var r modelRow
	var bought, kept uint8
	var g string
	var out []modelRow
	err := p.each(ctx, "order summaries", sql, s, []any{&r.days, &r.first, &r.last, &r.spendDays, &bought, &kept, &g}, func() error {
		r.bought, r.slot = bought == 1, -1
		// A customer not (yet) there has no row to join (kept 0): kept only without a filter.
		if kept == 1 || len(p.filters) == 0 {
			r.slot = p.slot(k, g)
		}
		out = append(out, r)
		return nil
	})
	return out, err
}

// predictive is the predictive CLV by slot of the query's own period and its previous one:
// the mean model value over the horizon of the slot's buyers, nil where no buyer has one or
// the models cannot be fitted (too few repeat buyers, no maximum).
func (p *plan) predictive(ctx context.Context) ([]*float64, error) {
	out := make([]*float64, len(p.sets))
	if p.noMatch {
		return out, nil
	}
	o := p.q.opts
	now := time.Now()
	if o.Now != nil {
		now = o.Now()
	}
	months := o.HorizonMonths
	if months <= 0 {
		months = 12
	}
	for k := 0; k <= p.Own; k++ {
		version, count, err := p.q.db.ordersState(ctx)
		if err != nil {
			return nil, err
		}
		asOf := engine.ModelDay(p.Periods[k].To, now, o.Timezone)
		rows, err := p.modelRows(ctx, k, asOf)
		if err != nil {
			return nil, err
		}
		cs := make([]model.Customer, len(rows))
		for i, r := range rows {
			cs[i] = model.NewCustomer(uint32(i), int(r.days)-1, int(r.first), int(r.last), asOf, r.spendDays)
		}
		fit, err := p.q.fits.fit(fitKey{asOf, version, count}, cs)
		if err != nil {
			continue // no figure: too few repeat buyers, or no maximum
		}
		values := fit.Values(months, o.DiscountRateMonthly)
		sums, counts := map[int]float64{}, map[int]int{}
		for i, r := range rows {
			if !r.bought || r.slot < 0 {
				continue
			}
			if v := values.Of(cs[i]); !math.IsNaN(v) {
				sums[r.slot] += v
				counts[r.slot]++
			}
		}
		for slot, n := range counts {
			v := sums[slot] / float64(n)
			out[slot] = &v
		}
	}
	return out, nil
}
