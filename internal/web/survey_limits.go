package web

import (
	"net/http"

	"github.com/klantpuls/klantpuls/internal/cx"
)

// Limits of the answers sent from a customer's pages, the hosted page (/s/) and the one-click
// page (/a/). Each answer is a write (the one write lock), an engine apply and a live update to
// every open dashboard, and whoever holds a link — the customer, or anyone the mail was
// forwarded to — could send changes as fast as the server takes them:
//   - per invitation (all its links, the score links and the page): 10 at once, then one a
//     minute. A customer answers, changes it once or twice and writes a comment, perhaps
//     shortens one too long: half of it.
//   - per address (clientNetwork: an IPv6 /64): 60 at once, then one every 10 seconds. Colleagues
//     behind one office address answering their invitations do not come near it; a script with
//     many links gets 60 and then 360 an hour.
//
// A page over a limit says so in the invitation's language (429 with Retry-After); a comment
// comes back in its form, as a too long one does, not lost. Showing a page writes nothing and
// is not limited.
const (
	answerBurstPerInvitation  = 10
	answerPerInvitationPerSec = 1.0 / 60
	answerBurstPerAddr        = 60
	answerPerAddrPerSec       = 1.0 / 10
)

type answerLimits struct {
	perInvitation, perAddress *limiter
}

func newAnswerLimits() *answerLimits {
	return &answerLimits{perInvitation: newLimiter(answerPerInvitationPerSec, answerBurstPerInvitation),
		perAddress: newLimiter(answerPerAddrPerSec, answerBurstPerAddr)}
}

// allowAnswer takes one answer of inv's share and the address's, or answers 429. The
// invitation's first: an address is kept (10 minutes) only for an answer its link may send,
// so one link posted from ever new IPv6 networks keeps 10 at most, not one a request. A
// comment refused comes back in its box (mendComment): the form is read before.
func (s *Server) allowAnswer(w http.ResponseWriter, r *http.Request, inv *cx.Invitation) bool {
	now := s.now()
	ok, retry := s.pageAnswers.perInvitation.allow("inv:"+inv.ID, now)
	if ok {
		ok, retry = s.pageAnswers.perAddress.allow("addr:"+clientNetwork(r), now)
	}
	if ok {
		return true
	}
	if r.PostForm.Get("comment") != "" {
		why, _ := said(inv.Lang, retryAfter(w, retry))
		if v, err := s.mendComment(r, inv, why); err == nil {
			s.renderSurvey(w, r, http.StatusTooManyRequests, v)
			return false
		}
	}
	s.tooMany(w, r, retry)
	return false
}
