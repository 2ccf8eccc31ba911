package engine

import (
	"math"

	"github.com/klantpuls/klantpuls/internal/metric"
)

// serviceCounts are the per-group counters of the service metrics.
type serviceCounts struct {
	created, solved int
	fcr             metric.FCRTally
	transfers       metric.TransferTally
	complaintDays   []int
}

// serviceSums is what the pass over the tickets gathers, per period and group (run.slot).
type serviceSums struct {
	counts     []serviceCounts
	perChannel [][]int
	backlog    ranges
	seen       []bool
}

// service computes first response, resolution, first resolution, complaint resolution, FCR,
// transfer rate, wait and handle time and ticket counts in one pass over the tickets (metrics.md section 2).
func (r *run) service() {
	e, s := r.e, r.s
	c := &e.tickets
	n := len(r.sets)
	for _, col := range []*seconds{&s.frtCal, &s.frtBiz, &s.resCal, &s.resBiz, &s.firstCal,
		&s.firstBiz, &s.complaintCal, &s.complaintBiz} {
		col.reset(n)
	}
	s.wait.reset(n)
	s.handle.reset(n)
	sums := serviceSums{counts: make([]serviceCounts, n), perChannel: make([][]int, n),
		backlog: r.newRanges(), seen: make([]bool, n)}
	lo, hi := r.bounds()
	for t := range uint32(len(c.flags)) {
		if c.flags[t]&ticketExists == 0 || r.ticketOutside(t, lo, hi) || !r.ticketKept(t) {
			continue
		}
		r.serviceTicket(&sums, t, r.ticketGroup(t))
	}
	replyData := c.anyReplyData()
	unanswered := sums.backlog.counts()
	for k := range n {
		var waiting *int
		if replyData {
			waiting = &unanswered[k]
			sums.seen[k] = sums.seen[k] || unanswered[k] > 0
		}
		if r.q.wants(PartService) {
			r.serviceSet(k, &sums.counts[k], waiting, sums.perChannel[k])
		} else { // PartTicketCounts alone
			r.sets[k].Tickets = r.ticketCounts(&sums.counts[k], sums.perChannel[k])
		}
	}
	r.markSeen(sums.seen)
}

// ticketOutside reports whether serviceTicket would add nothing of ticket t to any period
// of the run, whose rows cover [lo, hi): each instant it attributes a figure to falls outside,
// and the ticket is in no period's backlog (outbound, created after the rows, or answered
// before them). A month's page then skips the other months' tickets with a few comparisons
// instead of placing each of their instants on every row.
func (r *run) ticketOutside(t, lo, hi uint32) bool {
	c := &r.e.tickets
	created, fr, solved := c.created[t], c.firstReply[t], c.solved[t]
	out := func(at uint32) bool { return at < lo || at >= hi }
	inbound := c.flags[t]&ticketOutbound == 0
	if inbound && created < hi && (fr == noTime || fr >= lo) {
		return false // in a backlog
	}
	if !out(created) || !out(fr) || !out(solved) || !out(c.firstSolvedAt(t)) {
		return false
	}
	if w := c.wait[t]; !math.IsNaN(w) && w < math.MaxUint32-float64(created) && !out(created+uint32(w)) {
		return false
	}
	return true // the handle time's instant is the solve or the creation, both outside
}

// serviceTicket adds ticket t of group g to the periods its instants fall in. Each figure
// keeps its own attribution instant (metrics.md section 2), so one ticket can count in
// several periods.
func (r *run) serviceTicket(sums *serviceSums, t uint32, g uint16) {
	e, s, c := r.e, r.s, &r.e.tickets
	created, inbound := c.created[t], c.flags[t]&ticketOutbound == 0
	fr, solved, fs := c.firstReply[t], c.solved[t], c.firstSolvedAt(t)
	for i := range r.lines {
		l := &r.lines[i]
		// The backlog: inbound tickets created before a period's end and not answered before
		// it — the periods ending after creation and up to the first reply.
		if inbound {
			hi := l.periods()
			if fr != noTime {
				hi = l.endedBy(fr)
			}
			sums.backlog.add(i, l.endedBy(created), hi, g)
		}
		if k := r.slot(l.at(created), g); k >= 0 {
			sums.counts[k].created++
			r.note("tickets", k, RecordTicket, t, created, math.NaN())
			if sums.perChannel[k] == nil {
				sums.perChannel[k] = make([]int, e.channels.len())
			}
			sums.perChannel[k][c.channel[t]]++
			sums.seen[k] = true
		}
		if k := r.slot(l.at(fr), g); k >= 0 && inbound && fr >= created {
			s.frtCal.add(k, fr-created)
			s.frtBiz.add(k, c.firstReplyBiz[t])
			r.note("first_response", k, RecordTicket, t, fr, bizSeconds(c.firstReplyBiz[t]))
			sums.seen[k] = true
		}
		if k := r.slot(l.at(solved), g); k >= 0 && solved >= created {
			n := &sums.counts[k]
			n.solved++
			s.resCal.add(k, solved-created)
			s.resBiz.add(k, c.solvedBiz[t])
			r.note("resolution", k, RecordTicket, t, solved, bizSeconds(c.solvedBiz[t]))
			repliesKnown := c.replies[t] != noReplies
			n.fcr.Add(int(c.replies[t]), repliesKnown, int(c.reopens[t]))
			if repliesKnown { // the tally counted it
				r.note("fcr", k, RecordTicket, t, solved, float64(c.replies[t]))
			}
			transfersKnown := c.flags[t]&ticketTransfers != 0
			n.transfers.Add(transfersKnown, c.flags[t]&ticketTransferred != 0)
			if transfersKnown {
				r.note("transfers", k, RecordTicket, t, solved, math.NaN())
			}
			if c.flags[t]&ticketComplaint != 0 {
				s.complaintCal.add(k, solved-created)
				s.complaintBiz.add(k, c.solvedBiz[t])
				r.note("complaint_resolution", k, RecordTicket, t, solved, bizSeconds(c.solvedBiz[t]))
				n.complaintDays = append(n.complaintDays, e.localDays(created, solved))
			}
			sums.seen[k] = true
		}
		if k := r.slot(l.at(fs), g); k >= 0 && fs >= created {
			s.firstCal.add(k, fs-created)
			s.firstBiz.add(k, c.firstSolvedBiz[t])
			r.note("first_resolution", k, RecordTicket, t, fs, bizSeconds(c.firstSolvedBiz[t]))
			sums.seen[k] = true
		}
		// Wait time belongs to the moment the customer was answered: creation + wait.
		if w := c.wait[t]; !math.IsNaN(w) && w < math.MaxUint32-float64(created) {
			if k := r.slot(l.at(created+uint32(w)), g); k >= 0 {
				s.wait.add(k, w)
				r.note("wait_time", k, RecordTicket, t, created+uint32(w), w)
				sums.seen[k] = true
			}
		}
		if h := c.handle[t]; !math.IsNaN(h) {
			at := created
			if solved != noTime {
				at = solved
			}
			if k := r.slot(l.at(at), g); k >= 0 {
				s.handle.add(k, h)
				r.note("handle_time", k, RecordTicket, t, at, h)
				sums.seen[k] = true
			}
		}
	}
}

// serviceSet queues the service metrics of slot k (a period and group) into its set.
func (r *run) serviceSet(k int, n *serviceCounts, unanswered *int, perChannel []int) {
	s, m := r.s, &r.sets[k]
	m.FirstResponse = &metric.FirstResponse{Unanswered: unanswered}
	s.frtCal.summary(r, k, &m.FirstResponse.Calendar)
	s.frtBiz.summary(r, k, &m.FirstResponse.Business)
	m.Resolution = r.serviceTime(k, &s.resCal, &s.resBiz)
	m.FirstResolution = r.serviceTime(k, &s.firstCal, &s.firstBiz)
	m.ComplaintResolution = &metric.ComplaintResolution{MeanDays: metric.MeanDays(n.complaintDays)}
	s.complaintCal.summary(r, k, &m.ComplaintResolution.Calendar)
	s.complaintBiz.summary(r, k, &m.ComplaintResolution.Business)
	fcr, transfers := n.fcr.FCR(), n.transfers.Rate()
	m.FCR, m.Transfers = &fcr, &transfers
	m.WaitTime, m.HandleTime = &metric.Durations{}, &metric.Durations{}
	s.wait.summary(r, k, m.WaitTime)
	s.handle.summary(r, k, m.HandleTime)
	m.Tickets = r.ticketCounts(n, perChannel)
}

// ticketCounts is the tickets figure of a slot: created, solved, and the channels' shares.
func (r *run) ticketCounts(n *serviceCounts, perChannel []int) *metric.Tickets {
	shares := map[string]int{}
	for ch, count := range perChannel {
		if count > 0 {
			shares[r.e.channels.name(uint16(ch))] += count
		}
	}
	tickets := metric.NewTickets(n.created, n.solved, shares)
	return &tickets
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
func (e *Engine) localDays(a, b uint32) int { return e.localDay(b) - e.localDay(a) }

// replyTime computes reply time from the reply samples of agent messages, attributed to the
// message's instant and split by the ticket's channel, team and segment and by the replying
// agent (the message's agent, else the ticket's).
func (r *run) replyTime() {
	e, s := r.e, r.s
	m := &e.messages
	n := len(r.sets)
	s.replyCal.reset(n)
	s.replyBiz.reset(n)
	seen := make([]bool, n)
	for i := range uint32(len(m.at)) {
		if m.replyCal[i] == noSeconds {
			continue
		}
		ks, in := r.periodsOf(m.at[i])
		if !in || e.tickets.flags[m.ticket[i]]&ticketExists == 0 || !r.replyKept(i) {
			continue
		}
		g := r.replyDim(i, r.q.By)
		for _, k := range ks {
			if k := r.slot(k, g); k >= 0 {
				s.replyCal.add(k, m.replyCal[i])
				s.replyBiz.add(k, m.replyBiz[i])
				r.note("reply_time", k, RecordReply, i, m.at[i], bizSeconds(m.replyBiz[i]))
				seen[k] = true
			}
		}
	}
	for k := range n {
		r.sets[k].ReplyTime = r.serviceTime(k, &s.replyCal, &s.replyBiz)
	}
	r.markSeen(seen)
}

// bizSeconds is a business-seconds sample as a drill-down shows it; NaN when not measured.
func bizSeconds(s uint32) float64 {
	if s == noSeconds {
		return math.NaN()
	}
	return float64(s)
}
