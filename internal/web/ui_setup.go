package web

import (
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
	addrKey := "login:" + clientNetwork(r)
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
	if err := s.app.UseSetupLink(r.Context(), auth.HashSecret(p.Token), s.now()); err != nil {
		s.logins.spend(addrKey, s.now())
		p.Error = p.T("bad_setup")
		s.render(w, r, http.StatusForbidden, "setup", p)
		return
	}
	u, err := s.app.CreateUser(r.Context(), p.Email, password, cx.RoleAdmin, "", "", s.now())
	if err != nil {
		p.Error = p.problem(err)
		s.render(w, r, http.StatusUnprocessableEntity, "setup", p)
		return
	}
	s.record(r, cx.AuditEntry{UserID: u.ID, Actor: u.Email, Action: cx.AuditUserCreate, Subject: u.Email,
		Detail: "first administrator, by the setup link"})
	if err := s.startSession(w, r, u); err != nil {
		s.fail(w, r, err)
		return
	}
	http.Redirect(w, r, "/", http.StatusSeeOther)
}
