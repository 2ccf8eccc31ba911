package web

import (
	"net/http"
	"strings"

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
// forms are sent at the same moment.
func (s *Server) setup(w http.ResponseWriter, r *http.Request) {
	if ok, retry := s.logins.allow("login:"+clientAddr(r), s.now()); !ok {
		tooMany(w, r, retry)
		return
	}
	p := s.newPage(r, "")
	p.Title, p.Token = p.T("setup"), r.PostFormValue("token")
	p.Email = strings.TrimSpace(r.PostFormValue("email"))
	password := r.PostFormValue("password")
	// Check the form before the link is spent, so a typo does not use it up.
	if err := ValidateUser(p.Email, password, cx.RoleAdmin, ""); err != nil {
		p.Error = err.Error()
		s.render(w, r, http.StatusUnprocessableEntity, "setup", p)
		return
	}
	if n, err := s.accounts.CountUsers(r.Context()); err != nil || n > 0 {
		p.Error = p.T("bad_setup")
		s.render(w, r, http.StatusForbidden, "setup", p)
		return
	}
	if err := s.accounts.UseSetupLink(r.Context(), auth.HashSecret(p.Token), s.now()); err != nil {
		p.Error = p.T("bad_setup")
		s.render(w, r, http.StatusForbidden, "setup", p)
		return
	}
	u, err := CreateUser(r.Context(), s.accounts, p.Email, password, cx.RoleAdmin, "", "", s.now())
	if err != nil {
		p.Error = err.Error()
		s.render(w, r, http.StatusUnprocessableEntity, "setup", p)
		return
	}
	if err := s.startSession(w, r, u); err != nil {
		s.fail(w, r, err)
		return
	}
	http.Redirect(w, r, "/", http.StatusSeeOther)
}
