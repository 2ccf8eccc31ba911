package clickhouse

import (
	"context"

	"github.com/klantpuls/klantpuls/internal/cx"
	"github.com/klantpuls/klantpuls/internal/engine"
	"github.com/klantpuls/klantpuls/internal/metric"
)

// custOptions are the account's settings the customer metrics read (engine.Options).
type custOptions struct {
	defaultMargin, lifespanYears float64
	engagement                   []metric.Weighted // configured kinds; none: every kind weighs 1
}

// custFigures are the customer part's counts and sums of every slot of one query.
type custFigures struct {
	base    map[custSlot]*baseFigures
	clv     map[custSlot]*clvFigures // nil: the CLV was not asked for
	engaged map[custSlot]map[string]int
	kinds   []metric.Weighted
	// counted is the name key whose count each kind takes: "" for a kind a later one of the
	// same name takes the count of, as the engine's lookup of kinds by name does.
	counted       []string
	days          []float64 // calendar days of each period's CLV window
	lifespanYears float64
}

// customers runs the customer part's queries: the base always (churn, retention, referral),
// with clv the CLV's sums and the engagement too (engine.PartCustomers).
func (db *DB) customers(ctx context.Context, a *custAsk, o custOptions, days []float64, clv bool) (*custFigures, error) {
	f := &custFigures{days: days, lifespanYears: o.lifespanYears}
	var err error
	if f.base, err = db.customerBase(ctx, a); err != nil || !clv {
		return f, err
	}
	if f.clv, err = db.lifetimeSums(ctx, a, o.defaultMargin); err != nil {
		return nil, err
	}
	var known []string
	if len(o.engagement) == 0 {
		shown, err := db.eventKinds(ctx)
		if err != nil {
			return nil, err
		}
		for _, s := range shown {
			known = append(known, s)
		}
	}
	f.kinds = engine.EngagementKinds(o.engagement, known)
	f.counted = make([]string, len(f.kinds))
	last := map[string]int{}
	for j, k := range f.kinds {
		last[cx.NameKey(k.Kind)] = j
	}
	var keys []string
	for key, j := range last {
		f.counted[j] = key
		keys = append(keys, key)
	}
	f.engaged, err = db.engagementCounts(ctx, a, keys)
	return f, err
}

// fill sets slot s's customer metrics in m with the engine's constructors and tells whether
// the slot has customer data (a base, a buyer, an active customer): whether its group is shown.
func (f *custFigures) fill(s custSlot, m *metric.Set) bool {
	b := f.base[s]
	if b == nil {
		b = &baseFigures{}
	}
	churn := metric.NewChurn(b.start, b.lost, b.acquired, b.newLost)
	retention := metric.NewRetention(b.start, b.end, b.acquired)
	referral := metric.NewReferral(b.referred, b.acquired)
	m.Churn, m.Retention, m.Referral = &churn, &retention, &referral
	seen := b.start > 0 || b.end > 0 || b.acquired > 0
	if f.clv == nil {
		return seen
	}
	c := f.clv[s]
	if c == nil {
		c = &clvFigures{}
	}
	clv := metric.NewCLV(metric.CLVInput{Revenue: c.revenue, Orders: c.orders, Buyers: c.buyers, Days: f.days[s.period],
		MarginSum: c.marginSum, LifespanYears: f.lifespanYears, Churn: metric.NewChurn(b.windowStart, b.windowLost, 0, 0)})
	m.CLV = &clv
	w := make([]metric.Weighted, len(f.kinds))
	for j, k := range f.kinds {
		w[j] = metric.Weighted{Kind: k.Kind, Weight: k.Weight}
		if key := f.counted[j]; key != "" {
			w[j].Active = f.engaged[s][key]
			seen = seen || w[j].Active > 0
		}
	}
	en := metric.NewEngagement(w, churn.End)
	m.Engagement = &en
	return seen || c.buyers > 0
}
