package web

import (
	"context"
	"errors"
	"net/http"

	"github.com/klantpuls/klantpuls/internal/app"
	"github.com/klantpuls/klantpuls/internal/cx"
)

// The user's own password, on the settings page beside their digest: the current password and a
// new one, checked as every new password is. Every session of the user ends, the one the change
// is made in too, and a new one starts in the same answer: the user stays signed in here, on a
// new cookie, and a copy of the old one (what a changed password is often the answer to) works
// no more (OWASP: renew the session id after a password change). A wrong current password
// counts as a failed sign-in of the account (app.ClaimSignIn), so a session left open on
// someone else's screen cannot be used to guess it.

func (s *Server) passwordPage(w http.ResponseWriter, r *http.Request) {
	s.renderPassword(w, r, http.StatusOK, "", "")
}

func (s *Server) renderPassword(w http.ResponseWriter, r *http.Request, status int, flash, problem string) {
	p := s.newPage(r, "")
	p.Title, p.Flash, p.Error = p.T("password_title"), flash, problem
	s.render(w, r, status, "password_settings", p)
}

// passwordChange changes the signed-in user's password. A form without the current or the new
// password is the form's error, said before anything is claimed: it guessed no password, so it
// is no failed sign-in and does not count toward the account's lock-out.
func (s *Server) passwordChange(w http.ResponseWriter, r *http.Request) {
	ctx, now, u := r.Context(), s.now(), principalOf(r).user
	for _, f := range []struct{ field, missing string }{{"current", "password_no_current"}, {"password", "password_no_new"}} {
		if r.PostFormValue(f.field) == "" {
			s.renderPassword(w, r, http.StatusUnprocessableEntity, "", s.newPage(r, "").T(f.missing))
			return
		}
	}
	account := cx.NameKey(u.Email)
	held, until, err := s.app.ClaimSignIn(ctx, account, now)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if held {
		s.tooMany(w, r, until.Sub(now))
		return
	}
	var changed *cx.User
	err = s.audited(r, func(ctx context.Context) ([]cx.AuditEntry, error) {
		var err error
		if changed, err = s.app.ChangeOwnPassword(ctx, u.ID, r.PostFormValue("current"), r.PostFormValue("password")); err != nil {
			return nil, err
		}
		return line(cx.AuditUserPassword, changed.Email, cx.Phrase("password_self")), nil
	})
	if errors.Is(err, app.ErrWrongPassword) {
		p := s.newPage(r, "")
		s.record(r, cx.AuditEntry{Action: cx.AuditSignInFailed, Subject: u.Email,
			Words: []cx.AuditPhrase{cx.Phrase("wrong_current_password")}})
		s.renderPassword(w, r, http.StatusUnprocessableEntity, "", p.T("password_wrong_current"))
		return
	}
	// The current password was right: the attempt was no failure, whatever became of the new one.
	if err := s.app.SignInSucceeded(ctx, account); err != nil {
		s.fail(w, r, err)
		return
	}
	if cx.ErrorCode(err) == cx.EINVALID {
		s.renderPassword(w, r, http.StatusUnprocessableEntity, "", s.newPage(r, "").problem(err))
		return
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if err := s.startSession(w, r, changed); err != nil {
		s.fail(w, r, err)
		return
	}
	p := s.newPage(r, "")
	s.renderPassword(w, r, http.StatusOK, p.T("password_changed"), "")
}
