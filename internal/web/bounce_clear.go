package web

import (
	"context"
	"net/http"
	"net/url"
	"strings"

	"github.com/klantpuls/klantpuls/internal/cx"
	"github.com/klantpuls/klantpuls/internal/mail"
)

// bounceClear lets surveys go again to an address held back after a mail server refused it for
// good, when the customer fixed their mailbox. An unsubscribe stays: it is the customer's word.
// The audit entry says a hold was cleared, never of which address: no erasure reaches the log.
func (s *Server) bounceClear(w http.ResponseWriter, r *http.Request) {
	email := strings.TrimSpace(r.PostFormValue("email"))
	if _, err := mail.Address(email); err != nil {
		s.fail(w, r, cx.Refuse(cx.EINVALID, "email", "bounce_bad_address", "%q is not an e-mail address", email))
		return
	}
	result := resultBounceNone
	err := s.audited(r, func(ctx context.Context) ([]cx.AuditEntry, error) {
		cleared, err := s.app.ClearBounce(ctx, email)
		if err != nil || !cleared {
			return nil, err
		}
		result = resultBounceCleared
		return line(cx.AuditBounceClear, "address", cx.Phrase("bounce_hold_cleared")), nil
	})
	if err != nil {
		s.fail(w, r, err)
		return
	}
	http.Redirect(w, r, "/surveys?"+url.Values{"result": {result}}.Encode(), http.StatusSeeOther)
}
