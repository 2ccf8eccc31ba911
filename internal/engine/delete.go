package engine

import (
	"math"

	"github.com/klantpuls/klantpuls/internal/cx"
)

// A deleted record is taken out in place: its row keeps its interned id (rows are dense and
// other rows point at them by index) and is emptied so that every query passes it by, as if it
// had never been applied:
//
//   - a customer or a ticket goes back to what a row only named by others is (no Exists flag;
//     a ticket keeps its lists of messages and answers, which name it still);
//   - a message or an answer leaves its ticket's list, and the ticket is derived again (first
//     reply, reply times, the current rating);
//   - every other row loses its instant: an absent instant is in no period (timeline.position),
//     and the few loops that look at rows whatever their time skip it (buyerMargins, quality).
//
// A later record with the same key fills the row again like any update. The cost is one row's
// columns, against a reload of every record (seconds for millions), so a deletion is applied
// like any write, on every node.

// noTicket is the ticket of a deleted message: in no ticket's list.
const noTicket = math.MaxUint32

// remove takes the record of d out, when the engine has it.
func (e *Engine) remove(d cx.Deletion) {
	switch d.Of {
	case cx.KindCustomers:
		e.removeCustomer(d.ID)
	case cx.KindOrders:
		if i, ok := e.orders.ids.lookup(d.ID); ok {
			e.orders.at[i], e.orders.amount[i], e.orders.margin[i] = noTime, 0, math.NaN()
			e.orderWritten(i)
		}
	case cx.KindTickets:
		e.removeTicket(d.ID)
	case cx.KindMessages:
		e.removeMessage(d.ID)
	case cx.KindResponses:
		e.removeResponse(d.ID)
	case cx.KindMentions:
		if i, ok := e.mentions.ids.lookup(d.ID); ok {
			e.mentions.at[i], e.mentions.source[i], e.mentions.replied[i], e.mentions.hasText[i] = noTime, 0, false, false
			e.clearText(&e.mentions.text, i)
		}
	case cx.KindReviews:
		if i, ok := e.reviews.ids.lookup(d.ID); ok {
			e.reviews.at[i], e.reviews.rating[i], e.reviews.agent[i] = noTime, notApplicable, 0
		}
	case cx.KindEvents:
		if i, ok := e.events.ids.lookup(d.ID); ok {
			e.events.at[i], e.events.kind[i] = noTime, 0
		}
	}
}

// ForgetCustomer renames the row of customer id to as, when the engine has one: id is erased
// and no record names it any more (every record naming it was moved onto a pseudonym, and its
// deletion applied, app/erase.go). An id may be an e-mail address; a deleted row keeps its id
// (above), which would keep it in memory and in every engine file written after. as must be an
// id no record has.
func (e *Engine) ForgetCustomer(id, as string) {
	e.mu.Lock()
	defer e.mu.Unlock()
	if i, ok := e.customers.ids.lookup(id); ok {
		e.customers.ids.rename(i, as)
		e.customersGone++
	}
}

// ForgetCustomers is ForgetCustomer of every customer whose id as gives a new id for: a node
// that follows another's erasure learns only the keyed hash of the erased id (app/follow.go),
// so it asks of each id. The ids are read under the read lock, as is every query (as may take
// a while over millions); renaming takes the write lock. It returns how many it renamed.
func (e *Engine) ForgetCustomers(as func(id string) (string, bool)) int {
	type renaming struct{ id, to string }
	var found []renaming
	e.mu.RLock()
	for i := range uint32(e.customers.ids.len()) {
		id := e.customers.ids.key(i)
		if to, ok := as(id); ok {
			found = append(found, renaming{id, to})
		}
	}
	e.mu.RUnlock()
	for _, r := range found {
		e.ForgetCustomer(r.id, r.to)
	}
	return len(found)
}

func (e *Engine) removeCustomer(id string) {
	c := &e.customers
	if i, ok := c.ids.lookup(id); ok {
		c.acquired[i], c.churned[i], c.segment[i], c.flags[i] = 0, 0, 0, 0
		e.customersGone++
	}
}

// removeTicket empties a ticket's own columns; its messages and answers stay linked to it, as
// they are to a ticket that has not arrived yet.
func (e *Engine) removeTicket(id string) {
	c := &e.tickets
	i, ok := c.ids.lookup(id)
	if !ok {
		return
	}
	c.created[i], c.firstReply[i], c.firstReplyColumn[i], c.firstSolved[i], c.solved[i] = 0, 0, 0, 0, 0
	c.wait[i], c.handle[i] = math.NaN(), math.NaN()
	c.customer[i], c.channel[i], c.team[i], c.agent[i], c.category[i] = 0, 0, 0, 0, 0
	c.reopens[i], c.repliesColumn[i], c.replies[i] = 0, 0, 0
	c.firstReplyBiz[i], c.solvedBiz[i], c.firstSolvedBiz[i] = noSeconds, noSeconds, noSeconds
	c.flags[i] &= ticketDirty
	c.reach[i] = 0 // no ticket: outside every period
	c.contact[i] = 0
	// The reply-time samples of its messages were measured from its creation.
	for _, m := range e.messageList(i) {
		e.messages.replyCal[m], e.messages.replyBiz[m] = noSeconds, noSeconds
	}
}

func (e *Engine) removeMessage(id string) {
	c := &e.messages
	i, ok := c.ids.lookup(id)
	if !ok || c.ticket[i] == noTicket {
		return
	}
	t := c.ticket[i]
	unlink(&e.tickets.msgHead[t], c.next, i)
	c.ticket[i], c.at[i], c.author[i], c.agent[i] = noTicket, noTime, 0, 0
	c.replyCal[i], c.replyBiz[i] = noSeconds, noSeconds
	e.markDirty(t)
}

func (e *Engine) removeResponse(id string) {
	c := &e.responses
	i, ok := c.ids.lookup(id)
	if !ok {
		return
	}
	if t := c.ticket[i]; t != 0 {
		unlink(&e.tickets.respHead[t-1], c.next, i)
		c.ticket[i] = 0
		e.supersede(t - 1)
	}
	c.submitted[i], c.score[i], c.survey[i], c.flags[i] = noTime, 0, 0, 0
	c.customer[i], c.channel[i], c.team[i], c.agent[i] = 0, 0, 0, 0
	e.clearText(&c.text, i)
}
