package engine

import (
	"math"
	"slices"

	"github.com/klantpuls/klantpuls/internal/cx"
)

// Ticket flags.
const (
	ticketExists      = 1 << iota // a ticket row was applied (messages may name a ticket first)
	ticketComplaint               //
	ticketOutbound                //
	ticketDirty                   // derived values are out of date
	ticketTransfers               // the transfers column is known
	ticketTransferred             // transferred at least once
	// ticketEarly: the service pass counts the ticket at an instant before its creation (the
	// handle time of a ticket solved before it was created), so a period after the creation
	// can still hold it (reach).
	ticketEarly
	// ticketWaiting: an inbound ticket without a first reply, in the backlog of every period
	// that ends after its creation (reach leaves that out).
	ticketWaiting
)

// ticketEarlyBit and ticketWaitingBit are the places of ticketEarly and ticketWaiting in the
// flags.
const (
	ticketEarlyBit   = 6
	ticketWaitingBit = 7
)

// noSeconds marks an interval that was not measured.
const noSeconds = math.MaxUint32

// noReplies marks agent replies that are not known: a ticket without messages whose
// agent_replies is empty. FCR leaves such a ticket out rather than count it as 0 replies.
const noReplies = math.MaxUint16

// ticketColumns holds tickets by interned ticket id. Derived columns (firstReply,
// agentReplies and the business seconds) are recomputed by deriveTicket.
type ticketColumns struct {
	ids        keys
	created    []uint32
	firstReply []uint32 // from messages when the ticket has any, else firstReplyColumn
	// The ticket row's own first_reply_at and agent_replies, which apply while it has no
	// messages (kept, as a message can move to another ticket).
	firstReplyColumn []uint32
	repliesColumn    []uint16
	firstSolved      []uint32
	solved           []uint32
	wait             []float64 // NaN = absent
	handle           []float64
	customer         []uint32 // ref to customers, 0 = none
	channel          []uint16
	team             []uint16
	agent            []uint16
	category         []uint16 // the contact reason, a name index as channel is
	reopens          []uint16
	replies          []uint16 // agent replies: from messages when the ticket has any, else the column; noReplies: unknown
	flags            []uint8
	msgHead          []uint32 // ref to the ticket's first message in the messages' list, 0 = none
	respHead         []uint32 // ref to the ticket's first response in the responses' list, 0 = none

	// Business seconds of the first reply, full resolution and first resolution, computed once
	// at apply time with the team's calendar; noSeconds when not measured.
	firstReplyBiz  []uint32
	solvedBiz      []uint32
	firstSolvedBiz []uint32

	// reach is, per ticket, the latest instant the service pass attributes anything to, the
	// end of its wait for a first reply included (but not the open-ended wait of a ticket
	// still waiting: ticketWaiting); 0 for a row that is no ticket. With the creation and the
	// flags it decides in two comparisons whether a period can hold anything of the ticket
	// (pick), where reading its six instants took half the pass.
	reach []uint32
	// contact is, per ticket, the latest moment it had the customer and the team in touch
	// (DeriveTicket's LastContact), kept so the customer list ranks every customer by last
	// contact in one pass over the tickets rather than over their messages; 0 for a row that
	// is no ticket.
	contact []uint32
	// answered is, per ticket, the latest time an answer about it was given (its answers'
	// list: supersede keeps it), 0 without one, whether the ticket is there or not: the
	// customer list ranks the answers about a customer's tickets in the tickets' pass, where
	// a look-up of every answer's ticket, at a random place, was a third of the page's time.
	answered []uint32
}

func (c *ticketColumns) grow(n int) {
	c.created = reserveCap(c.created, n)
	c.firstReply = reserveCap(c.firstReply, n)
	c.firstReplyColumn = reserveCap(c.firstReplyColumn, n)
	c.repliesColumn = reserveCap(c.repliesColumn, n)
	c.firstSolved = reserveCap(c.firstSolved, n)
	c.solved = reserveCap(c.solved, n)
	c.wait = reserveCap(c.wait, n)
	c.handle = reserveCap(c.handle, n)
	c.customer = reserveCap(c.customer, n)
	c.channel = reserveCap(c.channel, n)
	c.team = reserveCap(c.team, n)
	c.agent = reserveCap(c.agent, n)
	c.category = reserveCap(c.category, n)
	c.reopens = reserveCap(c.reopens, n)
	c.replies = reserveCap(c.replies, n)
	c.flags = reserveCap(c.flags, n)
	c.msgHead = reserveCap(c.msgHead, n)
	c.respHead = reserveCap(c.respHead, n)
	c.firstReplyBiz = reserveCap(c.firstReplyBiz, n)
	c.solvedBiz = reserveCap(c.solvedBiz, n)
	c.firstSolvedBiz = reserveCap(c.firstSolvedBiz, n)
	c.reach = reserveCap(c.reach, n)
	c.contact = reserveCap(c.contact, n)
	c.answered = reserveCap(c.answered, n)
}

// row returns the index of a ticket id, adding an empty row when it is new (a message or a
// response may name a ticket before the ticket arrives).
func (c *ticketColumns) row(id string) uint32 {
	i, added := c.ids.intern(id)
	if added {
		n := int(i) + 1
		c.created = growTo(c.created, n)
		c.firstReply = growTo(c.firstReply, n)
		c.firstReplyColumn = growTo(c.firstReplyColumn, n)
		c.repliesColumn = growTo(c.repliesColumn, n)
		c.firstSolved = growTo(c.firstSolved, n)
		c.solved = growTo(c.solved, n)
		c.wait = append(growTo(c.wait, n-1), math.NaN())
		c.handle = append(growTo(c.handle, n-1), math.NaN())
		c.customer = growTo(c.customer, n)
		c.channel = growTo(c.channel, n)
		c.team = growTo(c.team, n)
		c.agent = growTo(c.agent, n)
		c.category = growTo(c.category, n)
		c.reopens = growTo(c.reopens, n)
		c.replies = growTo(c.replies, n)
		c.flags = growTo(c.flags, n)
		c.msgHead = growTo(c.msgHead, n)
		c.respHead = growTo(c.respHead, n)
		c.firstReplyBiz = append(growTo(c.firstReplyBiz, n-1), noSeconds)
		c.solvedBiz = append(growTo(c.solvedBiz, n-1), noSeconds)
		c.firstSolvedBiz = append(growTo(c.firstSolvedBiz, n-1), noSeconds)
		c.reach = growTo(c.reach, n)
		c.contact = growTo(c.contact, n)
		c.answered = growTo(c.answered, n)
	}
	return i
}

func (e *Engine) putTicket(r *cx.Ticket) {
	c := &e.tickets
	i := c.row(r.ID)
	c.created[i] = instant(r.CreatedAt)
	c.firstReplyColumn[i] = instant(r.FirstReplyAt)
	c.firstSolved[i] = instant(r.FirstSolvedAt)
	c.solved[i] = instant(r.SolvedAt)
	c.wait[i] = optFloat(r.WaitSeconds)
	c.handle[i] = optFloat(r.HandleSeconds)
	c.customer[i] = 0
	if r.CustomerID != "" {
		c.customer[i] = ref(e.customers.row(r.CustomerID))
	}
	c.channel[i] = e.channels.id(r.Channel)
	c.team[i] = e.teams.id(r.Team)
	e.dues.forget(i) // its creation or team may have changed (query_sla.go)
	c.agent[i] = e.agents.id(r.Agent)
	c.category[i] = e.categories.id(r.Category)
	c.reopens[i] = optCount(r.Reopens)
	c.repliesColumn[i] = optReplies(r.AgentReplies)
	f := c.flags[i]&ticketDirty | ticketExists
	if r.Complaint {
		f |= ticketComplaint
	}
	if r.IsOutbound() {
		f |= ticketOutbound
	}
	if r.Transfers != nil {
		f |= ticketTransfers
		if *r.Transfers > 0 {
			f |= ticketTransferred
		}
	}
	c.flags[i] = f
	e.markDirty(i)
}

// optFloat stores an optional number; NaN is absent.
func optFloat(p *float64) float64 {
	if p == nil {
		return math.NaN()
	}
	return *p
}

// optCount stores an optional count; absent counts as 0 (an empty reopens is no reopen).
func optCount(p *int) uint16 {
	if p == nil || *p < 0 {
		return 0
	}
	return uint16(min(*p, math.MaxUint16))
}

// optReplies stores an optional agent_replies; absent is noReplies, not known.
func optReplies(p *int) uint16 {
	if p == nil || *p < 0 {
		return noReplies
	}
	return replyCount(*p)
}

// replyCount stores a known number of agent replies, below the noReplies marker.
func replyCount(n int) uint16 { return uint16(min(n, noReplies-1)) }

// deriveTicket recomputes what depends on a ticket's row, its messages and its team's
// calendar (DeriveTicket): first reply, agent reply count, reply-time samples and business
// seconds; then its reach.
func (e *Engine) deriveTicket(t uint32) {
	c := &e.tickets
	if c.flags[t]&ticketExists == 0 {
		c.reach[t], c.contact[t] = 0, 0
		return
	}
	var msgs []ReplyMessage
	if c.msgHead[t] != 0 {
		msgs = e.sortedMessages(t)
	}
	row := TicketRow{Created: c.created[t], FirstReply: c.firstReplyColumn[t], FirstSolved: c.firstSolved[t],
		Solved: c.solved[t], Replies: c.repliesColumn[t], Outbound: c.flags[t]&ticketOutbound != 0}
	e.sampleBuf = slices.Grow(e.sampleBuf[:0], len(msgs))[:len(msgs)]
	d := DeriveTicket(row, msgs, e.calendarOf(c.team[t]), e.sampleBuf)
	m := &e.messages
	for i, r := range msgs {
		m.replyCal[r.Ref], m.replyBiz[r.Ref] = e.sampleBuf[i].Cal, e.sampleBuf[i].Biz
	}
	c.firstReply[t], c.replies[t] = d.FirstReply, d.Replies
	c.firstReplyBiz[t], c.solvedBiz[t], c.firstSolvedBiz[t] = d.FirstReplyBiz, d.SolvedBiz, d.FirstSolvedBiz
	c.contact[t] = d.LastContact
	var early bool
	c.reach[t], early = c.reachOf(t)
	c.flags[t] &^= ticketEarly | ticketWaiting
	if early {
		c.flags[t] |= ticketEarly
	}
	if d.Waiting {
		c.flags[t] |= ticketWaiting
	}
}

// reachOf is the latest instant serviceTicket attributes anything of ticket t to, and whether
// it attributes any before the creation: every instant it places on a row, and for an inbound
// ticket the first reply (it waits in the backlog of each period ending up to it); while there
// is none, the ticket is ticketWaiting instead. Each condition is serviceTicket's own.
func (c *ticketColumns) reachOf(t uint32) (reach uint32, early bool) {
	created, fr, solved, fs := c.created[t], c.firstReply[t], c.solved[t], c.firstSolvedAt(t)
	reach = created
	if !math.IsNaN(c.handle[t]) {
		at := c.handleAt(t)
		reach, early = max(reach, at), at < created
	}
	if c.flags[t]&ticketOutbound == 0 {
		reach = max(reach, fr) // noTime when waiting: no instant
	}
	if solved >= created {
		reach = max(reach, solved)
	}
	if fs >= created {
		reach = max(reach, fs)
	}
	if w, ok := c.waitEnd(t); ok {
		reach = max(reach, w)
	}
	return reach, early
}

// waitEnd is the instant ticket t's wait time belongs to, the moment the customer was
// answered (creation + wait), and whether it has one.
func (c *ticketColumns) waitEnd(t uint32) (uint32, bool) {
	created, w := c.created[t], c.wait[t]
	if math.IsNaN(w) || w >= math.MaxUint32-float64(created) {
		return 0, false
	}
	return created + uint32(w), true
}

// handleAt is the instant ticket t's handle time belongs to: the solve, else the creation.
func (c *ticketColumns) handleAt(t uint32) uint32 {
	if c.solved[t] != noTime {
		return c.solved[t]
	}
	return c.created[t]
}

// pick appends to dst the tickets of [from, to) the service pass may count in rows of periods
// that cover [lo, hi), and to waiting those it counts in a backlog only (still waiting for a
// first reply, created before hi, with nothing else there). It leaves out the tickets whose
// every count lies before lo (reach), and those created at or after hi that count nothing
// before their creation (ticketEarly). A row that is no ticket has reach 0 and no flags.
// Without branches: the tickets come in no order of time, so a branch on each would be
// mispredicted often.
func (c *ticketColumns) pick(dst, waiting []uint32, from, to, lo, hi uint32) (picked, backlogOnly []uint32) {
	reach, created, flags := c.reach[from:to], c.created[from:to], c.flags[from:to]
	dst = slices.Grow(dst[:0], len(reach))[:len(reach)]
	waiting = slices.Grow(waiting[:0], len(reach))[:len(reach)]
	created, flags = created[:len(reach)], flags[:len(reach)]
	n, w := 0, 0
	for i, r := range reach {
		t, f := from+uint32(i), int(flags[i])
		before := b2i(created[i] < hi)
		in := b2i(r >= lo) & (before | f>>ticketEarlyBit&1)
		dst[n], waiting[w] = t, t
		n += in
		w += (in ^ 1) & before & (f >> ticketWaitingBit & 1)
	}
	return dst[:n], waiting[:w]
}

// b2i is 1 for true, 0 for false (compiled without a branch).
func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}

// anyReplyData says whether any ticket is known to be answered or not: one with a first reply,
// agent messages or an agent_replies count. Without any (an export with no reply columns), a
// ticket without a first reply is not known to be waiting: the first-response SLA is not
// measured (issue 11: missing inputs are not figures; the backlog's own test is
// anySolvedData). It looks at all tickets, not a query's filtered ones, so a team or channel
// nobody answers is still measured.
func (c *ticketColumns) anyReplyData() bool {
	for t := range uint32(len(c.flags)) {
		if c.flags[t]&ticketExists != 0 && (c.firstReply[t] != noTime || c.replies[t] != noReplies) {
			return true
		}
	}
	return false
}

// firstSolvedAt is when the ticket was first solved: first_solved_at, else solved_at.
func (c *ticketColumns) firstSolvedAt(t uint32) uint32 {
	if c.firstSolved[t] != noTime {
		return c.firstSolved[t]
	}
	return c.solved[t]
}

// sortedMessages returns ticket t's messages in the order the reply rule reads them, in a
// buffer reused by the (single) writer.
func (e *Engine) sortedMessages(t uint32) []ReplyMessage {
	m := &e.messages
	buf := e.replyBuf[:0]
	for p := e.tickets.msgHead[t]; p != 0; p = m.next[p-1] {
		buf = append(buf, ReplyMessage{At: m.at[p-1], Author: m.author[p-1], Ref: p - 1})
	}
	// The list holds the latest message first, and messages mostly come in time order: reversed,
	// it is mostly sorted already, which the sort (insertion sort at these lengths) does in one
	// pass instead of moving every message the length of the list (twice the engine's
	// deriving time on the demo year).
	slices.Reverse(buf)
	SortMessages(buf, m.ids.key)
	e.replyBuf = buf
	return buf
}
