package engine

import (
	"math"
	"slices"
	"sort"
	"sync"
	"time"

	"github.com/klantpuls/klantpuls/internal/calendar"
	"github.com/klantpuls/klantpuls/internal/cx"
	"github.com/klantpuls/klantpuls/internal/metric"
	"github.com/klantpuls/klantpuls/internal/nameorder"
)

// The first-response target (metrics.md section 2, "SLA") is asked three ways: the period's
// rate per team (SLA), the same per week or day (SLASeries) and the tickets behind the
// breached count (Breaches). All three walk the due tickets with eachDue and judge each with
// slaDue, so a rate and its list cannot disagree.

// slaDue is the rule of one ticket: it falls due when the team's target has passed in the
// team's business hours after its creation, and it is breached when it has no first reply by
// then (answered later, or not yet).
func (e *Engine) slaDue(t uint32, target int64) (due int64, breached bool) {
	due = e.calendarOf(e.tickets.team[t]).AddBusinessSeconds(int64(e.tickets.created[t]), target)
	return due, e.breachedBy(t, due)
}

// breachedBy is slaDue's judgement of ticket t, due at due.
func (e *Engine) breachedBy(t uint32, due int64) bool {
	fr := e.tickets.firstReply[t]
	return fr == noTime || int64(fr) > due
}

// overTarget is breachedBy's judgement of answered ticket t from its first reply's business
// seconds biz, without the walk through the calendar that slaDue takes: more than the target
// is after the due instant and less is before it; at the target the reply may still be after
// it — a reply after hours, when the business clock stood at the target since closing time —
// and only then is the due instant worked out. One rule for the SLA page and Why's driver.
func (e *Engine) overTarget(t uint32, biz, target int64) bool {
	if biz != target {
		return biz > target
	}
	_, breached := e.slaDue(t, target)
	return breached
}

// dueCache holds each ticket's due instant (slaDue) under the targets it was worked out for:
// the walk through the business calendar was most of an SLA walk's time at a million tickets,
// and a ticket's due instant changes only when the ticket or the targets do. putTicket forgets
// the ticket's; other targets forget them all. The walks run side by side under the engine's
// read lock, so the cache has a lock of its own; a writer holds the engine's write lock (no
// walk runs) and forgets without it. 4 bytes a ticket, made on the first walk.
type dueCache struct {
	mu      sync.Mutex
	targets []int64  // per team name index
	due     []uint32 // per ticket; noTime: not worked out (or not an instant)
}

// forget drops ticket t's due instant; the caller holds the engine's write lock.
func (d *dueCache) forget(t uint32) {
	if int(t) < len(d.due) {
		d.due[t] = noTime
	}
}

// dues locks the cache for a walk under targets and returns the due instants of n tickets; the
// caller unlocks d.mu.
func (d *dueCache) dues(targets []int64, n int) []uint32 {
	d.mu.Lock()
	if !slices.Equal(d.targets, targets) {
		d.targets, d.due = slices.Clone(targets), d.due[:0]
	}
	if len(d.due) < n {
		d.due = append(d.due, make([]uint32, n-len(d.due))...)
	}
	return d.due
}

// slaRun is the run the SLA walks share: q's period and filter (its step, grouping and previous
// period are not read). Nil when no reply is known anywhere: breaches are not measured. The
// caller holds e.mu and puts r.s back.
func (e *Engine) slaRun(q Query) *run {
	if !e.tickets.anyReplyData() {
		return nil
	}
	return e.newRun(Query{From: q.From, To: q.To, Filter: q.Filter}, nil)
}

// slaTargets is each team's target in business seconds, by team name index.
func (e *Engine) slaTargets(target func(team string) int64) []int64 {
	targets := make([]int64, e.teams.len())
	for i := range targets {
		targets[i] = target(e.teams.name(uint16(i)))
	}
	return targets
}

// eachDue calls f for every inbound ticket passing the run's filter that falls due in the
// run's period before now, with its due instant and whether it is breached.
func (e *Engine) eachDue(r *run, now time.Time, targets []int64, f func(t uint32, due int64, breached bool)) {
	sp := r.span()
	end := min(sp.to, clampInstant(now))
	c := &e.tickets
	// A ticket's due instant is never before its creation, and a later creation is never due
	// earlier (slaDue): so only tickets created before end, and not before the first creation
	// per team that falls due at sp.from, can fall due in the period. The others are skipped
	// without a walk through the calendar, which was most of a month's SLA at a million tickets.
	first := e.firstDueCreations(targets, int64(sp.from))
	known := e.dues.dues(targets, len(c.flags))
	defer e.dues.mu.Unlock()
	for t := range uint32(len(c.flags)) {
		if c.flags[t]&(ticketExists|ticketOutbound) != ticketExists || c.created[t] >= end ||
			int64(c.created[t]) < first[c.team[t]] || !r.ticketKept(t) {
			continue
		}
		due := int64(known[t])
		if due == noTime {
			due, _ = e.slaDue(t, targets[c.team[t]])
			if due > noTime && due < math.MaxUint32 {
				known[t] = uint32(due)
			}
		}
		if due < int64(sp.from) || due >= int64(end) {
			continue
		}
		f(t, due, e.breachedBy(t, due))
	}
}

// firstDueCreations is, per team (name index), the earliest creation instant whose due instant
// is at or after from; tickets created before it fall due before from. slaDue's due instant
// grows with the creation (a later start adds the same business seconds from a later point),
// so it is found by widening a step back from from until the due instant falls before it,
// then halving. A calendar that does not open within maxDueReach keeps 0: nothing skipped.
func (e *Engine) firstDueCreations(targets []int64, from int64) []int64 {
	out := make([]int64, len(targets))
	for team, target := range targets {
		cal := e.teamCalendar(uint16(team))
		due := func(created int64) int64 { return cal.AddBusinessSeconds(created, target) }
		// hi is due at or after from (due(from) >= from); lo, once found, is due before it.
		hi, lo, found := from, from, false
		for step := int64(3600); step <= maxDueReach; step *= 2 {
			lo = from - step
			if lo <= 0 {
				break
			}
			if due(lo) < from {
				found = true
				break
			}
			hi = lo
		}
		if !found {
			continue
		}
		for hi-lo > 1 { // due(lo) < from <= due(hi)
			mid := lo + (hi-lo)/2
			if due(mid) < from {
				lo = mid
			} else {
				hi = mid
			}
		}
		out[team] = hi
	}
	return out
}

// teamCalendar is calendarOf without filling its cache, which only a writer may: the SLA walks
// run under the read lock and ask for every team, also those no ticket has (whose calendars
// deriving a ticket has not cached).
func (e *Engine) teamCalendar(team uint16) *calendar.Calendar {
	if int(team) < len(e.calOfTeam) {
		return e.calOfTeam[team]
	}
	if c, ok := e.teamHours[cx.NameKey(e.teams.name(team))]; ok {
		return c
	}
	return e.defaultHours
}

// maxDueReach is how far before a period firstDueCreations looks for a creation due before it:
// a little over two years, far beyond any first-response target.
const maxDueReach = 1 << 26 // seconds

// slaRows turns counts per team index into the teams that had tickets due, in the order names
// are listed (nameorder).
func (e *Engine) slaRows(due, breached []int, targets []int64) []SLA {
	var out []SLA
	for i := range due {
		if due[i] > 0 {
			out = append(out, SLA{Team: e.teams.name(uint16(i)), Target: targets[i], Breaches: metric.NewBreaches(breached[i], due[i])})
		}
	}
	nameorder.SortFunc(out, func(s SLA) string { return s.Team })
	return out
}

// SLABucket is one step of an SLA series: its period and each team's figure in it.
type SLABucket struct {
	From, To time.Time
	Teams    []SLA // the teams with tickets due in the bucket, by name
}

// SLASeries is SLA per step of q's period (q.Step: day, week or month in the account time
// zone): each bucket holds exactly what SLA of that bucket alone gives. Buckets after now are
// empty; the caller leaves them out. Nil when no reply is known anywhere, as SLA.
func (e *Engine) SLASeries(q Query, now time.Time, target func(team string) int64) ([]SLABucket, error) {
	out, _, err := e.slaWalk(q, now, target, seriesStep(q), false)
	return out, err
}

// SLASeriesAndBreaches is SLASeries and Breaches of q in one walk of the due tickets: the
// Werkvoorraad page shows both, and the walk through the business calendar is most of their
// time.
func (e *Engine) SLASeriesAndBreaches(q Query, now time.Time, target func(team string) int64) ([]SLABucket, []Breach, error) {
	return e.slaWalk(q, now, target, seriesStep(q), true)
}

// seriesStep is the step of an SLA series: q's, a week when it has none.
func seriesStep(q Query) Step {
	if q.Step == NoStep {
		return StepWeek
	}
	return q.Step
}

// slaWalk walks the tickets due in q's period once for an SLA series per step (none for
// NoStep) and, when asked, the list of breaches. Both nil when no reply is known anywhere.
func (e *Engine) slaWalk(q Query, now time.Time, target func(team string) int64, step Step, listBreaches bool) ([]SLABucket, []Breach, error) {
	if !q.From.Before(q.To) {
		return nil, nil, errEmptyPeriod(q)
	}
	var bounds []time.Time
	if step != NoStep {
		var err error
		if bounds, err = step.bounds(q.From, q.To, e.opts.Timezone); err != nil {
			return nil, nil, err
		}
	}
	e.mu.RLock()
	defer e.mu.RUnlock()
	r := e.slaRun(q)
	if r == nil {
		return nil, nil, nil
	}
	defer e.scratch.put(r.s)
	c := &e.tickets
	edges := make([]int64, len(bounds))
	for i, b := range bounds {
		edges[i] = int64(clampInstant(b))
	}
	nTeams := e.teams.len()
	cells := max(len(bounds)-1, 0) * nTeams
	due, breachedIn := make([]int, cells), make([]int, cells)
	targets := e.slaTargets(target)
	buckets := newEdgeIndex(edges)
	// The breaches are noted first and made into rows after the walk, at their number: growing
	// a list of rows a breach at a time was most of a year's walk once its due instants were
	// kept.
	type late struct {
		t   uint32
		due int64
	}
	var lates []late
	e.eachDue(r, now, targets, func(t uint32, at int64, breached bool) {
		if breached && listBreaches {
			lates = append(lates, late{t, at})
		}
		if len(edges) == 0 {
			return
		}
		i := buckets.of(at)*nTeams + int(c.team[t])
		due[i]++
		if breached {
			breachedIn[i]++
		}
	})
	var list []Breach
	if len(lates) > 0 {
		list = make([]Breach, len(lates))
		for j, b := range lates {
			list[j] = e.breachOf(b.t, b.due, now)
		}
	}
	var out []SLABucket
	if len(bounds) > 1 {
		out = make([]SLABucket, len(bounds)-1)
	}
	for k := range out {
		lo, hi := k*nTeams, (k+1)*nTeams
		out[k] = SLABucket{From: bounds[k], To: bounds[k+1], Teams: e.slaRows(due[lo:hi], breachedIn[lo:hi], targets)}
	}
	return out, list, nil
}

// edgeIndex finds the bucket of an instant among a series' edges (the last edge at or before
// it) by the hour: a binary search per due ticket was a sixth of a year's walk.
type edgeIndex struct {
	edges  []int64
	byHour []uint16 // the bucket holding each hour's start, from edges[0]
}

func newEdgeIndex(edges []int64) edgeIndex {
	x := edgeIndex{edges: edges}
	if len(edges) < 2 || len(edges) > math.MaxUint16 {
		return x
	}
	x.byHour = make([]uint16, (edges[len(edges)-1]-edges[0])/3600+1)
	k := 0
	for h := range x.byHour {
		for start := edges[0] + int64(h)*3600; k+1 < len(edges) && edges[k+1] <= start; {
			k++
		}
		x.byHour[h] = uint16(k)
	}
	return x
}

// of is the bucket holding at: the index of the last edge at or before it. Buckets are a day
// or longer, so at most one edge lies within an hour after the hour's start.
func (x edgeIndex) of(at int64) int {
	if x.byHour == nil || at < x.edges[0] || at >= x.edges[len(x.edges)-1] {
		return sort.Search(len(x.edges), func(i int) bool { return x.edges[i] > at }) - 1
	}
	k := int(x.byHour[(at-x.edges[0])/3600])
	if k+1 < len(x.edges) && x.edges[k+1] <= at {
		k++
	}
	return k
}

// Breach is one ticket that missed its team's first-response target.
type Breach struct {
	Ticket, Team, Agent string
	Created, Due        time.Time
	Answered            time.Time // the first reply; zero when not answered yet
	// Late is how far past due, in the team's business seconds: to the first reply, or to now
	// for a ticket not answered yet. An answer outside hours right after a due time at closing
	// is breached and 0 seconds late.
	Late int64
}

// Breaches lists the tickets SLA counts as breached in q's period (q's filter applies), in no
// particular order: per team, as many as that team's Breached. Nil when no reply is known
// anywhere, as SLA.
func (e *Engine) Breaches(q Query, now time.Time, target func(team string) int64) ([]Breach, error) {
	_, list, err := e.slaWalk(q, now, target, NoStep, true)
	return list, err
}

// breachOf is breached ticket t, due at due, as the list shows it.
func (e *Engine) breachOf(t uint32, due int64, now time.Time) Breach {
	c := &e.tickets
	loc := e.opts.Timezone
	local := func(s int64) time.Time { return time.Unix(s, 0).In(loc) }
	b := Breach{Ticket: c.ids.key(t), Team: e.teams.name(c.team[t]), Agent: e.agents.name(c.agent[t]),
		Created: local(int64(c.created[t])), Due: local(due)}
	until := now.Unix()
	if fr := c.firstReply[t]; fr != noTime {
		b.Answered, until = local(int64(fr)), int64(fr)
	}
	b.Late = e.calendarOf(c.team[t]).BusinessSeconds(due, max(due, until))
	return b
}
