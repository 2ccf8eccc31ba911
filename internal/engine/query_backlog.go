package engine

import (
	"time"

	"github.com/klantpuls/klantpuls/internal/metric"
	"github.com/klantpuls/klantpuls/internal/nameorder"
)

// The backlog is a figure of an instant, not of a period: the tickets still waiting for the
// team at now (docs/metrics.md, "Backlog"). It reads the view's filter, never its period.

// Backlog is the open inbound tickets at an instant.
type Backlog struct {
	Open       int
	Unassigned int           // of those open, without an agent
	Ages       []int         // per metric.AgeBuckets, by calendar age at the instant
	Teams      []TeamBacklog // in the order names are listed (nameorder); the tickets without a team under "", last
}

// TeamBacklog is one team's part of the backlog.
type TeamBacklog struct {
	Team             string
	Open, Unassigned int
	Oldest           time.Duration // calendar age of the team's oldest open ticket
}

// isOpen is the one rule of an open ticket at instant now: an inbound ticket created before
// now and not solved at or before now. A ticket solved exactly at now is no longer open; one
// whose solved_at lies after now (a clock set behind the data) still is.
func (c *ticketColumns) isOpen(t, now uint32) bool {
	created, solved := c.created[t], c.solved[t]
	return c.flags[t]&(ticketExists|ticketOutbound) == ticketExists && created != noTime && created < now &&
		(solved == noTime || solved > now)
}

// anySolvedData says whether any ticket has a solved_at. Without any (an export without the
// column) every ticket would look open: the backlog is not measured (issue 11: missing inputs
// are not figures). Like anyReplyData it looks at all tickets, not a query's filtered ones.
func (c *ticketColumns) anySolvedData() bool {
	for t := range uint32(len(c.flags)) {
		if c.flags[t]&ticketExists != 0 && c.solved[t] != noTime {
			return true
		}
	}
	return false
}

// Backlog counts the inbound tickets open at now that pass q's filter (q's period is not
// read), how many have no agent, their calendar ages in metric.AgeBuckets, and per team. It
// returns nil when no ticket has a solved_at at all: then open is not known.
func (e *Engine) Backlog(q Query, now time.Time) (*Backlog, error) {
	e.mu.RLock()
	defer e.mu.RUnlock()
	q.From, q.To = now, now.Add(time.Second) // the run reads the filter; its period is unused
	r := e.newRun(q, nil)
	defer e.scratch.put(r.s)
	c := &e.tickets
	if !c.anySolvedData() {
		return nil, nil
	}
	at := clampInstant(now)
	b := &Backlog{Ages: make([]int, len(metric.AgeBuckets))}
	teams := make([]TeamBacklog, e.teams.len())
	for t := range uint32(len(c.flags)) {
		if !c.isOpen(t, at) || !r.ticketKept(t) {
			continue
		}
		age := time.Duration(at-c.created[t]) * time.Second
		tb := &teams[c.team[t]]
		b.Open++
		tb.Open++
		if c.agent[t] == 0 {
			b.Unassigned++
			tb.Unassigned++
		}
		b.Ages[metric.AgeBucketOf(age)]++
		tb.Oldest = max(tb.Oldest, age)
	}
	for i, tb := range teams {
		if tb.Open > 0 {
			tb.Team = e.teams.name(uint16(i))
			b.Teams = append(b.Teams, tb)
		}
	}
	nameorder.SortFunc(b.Teams, func(t TeamBacklog) string { return t.Team })
	return b, nil
}

// FlowBucket is one step of the tickets created against solved.
type FlowBucket struct {
	From, To        time.Time
	Created, Solved int
}

// TicketFlow is the tickets created and solved per step of q's period (q.Step, a week when it
// has none; q's filter applies): each bucket's created and solved of the Tickets figure
// (metrics.md section 2), from one query of PartTicketCounts — the service pass without the
// service times, which a chart of created against solved does not draw.
func (e *Engine) TicketFlow(q Query) ([]FlowBucket, error) {
	res, err := e.Query(Query{From: q.From, To: q.To, Filter: q.Filter, Step: seriesStep(q), Parts: PartTicketCounts})
	if err != nil {
		return nil, err
	}
	out := make([]FlowBucket, len(res.Buckets))
	for k, b := range res.Buckets {
		out[k].From, out[k].To = b.From, b.To
		if tk := b.Groups[0].Metrics.Tickets; tk != nil {
			out[k].Created, out[k].Solved = tk.Created, tk.Solved
		}
	}
	return out, nil
}
