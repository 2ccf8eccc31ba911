package web

import (
	"fmt"
	"log/slog"
	"math"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/klantpuls/klantpuls/internal/cx"
)

// securityHeaders are sent with every response. The CSP allows no inline script and no
// framing (frame-ancestors 'none' is the modern X-Frame-Options DENY).
var securityHeaders = map[string]string{
	"Content-Security-Policy": "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; " +
		"connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
	"X-Content-Type-Options":     "nosniff",
	"X-Frame-Options":            "DENY",
	"Referrer-Policy":            "same-origin",
	"Permissions-Policy":         "camera=(), microphone=(), geolocation=()",
	"Cross-Origin-Opener-Policy": "same-origin",
}

// statusWriter remembers the status a handler wrote, for logs and metrics.
type statusWriter struct {
	http.ResponseWriter
	status int
}

func (w *statusWriter) WriteHeader(code int) {
	if w.status == 0 {
		w.status = code
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusWriter) Write(b []byte) (int, error) {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	return w.ResponseWriter.Write(b)
}

// Unwrap lets http.ResponseController reach the connection (live streams flush and extend
// their write deadline through it).
func (w *statusWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// hsts tells browsers to use HTTPS only, for a year, on this host and its subdomains. It is
// sent only on a response to a request that came over HTTPS: over plain HTTP a browser ignores
// it (RFC 6797 section 8.1), and a server reached by plain HTTP on purpose (a test, a LAN
// address) must not be pinned to HTTPS by a header a man in the middle could have added.
const hsts = "max-age=31536000; includeSubDomains"

// outer wraps every request: where it comes from (clientaddr.go), security headers, recovery
// from a panic, a log line and metrics.
func (s *Server) outer(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		r = s.withOrigin(r)
		for k, v := range securityHeaders {
			w.Header().Set(k, v)
		}
		if overHTTPS(r) {
			w.Header().Set("Strict-Transport-Security", hsts)
		}
		sw := &statusWriter{ResponseWriter: w}
		start := time.Now()
		defer func() {
			if p := recover(); p != nil {
				if p == http.ErrAbortHandler {
					panic(p)
				}
				s.log.ErrorContext(r.Context(), "panic", slog.String("path", loggedPath(r)), slog.Any("panic", p))
				if sw.status == 0 {
					s.problem(sw, r, Problem{Status: http.StatusInternalServerError, Detail: "something went wrong on our side; it has been logged"})
				}
			}
			route := r.Pattern
			if route == "" {
				route = "unmatched"
			}
			s.metrics.observe(route, r.Method, sw.status, time.Since(start))
			s.log.LogAttrs(r.Context(), slog.LevelInfo, "request", slog.String("method", r.Method),
				slog.String("path", loggedPath(r)), slog.Int("status", sw.status),
				slog.Duration("took", time.Since(start)), slog.String("remote", clientAddr(r)))
		}()
		next.ServeHTTP(sw, r)
	})
}

// linkPrefixes are the first segments of the paths a survey link's token follows (/a/{token},
// /s/{token}, /u/{token}): a signed link that answers, opens or unsubscribes for one customer.
var linkPrefixes = []string{"a", "s", "u"}

// loggedPath is a request's path as the log writes it: a survey link's token replaced by "…"
// ("/a/…"), so the log holds no link that acts for a customer — also of a path no route has;
// and a part holding an e-mail address (a customer keyed by it: /api/v1/customers/{address}/erase)
// replaced by "…@…", as no erasure reaches a log. Every log line that names a path takes it
// from here.
func loggedPath(r *http.Request) string {
	path := r.URL.Path
	if strings.Contains(path, "@") {
		parts := strings.Split(path, "/")
		for i, part := range parts {
			if strings.Contains(part, "@") {
				parts[i] = "…@…"
			}
		}
		path = strings.Join(parts, "/")
	}
	first, rest, ok := strings.Cut(strings.TrimPrefix(path, "/"), "/")
	if !ok || !slices.Contains(linkPrefixes, first) || rest == "" {
		return path
	}
	if _, after, more := strings.Cut(rest, "/"); more {
		return "/" + first + "/…/" + after
	}
	return "/" + first + "/…"
}

// whoAsks is the request's principal: a session or token, else, on a route a wall screen may
// open (wall), its wall screen; nil for nobody.
func (s *Server) whoAsks(r *http.Request, wall bool) (*principal, error) {
	p, err := s.identify(r)
	if p == nil && err == nil && wall {
		p, err = s.identifyWall(r)
	}
	return p, err
}

// guard checks a route's permission for the request's principal: none needed (action ""),
// else a login or token whose role (and scope) allows the action. Requests are limited per token
// and per account (allowRequest); a request over a limit gets 429 with Retry-After.
func (s *Server) guard(rt route, h http.HandlerFunc) http.HandlerFunc {
	action, sessionOnly := rt.action, rt.sessionOnly
	return func(w http.ResponseWriter, r *http.Request) {
		p, err := s.whoAsks(r, rt.wall)
		r = withPrincipal(r, p) // an error page shows the menu of who asked
		// A public page serves without knowing who asks.
		if action == "" {
			if err != nil {
				s.log.ErrorContext(r.Context(), "credential not looked up", slog.Any("error", err))
			}
			h(w, r)
			return
		}
		// What a credential opens is someone's data — a customer's name and address, the audit
		// log — and no browser's disk or proxy may keep it: a customer erased would stay there.
		// A refusal is no-store too, so a cache never answers for the next caller.
		w.Header().Set("Cache-Control", "no-store")
		if err != nil {
			s.fail(w, r, err)
			return
		}
		switch {
		case p == nil && rt.wall && hasWallCookie(r):
			// A wall screen whose link was revoked: it says so, and how to connect it again.
			http.Redirect(w, r, "/tv/connect?revoked=1", http.StatusSeeOther)
			return
		case p == nil && rt.page:
			http.Redirect(w, r, loginFor(r), http.StatusSeeOther)
			return
		case p == nil:
			w.Header().Set("WWW-Authenticate", `Bearer realm="klantpuls"`)
			s.refuse(w, r, http.StatusUnauthorized, "guard_login", "log in or send an API token (Authorization: Bearer …)")
			return
		case sessionOnly && p.token != nil:
			s.refuse(w, r, http.StatusForbidden, "guard_session", "this needs a login session, not an API token")
			return
		case !p.can(action):
			// A page names the role in its language: one sentence per role (a token never
			// opens a page, so its scope is said on the API alone, in English).
			s.refuse(w, r, http.StatusForbidden, "guard_role/"+p.user.Role, fmt.Sprintf("your role (%s) may not do this", roleOf(p)))
			return
		}
		if ok, retry := s.allowRequest(p); !ok {
			s.tooMany(w, r, retry)
			return
		}
		h(w, r)
	}
}

// allowRequest takes the request from its token's bucket and then from its account's: a user's
// tokens and sessions share one bucket, so more tokens do not make more requests, and a session
// calling the API is limited too. A wall screen is no account (its user stands in for it): it has
// a token's bucket of its own, as its link is a credential that may leak — from a screen on the
// floor — and whoever holds it must not ask for its pages without end, nor slow its maker's
// session. A request its token refuses takes nothing from its account.
func (s *Server) allowRequest(p *principal) (ok bool, retry time.Duration) {
	now := s.now()
	if p.wall != nil {
		return s.limiter.allow("wall:"+strconv.FormatInt(p.wall.ID, 10), now)
	}
	if p.token != nil {
		if ok, retry := s.limiter.allow("token:"+strconv.FormatInt(p.token.ID, 10), now); !ok {
			return false, retry
		}
	}
	return s.accounts.allow("user:"+strconv.FormatInt(p.user.ID, 10), now)
}

// refuse answers a refusal of the guard: detail is the API's English, key the sentence a page
// says it by in its own language (words_refusals.go).
func (s *Server) refuse(w http.ResponseWriter, r *http.Request, status int, key, detail string) {
	s.problem(w, r, Problem{Status: status, Detail: detail, cause: &cx.Error{Code: cx.EINVALID, Message: detail, Key: key}})
}

func roleOf(p *principal) string {
	if p.token != nil {
		return p.user.Role + " with a " + p.token.Scope + " token"
	}
	return p.user.Role
}

// tooMany answers 429 with Retry-After; a page says it in its language, with the wait.
func (s *Server) tooMany(w http.ResponseWriter, r *http.Request, retry time.Duration) {
	s.problem(w, r, Problem{Status: http.StatusTooManyRequests, Detail: "too many requests; slow down", cause: retryAfter(w, retry)})
}

// retryAfter sets Retry-After to retry (setRetryAfter) and returns the refusal that says it.
func retryAfter(w http.ResponseWriter, retry time.Duration) error {
	return cx.Refuse(cx.EINVALID, "", "too_many", "too many requests; try again in %s", wait(setRetryAfter(w, retry)))
}

// wait is a refusal's wait in seconds, said in the language the refusal is said in (said): the
// English of its message by String, "1 seconde" on a Dutch page. Its number alone would be
// said "1 seconds" by a sentence that cannot know it is one.
type wait int

func (s wait) String() string { return waitIn("en", int(s)) }

// waitIn says a wait of secs seconds in lang: seconds below two minutes, else minutes rounded
// up, each singular for one (countIn).
func waitIn(lang string, secs int) string {
	if secs < 120 {
		return countIn(lang, secs, "second")
	}
	return countIn(lang, (secs+59)/60, "minute")
}

// setRetryAfter sets Retry-After to a wait of retry and returns its seconds: whole ones, rounded
// up, so that a client waiting them is not held back again, and at least one, as "0" would ask
// it to try again at once.
func setRetryAfter(w http.ResponseWriter, retry time.Duration) int {
	seconds := max(1, int(math.Ceil(retry.Seconds())))
	w.Header().Set("Retry-After", strconv.Itoa(seconds))
	return seconds
}

// limitBody bounds what a request to a route may send: its limit, or Options.MaxBody when that is more.
func (s *Server) limitBody(h http.Handler, limit int64) http.Handler {
	limit = max(limit, s.opts.MaxBody)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		r.Body = http.MaxBytesReader(w, r.Body, limit)
		h.ServeHTTP(w, r)
	})
}
