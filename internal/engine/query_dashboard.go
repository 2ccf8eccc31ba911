package engine

import (
	"time"

	"github.com/klantpuls/klantpuls/internal/metric"
)

// The dashboard asks a few things the report contract does not have: how each team keeps its
// first-response target, and when customers make contact. They use the same period and filter.

// SLA is one team's first-response target compliance.
type SLA struct {
	Team   string
	Target int64 // business seconds
	metric.Breaches
}

// SLA computes, per team, the breach rate of the first-response target (metrics.md section 2,
// "SLA"): of the inbound tickets due in the period — created plus the target in the team's
// business hours, before now — those answered after their due time or not answered by it.
// target gives a team's target in business seconds.
func (e *Engine) SLA(q Query, now time.Time, target func(team string) int64) ([]SLA, error) {
	if !q.From.Before(q.To) {
		return nil, errEmptyPeriod(q)
	}
	e.mu.RLock()
	defer e.mu.RUnlock()
	r := e.slaRun(q)
	if r == nil {
		return nil, nil // no reply known anywhere: breaches are not measured
	}
	defer e.scratch.put(r.s)
	c := &e.tickets
	targets := e.slaTargets(target)
	due, breached := make([]int, e.teams.len()), make([]int, e.teams.len())
	e.eachDue(r, now, targets, func(t uint32, _ int64, late bool) {
		team := c.team[t]
		due[team]++
		if late {
			breached[team]++
		}
	})
	return e.slaRows(due, breached, targets), nil
}

// Heatmap counts the inbound tickets created in the period by local weekday (Monday first) and
// hour: when customers make contact.
func (e *Engine) Heatmap(q Query) ([7][24]int, error) {
	var h [7][24]int
	if !q.From.Before(q.To) {
		return h, errEmptyPeriod(q)
	}
	e.mu.RLock()
	defer e.mu.RUnlock()
	r := e.newRun(q, nil)
	defer e.scratch.put(r.s)
	sp := r.span()
	c := &e.tickets
	loc := e.opts.Timezone
	for t := range uint32(len(c.flags)) {
		if c.flags[t]&(ticketExists|ticketOutbound) != ticketExists || !sp.has(c.created[t]) || !r.ticketKept(t) {
			continue
		}
		local := time.Unix(int64(c.created[t]), 0).In(loc)
		h[(local.Weekday()+6)%7][local.Hour()]++
	}
	return h, nil
}
