package engine

import "github.com/klantpuls/klantpuls/internal/cx"

// Message authors, in the order messages of the same second are read.
const (
	authorCustomer = iota + 1
	authorAgent
	authorBot
	authorNote
)

var authorCodes = map[string]uint8{cx.AuthorCustomer: authorCustomer, cx.AuthorAgent: authorAgent,
	cx.AuthorBot: authorBot, cx.AuthorNote: authorNote}

// messageColumns holds messages by interned message id. Each ticket's messages form a linked
// list (msgHead on the ticket, next here) so one ticket's messages are found without an index.
type messageColumns struct {
	ids    keys
	at     []uint32
	ticket []uint32
	author []uint8
	agent  []uint16
	next   []uint32 // ref to the next message of the same ticket, 0 = end
	// Reply-time sample of an agent message (metrics.md section 2), calendar and business
	// seconds; noSeconds when the message is not a sample.
	replyCal []uint32
	replyBiz []uint32
}

func (c *messageColumns) grow(n int) {
	c.at = reserveCap(c.at, n)
	c.ticket = reserveCap(c.ticket, n)
	c.author = reserveCap(c.author, n)
	c.agent = reserveCap(c.agent, n)
	c.next = reserveCap(c.next, n)
	c.replyCal = reserveCap(c.replyCal, n)
	c.replyBiz = reserveCap(c.replyBiz, n)
}

func (e *Engine) putMessage(r *cx.Message) {
	c := &e.messages
	i, added := c.ids.intern(r.ID)
	t := e.tickets.row(r.TicketID)
	if added {
		c.at = append(c.at, 0)
		c.ticket = append(c.ticket, t)
		c.author = append(c.author, 0)
		c.agent = append(c.agent, 0)
		c.next = append(c.next, e.tickets.msgHead[t])
		c.replyCal = append(c.replyCal, noSeconds)
		c.replyBiz = append(c.replyBiz, noSeconds)
		e.tickets.msgHead[t] = ref(i)
	} else if old := c.ticket[i]; old != t {
		if old != noTicket { // a deleted message is in no list (delete.go)
			unlink(&e.tickets.msgHead[old], c.next, i)
			e.markDirty(old)
		}
		c.ticket[i] = t
		c.next[i] = e.tickets.msgHead[t]
		e.tickets.msgHead[t] = ref(i)
	}
	c.at[i] = instant(r.At)
	c.author[i] = authorCodes[r.Author]
	c.agent[i] = e.agents.id(r.Agent)
	e.markDirty(t)
}

// unlink removes row i from the linked list that starts at *head and continues through next.
func unlink(head *uint32, next []uint32, i uint32) {
	for p := head; *p != 0; p = &next[*p-1] {
		if *p == ref(i) {
			*p = next[i]
			next[i] = 0
			return
		}
	}
}

// messageList returns the messages of ticket t in a buffer reused by the (single) writer.
func (e *Engine) messageList(t uint32) []uint32 {
	e.listBuf = e.listBuf[:0]
	for p := e.tickets.msgHead[t]; p != 0; p = e.messages.next[p-1] {
		e.listBuf = append(e.listBuf, p-1)
	}
	return e.listBuf
}
