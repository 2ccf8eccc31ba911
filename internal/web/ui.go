package web

import (
	"embed"
	"html/template"
	"net/http"
	"strings"

	"github.com/klantpuls/klantpuls/internal/auth"
	"github.com/klantpuls/klantpuls/internal/cx"
)

//go:embed templates/*.html
var templateFiles embed.FS

//go:embed static
var staticFiles embed.FS

// pages are parsed once at start: each page is the layout with its own content. A template
// that does not parse stops the program at start, not at the first visitor.
var pages = func() map[string]*template.Template {
	out := map[string]*template.Template{}
	for _, name := range []string{"login", "setup", "home", "tokens"} {
		out[name] = template.Must(template.New(name).ParseFS(templateFiles, "templates/layout.html", "templates/"+name+".html"))
	}
	return out
}()

// words of the pages, Dutch and English.
var words = map[string]map[string]string{
	"nl": {"menu": "Menu", "tokens": "API-tokens", "logout": "Uitloggen", "login": "Inloggen", "email": "E-mailadres",
		"password": "Wachtwoord", "setup": "klantpuls instellen", "setup_intro": "Maak het eerste beheerdersaccount aan.",
		"min_length": "minstens 10 tekens", "create_admin": "Beheerder aanmaken", "home_intro": "Welkom bij klantpuls.",
		"api_docs": "API-beschrijving (OpenAPI)", "token_once": "Kopieer dit token nu: het wordt niet nog eens getoond.",
		"tokens_caption": "Tokens waarmee andere systemen klantpuls gebruiken", "name": "Naam", "scope": "Bereik",
		"created": "Aangemaakt", "last_used": "Laatst gebruikt", "actions": "Acties", "delete": "Verwijderen",
		"no_tokens": "Nog geen tokens.", "new_token": "Nieuw token", "create": "Aanmaken",
		"bad_login": "E-mailadres of wachtwoord klopt niet.", "bad_setup": "Deze instellink is ongeldig, verlopen of al gebruikt.",
		"token_deleted": "Token verwijderd.", "need_name": "Geef het token een naam."},
	"en": {"menu": "Menu", "tokens": "API tokens", "logout": "Log out", "login": "Log in", "email": "E-mail address",
		"password": "Password", "setup": "Set up klantpuls", "setup_intro": "Create the first administrator account.",
		"min_length": "at least 10 characters", "create_admin": "Create administrator", "home_intro": "Welcome to klantpuls.",
		"api_docs": "API description (OpenAPI)", "token_once": "Copy this token now: it will not be shown again.",
		"tokens_caption": "Tokens other systems use klantpuls with", "name": "Name", "scope": "Scope",
		"created": "Created", "last_used": "Last used", "actions": "Actions", "delete": "Delete",
		"no_tokens": "No tokens yet.", "new_token": "New token", "create": "Create",
		"bad_login": "E-mail address or password is not right.", "bad_setup": "This setup link is not valid, has expired or was used.",
		"token_deleted": "Token deleted.", "need_name": "Give the token a name."},
}

// page is what every template gets.
type page struct {
	Lang, Title, Flash, Error string
	User                      *cx.User
	CanTokens                 bool
	Email, Token, NewToken    string
	Tokens                    []cx.Token
}

// T looks up a word in the page's language.
func (p *page) T(key string) string { return words[p.Lang][key] }

// language picks Dutch unless the browser prefers English.
func language(r *http.Request) string {
	for _, part := range strings.Split(r.Header.Get("Accept-Language"), ",") {
		tag := strings.ToLower(strings.TrimSpace(strings.SplitN(part, ";", 2)[0]))
		switch {
		case strings.HasPrefix(tag, "nl"):
			return "nl"
		case strings.HasPrefix(tag, "en"):
			return "en"
		}
	}
	return "nl"
}

func (s *Server) newPage(r *http.Request, title string) *page {
	p := &page{Lang: language(r), Title: title}
	if pr := principalOf(r); pr != nil {
		p.User = pr.user
		p.CanTokens = pr.can(auth.ActionManageTokens)
	}
	return p
}

// render writes a page; untrusted text reaches it only through html/template's escaping.
func (s *Server) render(w http.ResponseWriter, r *http.Request, status int, name string, p *page) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	if err := pages[name].ExecuteTemplate(w, "layout", p); err != nil {
		s.log.ErrorContext(r.Context(), "template", "page", name, "error", err)
	}
}

// static serves the embedded style sheet and scripts.
func (s *Server) static(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Cache-Control", "public, max-age=3600")
	http.ServeFileFS(w, r, staticFiles, "static/"+r.PathValue("file"))
}

// home is the start page for a logged-in user; others are sent to log in.
func (s *Server) home(w http.ResponseWriter, r *http.Request) {
	if principalOf(r) == nil {
		http.Redirect(w, r, "/login", http.StatusSeeOther)
		return
	}
	p := s.newPage(r, "klantpuls")
	s.render(w, r, http.StatusOK, "home", p)
}
