package web

import (
	"embed"
	"html/template"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/klantpuls/klantpuls/internal/auth"
	"github.com/klantpuls/klantpuls/internal/cx"
	"github.com/klantpuls/klantpuls/internal/metric"
	"github.com/klantpuls/klantpuls/internal/report"
)

//go:embed templates/*.html
var templateFiles embed.FS

//go:embed static
var staticFiles embed.FS

// funcs are the helpers the templates use.
var funcs = template.FuncMap{
	"list": func(xs ...string) []string { return xs },
	// other is the language to switch to.
	"other": func(l string) string {
		if l == "en" {
			return "nl"
		}
		return "en"
	},
	"hours": func() []int {
		h := make([]int, 24)
		for i := range h {
			h[i] = i
		}
		return h
	},
	"money": func(l, currency string, x float64) string { return report.Lang(l).Money(currency, &x) },
	// ages are the keys of the age buckets (metric.AgeBuckets), for a filter's choices.
	"ages": func() []string {
		keys := make([]string, len(metric.AgeBuckets))
		for i, a := range metric.AgeBuckets {
			keys[i] = a.Key
		}
		return keys
	},
	// cell is a figure with the link to its records, for the "cell" partial (chart.html).
	"cell": func(text, href string) chartCell { return chartCell{Value: text, Href: href} },
	// ticketURL is a ticket's page (dash_links.go).
	"ticketURL": ticketURL,
}

// dashPages are the dashboard's pages: the dashboard layout, the chart and pager partials and the page.
var dashPages = func() map[string]*template.Template {
	out := map[string]*template.Template{}
	partials := map[string][]string{"import": {"templates/import_columns.html"}, // beside dash.html and chart.html
		"service": {"templates/service_reasons.html"}}
	for _, name := range []string{"overview", "service", "backlog", "team", "customers", "customer", "feedback", "targets",
		"surveys", "alerts", "followups", "audit", "import", "imports", "mappings", "connections", "why", "drill", "error", "ticket", "risk", "users"} {
		files := append([]string{"templates/dash.html", "templates/chart.html", "templates/pager.html", "templates/" + name + ".html"}, partials[name]...)
		out[name] = template.Must(template.New(name).Funcs(funcs).ParseFS(templateFiles, files...))
	}
	return out
}()

// pages are parsed once at start: each page is the layout with its own content. A template
// that does not parse stops the program at start, not at the first visitor.
var pages = func() map[string]*template.Template {
	out := map[string]*template.Template{}
	for _, name := range []string{"login", "setup", "tokens", "error", "tv_connect", "digest_settings", "digest_unsubscribe", "password_settings"} {
		out[name] = template.Must(template.New(name).ParseFS(templateFiles, "templates/layout.html", "templates/"+name+".html"))
	}
	return out
}()

// page is what every template gets.
type page struct {
	Lang, Title, Flash, Error string
	Currency                  string // the account's: every amount on the page is in it
	User                      *cx.User
	CanTokens                 bool
	CanUsers                  bool // an admin: the Gebruikers page, in the top bar beside the tokens
	Email, Token, NewToken    string
	Next                      string // the login page's: the local path to go on to after sign-in
	Tokens                    []cx.Token
	Walls                     []cx.WallScreen // the wall screens, on the tokens page (wall.go)
	NewWall                   string          // a new wall screen's link, shown once
	Script                    bool            // the page loads app.js (the wall's connect page)
	WallPages                 []string        // the pages a wall screen may show
	Now                       time.Time       // what "expired" is judged against
	Status                    int             // an error page's HTTP status (errorpage.go); 0 on other pages
	Problem                   string          // what an error page says went wrong
	zone                      *time.Location  // the account time zone, for Date and DateTime
	Digest                    *digestForm     // the digest settings and unsubscribe pages (digest.go)
}

// T looks up a word in the page's language. A word the catalogue lacks shows as its key in
// ⟦ ⟧, not as nothing: a reader sees that something is missing, and the test that walks every
// page (TestEveryPageInBothLanguages) finds it.
func (p *page) T(key string) string {
	if w, ok := words[p.Lang][key]; ok {
		return w
	}
	return "⟦" + key + "⟧"
}

// codeWord is the word for a code klantpuls stores (a digest's outcome; an alert's note has its
// own, alertNote, which fills in the note's numbers) under
// prefix, or the code itself when this release has none (a newer node's): a stored code is
// data, not a missing word, so it shows without T's marks.
func (p *page) codeWord(prefix, code string) string {
	if w, ok := words[p.Lang][prefix+code]; ok {
		return w
	}
	return code
}

// language picks the page language: ?lang=, else the language cookie, else the browser's first
// preference of Dutch or English (a browser that prefers neither gets English), else Dutch.
func language(r *http.Request) string {
	if l := r.URL.Query().Get("lang"); l == "nl" || l == "en" {
		return l
	}
	if c, err := r.Cookie(langCookie); err == nil && (c.Value == "nl" || c.Value == "en") {
		return c.Value
	}
	header := r.Header.Get("Accept-Language")
	if strings.TrimSpace(header) == "" {
		return "nl"
	}
	if l, ok := acceptedLanguage(header); ok {
		return l
	}
	return "en"
}

// acceptedLanguage is the one of Dutch ("nl") and English ("en") an Accept-Language header
// prefers: the highest quality (RFC 9110 section 12.5.4: q from 0 to 1, 1 when left out, 0 for
// "not this one"), the first named of equal ones; ok is false when it accepts neither.
func acceptedLanguage(header string) (lang string, ok bool) {
	best := 0.0
	for _, part := range strings.Split(header, ",") {
		tag, params, _ := strings.Cut(part, ";")
		primary, _, _ := strings.Cut(strings.ToLower(strings.TrimSpace(tag)), "-")
		if primary != "nl" && primary != "en" {
			continue
		}
		if q := quality(params); q > best {
			lang, best, ok = primary, q, true
		}
	}
	return lang, ok
}

// quality is the q of a language range's parameters ("q=0.8"): 1 when it has none, 0 for one
// that does not read, so a malformed weight never wins.
func quality(params string) float64 {
	for _, p := range strings.Split(params, ";") {
		name, value, found := strings.Cut(strings.TrimSpace(p), "=")
		if !found || !strings.EqualFold(strings.TrimSpace(name), "q") {
			continue
		}
		q, err := strconv.ParseFloat(strings.TrimSpace(value), 64)
		if err != nil || q < 0 || q > 1 {
			return 0
		}
		return q
	}
	return 1
}

// langCookie remembers a language chosen with ?lang=.
const langCookie = "klantpuls_lang"

// rememberLang keeps a language chosen with ?lang= in the language cookie.
func rememberLang(w http.ResponseWriter, r *http.Request) {
	if l := r.URL.Query().Get("lang"); l == "nl" || l == "en" {
		http.SetCookie(w, &http.Cookie{Name: langCookie, Value: l, Path: "/", MaxAge: 365 * 24 * 3600,
			HttpOnly: true, Secure: secureCookies(r), SameSite: http.SameSiteLaxMode})
	}
}

func (s *Server) newPage(r *http.Request, title string) *page {
	p := &page{Lang: language(r), Title: title, Currency: s.app.Config.Money.Currency, zone: s.app.Config.Timezone}
	if pr := principalOf(r); pr != nil {
		p.User = pr.user
		p.CanTokens, p.CanUsers = pr.can(auth.ActionManageTokens), pr.can(auth.ActionManageUsers)
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
	http.ServeFileFS(w, r, staticFiles, "static/"+r.PathValue("path"))
}
