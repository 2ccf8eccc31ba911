package survey

import (
	"strconv"

	"github.com/klantpuls/klantpuls/internal/cx"
)

// Repeats finds the invitations of one list — a list pasted on the surveys page, a batch of the
// API — that repeat an earlier one of it: an e-mail invitation to the same address
// (cx.AddressKey: "Jan <JAN@example.nl>" is jan@example.nl, and a customer number is its
// customer's address once Prepare filled it in), for the same survey and ticket. A repeat is
// not made: a list that names someone twice means one mail, which the throttle would not
// ensure (it holds back nothing with throttle_days = 0), and the caller's count of invitations
// must be the count of mails. A web invitation is a link handed to the caller, who asked for it,
// and another survey or ticket is another question: neither is a repeat.
type Repeats struct {
	first map[string]int
}

// Of tells whether inv, the list's item at, repeats an earlier item, and which one (its at);
// else it remembers inv as the first of its address. Call it with each prepared invitation of
// the list in order, and make only those it does not call repeats.
func (r *Repeats) Of(inv *cx.Invitation, at int) (earlier int, repeat bool) {
	if inv.Channel != "email" || inv.Email == "" {
		return 0, false
	}
	key := strconv.FormatInt(inv.SurveyID, 10) + "\x00" + inv.TicketID + "\x00" + cx.AddressKey(inv.Email)
	if first, ok := r.first[key]; ok {
		return first, true
	}
	if r.first == nil {
		r.first = map[string]int{}
	}
	r.first[key] = at
	return 0, false
}
