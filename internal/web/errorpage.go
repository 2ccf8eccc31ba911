package web

import (
	"context"
	"log/slog"
	"net/http"
	"sync/atomic"
)

// How a route answers, errors included. routes.go marks each route; a person's browser gets an
// error as a page it can read and leave, a program gets an RFC 9457 problem it can parse.
type answerKind int

const (
	answerJSON   answerKind = iota // the API, ingest, health, metrics, the widget: problem+json
	answerPage                     // the dashboard's pages and the forms they post: an error page
	answerSurvey                   // a customer's survey pages: the error in the survey page's style
)

// answerOf is how the route that matched r answers. The mux sets r.Pattern on the request it
// hands on, which is also the one the outer wrapper holds (middleware.go), so a panic there is
// answered the same way.
func (s *Server) answerOf(r *http.Request) answerKind { return s.answers[r.Pattern] }

// problem answers p in the way of r's route: an error page, or a problem document.
func (s *Server) problem(w http.ResponseWriter, r *http.Request, p Problem) {
	s.problemAs(w, r, s.answerOf(r), p)
}

func (s *Server) problemAs(w http.ResponseWriter, r *http.Request, kind answerKind, p Problem) {
	p.Instance = r.URL.Path
	switch kind {
	case answerPage:
		s.errorPage(w, r, p)
	case answerSurvey:
		l := surveyLang(r)
		s.renderSurvey(w, r, p.Status, surveyView{Lang: l, Title: errorWords[l].heading(p.Status), Error: errorText(l, p)})
	default:
		// A keyed refusal (no session or token, a role's, too many) in the request's API
		// language, as the API says a refused record.
		if p.cause != nil {
			varyByLanguage(w)
			p.Detail = apiReason(apiLanguage(r), p.cause, p.Detail)
		}
		writeProblem(w, r, p)
	}
}

// A customer's page speaks its invitation's language, whatever the browser prefers, and so do
// its errors: openLink notes the language in the request (withSurveyLang gives it the place),
// and an error answered after it is said in it. Before a link is opened (a link that names
// nothing) the browser's language is all there is.

type surveyLangKey struct{}

// withSurveyLang gives a customer's page route's requests the place for their page's language.
func withSurveyLang(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), surveyLangKey{}, new(string))))
	})
}

// setSurveyLang notes the language of the page r answers with: its invitation's.
func setSurveyLang(r *http.Request, lang string) {
	if l, ok := r.Context().Value(surveyLangKey{}).(*string); ok {
		*l = lang
	}
}

// surveyLang is the language of a customer's page: its invitation's once its link is open,
// else the browser's.
func surveyLang(r *http.Request) string {
	if l, ok := r.Context().Value(surveyLangKey{}).(*string); ok && (*l == "nl" || *l == "en") {
		return *l
	}
	return language(r)
}

// errorPage shows a problem as a page: in the dashboard's layout with its menu for someone
// logged in, else in the plain layout of the login page, with a way on from there.
func (s *Server) errorPage(w http.ResponseWriter, r *http.Request, p Problem) {
	var pg *page
	var d *dashPage
	if principalOf(r) != nil {
		d = s.newDash(r, "nav_overview", r.URL.Path)
		d.NoPeriod, pg = true, d.page
	} else {
		pg = s.newPage(r, "")
	}
	pg.Title, pg.Status, pg.Problem = errorWords[pg.Lang].heading(p.Status), p.Status, errorText(pg.Lang, p)
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(p.Status)
	var err error
	if d != nil {
		err = dashPages["error"].ExecuteTemplate(w, "dash", d)
	} else {
		err = pages["error"].ExecuteTemplate(w, "layout", pg)
	}
	if err != nil {
		s.log.ErrorContext(r.Context(), "template", "page", "error", "error", err)
	}
}

// errorText is what an error page says: the problem's own detail, in the page's language when
// its error has words there (words_refusals.go), except for an error on our side, whose cause
// is in the log and not for the visitor. A thing not found that no words name is said as what
// the page's address showed, never in the store's words.
func errorText(lang string, p Problem) string {
	if p.Status >= 500 && p.Status != http.StatusServiceUnavailable || p.Detail == "" {
		return errorWords[lang]["ours"]
	}
	if p.cause == nil {
		return p.Detail
	}
	if text, ok := said(lang, p.cause); ok {
		return text
	}
	if p.Status == http.StatusNotFound {
		return gone(lang, p.Instance)
	}
	return p.Detail
}

// errorLang holds the words of error pages in one language.
type errorLang map[string]string

// heading names a status in words a visitor understands.
func (w errorLang) heading(status int) string {
	switch {
	case status == http.StatusUnauthorized:
		return w["login_needed"]
	case status == http.StatusForbidden:
		return w["forbidden"]
	case status == http.StatusNotFound:
		return w["not_found"]
	case status == http.StatusTooManyRequests || status == http.StatusServiceUnavailable:
		return w["busy"]
	case status >= 500:
		return w["failed"]
	}
	return w["refused"]
}

// errorWords are the words of error pages and of a page that could show only part of itself.
var errorWords = map[string]errorLang{
	"nl": {"login_needed": "Log eerst in", "forbidden": "Geen toegang", "not_found": "Niet gevonden",
		"busy": "Even geduld", "failed": "Er ging iets mis", "refused": "Dat kon niet",
		"ours":    "Er ging aan onze kant iets mis. De oorzaak staat in het logboek van de server.",
		"partial": "Een deel van deze pagina kon niet worden geladen; de oorzaak staat in het logboek van de server.",
		"home":    "Naar het overzicht", "login": "Naar inloggen"},
	"en": {"login_needed": "Please log in first", "forbidden": "Not allowed", "not_found": "Not found",
		"busy": "Please wait a moment", "failed": "Something went wrong", "refused": "That did not work",
		"ours":    "Something went wrong on our side. The cause is in the server's log.",
		"partial": "Part of this page could not be loaded; the cause is in the server's log.",
		"home":    "To the overview", "login": "To the login page"},
}

// E looks up a word of the error pages in the page's language.
func (p *page) E(key string) string { return errorWords[p.Lang][key] }

// A page that shows several things keeps showing the others when one of them cannot be read:
// partial logs the cause and marks the request, and the page then says that part of it is
// missing (renderDash). Nothing is dropped without a word.

type partialKey struct{}

// withPartial gives a page route's requests the mark partial sets.
func withPartial(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), partialKey{}, new(atomic.Bool))))
	})
}

// partial records that what (a part of the page) could not be read, and why.
func (s *Server) partial(ctx context.Context, what string, err error) {
	s.log.ErrorContext(ctx, "part of a page not shown", slog.String("part", what), slog.Any("error", err))
	if mark, ok := ctx.Value(partialKey{}).(*atomic.Bool); ok {
		mark.Store(true)
	}
}

// isPartial tells whether a part of the request's page could not be read.
func isPartial(ctx context.Context) bool {
	mark, ok := ctx.Value(partialKey{}).(*atomic.Bool)
	return ok && mark.Load()
}
