package engine

import (
	"cmp"
	"slices"
	"time"

	"github.com/klantpuls/klantpuls/internal/calendar"
)

// The rule of what a ticket's row, its messages and its team's calendar give (first reply,
// agent replies, reply-time samples, business seconds, waiting), in one pure function that the
// engine (deriveTicket) and the ClickHouse shipper (issue 18) both call, so the two cannot
// drift apart.

// NoSeconds marks an interval that is not measured (a business-seconds value, a sample).
const NoSeconds = noSeconds

// NoReplies marks agent replies that are not known: no messages and no agent_replies.
const NoReplies = noReplies

// ReplyMessage is one message of a ticket as the reply rule reads it. It is small, as the
// engine sorts a ticket's messages each time it derives the ticket.
type ReplyMessage struct {
	At     uint32 // Unix seconds (Instant)
	Ref    uint32 // the caller's own reference to the message, untouched
	Author uint8  // AuthorCode
}

// ReplySample is what the rule makes of a message: the reply-time sample of an agent message,
// calendar and business seconds; NoSeconds when the message is no sample.
type ReplySample struct {
	Cal, Biz uint32
}

// TicketRow is what the rule reads of a ticket's own row: instants in Unix seconds (0 absent)
// and agent_replies (NoReplies when empty).
type TicketRow struct {
	Created, FirstReply, FirstSolved, Solved uint32
	Replies                                  uint16
	Outbound                                 bool
}

// TicketDerived is what the rule gives a ticket.
type TicketDerived struct {
	// FirstReply is the first agent message at or after the creation when the ticket has
	// messages (0 when none is), else the row's first_reply_at.
	FirstReply uint32
	// Replies counts the agent messages when the ticket has any message, else the row's
	// agent_replies (NoReplies: not known).
	Replies uint16
	// Business seconds from the creation to the first reply, the full and the first
	// resolution (first_solved_at, else solved_at); NoSeconds when not measured.
	FirstReplyBiz, SolvedBiz, FirstSolvedBiz uint32
	// Waiting: an inbound ticket without a first reply.
	Waiting bool
	// LastContact is the latest moment the ticket had the customer and the team in touch
	// (lastContact).
	LastContact uint32
}

// AuthorCode is the code of a message's author (cx.AuthorCustomer …); 0 for one the rule does
// not know, which is neither question nor reply.
func AuthorCode(author string) uint8 { return authorCodes[author] }

// Instant is t in Unix seconds as the engine keeps instants: 0 for the zero time and for times
// outside (1970, 2106].
func Instant(t time.Time) uint32 { return instant(t) }

// SortMessages puts a ticket's messages in the order the rule reads them: by time; at the same
// second the customer first (a reply cannot precede its question); then by message id (id
// gives the id of a Ref, asked only for such ties).
func SortMessages(msgs []ReplyMessage, id func(ref uint32) string) {
	slices.SortFunc(msgs, func(a, b ReplyMessage) int {
		if a.At != b.At {
			return cmp.Compare(a.At, b.At)
		}
		if a.Author != b.Author {
			return int(a.Author) - int(b.Author)
		}
		return cmp.Compare(id(a.Ref), id(b.Ref))
	})
}

// DeriveTicket derives a ticket from its row and its messages (sorted by SortMessages; none:
// the row's own first reply and agent_replies apply) with its team's calendar, and sets each
// message's sample in samples (as long as msgs, in their order). A message before the creation counts as an agent reply but is neither
// first reply nor sample, nor does it open a wait; bot messages and notes are neither.
func DeriveTicket(row TicketRow, msgs []ReplyMessage, cal *calendar.Calendar, samples []ReplySample) TicketDerived {
	d := TicketDerived{FirstReply: row.FirstReply, Replies: row.Replies}
	if len(msgs) > 0 {
		d.FirstReply, d.Replies = deriveReplies(row.Created, row.Outbound, msgs, cal, samples[:len(msgs)])
	}
	biz := func(end uint32) uint32 { // 0 is absent, calendar.Elapsed's absent end
		if s, ok := cal.Elapsed(int64(row.Created), int64(end)); ok {
			return uint32(s)
		}
		return noSeconds
	}
	d.FirstReplyBiz = biz(d.FirstReply)
	d.SolvedBiz = biz(row.Solved)
	d.FirstSolvedBiz = d.SolvedBiz
	if row.FirstSolved != noTime {
		d.FirstSolvedBiz = biz(row.FirstSolved)
	}
	d.Waiting = !row.Outbound && d.FirstReply == noTime
	d.LastContact = lastContact(row, d.FirstReply, msgs)
	return d
}

// lastContact is the latest moment a ticket had the customer and the team in touch, as a
// service lead counts contact: its creation, its first reply (firstReply: the messages' when it
// has any, else its row's), its first and its full resolution, and the latest message of the
// customer or an agent. A note is internal and a bot is nobody of the team: neither is contact.
// msgs are sorted by time (SortMessages), so the latest is found from the end.
func lastContact(row TicketRow, firstReply uint32, msgs []ReplyMessage) uint32 {
	last := max(row.Created, firstReply, row.FirstSolved, row.Solved)
	for i := len(msgs) - 1; i >= 0; i-- {
		if m := msgs[i]; m.Author == authorCustomer || m.Author == authorAgent {
			return max(last, m.At)
		}
	}
	return last
}

// deriveReplies walks the messages in order: the first agent message at or after creation is
// the first reply; every agent message counts as a reply; an agent message that follows
// unanswered customer messages is a reply-time sample, measured from the earliest of them
// (metrics.md section 2), except on an outbound ticket.
func deriveReplies(created uint32, outbound bool, msgs []ReplyMessage, cal *calendar.Calendar, samples []ReplySample) (firstReply uint32, replies uint16) {
	var waiting uint32
	n, started := 0, false
	for i := range msgs {
		m, sample := &msgs[i], &samples[i]
		*sample = ReplySample{noSeconds, noSeconds}
		if m.Author == authorAgent {
			n++
		}
		if m.At < created || (m.Author != authorCustomer && m.Author != authorAgent) {
			continue
		}
		if !started {
			started = true
			// No customer message at the start: the creation is the customer's question.
			if m.Author == authorAgent {
				waiting = created
			}
		}
		switch m.Author {
		case authorCustomer:
			if waiting == noTime {
				waiting = m.At
			}
		case authorAgent:
			if firstReply == noTime {
				firstReply = m.At
			}
			if waiting != noTime && !outbound {
				sample.Cal = m.At - waiting
				sample.Biz = uint32(cal.BusinessSeconds(int64(waiting), int64(m.At)))
			}
			waiting = noTime
		}
	}
	return firstReply, replyCount(n)
}

// AgentReplies is a ticket row's agent_replies as the rule reads it: NoReplies when empty.
func AgentReplies(p *int) uint16 { return optReplies(p) }
