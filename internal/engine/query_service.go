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

// serviceAcc is what the service pass gathers from a share of the tickets, per period and
// group (run.slot). Each chunk of the tickets fills its own, on either core; the chunks are
// taken together in their order, so every figure is that of one pass (a sum of fractions
// adds them in the same order).
type serviceAcc struct {
	frtCal, frtBiz, resCal, resBiz, firstCal, firstBiz, complaintCal, complaintBiz seconds
	wait, handle                                                                   amounts

	counts     []serviceCounts
	perChannel [][]int
	backlog    ranges
	seen       []bool
	picked     []uint32 // the chunk's tickets the period may hold (ticketColumns.pick)
	waiting    []uint32 // the chunk's tickets only in a backlog of the period
}

// series lists the acc's sample series, in one order for every chunk.
func (a *serviceAcc) series() []*seconds {
	return []*seconds{&a.frtCal, &a.frtBiz, &a.resCal, &a.resBiz, &a.firstCal, &a.firstBiz,
		&a.complaintCal, &a.complaintBiz}
}

func (a *serviceAcc) reset(r *run) {
	n := len(r.sets)
	for _, col := range a.series() {
		if r.headline {
			col.resetTally(n)
		} else {
			col.reset(n)
		}
	}
	a.wait.reset(n)
	a.handle.reset(n)
	a.counts = perCustomer(a.counts, n)
	a.perChannel = perCustomer(a.perChannel, n)
	a.seen = perCustomer(a.seen, n)
	a.backlog = r.newRanges()
}

// addSlot adds the counts of b's slot j to a's slot k (b may be a: another slot of it).
func (a *serviceAcc) addSlot(k int, b *serviceAcc, j int) {
	n, m := &a.counts[k], &b.counts[j]
	n.created += m.created
	n.solved += m.solved
	n.fcr.N, n.fcr.FirstContact = n.fcr.N+m.fcr.N, n.fcr.FirstContact+m.fcr.FirstContact
	n.transfers.N, n.transfers.Transferred = n.transfers.N+m.transfers.N, n.transfers.Transferred+m.transfers.Transferred
	n.complaintDays = append(n.complaintDays, m.complaintDays...)
	if b.perChannel[j] != nil {
		if a.perChannel[k] == nil {
			a.perChannel[k] = make([]int, len(b.perChannel[j]))
		}
		for ch, v := range b.perChannel[j] {
			a.perChannel[k][ch] += v
		}
	}
	a.seen[k] = a.seen[k] || b.seen[j]
}

// join adds chunk b's counts to a's; the summaries read the chunks' samples where they lie
// (chunkedSummary, chunkedAmounts).
func (a *serviceAcc) join(b *serviceAcc) {
	for k := range a.counts {
		a.addSlot(k, b, k)
	}
	for i, d := range b.backlog.diff {
		for j, v := range d {
			a.backlog.diff[i][j] += v
		}
	}
}

// serviceChunks is how many shares of the tickets the service pass makes for the two cores:
// it is the largest pass, and in shares it fills the time the other passes leave. Below
// chunkedRecords tickets it makes one.
const serviceChunks = 4

// chunkedRecords is how many records a pass needs to be made in chunks (a variable, so a test
// can take either way): below it one pass is as quick.
var chunkedRecords uint32 = 1 << 16

// chunks is how many chunks a pass over n records makes: want, or one for a drill-down (its
// list is filled in one order by one pass) and a small engine (which gains nothing).
func (r *run) chunks(n uint32, want int) int {
	if r.collect != nil || n < chunkedRecords {
		return 1
	}
	return want
}

// pickBlock is how many records a pass picks from at a time (ticketColumns.pick,
// responseColumns.pick) before it counts those picked.
const pickBlock = 4096

// service computes first response, resolution, first resolution, complaint resolution, FCR,
// transfer rate, wait and handle time and ticket counts in one pass over the tickets (metrics.md
// section 2). It returns the passes over its chunks of tickets, to run on either core, and
// what completes the figures once they all ran.
func (r *run) service() (chunks []func(), done func()) {
	s, c := r.s, &r.e.tickets
	n := uint32(len(c.flags))
	parts := r.chunks(n, serviceChunks)
	s.svc = growTo(s.svc, parts)
	accs := s.svc[:parts]
	lo, hi := r.bounds()
	for i := range accs {
		a := &accs[i]
		from, to := n*uint32(i)/uint32(parts), n*uint32(i+1)/uint32(parts)
		chunks = append(chunks, func() {
			a.reset(r)
			// A block at a time: the lists stay small, and the block's columns in the cache.
			for b := from; b < to; b += pickBlock {
				a.picked, a.waiting = c.pick(a.picked, a.waiting, b, min(b+pickBlock, to), lo, hi)
				for _, t := range a.picked {
					if r.ticketKept(t) {
						r.serviceTicket(a, t, r.ticketGroup(t))
					}
				}
				for _, t := range a.waiting {
					if r.figs.unanswered && r.ticketKept(t) {
						r.backlog(a, t, r.ticketGroup(t))
					}
				}
			}
		})
	}
	return chunks, func() { r.serviceDone(accs) }
}

// foldBuckets adds the slots of the buckets, which tile the run's own period, into that
// period's slot k, which the pass left out (serviceFigures.skip): every figure gathered is a
// count or a whole sum, so the period's are the same as when added one by one.
func (a *serviceAcc) foldBuckets(r *run, k int) {
	first, n := r.tiledBuckets()
	for b := first; b < first+n; b++ {
		a.addSlot(k, a, b)
		for _, col := range a.series() {
			col.n[k], col.sum[k] = col.n[k]+col.n[b], col.sum[k]+col.sum[b]
		}
	}
}

// serviceDone joins the chunks' counts and queues each slot's figures.
func (r *run) serviceDone(accs []serviceAcc) {
	if k := r.figs.skip; k >= 0 {
		for i := range accs {
			accs[i].foldBuckets(r, k)
		}
	}
	a := &accs[0]
	for i := 1; i < len(accs); i++ {
		a.join(&accs[i])
	}
	replyData := r.e.tickets.anyReplyData()
	unanswered := a.backlog.counts()
	cs := newChunkSeries(accs)
	for k := range len(r.sets) {
		var waiting *int
		if replyData {
			waiting = &unanswered[k]
			a.seen[k] = a.seen[k] || unanswered[k] > 0
		}
		if r.q.wants(PartService) {
			r.serviceSet(k, cs, &a.counts[k], waiting, a.perChannel[k])
		} else { // PartTicketCounts alone
			r.sets[k].Tickets = r.ticketCounts(&a.counts[k], a.perChannel[k])
		}
	}
	r.markSeen(a.seen)
}

// serviceTicket adds ticket t of group g to the periods its instants fall in. Each figure
// keeps its own attribution instant (metrics.md section 2), so one ticket can count in
// several periods. With PartTicketCounts alone (a chart of volumes) it counts the created and
// solved and marks the periods the other figures fall in, without gathering their samples:
// those were three quarters of the pass. A query of some metrics gathers only theirs, and an
// unsplit one looks up only their instants (run.figs, metrics.go).
func (r *run) serviceTicket(s *serviceAcc, t uint32, g uint16) {
	e, c, f := r.e, &r.e.tickets, &r.figs
	created, inbound := c.created[t], c.flags[t]&ticketOutbound == 0
	fr, solved := c.firstReply[t], c.solved[t]
	if inbound && f.unanswered {
		r.backlog(s, t, g)
	}
	for i := range r.lines {
		l := &r.lines[i]
		if f.lookCreated {
			if k := r.slot(l.at(created), g); k >= 0 && k != f.skip {
				s.counts[k].created++
				r.note("tickets", k, RecordTicket, t, created, math.NaN())
				if s.perChannel[k] == nil {
					s.perChannel[k] = make([]int, e.channels.len())
				}
				s.perChannel[k][c.channel[t]]++
				s.seen[k] = true
			}
		}
		if f.lookFirstReply {
			if k := r.slot(l.at(fr), g); k >= 0 && k != f.skip && inbound && fr >= created {
				s.seen[k] = true
				if f.firstResponse {
					s.frtCal.add(k, fr-created)
					s.frtBiz.add(k, c.firstReplyBiz[t])
					r.note("first_response", k, RecordTicket, t, fr, bizSeconds(c.firstReplyBiz[t]))
				}
			}
		}
		if f.lookSolved {
			if k := r.slot(l.at(solved), g); k >= 0 && k != f.skip && solved >= created {
				s.counts[k].solved++
				s.seen[k] = true
				if f.solvedFigures {
					r.solvedFigures(s, k, t)
				}
			}
		}
		if f.lookFirstSolved {
			fs := c.firstSolvedAt(t)
			if k := r.slot(l.at(fs), g); k >= 0 && k != f.skip && fs >= created {
				s.seen[k] = true
				if f.firstResolution {
					s.firstCal.add(k, fs-created)
					s.firstBiz.add(k, c.firstSolvedBiz[t])
					r.note("first_resolution", k, RecordTicket, t, fs, bizSeconds(c.firstSolvedBiz[t]))
				}
			}
		}
		// Wait time belongs to the moment the customer was answered: creation + wait.
		if f.lookWaited {
			if at, ok := c.waitEnd(t); ok {
				if k := r.slot(l.at(at), g); k >= 0 {
					s.seen[k] = true
					if f.wait {
						s.wait.add(k, c.wait[t])
						r.note("wait_time", k, RecordTicket, t, at, c.wait[t])
					}
				}
			}
		}
		if h := c.handle[t]; f.lookHandled && !math.IsNaN(h) {
			at := c.handleAt(t)
			if k := r.slot(l.at(at), g); k >= 0 {
				s.seen[k] = true
				if f.handle {
					s.handle.add(k, h)
					r.note("handle_time", k, RecordTicket, t, at, h)
				}
			}
		}
	}
}

// solvedFigures adds what solved ticket t gives slot k besides its count: resolution time,
// FCR, transfers and, for a complaint, its resolution time and days.
func (r *run) solvedFigures(s *serviceAcc, k int, t uint32) {
	e, c, f := r.e, &r.e.tickets, &r.figs
	n, created, solved := &s.counts[k], c.created[t], c.solved[t]
	if f.resolution {
		s.resCal.add(k, solved-created)
		s.resBiz.add(k, c.solvedBiz[t])
		r.note("resolution", k, RecordTicket, t, solved, bizSeconds(c.solvedBiz[t]))
	}
	if f.fcr {
		repliesKnown := c.replies[t] != noReplies
		n.fcr.Add(int(c.replies[t]), repliesKnown, int(c.reopens[t]))
		if repliesKnown { // the tally counted it
			r.note("fcr", k, RecordTicket, t, solved, float64(c.replies[t]))
		}
	}
	if f.transfers {
		transfersKnown := c.flags[t]&ticketTransfers != 0
		n.transfers.Add(transfersKnown, c.flags[t]&ticketTransferred != 0)
		if transfersKnown {
			r.note("transfers", k, RecordTicket, t, solved, math.NaN())
		}
	}
	if c.flags[t]&ticketComplaint != 0 && f.complaint {
		s.complaintCal.add(k, solved-created)
		s.complaintBiz.add(k, c.solvedBiz[t])
		r.note("complaint_resolution", k, RecordTicket, t, solved, bizSeconds(c.solvedBiz[t]))
		n.complaintDays = append(n.complaintDays, e.localDays(created, solved))
	}
}

// backlog adds inbound ticket t of group g to the backlogs it is in: inbound tickets created
// before a period's end and not answered before it — the periods ending after creation and up
// to the first reply.
func (r *run) backlog(s *serviceAcc, t uint32, g uint16) {
	c := &r.e.tickets
	created, fr := c.created[t], c.firstReply[t]
	for i := range r.lines {
		l := &r.lines[i]
		hi := l.periods()
		if fr != noTime {
			hi = l.endedBy(fr)
		}
		s.backlog.add(i, l.endedBy(created), hi, g)
	}
}

// chunkSeries is each sample series of the service pass as its chunks hold it, gathered once
// for every slot's summaries.
type chunkSeries struct {
	frtCal, frtBiz, resCal, resBiz, firstCal, firstBiz, complaintCal, complaintBiz []*seconds
	wait, handle                                                                   []amounts
}

func newChunkSeries(accs []serviceAcc) *chunkSeries {
	cs := &chunkSeries{}
	for i := range accs {
		a := &accs[i]
		cs.frtCal, cs.frtBiz = append(cs.frtCal, &a.frtCal), append(cs.frtBiz, &a.frtBiz)
		cs.resCal, cs.resBiz = append(cs.resCal, &a.resCal), append(cs.resBiz, &a.resBiz)
		cs.firstCal, cs.firstBiz = append(cs.firstCal, &a.firstCal), append(cs.firstBiz, &a.firstBiz)
		cs.complaintCal, cs.complaintBiz = append(cs.complaintCal, &a.complaintCal), append(cs.complaintBiz, &a.complaintBiz)
		cs.wait, cs.handle = append(cs.wait, a.wait), append(cs.handle, a.handle)
	}
	return cs
}

// serviceSet queues the service metrics of slot k (a period and group) into its set, from
// the chunks' samples.
func (r *run) serviceSet(k int, cs *chunkSeries, n *serviceCounts, unanswered *int, perChannel []int) {
	m := &r.sets[k]
	m.FirstResponse = &metric.FirstResponse{Unanswered: unanswered}
	chunkedSummary(r, cs.frtCal, k, &m.FirstResponse.Calendar)
	chunkedSummary(r, cs.frtBiz, k, &m.FirstResponse.Business)
	m.Resolution = r.chunkedTime(k, cs.resCal, cs.resBiz)
	m.FirstResolution = r.chunkedTime(k, cs.firstCal, cs.firstBiz)
	m.ComplaintResolution = &metric.ComplaintResolution{MeanDays: metric.MeanDays(n.complaintDays)}
	chunkedSummary(r, cs.complaintCal, k, &m.ComplaintResolution.Calendar)
	chunkedSummary(r, cs.complaintBiz, k, &m.ComplaintResolution.Business)
	fcr, transfers := n.fcr.FCR(), n.transfers.Rate()
	m.FCR, m.Transfers = &fcr, &transfers
	m.WaitTime, m.HandleTime = &metric.Durations{}, &metric.Durations{}
	chunkedAmounts(r, cs.wait, k, m.WaitTime)
	chunkedAmounts(r, cs.handle, k, m.HandleTime)
	m.Tickets = r.ticketCounts(n, perChannel)
}

// chunkedTime queues the summaries of slot k of a calendar and a business series gathered in
// chunks.
func (r *run) chunkedTime(k int, cal, biz []*seconds) *metric.ServiceTime {
	st := &metric.ServiceTime{}
	chunkedSummary(r, cal, k, &st.Calendar)
	chunkedSummary(r, biz, k, &st.Business)
	return st
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
	for _, col := range []*seconds{&s.replyCal, &s.replyBiz} {
		if r.headline {
			col.resetTally(n)
		} else {
			col.reset(n)
		}
	}
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
