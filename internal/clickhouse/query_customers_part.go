package clickhouse

import (
	"context"

	"github.com/klantpuls/klantpuls/internal/engine"
	"github.com/klantpuls/klantpuls/internal/metric"
)

// baseFigures are one slot's counts of the customer base (metrics.md section 3), and of the
// base over its CLV window, whose churn the lifespan rests on.
type baseFigures struct {
	start, end, lost, acquired, newLost, referred int
	windowStart, windowLost                       int
}

// clvFigures are one slot's sums for the CLV over its window W.
type clvFigures struct {
	revenue, marginSum float64
	orders, buyers     int
}

// customers computes churn, retention and referral, and with PartCustomers the CLV (its
// predictive form with PartModel) and engagement, of every slot of the plan.
func customers(ctx context.Context, p *plan) error {
	f := customerFigures{base: make([]baseFigures, len(p.sets))}
	full := p.Query.Wants(engine.PartCustomers)
	// The statements run at once, as the parts do (together): the CLV's is the longest.
	runs := []func() error{func() error { return p.readBase(ctx, f.base) }}
	if full {
		f.clv = make([]clvFigures, len(p.sets))
		runs = append(runs, func() error { return p.readLifetime(ctx, f.clv) }, func() (err error) {
			f.kinds, f.active, err = p.readEngagement(ctx)
			return err
		})
		if p.Query.Wants(engine.PartModel) {
			runs = append(runs, func() (err error) {
				f.predictive, err = p.predictive(ctx)
				return err
			})
		}
	}
	if err := together(runs...); err != nil {
		return err
	}
	f.fill(p)
	return nil
}

// customerFigures are what the customers part's statements read, by slot: clv, kinds and
// active only with PartCustomers, predictive only with PartModel.
type customerFigures struct {
	base       []baseFigures
	clv        []clvFigures
	kinds      []metric.Weighted
	active     [][]int // by slot, by kind
	predictive []*float64
}

// fill makes each slot's metrics from its figures with the engine's constructors and marks
// the slots with customer data: a base, a buyer, an active customer.
func (f *customerFigures) fill(p *plan) {
	days := make([]float64, len(p.Periods)) // of each period's CLV window
	for k, pp := range p.Periods {
		_, days[k] = engine.CLVWindow(pp.From, pp.To)
	}
	for k := range p.sets {
		b, m := &f.base[k], &p.sets[k]
		churn := metric.NewChurn(b.start, b.lost, b.acquired, b.newLost)
		retention := metric.NewRetention(b.start, b.end, b.acquired)
		referral := metric.NewReferral(b.referred, b.acquired)
		m.Churn, m.Retention, m.Referral = &churn, &retention, &referral
		seen := b.start > 0 || b.end > 0 || b.acquired > 0
		if f.clv != nil {
			c := &f.clv[k]
			value := metric.NewCLV(metric.CLVInput{Revenue: c.revenue, Orders: c.orders, Buyers: c.buyers,
				Days: days[k/len(p.keys)], MarginSum: c.marginSum, LifespanYears: p.q.opts.LifespanYears,
				Churn: metric.NewChurn(b.windowStart, b.windowLost, 0, 0)})
			if f.predictive != nil {
				value.Predictive = f.predictive[k]
			}
			m.CLV = &value
			w := make([]metric.Weighted, len(f.kinds))
			for j, kind := range f.kinds {
				w[j] = metric.Weighted{Kind: kind.Kind, Active: f.active[k][j], Weight: kind.Weight}
				seen = seen || w[j].Active > 0
			}
			en := metric.NewEngagement(w, churn.End)
			m.Engagement = &en
			seen = seen || c.buyers > 0
		}
		if seen {
			p.mark(k)
		}
	}
}

// readBase reads the base's counts into base, by slot.
func (p *plan) readBase(ctx context.Context, base []baseFigures) error {
	if p.noMatch {
		return nil
	}
	s := &statement{}
	sql := p.baseSQL(s)
	var k uint32
	var g string
	var n [8]uint64
	return p.each(ctx, "customer base", sql, s, []any{&k, &g, &n[0], &n[1], &n[2], &n[3], &n[4], &n[5], &n[6], &n[7]}, func() error {
		if slot := p.slot(int(k), g); slot >= 0 {
			base[slot] = baseFigures{start: int(n[0]), end: int(n[1]), lost: int(n[2]), acquired: int(n[3]),
				newLost: int(n[4]), referred: int(n[5]), windowStart: int(n[6]), windowLost: int(n[7])}
		}
		return nil
	})
}

// readLifetime reads the CLV's sums into clv, by slot.
func (p *plan) readLifetime(ctx context.Context, clv []clvFigures) error {
	if p.noMatch {
		return nil
	}
	if len(p.Periods) > fewPeriods {
		if ok, err := p.readLifetimeRanges(ctx, clv); ok || err != nil {
			return err
		}
	}
	s := &statement{}
	sql := p.lifetimeSQL(s, p.q.opts.DefaultGrossMargin)
	var k uint32
	var g string
	var revenue, margins float64
	var orders, buyers uint64
	return p.each(ctx, "CLV orders", sql, s, []any{&k, &g, &revenue, &orders, &buyers, &margins}, func() error {
		if slot := p.slot(int(k), g); slot >= 0 {
			clv[slot] = clvFigures{revenue: revenue, marginSum: margins, orders: int(orders), buyers: int(buyers)}
		}
		return nil
	})
}

// readEngagement reads the kinds engagement is computed over (engine.EngagementKinds: the
// configured ones, else every kind shipped) and, by slot and kind, the customers active with
// that kind. A configured kind is found as the engine finds it, by name: two configured
// spellings of one kind count it once, in the last of them.
func (p *plan) readEngagement(ctx context.Context) ([]metric.Weighted, [][]int, error) {
	names := p.dims[eventKinds] // read with the plan (newPlan)
	kinds := engine.EngagementKinds(p.q.opts.Engagement, names.shown[1:])
	pos := map[string]int{} // by shown name
	for j, k := range kinds {
		if shown, ok := names.find(k.Kind); ok {
			pos[shown] = j
		}
	}
	active := make([][]int, len(p.sets))
	for k := range active {
		active[k] = make([]int, len(kinds))
	}
	if p.noMatch || len(kinds) == 0 {
		return kinds, active, nil
	}
	s := &statement{}
	sql := p.engagementSQL(s)
	var k uint32
	var g, kind string
	var n uint64
	err := p.each(ctx, "engagement", sql, s, []any{&k, &g, &kind, &n}, func() error {
		j, ok := pos[kind]
		if slot := p.slot(int(k), g); slot >= 0 && p.known(kind) && ok {
			active[slot][j] = int(n)
		}
		return nil
	})
	return kinds, active, err
}
