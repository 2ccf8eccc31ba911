package clickhouse

import (
	"context"
	"fmt"
	"math"
	"time"

	"github.com/klantpuls/klantpuls/internal/model"
)

// The predictive CLV in ClickHouse (metrics.md section 3): ClickHouse works out each
// customer's calibration summary — repeat purchase days x, first and last purchase day, the
// amounts of the repeat days — from the orders up to the as-of day, the models are fitted in
// Go on those (model.FitSummaries), and a slot's figure is the mean model value of its buyers,
// as the engine's meanModelValue.

// modelAsk is one period's predictive CLV: its CLV window [window, to) that makes a buyer, the
// as-of day of the models (engine.ModelDay), the horizon and the discount.
type modelAsk struct {
	window, to  uint32
	asOf        int // a local day number (engine.DayNumber)
	months      int
	discount    float64
	location    *time.Location
	segmentAsk  *custAsk
	fitForError func(error) // told why there is no fit (nil: not told)
}

// modelRow is one customer's summary as of the as-of day, and whether they are a buyer of the
// window in a group.
type modelRow struct {
	days         uint64 // purchase days up to the as-of day (x + 1)
	first, last  int
	spendDays    float64
	bought, kept bool
	group        string
}

// modelRows reads every customer's summary as of m.asOf: per customer the purchase days (the
// amounts of one local day summed; refunds are no purchase), and whether they bought (an order
// that is no refund) in the window. Customers not (yet) there buy in the group ”, as the
// engine's CLV counts them.
func (db *DB) modelRows(ctx context.Context, m modelAsk) ([]modelRow, error) {
	a := m.segmentAsk
	keep, args := a.filterSQL("segment")
	q := fmt.Sprintf(`SELECT days, first, last, spend_days, bought, kept, g FROM (
		SELECT customer_id, countIf(d <= ?) AS days, minIf(d, d <= ?) AS first, maxIf(d, d <= ?) AS last,
			arraySum(arrayMap(p -> tupleElement(p, 2), arraySlice(arraySort(groupArrayIf((d, s), d <= ?)), 2))) AS spend_days,
			max(in_window) AS bought
		FROM (SELECT customer_id, toUInt32(toDate(ordered_at, ?)) AS d, sum(amount) AS s,
				max(toUInt32(ordered_at) >= ? AND toUInt32(ordered_at) < ?) AS in_window
			FROM %s.orders FINAL WHERE deleted = 0 AND ordered_at != 0 AND amount >= 0 GROUP BY customer_id, d)
		GROUP BY customer_id HAVING days > 0)
		ANY LEFT JOIN (SELECT id AS customer_id, %s AS g, %s AS kept FROM %s.customers FINAL WHERE deleted = 0) USING customer_id`,
		db.name, a.groupSQL("segment"), keep, db.name)
	asOf := uint32(m.asOf)
	all := append([]any{asOf, asOf, asOf, asOf, m.location.String(), m.window, m.to}, args...)
	rows, err := db.conn.Query(ctx, q, all...)
	if err != nil {
		return nil, fmt.Errorf("clickhouse: unable to summarize the orders for the models: %w", err)
	}
	defer rows.Close()
	var out []modelRow
	for rows.Next() {
		var r modelRow
		var first, last uint32
		var bought, kept uint8
		if err := rows.Scan(&r.days, &first, &last, &r.spendDays, &bought, &kept, &r.group); err != nil {
			return nil, fmt.Errorf("clickhouse: unable to read the order summaries: %w", err)
		}
		r.first, r.last = int(first), int(last)
		// A customer not (yet) there has no row to join: kept only without a filter.
		r.bought, r.kept = bought == 1, kept == 1 || !a.filtered
		out = append(out, r)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("clickhouse: unable to read the order summaries: %w", err)
	}
	return out, nil
}

// predictive is the predictive CLV of each group of one period: the mean model value of the
// group's buyers of the window over the horizon, nil where no buyer has one or the models
// cannot be fitted (too few repeat buyers, no maximum).
// The fit comes from cache when it holds the fit of this as-of day and state of the orders.
func (db *DB) predictive(ctx context.Context, m modelAsk, cache *fitCache) (map[string]*float64, error) {
	version, count, err := db.ordersState(ctx)
	if err != nil {
		return nil, err
	}
	rows, err := db.modelRows(ctx, m)
	if err != nil {
		return nil, err
	}
	cs := make([]model.Customer, len(rows))
	for i, r := range rows {
		cs[i] = model.NewCustomer(uint32(i), int(r.days)-1, r.first, r.last, m.asOf, r.spendDays)
	}
	out := map[string]*float64{}
	fit, err := cache.fit(fitKey{m.asOf, version, count}, cs)
	if err != nil {
		if m.fitForError != nil {
			m.fitForError(err)
		}
		return out, nil
	}
	values := fit.Values(m.months, m.discount)
	sums, counts := map[string]float64{}, map[string]int{}
	for i, r := range rows {
		if !r.bought || !r.kept {
			continue
		}
		if v := values.Of(cs[i]); !math.IsNaN(v) {
			sums[r.group] += v
			counts[r.group]++
		}
	}
	for g, n := range counts {
		v := sums[g] / float64(n)
		out[g] = &v
	}
	return out, nil
}
