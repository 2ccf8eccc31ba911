package clickhouse

import (
	"context"
	"fmt"
	"math"

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

// summariesSQL reads every customer's summary as of the local day asOf: per customer the
// purchase days up to it (the days with an order that is no refund), the first and last of
// them and the Σ amount of the repeat days (all but the first), each day's amount its orders
// less the refunds dated from it until the next purchase day (model.Summarize's rule: a refund
// reduces the latest purchase on or before it, a refund before the first purchase nothing),
// each day's amounts summed, then the days in day order, as model.Summarize sums them (the
// fit follows the last bits of its input: the demo year's predictive CLV moves at 1e-7 when the
// orders are summed in one run). One GROUP BY, by customer: their orders as (day, amount)
// pairs, sorted, and each purchase day's amounts summed by array functions; grouping by
// customer and day first held a hash entry per purchase day (at 5M orders 1.26 GiB and
// 5.6–6.7 s here, against 0.53 GiB and 2.7 s). The orders' copy by customer has the pairs of
// most customers at hand (copies_orders.go). A lambda of 18.16 sees no column but its
// arguments: the customer's arrays come as arrays of them, one a purchase day. Every customer
// with orders counts, whatever the query's filter: the models are fitted on all of them, as
// the engine's are.
func (p *plan) summariesSQL(s *statement, asOf int) string {
	d := s.bind(uint32(asOf))
	// Each customer's orders up to the end of the day (clvOrderArrays: from the orders' copy by
	// customer when there is one) as (day, amount) pairs, refunds too, sorted.
	pairs := join("SELECT customer_id, arraySort(arrayFilter(p -> tupleElement(p, 1) <=", d,
		", arrayMap((a, x) -> (toUInt32(", p.localDaySQL(s, "a"), "), x), oats, oamounts))) AS ps FROM (",
		p.clvOrderArrays(s, p.q.opts.DefaultGrossMargin, p.midnight(int32(asOf)+1)), ")")
	// A purchase day u's amount: the pairs from u to the next purchase day (vs: the days after,
	// and a day after every day for the last).
	daySums := "arrayMap((u, v, xr, dr) -> arraySum(arrayFilter((x, e) -> e >= u AND e < v, xr, dr)), us, " +
		"arrayPushBack(arrayPopFront(us), toUInt32(4294967295)), arrayResize([xs], length(us), xs), arrayResize([ds], length(us), ds))"
	return join("SELECT customer_id, length(us) AS days, us[1] AS first, us[-1] AS last,",
		"arraySum(arraySlice(", daySums, ", 2)) AS spend_days FROM (SELECT customer_id, xs, ds,",
		"arrayDistinct(arrayFilter((e, x) ->", noRefund("x"), ", ds, xs)) AS us FROM (",
		"SELECT customer_id, arrayMap(p -> tupleElement(p, 1), ps) AS ds, arrayMap(p -> tupleElement(p, 2), ps) AS xs FROM (",
		pairs, ") WHERE arrayExists(p ->", noRefund("tupleElement(p, 2)"), ", ps)))",
		// The models' order of distinct summaries (x, t_x, T: model.InFitOrder, which
		// TestSummariesInFitOrder holds this to), so the fit counts them without a sorted copy
		// of a million.
		"ORDER BY days, last - first, first DESC")
}

// modelValues fits the models as of asOf and works out every customer's value over the
// horizon, by customer id; nil when the models cannot be fitted (too few repeat buyers, no
// maximum) or a customer's value cannot be worked out.
func (p *plan) modelValues(ctx context.Context, asOf int) (*customerValues, error) {
	return p.q.fits.values(fitKey{asOf, p.positions[cx.KindOrders]}, func() (*customerValues, error) {
		cs, ids, err := p.summaries(ctx, asOf)
		if err != nil {
			return nil, err
		}
		fit, err := model.FitSummaries(cs)
		if err != nil {
			return nil, nil // no figure: too few repeat buyers, or no maximum
		}
		o := p.q.opts
		months := o.HorizonMonths
		if months <= 0 {
			months = 12
		}
		values := fit.ValuesInOrder(months, o.DiscountRateMonthly) // the summaries' order (summariesSQL)
		vs := make([]float64, len(cs))
		for i, c := range cs {
			vs[i] = values.Of(c)
			if math.IsNaN(vs[i]) {
				// A series that did not settle: a mean over the other buyers would be
				// another figure, so there is none (as the engine's fitEntry.unknown).
				return nil, nil
			}
		}
		return newCustomerValues(ids, vs), nil
	})
}

// summaries reads the customers' order summaries as of asOf, numbered in the order they come
// (sorted by ID, as model.FitSummaries wants them) and in the models' order of distinct
// summaries (model.InFitOrder), with their ids.
func (p *plan) summaries(ctx context.Context, asOf int) ([]model.Customer, *idList, error) {
	n, idBytes, err := p.buyersAbout(ctx)
	if err != nil {
		return nil, nil, err
	}
	s := &statement{}
	sql := p.summariesSQL(s, asOf)
	ids := idList{bytes: make([]byte, 0, idBytes), ends: make([]uint32, 0, n)}
	cs := make([]model.Customer, 0, n)
	var id string
	var days uint64
	var first, last uint32
	var spend float64
	err = p.each(ctx, "order summaries", sql, s, []any{&id, &days, &first, &last, &spend}, func() error {
		cs = append(cs, model.NewCustomer(uint32(len(cs)), int(days)-1, int(first), int(last), asOf, spend))
		ids.add(id)
		return nil
	})
	return cs, &ids, err
}

// buyersAbout is about how many customers have orders and how many bytes their ids take, a
// little over rather than under: the capacity of a fit's summaries. Grown by appending, a million
// summaries (40 MB) and their ids held the array they outgrew beside the new one, and that was
// the peak of a ClickHouse-mode node's memory (issue 18 point 3). ClickHouse's uniq is within a
// few per cent; every version of an order is counted (no FINAL), which only adds. With the
// orders' copy by customer (a row a buyer at its snapshot) it counts the copy's rows instead of
// reading every order (0.6 s at 5M orders): the buyers since the snapshot are few, and under
// the capacity a summary is appended all the same.
func (p *plan) buyersAbout(ctx context.Context) (n, idBytes int, err error) {
	var about uint64
	var length float64
	sql := fmt.Sprintf("SELECT uniq(customer_id), avg(length(customer_id)) FROM %s.%s", p.q.db.name, cx.KindOrders)
	if snap := p.copied[cx.KindOrders]; snap != 0 {
		sql = fmt.Sprintf("SELECT count(), avg(length(customer_id)) FROM %s.%s", p.q.db.name, copyName(cx.KindOrders, snap))
	}
	err = p.each(ctx, "order summaries", sql, &statement{}, []any{&about, &length}, func() error { return nil })
	if err != nil || about == 0 {
		return 0, 0, err
	}
	n = int(about + about/16)
	return n, int(float64(n) * (length + 1)), nil
}

// buyersSQL lists the buyers of period k's CLV window — customers with an order in it that is
// no refund — with their group; a customer not (yet) there buys in the group of the empty name
// and passes no filter, as the engine's CLV counts them.
func (p *plan) buyersSQL(s *statement, k int) string {
	buyers := join("SELECT DISTINCT customer_id FROM", p.table(cx.KindOrders, "customer_id, ordered_at, amount"),
		"WHERE", noRefund("amount"), "AND", inWindow("toUInt32(ordered_at)", s.bind(p.windowStarts()[k]), s.bind(p.Periods[k].Hi)))
	if p.Query.By == engine.ByNone && len(p.filters) == 0 {
		return join("SELECT customer_id, '' FROM (", buyers, ")") // no group, no filter: no customers to read
	}
	how := "ANY LEFT JOIN"
	if len(p.filters) > 0 {
		how = "ANY INNER JOIN"
	}
	return join("SELECT customer_id, g FROM (", buyers, ")", how, "(", p.customersSQL(s), ") USING customer_id")
}

// predictive is the predictive CLV by slot of the query's own period and its previous one:
// the mean model value over the horizon of the slot's buyers as of the period's model day,
// nil where no buyer has one or the models cannot be fitted.
func (p *plan) predictive(ctx context.Context) ([]*float64, error) {
	out := make([]*float64, len(p.sets))
	if p.noMatch {
		return out, nil
	}
	now := p.q.now()
	for k := 0; k <= p.Own; k++ {
		values, err := p.modelValues(ctx, engine.ModelDay(p.Periods[k].To, now, p.q.opts.Timezone))
		if err != nil {
			return nil, err
		}
		if values == nil {
			continue
		}
		sums, counts := make([]float64, len(p.sets)), make([]int, len(p.sets))
		s := &statement{}
		var id, g string
		err = p.each(ctx, "CLV buyers", p.buyersSQL(s, k), s, []any{&id, &g}, func() error {
			// A buyer whose first order is of today has no value yet: the models observe
			// up to yesterday.
			if v, ok := values.of(id); ok {
				if slot := p.slot(k, g); slot >= 0 {
					sums[slot] += v
					counts[slot]++
				}
			}
			return nil
		})
		if err != nil {
			return nil, err
		}
		for slot, n := range counts {
			if n > 0 {
				v := sums[slot] / float64(n)
				out[slot] = &v
			}
		}
	}
	return out, nil
}
