package web

import (
	"context"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/klantpuls/klantpuls/internal/app"
	"github.com/klantpuls/klantpuls/internal/auth"
	"github.com/klantpuls/klantpuls/internal/cx"
	"github.com/klantpuls/klantpuls/internal/hooks"
)

// Live connections (Koppelingen), for admins: a tool's webhooks into klantpuls. The page lists
// each connection with the URL to paste into the tool, what it may write and how its
// deliveries went; a form makes one (the secret pasted from the tool, or made here and shown
// once); a button removes one. The command line does the same (klantpuls connection).

// hookPattern is the receiver's route.
const hookPattern = "POST /hooks/{source}/{connection}"

// hookRoutes are the receiver and the admin's pages.
func (s *Server) hookRoutes() []route {
	return []route{
		{pattern: hookPattern, handler: s.hookReceive},
		{pattern: "GET /connections", action: auth.ActionConfig, sessionOnly: true, page: true, handler: s.connectionsPage},
		{pattern: "POST /connections", action: auth.ActionConfig, sessionOnly: true, answer: answerPage, handler: s.connectionCreate},
		{pattern: "POST /connections/{id}/delete", action: auth.ActionConfig, sessionOnly: true, answer: answerPage, handler: s.connectionDelete},
	}
}

// HookPath is the path a connection's tool sends its deliveries to.
func HookPath(c *cx.Connection) string { return "/hooks/" + c.Source + "/" + c.ID }

// NewConnection checks what a connection is made of against its source — the kinds among the
// source's, all of them when none are named — and returns it, with the secret to keep: the one
// given, or a new one when secret is empty (made is then true: show it once) and the source
// lets klantpuls choose it.
func NewConnection(source, name string, kinds []string, secret string) (c cx.Connection, keep string, made bool, err error) {
	src, ok := hooks.Lookup(strings.TrimSpace(source))
	if !ok {
		var names []string
		for _, s := range hooks.Sources() {
			names = append(names, s.Name)
		}
		return c, "", false, cx.Refuse(cx.EINVALID, "source", "conn_bad_source", "%q is not a webhook source (one of %s)", source, strings.Join(names, ", "))
	}
	c = cx.Connection{Source: src.Name, Name: name}
	for _, k := range kinds {
		if strings.TrimSpace(k) == "" {
			continue
		}
		kind, err := cx.ParseKind(k)
		if err != nil {
			return c, "", false, cx.Refuse(cx.EINVALID, "kinds", "conn_bad_kind", "unknown kind %q (want one of %s)", k, cx.KindNames(cx.Kinds))
		}
		if !(&cx.Connection{Kinds: src.Kinds}).Allows(kind) {
			return c, "", false, cx.Refuse(cx.EINVALID, "kinds", "conn_kind_of_source", "%s sends %s, not %s", src.Title, cx.KindNames(src.Kinds), kind)
		}
		c.Kinds = append(c.Kinds, kind)
	}
	if len(c.Kinds) == 0 {
		c.Kinds = src.Kinds
	}
	switch secret = strings.TrimSpace(secret); {
	case secret == "" && src.ToolSecret:
		return c, "", false, cx.Refuse(cx.EINVALID, "secret", "conn_tool_secret", "%s makes the secret its webhooks are signed with; "+
			"paste the one it shows (README, Live connections, says where)", src.Title)
	case secret == "":
		return c, app.NewConnectionSecret(), true, nil
	}
	return c, secret, false, nil
}

// ConnectionAPIToken checks an API token given for a connection of source: "" (none) always
// does; a token only for a source that asks its tool's API back (hooks.Source.Fetches).
func ConnectionAPIToken(source, token string) (string, error) {
	token = strings.TrimSpace(token)
	if src, ok := hooks.Lookup(source); ok && token != "" && !src.Fetches() {
		return "", cx.Refuse(cx.EINVALID, "API token", "conn_token_unused", "%s's webhooks carry what they write, so klantpuls "+
			"never asks its API; leave the token out (only %s take one)", src.Title, fetchingSources())
	}
	return token, nil
}

// fetchingSources names the sources whose connections may keep an API token.
func fetchingSources() string {
	var names []string
	for _, s := range hooks.Sources() {
		if s.Fetches() {
			names = append(names, s.Title)
		}
	}
	return strings.Join(names, ", ")
}

// ConnectionMade are the audit log's words of a connection made: never its secret or API
// token, only where they came from.
func ConnectionMade(c *cx.Connection, made bool) []cx.AuditPhrase {
	kinds := make([]string, len(c.Kinds))
	for i, k := range c.Kinds {
		kinds[i] = string(k)
	}
	words := []cx.AuditPhrase{cx.Phrase("connection", c.Name, c.Source, strings.Join(kinds, ", ")), cx.Phrase("secret_pasted")}
	if made {
		words[1] = cx.Phrase("secret_made")
	}
	if c.APIToken {
		words = append(words, cx.Phrase("api_token_kept"))
	}
	return words
}

// ConnectionRemoved are the audit log's words of a connection removed.
func ConnectionRemoved(c *cx.Connection) []cx.AuditPhrase {
	return []cx.AuditPhrase{cx.Phrase("connection_removed", c.Name, c.Source, strconv.FormatInt(c.Deliveries, 10))}
}

// connectionsPage is what the Koppelingen page shows.
type connectionsPage struct {
	Rows    []connectionRow
	Sources []option       // the sources: name, and title in the page's language (sourceTitle)
	Kinds   []option       // the kinds of record, to tick: the stored name, and the page's word for it
	Made    *connectionRow // the connection just made, with its secret
	Secret  string         // shown once, when klantpuls made it
	// TokenSources are the sources whose connections may keep an API token.
	TokenSources string
	// Shared names the connections that share a secret, a sentence per secret (SharedSecretWarning).
	Shared []string
}

type connectionRow struct {
	cx.Connection
	URL, Kinds, Created, Last, LastError string
	// EventInURL: the source names its event in the URL, so the row says the event the
	// connection receives (Event), or that its first delivery has not bound one yet — an admin
	// whose webhook URL named a wrong event sees why its deliveries are refused (hookEvent).
	EventInURL  bool
	SourceTitle string // the tool's name (Shopify), the source's own when it has none
}

func (s *Server) connectionsPage(w http.ResponseWriter, r *http.Request) {
	s.renderConnections(w, r, nil, "")
}

// renderConnections shows the page; made and secret, after a connection was made.
func (s *Server) renderConnections(w http.ResponseWriter, r *http.Request, made *cx.Connection, secret string) {
	d := s.newDash(r, "nav_connections", "/connections")
	d.NoPeriod = true
	all, err := s.app.Connections(r.Context())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	cp := &connectionsPage{Secret: secret, TokenSources: fetchingSources()}
	for _, src := range hooks.Sources() {
		cp.Sources = append(cp.Sources, option{Value: src.Name, Label: d.sourceTitle(src.Name)})
	}
	for _, k := range cx.Kinds {
		cp.Kinds = append(cp.Kinds, option{Value: string(k), Label: d.recordKind(k)})
	}
	for _, c := range all {
		cp.Rows = append(cp.Rows, s.connectionRow(r, d, c))
	}
	shared, err := s.app.SharedSecrets(r.Context())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	for _, group := range shared {
		cp.Shared = append(cp.Shared, SharedSecretWarning(d.Lang, group))
	}
	if made != nil {
		row := s.connectionRow(r, d, *made)
		cp.Made = &row
	}
	d.Connections = cp
	s.renderDash(w, r, "connections", d)
}

func (s *Server) connectionRow(r *http.Request, d *dashPage, c cx.Connection) connectionRow {
	when := func(t time.Time) string {
		if t.IsZero() {
			return ""
		}
		return s.dateTime(r, t)
	}
	s.unsigned.onto(&c)
	row := connectionRow{Connection: c, URL: s.baseURL(r) + HookPath(&c), Kinds: d.recordKinds(c.Kinds),
		Created: when(c.CreatedAt), Last: when(c.LastDelivery), SourceTitle: d.sourceTitle(c.Source)}
	if src, ok := hooks.Lookup(c.Source); ok {
		row.EventInURL = src.EventInURL()
	}
	if c.LastError != "" {
		row.LastError = when(c.LastErrorAt) + ": " + ConnectionError(d.Lang, &c)
	}
	return row
}

// baseURL is where this server is reached: the configured base URL when there is one, else the
// address the request came to.
func (s *Server) baseURL(r *http.Request) string {
	if s.surveys != nil && s.surveys.BaseURL != "" {
		return strings.TrimSuffix(s.surveys.BaseURL, "/")
	}
	scheme := "http"
	if overHTTPS(r) {
		scheme = "https"
	}
	return scheme + "://" + r.Host
}

// connectionCreate makes a connection from the form and shows the page with its URL, and its
// secret once when klantpuls made it.
func (s *Server) connectionCreate(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil {
		s.fail(w, r, cx.Errorf(cx.EINVALID, "the form could not be read"))
		return
	}
	c, secret, made, err := NewConnection(r.PostFormValue("source"), r.PostFormValue("name"), r.PostForm["kinds"], r.PostFormValue("secret"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	token, err := ConnectionAPIToken(c.Source, r.PostFormValue("api_token"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	pr := principalOf(r)
	c.UserID, c.Actor, c.CreatedAt = pr.user.ID, pr.user.Email, s.now()
	err = s.audited(r, func(ctx context.Context) ([]cx.AuditEntry, error) {
		if err := s.app.CreateConnection(ctx, &c, secret, token); err != nil {
			return nil, err
		}
		return line(cx.AuditConnectionCreate, "connection "+c.ID, ConnectionMade(&c, made)...), nil
	})
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if !made {
		secret = ""
	}
	s.renderConnections(w, r, &c, secret)
}

// connectionDelete removes a connection; its URL answers 404 from then on.
func (s *Server) connectionDelete(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	err := s.audited(r, func(ctx context.Context) ([]cx.AuditEntry, error) {
		c, err := s.app.DeleteConnection(ctx, id)
		if err != nil {
			return nil, err
		}
		return line(cx.AuditConnectionDelete, "connection "+id, ConnectionRemoved(c)...), nil
	})
	if err != nil {
		s.fail(w, r, missing(err, "connection", id))
		return
	}
	http.Redirect(w, r, "/connections", http.StatusSeeOther)
}

// recordKind is a kind of record (orders, reviews) in the page's language: "bestellingen".
func (p *page) recordKind(k cx.Kind) string { return p.valueLabel("record", string(k)) }

// recordKinds lists kinds of record in the page's language: "bestellingen en klanten".
func (p *page) recordKinds(kinds []cx.Kind) string {
	names := make([]string, len(kinds))
	for i, k := range kinds {
		names[i] = p.recordKind(k)
	}
	return joinAnd(names, p.T("list_and"))
}

// sourceTitle is a live connection's source by the tool's name (Shopify), in the page's language
// (SourceTitle).
func (p *page) sourceTitle(name string) string { return SourceTitle(p.Lang, name) }

// SourceTitle is a live connection's source by the tool's name (Shopify), in lang when the
// words name it ("klantpuls (eigen formaat)"), else by its name as stored: the page's and
// `klantpuls connection add`'s.
func SourceTitle(lang, name string) string {
	if w, ok := words[lang]["source_title/"+name]; ok {
		return w
	}
	if src, ok := hooks.Lookup(name); ok {
		return src.Title
	}
	return name
}

// SharedSecretWarning says in lang that the connections of group share one secret, naming them
// (never the secret), and what to do: the page's and `klantpuls connection list`'s words.
func SharedSecretWarning(lang string, group []cx.Connection) string {
	names := make([]string, len(group))
	for i, c := range group {
		names[i] = "'" + c.Name + "'"
	}
	return fmt.Sprintf(words[lang]["conn_shared_secret"], joinAnd(names, words[lang]["list_and"]))
}
