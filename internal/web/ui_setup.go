package web

import (
	"context"
	"net/http"
	"strings"

	"github.com/klantpuls/klantpuls/internal/app"
	"github.com/klantpuls/klantpuls/internal/auth"
	"github.com/klantpuls/klantpuls/internal/cx"
)

// setupPage shows the form that creates the first administrator, reached by the one-time link
// the server logs when it starts without users.
func (s *Server) setupPage(w http.ResponseWriter, r *http.Request) {
	p := s.newPage(r, "")
	p.Title, p.Token = p.T("setup"), r.URL.Query().Get("token")
	s.render(w, r, http.StatusOK, "setup", p)
}

// setup creates the first administrator: the link must be valid and unused, and there must be
// no users yet. The link is spent before the user is created, so it works once even when two
// forms are sent at the same moment. A refused link counts as a failed sign-in of the client's
// address.
func (s *Server) setup(w http.ResponseWriter, r *http.Request) {
	addrKey := failedSignInKey(r)
	if ok, retry := s.logins.unspent(addrKey, s.now()); !ok {
		s.tooMany(w, r, retry)
		return
	}
	p := s.newPage(r, "")
	p.Title, p.Token = p.T("setup"), r.PostFormValue("token")
	p.Email = strings.TrimSpace(r.PostFormValue("email"))
	password := r.PostFormValue("password")
	// Check the form before the link is spent, so a typo does not use it up.
	if err := app.ValidateUser(p.Email, password, cx.RoleAdmin, ""); err != nil {
		p.Error = p.problem(err)
		s.render(w, r, http.StatusUnprocessableEntity, "setup", p)
		return
	}
	n, err := s.app.CountUsers(r.Context())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if n > 0 {
		p.Error = p.T("bad_setup")
		s.render(w, r, http.StatusForbidden, "setup", p)
		return
	}
	// The link is used with the administrator it makes and their line: a user refused (or a
	// line that cannot be stored) leaves the link as it was.
	var u *cx.User
	badLink := false
	err = s.audited(r, func(ctx context.Context) ([]cx.AuditEntry, error) {
		if err := s.app.UseSetupLink(ctx, auth.HashSecret(p.Token), s.now()); err != nil {
			badLink = cx.ErrorCode(err) == cx.ENOTFOUND
			return nil, err
		}
		var err error
		if u, err = s.app.CreateUser(ctx, p.Email, password, cx.RoleAdmin, "", "", s.now()); err != nil {
			return nil, err
		}
		return []cx.AuditEntry{{UserID: u.ID, Actor: u.Email, Action: cx.AuditUserCreate, Subject: u.Email,
			Words: []cx.AuditPhrase{cx.Phrase("first_admin_setup")}}}, nil
	})
	switch {
	case badLink:
		s.logins.spend(addrKey, s.now())
		p.Error = p.T("bad_setup")
		s.render(w, r, http.StatusForbidden, "setup", p)
		return
	case cx.ErrorCode(err) == cx.EINVALID || cx.ErrorCode(err) == cx.ECONFLICT:
		p.Error = p.problem(err)
		s.render(w, r, http.StatusUnprocessableEntity, "setup", p)
		return
	case err != nil:
		s.fail(w, r, err)
		return
	}
	if err := s.startSession(w, r, u); err != nil {
		s.fail(w, r, err)
		return
	}
	http.Redirect(w, r, "/", http.StatusSeeOther)
}
