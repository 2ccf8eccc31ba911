package engine

import (
	"math"
	"sync"
	"time"

	"github.com/klantpuls/klantpuls/internal/metric"
)

// run is one query in progress: the engine under a read lock, the periods asked for, the
// dimension and per-period, per-group accumulators that each part of the query fills.
//
// The periods lie on at most two rows of back-to-back periods (timelines): the previous
// period and the query's own, then the buckets. An instant falls in at most one period of a
// row, so each record is looked up once per row and added where it belongs: one pass over the
// columns answers every period.
type run struct {
	e        *Engine
	q        Query
	lines    []timeline
	periods  []period
	whole    int // the query's own period
	nGroups  int
	s        *scratch
	filters  []condition  // the query's filter as dimension values
	seen     []bool       // per period and group (period·nGroups + group): the group has data
	sets     []metric.Set // per period and group, indexed as seen
	muSeen   sync.Mutex
	jobs     []func(*metric.SelectScratch) // summaries to run after the scans
	muJobs   sync.Mutex
	collect  *collector      // a drill-down's (drill.go); nil for a report
	only     map[string]bool // Query.Metrics; nil: every metric
	headline bool            // Query.Headline, of Metrics
	figs     serviceFigures  // what the service pass looks up and gathers (metrics.go)
	voices   bool            // the NPS is asked: the survey pass finds each customer's latest answer
}

// period is one period of a run: its bounds in Unix seconds (span) and as asked.
type period struct {
	span
	start, end time.Time
	days       float64 // calendar days: a period across a DST change is still whole days
}

func newPeriod(from, to time.Time) period {
	return period{start: from, end: to, span: span{clampInstant(from), clampInstant(to)}, days: CalendarDays(from, to)}
}

func clampInstant(t time.Time) uint32 {
	return uint32(max(1, min(t.Unix(), math.MaxUint32)))
}

// newRun prepares a query of q's period, its previous period when asked, and the buckets
// whose bounds are given (none: no series).
func (e *Engine) newRun(q Query, buckets []time.Time) *run {
	r := &run{e: e, q: q, only: metricSet(q.Metrics), headline: q.Headline && q.Metrics != nil}
	p := layout(q, buckets)
	for _, pp := range p.Periods {
		r.periods = append(r.periods, newPeriod(pp.From, pp.To))
	}
	r.lines = p.rows
	r.whole = p.Own
	r.nGroups = 1
	if q.By != ByNone {
		r.nGroups = e.dimNames(q.By).len()
	}
	r.filters = e.conditions(q.Filter)
	r.s = e.getScratch()
	r.seen = make([]bool, len(r.periods)*r.nGroups)
	r.sets = make([]metric.Set, len(r.periods)*r.nGroups)
	r.figs, r.voices = r.serviceFigures(), r.shows("nps")
	e.passes.Add(1)
	return r
}

// conditions is filter as dimension values; the caller holds the read lock.
func (e *Engine) conditions(filter map[Dim]string) []condition {
	var out []condition
	for d, v := range filter {
		if v == "" || d == ByNone {
			continue
		}
		id, ok := e.dimNames(d).find(v)
		if !ok {
			id = noName // a value no record has: nothing passes
		}
		out = append(out, condition{d, id})
	}
	return out
}

// filterRun is a run that only tells which records filter keeps (responseKept and its kin),
// for a pick outside a query; nil without a filter. The caller holds the read lock.
func (e *Engine) filterRun(filter map[Dim]string) *run {
	conds := e.conditions(filter)
	if conds == nil {
		return nil
	}
	return &run{e: e, filters: conds}
}

// bounds are the instants the run's rows cover together: [lo, hi).
func (r *run) bounds() (lo, hi uint32) {
	lo, hi = math.MaxUint32, 0
	for _, l := range r.lines {
		lo, hi = min(lo, l.bounds[0]), max(hi, l.bounds[len(l.bounds)-1])
	}
	return lo, hi
}

// span is the query's own period.
func (r *run) span() span { return r.periods[r.whole].span }

// periodsOf gives the periods that hold instant t, one per row (-1 where a row has none),
// and whether there is any.
func (r *run) periodsOf(t uint32) (ks [2]int, in bool) {
	ks = [2]int{-1, -1}
	for i := range r.lines {
		ks[i] = r.lines[i].at(t)
		in = in || ks[i] >= 0
	}
	return ks, in
}

// slot is where period k and group g accumulate (in sets, seen and every per-group counter),
// or -1 when t fell in no period.
func (r *run) slot(k int, g uint16) int {
	if k < 0 {
		return -1
	}
	return k*r.nGroups + int(g)
}

// markSeen records that groups hold data; called once per part with that part's flags.
func (r *run) markSeen(seen []bool) {
	r.muSeen.Lock()
	defer r.muSeen.Unlock()
	for i, s := range seen {
		r.seen[i] = r.seen[i] || s
	}
}

// result turns the accumulated sets into the answer's groups.
func (r *run) result() *Result {
	names := func(g int) string { return "" }
	if r.q.By != ByNone {
		d := r.e.dimNames(r.q.By)
		names = func(g int) string { return d.name(uint16(g)) }
	}
	return assemble(r.q.By, r.whole, len(r.periods), func(k int) (time.Time, time.Time) { return r.periods[k].start, r.periods[k].end },
		r.nGroups, names, r.sets, r.seen)
}
