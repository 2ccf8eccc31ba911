package web

import (
	"context"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"strings"
	"time"

	"github.com/klantpuls/klantpuls/internal/auth"
	"github.com/klantpuls/klantpuls/internal/cx"
)

// sessionCookie holds a login session's secret; the store keeps only its hash.
const sessionCookie = "klantpuls_session"

// touchWait bounds the wait to record a token's or a wall screen's use.
const touchWait = 100 * time.Millisecond

// principal is who a request acts for: a logged-in user, or a user's API token.
type principal struct {
	user  *cx.User
	token *cx.Token      // nil for a login session
	wall  *cx.WallScreen // a wall screen (wall.go): user stands in for it, and it may only look
}

// can tells whether the principal may do action: the user's role must allow it, and a token's
// scope too. A wall screen may only see figures, whatever its stand-in user's role.
func (p *principal) can(action string) bool {
	if p != nil && p.wall != nil {
		return action == auth.ActionOwnFigures || action == auth.ActionReport
	}
	if p == nil || !auth.Can(p.user.Role, action) {
		return false
	}
	return p.token == nil || auth.TokenAllows(p.token.Scope, action)
}

type principalKey struct{}

func principalOf(r *http.Request) *principal {
	p, _ := r.Context().Value(principalKey{}).(*principal)
	return p
}

// identify finds the principal of a request: a bearer token, else a session cookie. A request
// that presents a credential that is not valid (or an expired token) gets no principal (and so a
// 401 where one is needed) rather than an error here. A credential that cannot be looked up
// (the database does not answer) is an error: the visitor is told so, not sent to log in.
func (s *Server) identify(r *http.Request) (*principal, error) {
	ctx := r.Context()
	// The scheme name is case-insensitive (RFC 9110 section 11.1).
	if h := r.Header.Get("Authorization"); len(h) > 7 && strings.EqualFold(h[:7], "bearer ") {
		plain := h[7:]
		t, err := s.app.TokenByHash(ctx, auth.HashSecret(strings.TrimSpace(plain)))
		if err != nil || t.Expired(s.now()) {
			return nil, lookupError("token", err)
		}
		u, err := s.app.UserByID(ctx, t.UserID)
		if err != nil {
			return nil, lookupError("the token's user", err)
		}
		s.touch(r, "token", t.ID, t.LastUsedAt, s.app.TouchToken)
		return &principal{user: u, token: t}, nil
	}
	c, err := r.Cookie(sessionCookie)
	if err != nil {
		return nil, nil
	}
	sess, err := s.app.SessionByHash(ctx, auth.HashSecret(c.Value), s.now())
	if err != nil {
		return nil, lookupError("session", err)
	}
	u, err := s.app.UserByID(ctx, sess.UserID)
	if err != nil {
		return nil, lookupError("the session's user", err)
	}
	return &principal{user: u}, nil
}

// sessionHash is the hash of the request's session secret, as the store keeps it; nil without one.
func sessionHash(r *http.Request) []byte {
	c, err := r.Cookie(sessionCookie)
	if err != nil {
		return nil
	}
	return auth.HashSecret(c.Value)
}

// lookupError is the error of a credential's look-up, nil when it simply found nothing: an
// unknown credential is no principal, not a failure.
func lookupError(what string, err error) error {
	if err == nil || cx.ErrorCode(err) == cx.ENOTFOUND {
		return nil
	}
	return fmt.Errorf("looking up the %s: %w", what, err)
}

// touch records the use of a credential — a token (app.TouchToken) or a wall screen
// (app.TouchWallScreen), what names it in the log — last used at last: bookkeeping, the one
// write a GET may cause. Recording each use would cost a write per request (a wall asks every
// few seconds); to the minute is enough. Nor is it worth holding a request up while the
// database is busy (an import): a later one records it, so a wait that runs out is only worth a
// debug line.
func (s *Server) touch(r *http.Request, what string, id int64, last time.Time, record func(context.Context, int64, time.Time) error) {
	now := s.now()
	if now.Sub(last) <= time.Minute {
		return
	}
	ctx, cancel := context.WithTimeout(r.Context(), touchWait)
	defer cancel()
	if err := record(ctx, id, now); err != nil {
		level := slog.LevelWarn
		if ctx.Err() != nil || cx.ErrorCode(err) == cx.EUNAVAILABLE {
			level = slog.LevelDebug
		}
		s.log.Log(r.Context(), level, what+" use not recorded", slog.Int64(what, id), slog.Any("error", err))
	}
}

// withPrincipal puts the principal into the request's context.
func withPrincipal(r *http.Request, p *principal) *http.Request {
	return r.WithContext(context.WithValue(r.Context(), principalKey{}, p))
}

// secureCookies tells whether cookies must be Secure: always, except for plain HTTP on a
// loopback address (development and tests), where a browser would otherwise drop them.
func secureCookies(r *http.Request) bool {
	if r.TLS != nil || r.Header.Get("X-Forwarded-Proto") == "https" {
		return true
	}
	host, _, err := net.SplitHostPort(r.Host)
	if err != nil {
		host = r.Host
	}
	if host == "localhost" {
		return false
	}
	ip := net.ParseIP(host)
	return ip == nil || !ip.IsLoopback()
}

// startSession logs a user in: a new secret in an HttpOnly, SameSite cookie.
func (s *Server) startSession(w http.ResponseWriter, r *http.Request, u *cx.User) error {
	plain, hash := auth.NewSessionSecret()
	now := s.now()
	sess := &cx.Session{Hash: hash, UserID: u.ID, CreatedAt: now, ExpiresAt: now.Add(s.opts.SessionTTL)}
	if err := s.app.CreateSession(r.Context(), sess); err != nil {
		return err
	}
	http.SetCookie(w, &http.Cookie{Name: sessionCookie, Value: plain, Path: "/", HttpOnly: true,
		Secure: secureCookies(r), SameSite: http.SameSiteLaxMode, MaxAge: int(s.opts.SessionTTL.Seconds())})
	return nil
}

// endSession logs out: the session is deleted and the cookie cleared.
func (s *Server) endSession(w http.ResponseWriter, r *http.Request) {
	if c, err := r.Cookie(sessionCookie); err == nil {
		// The cookie is cleared all the same; a session left in the store expires by itself.
		if err := s.app.DeleteSession(r.Context(), auth.HashSecret(c.Value)); err != nil {
			s.log.ErrorContext(r.Context(), "session not deleted at logout", slog.Any("error", err))
		}
	}
	http.SetCookie(w, &http.Cookie{Name: sessionCookie, Value: "", Path: "/", HttpOnly: true,
		Secure: secureCookies(r), SameSite: http.SameSiteLaxMode, MaxAge: -1})
}
