package demo

import (
	"math/rand/v2"

	"github.com/klantpuls/klantpuls/internal/cx"
)

// Message authors, indexing authors.
const (
	byCustomer uint8 = iota
	byAgent
	byBot
	byNote
)

var authors = []string{cx.AuthorCustomer, cx.AuthorAgent, cx.AuthorBot, cx.AuthorNote}

// conversations holds every message compactly, ticket by ticket: the messages of ticket k are
// start[k] up to start[k+1]. About ten bytes a message instead of a record.
type conversations struct {
	start  []int32
	at     []int64
	author []uint8
	agent  []int8 // -1: none
}

func (m *conversations) add(at int64, author uint8, agent int8) {
	m.at = append(m.at, at)
	m.author = append(m.author, author)
	m.agent = append(m.agent, agent)
}

// How many customer and agent messages a conversation has, from 2 up (outbound: from 1 up).
// Chats go back and forth more; most e-mails are one question and one answer, or one more
// round.
var (
	turnsByChannel = []weighted{
		chEmail:  newWeighted([]float64{45, 20, 15, 8, 5, 4, 2, 1}),
		chChat:   newWeighted([]float64{12, 10, 25, 20, 14, 10, 5, 4}),
		chSocial: newWeighted([]float64{50, 20, 15, 8, 4, 2, 1}),
	}
	outboundTurns = newWeighted([]float64{40, 30, 20, 10})
	// pendingShare: tickets whose customer went quiet after the agent's reply; an automation
	// solves them (quietSolved).
	pendingShare = []float64{chEmail: 0.16, chChat: 0.11, chSocial: 0.2}
	reopenShare  = []float64{chEmail: 0.14, chChat: 0.03, chSocial: 0.08}
)

// quietSolveAfter is how long a ticket waits for a customer who went quiet before an automation
// solves it: Zendesk's Bump-Bump-Solve recipe solves a ticket seven calendar days after it was
// set to pending, the requester reminded twice in between
// (https://support.zendesk.com/hc/en-us/articles/4408832749210).
const quietSolveAfter = 7 * 86400

// quietSolved is when the automation solves a ticket whose customer has not written since the
// agent's message at last: Zendesk runs automations once an hour, so at the first full hour after
// the week is up.
func quietSolved(last int64) int64 {
	const hour = 3600
	return (last + quietSolveAfter + hour - 1) / hour * hour
}

// plan draws the shape of a conversation: how many customer and agent messages, how many
// reopens, and whether it goes pending: the customer goes quiet after the agent's reply (then
// the agent writes last), or, rarely, nobody ever answers the customer (one turn).
func plan(r *rand.Rand, f *ticketFacts) (turns, reopens int, pending bool) {
	if f.outbound { // the agent writes first: an odd number of turns ends with the agent
		turns, pending = outboundTurns.pick(r)+1, chance(r, 0.1)
		if pending {
			turns |= 1
		}
		return turns, 0, pending
	}
	turns = turnsByChannel[f.channel].pick(r) + 2
	pending = chance(r, pendingShare[f.channel])
	if pending { // the customer writes first: an even number of turns ends with the agent
		turns += turns % 2
	}
	p := reopenShare[f.channel]
	if f.complaint {
		p *= 1.8
	}
	if x := r.Float64(); !pending && x < p {
		reopens = 1
		if x < p/5 {
			reopens = 2
		}
	}
	if chance(r, 0.004) { // fell through the cracks: nobody ever answered
		return 1, 0, true
	}
	return max(turns, 2+2*reopens), reopens, pending
}

// converse writes the messages of an e-mail, chat or social ticket and derives from them what
// the ticket's outcome is: first reply, solves, reopens. The first agent message is the first
// reply; each reopen is a customer writing again after the ticket was solved.
//
// A ticket still open at the data's end runs on up to the moment the demo is made (c.now), by
// the same rules: the weekend's e-mail is answered on Monday morning, not left waiting past its
// target when the demo is made on Monday evening. What it draws past the end comes from runOn,
// so r — and every record created before the end — is the same at any clock. A ticket solved
// before the end whose customer would come back after it stays as it stood at the end: the
// answers and reviews drawn from its solve are the same at any clock too.
func (g *generator) converse(r, runOn *rand.Rand, f *ticketFacts, load float64) {
	c := g.cal
	speed := agents[f.agent].speed * load
	f.live = f.channel == chChat && !f.outbound && c.inHours(f.created)

	turns, reopens, pending := plan(r, f)
	firstAgent := f.agent
	if f.transfers > 0 { // the colleague who answered first handed it over
		firstAgent = int8(pickAgent(r, int(f.team), c.dayOf(f.created)))
	}
	noteTurn := -1
	if chance(r, 0.12) {
		noteTurn = 1 + 2*r.IntN(max(1, turns/2))
	}

	who := byCustomer
	if f.outbound {
		who = byAgent
	}
	last, lastSolve, sessionEnd := f.created, int64(0), int64(0)
	reopenDue, truncated := false, false
	rr := r // draws r until the conversation runs past the data's end, runOn after
	for i := range turns {
		at := f.created
		switch {
		case i == 0:
		case who == byAgent:
			at = g.agentReply(rr, f, last, f.agentReplies == 0, speed)
		case reopenDue:
			at = last + int64(max(3600, min(20*86400, lognormal(rr, 3*86400, 0.7))))
		default:
			at = g.customerReply(rr, f, last)
		}
		if at >= c.end && rr == r {
			if reopenDue { // solved within the data: left as it stood at the end
				truncated = true
				break
			}
			rr = runOn
		}
		if at >= c.now {
			truncated = true
			break
		}
		agent := int8(-1)
		if who == byAgent {
			agent = f.agent
			if f.agentReplies == 0 {
				agent = firstAgent
			}
			if i == noteTurn {
				g.msgs.add(last+int64(float64(at-last)*rr.Float64()), byNote, f.agent)
			}
			f.agentReplies++
			if f.firstReply == 0 {
				f.firstReply = at
			}
		} else if reopenDue {
			f.reopens++
			reopenDue = false
		}
		g.msgs.add(at, who, agent)
		last = at
		if i == 0 && f.channel == chChat && !f.outbound && (!f.live || chance(r, 0.4)) {
			// The chat bot greets first, and after hours promises an answer in the morning.
			g.msgs.add(min(at+between(r, 2, 8), c.now-1), byBot, -1)
		}
		if who == byAgent && int(f.reopens) < reopens && (i == 1 || i == 3) {
			lastSolve = at + between(rr, 60, 900)
			if f.firstSolved == 0 {
				f.firstSolved = lastSolve
			}
			if sessionEnd == 0 {
				sessionEnd = at
			}
			last, reopenDue = lastSolve, true
		}
		who = 1 - who
	}
	if sessionEnd == 0 {
		sessionEnd = last
	}
	switch {
	case truncated && reopenDue:
		f.solved = lastSolve // solved, and the customer has not come back (yet)
	case truncated: // still going when the data ends
	case pending && who == byCustomer: // the customer went quiet after the agent's reply
		f.solved, f.quiet = quietSolved(last), true
	case pending: // fell through the cracks: nobody answered, and it is open still
	case who == byCustomer: // the agent wrote last and closed the ticket with that reply
		f.solved = last + between(rr, 1, 120)
	default: // the customer's "thanks" came last; the agent closes it when back at work
		f.solved = c.businessAdd(last, int64(lognormal(rr, 1800, 1)))
	}
	if f.live && f.firstReply > 0 { // a live chat's queue wait and the agent's time in it
		f.wait = float32(f.firstReply - f.created)
		f.handle = float32(sessionEnd - f.firstReply + between(r, 20, 90))
	}
	g.settle(f)
}

// agentReply is when the agent answers a message that came in at last. Live chats are answered
// in seconds, even just after closing time; everything else waits for office hours, e-mail
// longest and complaints longer still. Busy days and slow agents stretch it.
func (g *generator) agentReply(r *rand.Rand, f *ticketFacts, last int64, first bool, speed float64) int64 {
	c := g.cal
	switch {
	case f.live:
		return last + int64(max(10, min(900, lognormal(r, 45*speed, 0.6))))
	case f.channel == chChat:
		// max: the agent's pick-up always follows the bot's greeting.
		return c.businessAdd(last, int64(max(60, lognormal(r, 1200*speed, 0.8))))
	case f.channel == chSocial:
		return c.businessAdd(last, int64(min(8*3600, lognormal(r, 2400*speed, 0.9))))
	}
	median := 2.0 * 3600
	switch {
	case f.complaint && first:
		median = 4 * 3600
	case first:
		median = 2.5 * 3600
	}
	return c.businessAdd(last, int64(max(120, min(24*3600, lognormal(r, median*speed, 0.9)))))
}

// customerReply is when the customer writes back: within a minute in a live chat, hours by
// e-mail, whenever it suits them — also at night and at weekends.
func (g *generator) customerReply(r *rand.Rand, f *ticketFacts, last int64) int64 {
	switch {
	case f.live:
		return last + int64(max(5, min(1200, lognormal(r, 40, 0.7))))
	case f.channel == chEmail:
		return last + int64(max(120, min(5*86400, lognormal(r, 3*3600, 1.1))))
	}
	return last + int64(max(30, min(3*86400, lognormal(r, 3600, 1.2))))
}

// messages emits the conversations kept by tickets, then lets them go.
func (g *generator) messages(emit func(cx.Kind, []cx.Record) error) error {
	out := newSink[cx.Message](cx.KindMessages, emit)
	m := &g.msgs
	n := 0
	for k := range g.tk {
		ticket := ticketID(k)
		for j := m.start[k]; j < m.start[k+1]; j++ {
			n++
			rec := cx.Message{ID: id('M', n, 8), TicketID: ticket, At: g.instant(m.at[j]),
				Author: authors[m.author[j]]}
			if a := m.agent[j]; a >= 0 {
				rec.Agent = agents[a].name
			}
			if err := out.add(rec); err != nil {
				return err
			}
		}
	}
	g.msgs = conversations{}
	return out.flush()
}
