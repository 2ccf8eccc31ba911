package engine

import (
	"context"
	"slices"
	"strings"
	"time"

	"github.com/klantpuls/klantpuls/internal/metric"
)

// Querier answers report queries: the in-memory engine (Engine.Answer), or ClickHouse's
// querier (clickhouse.Querier) for installations past one machine's memory (issue 18). Both
// give the same Result for the same records; app picks one by [engine] kind.
type Querier interface {
	Answer(ctx context.Context, q Query) (*Result, error)
}

// Answer is Query behind the Querier interface: the in-memory engine needs no context.
func (e *Engine) Answer(_ context.Context, q Query) (*Result, error) { return e.Query(q) }

// Plan is a query's periods as the engine makes them, for a querier outside the engine: the
// previous period (when asked) and the query's own on one row, the buckets (when a Step is
// asked) on a second. Each record of a part is counted in the period of each row its instant
// falls in, exactly as run.periodsOf places it.
type Plan struct {
	Query   Query
	Periods []PlanPeriod
	Own     int        // the query's own period: 1 with a previous period, else 0
	Lines   []PlanLine // one or two rows of back-to-back periods
	rows    []timeline // Lines as the engine's runs look instants up in them
}

// PlanPeriod is one period: as asked, and as the Unix seconds [Lo, Hi) an instant is compared
// with (clamped as the engine's instants are, so an absent instant, 0, is in none).
type PlanPeriod struct {
	From, To time.Time
	Lo, Hi   uint32
}

// PlanLine is a row of back-to-back periods: period j of the row, [Bounds[j], Bounds[j+1]),
// is the plan's period First+j.
type PlanLine struct {
	Bounds []uint32
	First  int
}

// NewPlan checks q as Engine.Query does and makes its periods, the buckets in loc (the
// account time zone).
func NewPlan(q Query, loc *time.Location) (*Plan, error) {
	if err := q.checkPeriods(); err != nil {
		return nil, err
	}
	var buckets []time.Time
	if q.Step != NoStep {
		var err error
		if buckets, err = q.Step.bounds(q.From, q.To, loc); err != nil {
			return nil, err
		}
	}
	return layout(q, buckets), nil
}

// layout lays out q's periods as both queriers number them: the previous period (when asked)
// and the query's own on one row, the given buckets on a second.
func layout(q Query, buckets []time.Time) *Plan {
	p := &Plan{Query: q}
	own := []time.Time{q.From, q.To}
	if !q.PreviousFrom.IsZero() {
		own = []time.Time{q.PreviousFrom, q.From, q.To}
	}
	for _, bounds := range [][]time.Time{own, buckets} {
		if len(bounds) < 2 {
			continue
		}
		l := PlanLine{First: len(p.Periods)}
		for i, b := range bounds {
			l.Bounds = append(l.Bounds, clampInstant(b))
			if i > 0 {
				p.Periods = append(p.Periods, PlanPeriod{From: bounds[i-1], To: b,
					Lo: clampInstant(bounds[i-1]), Hi: clampInstant(b)})
			}
		}
		p.Lines = append(p.Lines, l)
		p.rows = append(p.rows, newTimeline(l.Bounds, l.First))
	}
	p.Own = len(own) - 2
	return p
}

// PeriodsOf lists the periods instant t falls in, one a row at most (run.periodsOf's rule).
func (p *Plan) PeriodsOf(t uint32) []int {
	var ks []int
	for i := range p.rows {
		if k := p.rows[i].at(t); k >= 0 {
			ks = append(ks, k)
		}
	}
	return ks
}

// Bounds are the instants the plan's rows cover together: [lo, hi).
func (p *Plan) Bounds() (lo, hi uint32) {
	lo, hi = p.Lines[0].Bounds[0], p.Lines[0].Bounds[len(p.Lines[0].Bounds)-1]
	for _, l := range p.Lines[1:] {
		lo, hi = min(lo, l.Bounds[0]), max(hi, l.Bounds[len(l.Bounds)-1])
	}
	return lo, hi
}

// Wants tells whether the query asks for part p (no parts asked: every part).
func (q Query) Wants(p Part) bool { return q.wants(p) }

// Filters are the query's filter conditions that hold anything: a dimension with a value.
func (q Query) Filters() map[Dim]string {
	out := map[Dim]string{}
	for d, v := range q.Filter {
		if v != "" && d != ByNone {
			out[d] = v
		}
	}
	return out
}

// AsksCustomers tells whether q asks for customer metrics it can have: customers know
// segments only (metrics.md section 0), so a split or filter by another dimension has none.
func (q Query) AsksCustomers() bool {
	return (q.wants(PartCustomers) || q.wants(PartChurn)) && q.OnlyDims(BySegment)
}

// AsksQuality tells whether q asks for IQS and can have it: reviews know agents only.
func (q Query) AsksQuality() bool { return q.wants(PartQuality) && q.OnlyDims(ByAgent) }

// OnlyDims tells whether the split and every filter use only the given dimensions: customer
// metrics know segments only, IQS agents only, mentions nothing (metrics.md section 0). The
// rule of run.onlyDims, for a querier that has no run.
func (q Query) OnlyDims(allowed ...Dim) bool {
	ok := func(d Dim) bool { return d == ByNone || slices.Contains(allowed, d) }
	if !ok(q.By) {
		return false
	}
	for d := range q.Filters() {
		if !ok(d) {
			return false
		}
	}
	return true
}

// Result assembles the answer from sets and seen flags indexed as a run's are (period·len(keys)
// + group), as run.result does. keys are the groups' shown names (keys[0] the group of records
// without a value); an unsplit query has one group, always present.
func (p *Plan) Result(keys []string, sets []metric.Set, seen []bool) *Result {
	return assemble(p.Query.By, p.Own, len(p.Periods), func(k int) (time.Time, time.Time) { return p.Periods[k].From, p.Periods[k].To },
		len(keys), func(g int) string { return keys[g] }, sets, seen)
}

// assemble is the answer of a query's nPeriods periods (the previous one first when own > 0,
// the query's own at own, the buckets after it, each from..to of bounds) from sets and seen
// flags indexed period·n + group: per period the groups with data, sorted by their key, or the
// one group of an unsplit query.
func assemble(by Dim, own, nPeriods int, bounds func(k int) (from, to time.Time), n int, key func(g int) string,
	sets []metric.Set, seen []bool) *Result {
	groups := func(k int) []Group {
		if by == ByNone {
			return []Group{{Metrics: sets[k*n]}}
		}
		var out []Group
		for g := range n {
			if seen[k*n+g] {
				key := key(g)
				out = append(out, Group{Key: &key, Metrics: sets[k*n+g]})
			}
		}
		slices.SortFunc(out, func(a, b Group) int { return strings.Compare(*a.Key, *b.Key) })
		return out
	}
	res := &Result{Groups: groups(own)}
	if own > 0 {
		res.Previous = groups(0)
	}
	for k := own + 1; k < nPeriods; k++ {
		from, to := bounds(k)
		res.Buckets = append(res.Buckets, Bucket{From: from, To: to, Groups: groups(k)})
	}
	return res
}

// Easy turns a CES answer into the "high = easy" direction and tells whether it is on the easy
// side: above the middle of the scale (metrics.md section 1).
func (s CESScale) Easy(score int) (x int, easy bool) {
	x = easyScore(s, score)
	return x, 2*x > s.Min+s.Max
}
