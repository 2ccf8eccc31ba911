package web

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"

	"github.com/klantpuls/klantpuls/internal/app"
	"github.com/klantpuls/klantpuls/internal/auth"
	"github.com/klantpuls/klantpuls/internal/cx"
)

// Sign-in limits. Per account: app.ClaimSignIn (five at once, then a growing hold, kept in the
// store). Per client address: failures only, and generously (50 at once, then 10 a minute), so
// one office behind one address is never held back by a colleague's typos, while a single
// machine trying many accounts is slowed.
const (
	addrFailuresBurst     = 50
	addrFailuresPerSecond = 10.0 / 60
)

func (s *Server) loginPage(w http.ResponseWriter, r *http.Request) {
	p := s.newPage(r, "Inloggen")
	p.Title, p.Next = p.T("login"), localPath(r.URL.Query().Get("next"))
	s.render(w, r, http.StatusOK, "login", p)
}

// loginFor is the login page for a page asked without a login: in the language the link named
// (?lang=), returning to the page after sign-in, with its view (next, which localPath keeps
// on this server). A form posted without a login is not sent again: its login returns to the
// overview.
func loginFor(r *http.Request) string {
	q := url.Values{}
	if l := r.URL.Query().Get("lang"); l == "nl" || l == "en" {
		q.Set("lang", l)
	}
	if r.Method == http.MethodGet && r.URL.RequestURI() != "/" {
		q.Set("next", r.URL.RequestURI())
	}
	if len(q) == 0 {
		return "/login"
	}
	return "/login?" + q.Encode()
}

// failedSignInKey is the share of s.logins a request's failure takes: its client address's
// (clientNetwork), one for a wrong password, a refused setup link and a wrong wall link alike.
func failedSignInKey(r *http.Request) string { return "login:" + clientNetwork(r) }

// login checks an e-mail and password and starts a session. A wrong e-mail and a wrong
// password get the same answer, and so do a held-back known and unknown address.
func (s *Server) login(w http.ResponseWriter, r *http.Request) {
	ctx, now := r.Context(), s.now()
	email := strings.TrimSpace(r.PostFormValue("email"))
	addrKey := failedSignInKey(r)
	if ok, retry := s.logins.unspent(addrKey, now); !ok {
		s.loginHeld(w, r, email, retry)
		return
	}
	account := cx.NameKey(email)
	held, until, err := s.app.ClaimSignIn(ctx, account, now)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if held {
		s.loginHeld(w, r, email, until.Sub(now))
		return
	}
	u, err := s.app.UserByEmail(ctx, email)
	if err != nil && cx.ErrorCode(err) != cx.ENOTFOUND { // not a wrong password: the database did not answer
		s.fail(w, r, err)
		return
	}
	hash := dummyHash()
	if err == nil {
		hash = u.PasswordHash
	}
	// An unknown e-mail is checked against a dummy hash, so it takes as long as a known one:
	// the timing does not tell which accounts exist.
	if !auth.CheckPassword(hash, r.PostFormValue("password")) || err != nil {
		s.logins.spend(addrKey, now)
		failed := cx.AuditEntry{Actor: triedAddress(email), Action: cx.AuditSignInFailed}
		if u != nil {
			failed.UserID = u.ID
		}
		s.record(r, failed)
		p := s.newPage(r, "")
		p.Title, p.Error, p.Email, p.Next = p.T("login"), p.T("bad_login"), email, localPath(r.PostFormValue("next"))
		s.render(w, r, http.StatusUnauthorized, "login", p)
		return
	}
	if err := s.app.SignInSucceeded(ctx, account); err != nil {
		s.fail(w, r, err)
		return
	}
	if err := s.startSession(w, r, u); err != nil {
		s.fail(w, r, err)
		return
	}
	s.record(r, cx.AuditEntry{UserID: u.ID, Actor: u.Email, Action: cx.AuditSignIn})
	to := localPath(r.PostFormValue("next"))
	if to == "" {
		to = "/"
	}
	http.Redirect(w, r, to, http.StatusSeeOther)
}

// triedAddress is who a failed sign-in names in the audit log: the address typed when it is an
// e-mail address (app.EmailAddress), else "(no address)" — whatever else was typed in the
// field may be a password, which never reaches the log.
func triedAddress(email string) string {
	if app.EmailAddress(email) {
		return email
	}
	return "(no address)"
}

// loginHeld answers an attempt that must wait: 429 with Retry-After, and the login page with a
// line saying when to try again. It looks the same for every address typed.
func (s *Server) loginHeld(w http.ResponseWriter, r *http.Request, email string, retry time.Duration) {
	p := s.newPage(r, "")
	p.Title, p.Email, p.Next = p.T("login"), email, localPath(r.PostFormValue("next"))
	p.Error = fmt.Sprintf(p.T("held"), waitIn(p.Lang, setRetryAfter(w, retry)))
	s.render(w, r, http.StatusTooManyRequests, "login", p)
}

func (s *Server) logout(w http.ResponseWriter, r *http.Request) {
	s.endSession(w, r)
	http.Redirect(w, r, "/login", http.StatusSeeOther)
}

// dummyHash is a valid argon2id hash of a random password, made once: by New, so that a
// server's first unknown e-mail takes no longer than the next, and not at the program's start,
// where it cost every command (`klantpuls report` in a script too) 19 MiB and tens of ms.
var dummyHash = sync.OnceValue(func() string {
	plain, _ := auth.NewSessionSecret()
	h, err := auth.HashPassword(plain)
	if err != nil {
		panic(err)
	}
	return h
})
