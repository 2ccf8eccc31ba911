package engine

import (
	"cmp"
	"slices"
	"sort"
	"time"

	"github.com/klantpuls/klantpuls/internal/calendar"
	"github.com/klantpuls/klantpuls/internal/cx"
	"github.com/klantpuls/klantpuls/internal/metric"
)

// The first-response target (metrics.md section 2, "SLA") is asked three ways: the period's
// rate per team (SLA), the same per week or day (SLASeries) and the tickets behind the
// breached count (Breaches). All three walk the due tickets with eachDue and judge each with
// slaDue, so a rate and its list cannot disagree.

// slaDue is the rule of one ticket: it falls due when the team's target has passed in the
// team's business hours after its creation, and it is breached when it has no first reply by
// then (answered later, or not yet).
func (e *Engine) slaDue(t uint32, target int64) (due int64, breached bool) {
	c := &e.tickets
	due = e.calendarOf(c.team[t]).AddBusinessSeconds(int64(c.created[t]), target)
	fr := c.firstReply[t]
	return due, fr == noTime || int64(fr) > due
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
	for t := range uint32(len(c.flags)) {
		if c.flags[t]&(ticketExists|ticketOutbound) != ticketExists || c.created[t] >= end ||
			int64(c.created[t]) < first[c.team[t]] || !r.ticketKept(t) {
			continue
		}
		due, breached := e.slaDue(t, targets[c.team[t]])
		if due < int64(sp.from) || due >= int64(end) {
			continue
		}
		f(t, due, breached)
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

// slaRows turns counts per team index into the teams that had tickets due, sorted by name.
func (e *Engine) slaRows(due, breached []int, targets []int64) []SLA {
	var out []SLA
	for i := range due {
		if due[i] > 0 {
			out = append(out, SLA{Team: e.teams.name(uint16(i)), Target: targets[i], Breaches: metric.NewBreaches(breached[i], due[i])})
		}
	}
	slices.SortFunc(out, func(a, b SLA) int { return cmp.Compare(a.Team, b.Team) })
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
	defer e.scratch.Put(r.s)
	c := &e.tickets
	edges := make([]int64, len(bounds))
	for i, b := range bounds {
		edges[i] = int64(clampInstant(b))
	}
	nTeams := e.teams.len()
	cells := max(len(bounds)-1, 0) * nTeams
	due, breached := make([]int, cells), make([]int, cells)
	targets := e.slaTargets(target)
	var list []Breach
	e.eachDue(r, now, targets, func(t uint32, at int64, late bool) {
		if late && listBreaches {
			list = append(list, e.breachOf(t, at, now))
		}
		if len(edges) == 0 {
			return
		}
		// The bucket holding the due instant: the last edge at or before it.
		k := sort.Search(len(edges), func(i int) bool { return edges[i] > at }) - 1
		i := k*nTeams + int(c.team[t])
		due[i]++
		if late {
			breached[i]++
		}
	})
	var out []SLABucket
	if len(bounds) > 1 {
		out = make([]SLABucket, len(bounds)-1)
	}
	for k := range out {
		lo, hi := k*nTeams, (k+1)*nTeams
		out[k] = SLABucket{From: bounds[k], To: bounds[k+1], Teams: e.slaRows(due[lo:hi], breached[lo:hi], targets)}
	}
	return out, list, nil
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
