package web

import (
	"net/http"
	"strings"

	"github.com/klantpuls/klantpuls/internal/auth"
)

func (s *Server) loginPage(w http.ResponseWriter, r *http.Request) {
	p := s.newPage(r, "Inloggen")
	p.Title = p.T("login")
	s.render(w, r, http.StatusOK, "login", p)
}

// login checks an e-mail and password and starts a session. Attempts are limited per address,
// and a wrong e-mail and a wrong password get the same answer.
func (s *Server) login(w http.ResponseWriter, r *http.Request) {
	if ok, retry := s.logins.allow("login:"+clientAddr(r), s.now()); !ok {
		tooMany(w, r, retry)
		return
	}
	email := strings.TrimSpace(r.PostFormValue("email"))
	password := r.PostFormValue("password")
	u, err := s.accounts.UserByEmail(r.Context(), email)
	hash := dummyHash
	if err == nil {
		hash = u.PasswordHash
	}
	// An unknown e-mail is checked against a dummy hash, so it takes as long as a known one:
	// the timing does not tell which accounts exist.
	if !auth.CheckPassword(hash, password) || err != nil {
		p := s.newPage(r, "")
		p.Title, p.Error, p.Email = p.T("login"), p.T("bad_login"), email
		s.render(w, r, http.StatusUnauthorized, "login", p)
		return
	}
	if err := s.startSession(w, r, u); err != nil {
		s.fail(w, r, err)
		return
	}
	http.Redirect(w, r, "/", http.StatusSeeOther)
}

func (s *Server) logout(w http.ResponseWriter, r *http.Request) {
	s.endSession(w, r)
	http.Redirect(w, r, "/login", http.StatusSeeOther)
}

// dummyHash is a valid argon2id hash of a random password, made once at start.
var dummyHash = func() string {
	plain, _ := auth.NewSessionSecret()
	h, err := auth.HashPassword(plain)
	if err != nil {
		panic(err)
	}
	return h
}()
