package engine

import (
	"math"
	"time"

	"github.com/klantpuls/klantpuls/internal/metric"
)

// serviceCounts are the per-group counters of the service metrics.
type serviceCounts struct {
	created, solved, fcrN, fcrFirst, unanswered int
	complaintDays                               []int
}

// service computes first response, resolution, first resolution, complaint resolution, FCR,
// wait and handle time and ticket counts in one pass over the tickets (metrics.md section 2).
func (r *run) service() {
	e, s, sp := r.e, r.s, r.span
	c := &e.tickets
	for _, col := range []*seconds{&s.frtCal, &s.frtBiz, &s.resCal, &s.resBiz, &s.firstCal,
		&s.firstBiz, &s.complaintCal, &s.complaintBiz} {
		col.reset(r.nGroups)
	}
	s.wait.reset(r.nGroups)
	s.handle.reset(r.nGroups)
	counts := make([]serviceCounts, r.nGroups)
	perChannel := make([][]int, r.nGroups)
	seen := make([]bool, r.nGroups)
	for t := range uint32(len(c.flags)) {
		f := c.flags[t]
		if f&ticketExists == 0 || !r.ticketKept(t) {
			continue
		}
		g := r.ticketGroup(t)
		n := &counts[g]
		created, inbound := c.created[t], f&ticketOutbound == 0
		any := false
		if sp.has(created) {
			n.created++
			if perChannel[g] == nil {
				perChannel[g] = make([]int, e.channels.len())
			}
			perChannel[g][c.channel[t]]++
			any = true
		}
		// The backlog: inbound tickets created before the end and not answered before it.
		if inbound && created < sp.to && (c.firstReply[t] == noTime || c.firstReply[t] >= sp.to) {
			n.unanswered++
			any = true
		}
		if fr := c.firstReply[t]; inbound && sp.has(fr) && fr >= created {
			s.frtCal.add(g, fr-created)
			s.frtBiz.add(g, c.firstReplyBiz[t])
			any = true
		}
		if solved := c.solved[t]; sp.has(solved) && solved >= created {
			n.solved++
			s.resCal.add(g, solved-created)
			s.resBiz.add(g, c.solvedBiz[t])
			n.fcrN++
			if metric.IsFirstContact(int(c.replies[t]), int(c.reopens[t])) {
				n.fcrFirst++
			}
			if f&ticketComplaint != 0 {
				s.complaintCal.add(g, solved-created)
				s.complaintBiz.add(g, c.solvedBiz[t])
				n.complaintDays = append(n.complaintDays, e.localDays(created, solved))
			}
			any = true
		}
		if fs := c.firstSolvedAt(t); sp.has(fs) && fs >= created {
			s.firstCal.add(g, fs-created)
			s.firstBiz.add(g, c.firstSolvedBiz[t])
			any = true
		}
		// Wait time belongs to the moment the customer was answered: creation + wait.
		if w := c.wait[t]; !math.IsNaN(w) && w < math.MaxUint32-float64(created) && sp.has(created+uint32(w)) {
			s.wait.add(g, w)
			any = true
		}
		if h := c.handle[t]; !math.IsNaN(h) {
			at := created
			if c.solved[t] != noTime {
				at = c.solved[t]
			}
			if sp.has(at) {
				s.handle.add(g, h)
				any = true
			}
		}
		seen[g] = seen[g] || any
	}
	for g := range r.nGroups {
		n := &counts[g]
		m := &r.sets[g]
		m.FirstResponse = &metric.FirstResponse{Unanswered: n.unanswered}
		s.frtCal.summary(r, g, &m.FirstResponse.Calendar)
		s.frtBiz.summary(r, g, &m.FirstResponse.Business)
		m.Resolution = r.serviceTime(g, &s.resCal, &s.resBiz)
		m.FirstResolution = r.serviceTime(g, &s.firstCal, &s.firstBiz)
		m.ComplaintResolution = &metric.ComplaintResolution{MeanDays: metric.MeanDays(n.complaintDays)}
		s.complaintCal.summary(r, g, &m.ComplaintResolution.Calendar)
		s.complaintBiz.summary(r, g, &m.ComplaintResolution.Business)
		fcr := metric.NewFCR(n.fcrFirst, n.fcrN)
		m.FCR = &fcr
		m.WaitTime, m.HandleTime = &metric.Durations{}, &metric.Durations{}
		s.wait.summary(r, g, m.WaitTime)
		s.handle.summary(r, g, m.HandleTime)
		shares := map[string]int{}
		for ch, k := range perChannel[g] {
			if k > 0 {
				shares[e.channels.name(uint16(ch))] += k
			}
		}
		tickets := metric.NewTickets(n.created, n.solved, shares)
		m.Tickets = &tickets
	}
	r.markSeen(seen)
}

// serviceTime queues the summaries of a calendar and a business series of group g.
func (r *run) serviceTime(g int, cal, biz *seconds) *metric.ServiceTime {
	st := &metric.ServiceTime{}
	cal.summary(r, g, &st.Calendar)
	biz.summary(r, g, &st.Business)
	return st
}

// localDays is the number of calendar days from the local date of a to that of b, in the
// account time zone (Monday → Wednesday = 2).
func (e *Engine) localDays(a, b uint32) int {
	loc := e.cfg.Timezone
	ya, ma, da := time.Unix(int64(a), 0).In(loc).Date()
	yb, mb, db := time.Unix(int64(b), 0).In(loc).Date()
	d := time.Date(yb, mb, db, 0, 0, 0, 0, time.UTC).Sub(time.Date(ya, ma, da, 0, 0, 0, 0, time.UTC))
	return int(d.Hours() / 24)
}

// replyTime computes reply time from the reply samples of agent messages, attributed to the
// message's instant and split by the ticket's channel, team and segment and by the replying
// agent (the message's agent, else the ticket's).
func (r *run) replyTime() {
	e, s, sp := r.e, r.s, r.span
	m := &e.messages
	s.replyCal.reset(r.nGroups)
	s.replyBiz.reset(r.nGroups)
	seen := make([]bool, r.nGroups)
	for i := range uint32(len(m.at)) {
		if m.replyCal[i] == noSeconds || !sp.has(m.at[i]) {
			continue
		}
		t := m.ticket[i]
		if e.tickets.flags[t]&ticketExists == 0 || !r.replyKept(i) {
			continue
		}
		g := r.replyDim(i, r.q.By)
		s.replyCal.add(g, m.replyCal[i])
		s.replyBiz.add(g, m.replyBiz[i])
		seen[g] = true
	}
	for g := range r.nGroups {
		r.sets[g].ReplyTime = r.serviceTime(g, &s.replyCal, &s.replyBiz)
	}
	r.markSeen(seen)
}
