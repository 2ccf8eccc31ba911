package engine

import (
	"fmt"
	"math"
	"time"
)

// TicketCounts answers q as Query does with Parts = PartTicketCounts: the tickets created and
// solved (and created per channel) of each group in the period, the previous period and each
// bucket asked for, and nothing else. Query's service pass gathers every service time of each
// ticket beside these counts and was three quarters of a full service pass' time; a chart of
// volumes (the service page's per channel, the team page's solved per agent) reads only the
// counts. A group is in a period exactly when the service pass has it there: when any figure
// of one of its tickets falls in it, or, when replies are known, one of its tickets waits for
// a first reply at the period's end (TestTicketCountsAsQuery holds the two together).
func (e *Engine) TicketCounts(q Query) (*Result, error) {
	if !q.From.Before(q.To) {
		return nil, errEmptyPeriod(q)
	}
	if !q.PreviousFrom.IsZero() && !q.PreviousFrom.Before(q.From) {
		return nil, fmt.Errorf("the previous period is empty: it starts %s, not before %s",
			q.PreviousFrom.Format(time.DateOnly), q.From.Format(time.DateOnly))
	}
	q.Parts = PartTicketCounts
	var buckets []time.Time
	if q.Step != NoStep {
		var err error
		if buckets, err = q.Step.bounds(q.From, q.To, e.opts.Timezone); err != nil {
			return nil, err
		}
	}
	e.mu.RLock()
	defer e.mu.RUnlock()
	r := e.newRun(q, buckets)
	defer e.scratch.Put(r.s)
	r.countTickets()
	r.runLater()
	return r.result(), nil
}

// countTickets is the service pass (run.service) of PartTicketCounts alone: the same tickets
// picked (ticketColumns.pick), in one share.
func (r *run) countTickets() {
	c := &r.e.tickets
	var a serviceAcc
	a.reset(r)
	lo, hi := r.bounds()
	n := uint32(len(c.flags))
	for b := uint32(0); b < n; b += pickBlock {
		a.picked, a.waiting = c.pick(a.picked, a.waiting, b, min(b+pickBlock, n), lo, hi)
		for _, t := range a.picked {
			if r.ticketKept(t) {
				r.countTicket(&a, t, r.ticketGroup(t))
			}
		}
		for _, t := range a.waiting {
			if r.ticketKept(t) {
				r.backlog(&a, t, r.ticketGroup(t))
			}
		}
	}
	replyData := c.anyReplyData()
	unanswered := a.backlog.counts()
	for k := range len(r.sets) {
		if replyData {
			a.seen[k] = a.seen[k] || unanswered[k] > 0
		}
		r.sets[k].Tickets = r.ticketCounts(&a.counts[k], a.perChannel[k])
	}
	r.markSeen(a.seen)
}

// countTicket is serviceTicket's counts of ticket t of group g, and the periods its other
// figures would fall in.
func (r *run) countTicket(sums *serviceAcc, t uint32, g uint16) {
	e, c := r.e, &r.e.tickets
	created, inbound := c.created[t], c.flags[t]&ticketOutbound == 0
	fr, solved, fs := c.firstReply[t], c.solved[t], c.firstSolvedAt(t)
	if inbound {
		r.backlog(sums, t, g)
	}
	for i := range r.lines {
		l := &r.lines[i]
		seen := func(at uint32) {
			if k := r.slot(l.at(at), g); k >= 0 {
				sums.seen[k] = true
			}
		}
		if k := r.slot(l.at(created), g); k >= 0 {
			sums.counts[k].created++
			if sums.perChannel[k] == nil {
				sums.perChannel[k] = make([]int, e.channels.len())
			}
			sums.perChannel[k][c.channel[t]]++
			sums.seen[k] = true
		}
		if k := r.slot(l.at(solved), g); k >= 0 && solved >= created {
			sums.counts[k].solved++
			sums.seen[k] = true
		}
		if inbound && fr >= created {
			seen(fr)
		}
		if fs >= created {
			seen(fs)
		}
		if w := c.wait[t]; !math.IsNaN(w) && w < math.MaxUint32-float64(created) {
			seen(created + uint32(w))
		}
		if h := c.handle[t]; !math.IsNaN(h) {
			at := created
			if solved != noTime {
				at = solved
			}
			seen(at)
		}
	}
}
