package web

import (
	"context"
	"html"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/klantpuls/klantpuls/internal/cx"
)

// callers of the route walk, in the order of the expectation strings below.
var callers = []string{"anonymous", "admin", "manager", "agent", "adminRead", "adminWrite", "managerWrite", "managerRead", "agentRead"}

// allowed says, per route, which callers get past the route's guard ("+") and which are
// refused ("-": 401 without a login, 403 for a role or scope that may not). Written out by hand
// from the roles of issue 3: admin everything; manager all reports and their own tokens; agent
// only their own figures; read tokens read, write tokens also ingest, with their owner's role;
// managing tokens and users needs a person, not a token. A manager's or an agent's read token
// (the command line makes one for any user: token create --user) opens what its owner's role
// and the read scope both open: their session's "+" where an admin's read token has one too.
var allowed = map[string]string{
	//                                     anon admin manager agent aRead aWrite mWrite mRead agRead
	"GET /healthz":                       "+ + + + + + + + +",
	"GET /readyz":                        "+ + + + + + + + +",
	"GET /metrics":                       "- + + - + + + + -",
	"GET /api/v1/openapi.json":           "+ + + + + + + + +",
	"GET /login":                         "+ + + + + + + + +",
	"POST /login":                        "+ + + + + + + + +",
	"POST /logout":                       "- + + + - - - - -",
	"GET /setup":                         "+ + + + + + + + +",
	"POST /setup":                        "+ + + + + + + + +",
	"GET /tokens":                        "- + + - - - - - -",
	"POST /tokens":                       "- + + - - - - - -",
	"POST /tokens/{id}/delete":           "- + + - - - - - -",
	"POST /tokens/walls":                 "- + + - - - - - -",
	"POST /tokens/walls/{id}/delete":     "- + + - - - - - -",
	"GET /tv":                            "- + + + - - - - -", // a wall screen's cookie too: wall_test.go
	"GET /tv/slide/{key}":                "- + + + - - - - -",
	"GET /tv/live":                       "- + + + - - - - -",
	"GET /tv/connect":                    "+ + + + + + + + +",
	"POST /tv/connect":                   "+ + + + + + + + +",
	"GET /settings/digest":               "- + + + - - - - -",
	"POST /settings/digest":              "- + + + - - - - -",
	"GET /settings/password":             "- + + + - - - - -",
	"POST /settings/password":            "- + + + - - - - -",
	"GET /digest/unsubscribe":            "+ + + + + + + + +", // the signed link is the key: digest_test.go
	"POST /digest/unsubscribe":           "+ + + + + + + + +",
	"GET /static/{path...}":              "+ + + + + + + + +",
	"GET /{$}":                           "- + + + - - - - -",
	"GET /service":                       "- + + + - - - - -",
	"GET /backlog":                       "- + + + - - - - -",
	"GET /team":                          "- + + + - - - - -",
	"GET /why":                           "- + + + - - - - -",
	"GET /why/examples":                  "- + + + - - - - -",
	"GET /drill":                         "- + + + - - - - -",
	"GET /export.pdf":                    "- + + + - - - - -",
	"GET /export.xlsx":                   "- + + + - - - - -",
	"GET /customers":                     "- + + - - - - - -",
	"GET /customers/{id}":                "- + + - - - - - -",
	"GET /risico":                        "- + + - - - - - -",
	"GET /tickets/{id}":                  "- + + + - - - - -",
	"GET /feedback":                      "- + + - - - - - -",
	"POST /feedback/{kind}/{id}/replied": "- + + - - - - - -",
	"GET /targets":                       "- + + - - - - - -",
	"POST /targets":                      "- + + - - - - - -",
	"GET /audit":                         "- + - - - - - - -",
	"GET /users":                         "- + - - - - - - -",
	"POST /users":                        "- + - - - - - - -",
	"POST /users/{id}":                   "- + - - - - - - -",
	"POST /users/{id}/password":          "- + - - - - - - -",
	"POST /users/{id}/delete":            "- + - - - - - - -",
	"GET /import":                        "- + - - - - - - -",
	"POST /import":                       "- + - - - - - - -",
	"GET /import/{id}":                   "- + - - - - - - -",
	"POST /import/{id}/start":            "- + - - - - - - -",
	"GET /imports":                       "- + - - - - - - -",
	"GET /imports/{id}":                  "- + - - - - - - -",
	"GET /imports/{id}/status":           "- + - - - - - - -",
	"GET /imports/{id}/rejects":          "- + - - - - - - -",
	"GET /mappings":                      "- + - - - - - - -",
	"POST /mappings":                     "- + - - - - - - -",
	"POST /mappings/{name}/delete":       "- + - - - - - - -",
	"GET /connections":                   "- + - - - - - - -",
	"POST /connections":                  "- + - - - - - - -",
	"POST /connections/{id}/delete":      "- + - - - - - - -",
	"POST /hooks/{source}/{connection}":  "+ + + + + + + + +",
	"GET /a/{token}":                     "+ + + + + + + + +",
	"POST /a/{token}":                    "+ + + + + + + + +",
	"GET /s/{token}":                     "+ + + + + + + + +",
	"POST /s/{token}":                    "+ + + + + + + + +",
	"POST /s/{token}/opened":             "+ + + + + + + + +",
	"GET /u/{token}":                     "+ + + + + + + + +",
	"POST /u/{token}":                    "+ + + + + + + + +",
	"GET /widget.js":                     "+ + + + + + + + +",
	"GET /w/{key}":                       "+ + + + + + + + +",
	"OPTIONS /w/{key}/answer":            "+ + + + + + + + +",
	"POST /w/{key}/answer":               "+ + + + + + + + +",
	"GET /surveys":                       "- + - - - - - - -",
	"POST /surveys":                      "- + - - - - - - -",
	"POST /surveys/{id}/invite":          "- + - - - - - - -",
	"POST /surveys/bounces/clear":        "- + - - - - - - -",
	"POST /sites":                        "- + - - - - - - -",
	"POST /sites/{key}/delete":           "- + - - - - - - -",
	"GET /alerts":                        "- + - - - - - - -",
	"POST /alerts":                       "- + - - - - - - -",
	"POST /alerts/{id}/delete":           "- + - - - - - - -",
	"GET /followups":                     "- + + + - - - - -",
	"POST /followups/{id}":               "- + + - - - - - -",
	"POST /followups":                    "- + + - - - - - -",
	"POST /api/v1/invitations":           "- + - - - + - - -",
	"GET /api/v1/me":                     "- + + + + + + + +",
	"GET /api/v1/report":                 "- + + + + + + + +",
	"GET /api/v1/series":                 "- + + + + + + + +",
	"GET /api/v1/why":                    "- + + + + + + + +",
	"GET /api/v1/drill":                  "- + + + + + + + +",
	"GET /api/v1/customers/{id}":         "- + + - + + + + -",
	"GET /api/v1/live":                   "- + + + + + + + +",
	"GET /api/v1/users":                  "- + - - - - - - -",
	"POST /api/v1/users":                 "- + - - - - - - -",
	"PATCH /api/v1/users/{id}":           "- + - - - - - - -",
	"DELETE /api/v1/users/{id}":          "- + - - - - - - -",
	"GET /api/v1/tokens":                 "- + + - - - - - -",
	"POST /api/v1/tokens":                "- + + - - - - - -",
	"DELETE /api/v1/tokens/{id}":         "- + + - - - - - -",
	"GET /api/v1/audit":                  "- + - - + + - - -",
	"POST /api/v1/customers":             "- + - - - + - - -",
	"POST /api/v1/orders":                "- + - - - + - - -",
	"POST /api/v1/tickets":               "- + - - - + - - -",
	"POST /api/v1/messages":              "- + - - - + - - -",
	"POST /api/v1/responses":             "- + - - - + - - -",
	"POST /api/v1/mentions":              "- + - - - + - - -",
	"POST /api/v1/reviews":               "- + - - - + - - -",
	"POST /api/v1/events":                "- + - - - + - - -",
	"PATCH /api/v1/customers/{id}":       "- + - - - + - - -",
	"PATCH /api/v1/orders/{id}":          "- + - - - + - - -",
	"PATCH /api/v1/tickets/{id}":         "- + - - - + - - -",
	"PATCH /api/v1/messages/{id}":        "- + - - - + - - -",
	"PATCH /api/v1/responses/{id}":       "- + - - - + - - -",
	"PATCH /api/v1/mentions/{id}":        "- + - - - + - - -",
	"PATCH /api/v1/reviews/{id}":         "- + - - - + - - -",
	"PATCH /api/v1/events/{id}":          "- + - - - + - - -",
	"DELETE /api/v1/customers/{id}":      "- + - - - + - - -",
	"DELETE /api/v1/orders/{id}":         "- + - - - + - - -",
	"DELETE /api/v1/tickets/{id}":        "- + - - - + - - -",
	"DELETE /api/v1/messages/{id}":       "- + - - - + - - -",
	"DELETE /api/v1/responses/{id}":      "- + - - - + - - -",
	"DELETE /api/v1/mentions/{id}":       "- + - - - + - - -",
	"DELETE /api/v1/reviews/{id}":        "- + - - - + - - -",
	"DELETE /api/v1/events/{id}":         "- + - - - + - - -",
	"POST /api/v1/customers/{id}/erase":  "- + - - - + - - -",
}

// TestEveryRouteEveryRole walks every route of the server with every kind of caller and checks
// who gets past its guard. A route added without an expectation here fails the test.
func TestEveryRouteEveryRole(t *testing.T) {
	ts := startServer(t)
	for name, email := range map[string]string{"managerRead": "manager@example.com", "agentRead": "anna@example.com"} {
		u, err := ts.app.UserByEmail(t.Context(), email)
		if err != nil {
			t.Fatal(err)
		}
		if ts.tokens[name], _, err = ts.app.CreateToken(t.Context(), u.ID, name, cx.ScopeRead, time.Now()); err != nil {
			t.Fatal(err)
		}
	}
	clients := map[string]*client{
		"anonymous": ts.anonymous(), "admin": ts.login("admin@example.com"), "manager": ts.login("manager@example.com"),
		"agent": ts.login("anna@example.com"), "adminRead": ts.withToken("adminRead"),
		"adminWrite": ts.withToken("adminWrite"), "managerWrite": ts.withToken("managerWrite"),
		"managerRead": ts.withToken("managerRead"), "agentRead": ts.withToken("agentRead"),
	}
	seen := map[string]bool{}
	for _, rt := range ts.srv.routeTable() {
		seen[rt.pattern] = true
		want, ok := allowed[rt.pattern]
		if !ok {
			t.Errorf("route %s has no expectation in the walk", rt.pattern)
			continue
		}
		method, path, _ := strings.Cut(rt.pattern, " ")
		path = strings.NewReplacer("{id}", "999", "{path...}", "app.css", "{$}", "", "{kind}", "responses", "{token}", "x.y", "{key}", "site").Replace(path)
		if strings.HasPrefix(path, "/api/v1/report") || strings.HasPrefix(path, "/api/v1/series") {
			path += "?from=2026-03-01&to=2026-04-01&by=agent"
		}
		if path == "/api/v1/why" {
			path += "?from=2026-03-01&to=2026-04-01"
		}
		for i, who := range callers {
			if rt.pattern == "POST /logout" && who != "anonymous" {
				continue // logging out would end the session the next routes use; tested apart
			}
			status, denied := call(t, clients[who], method, path, rt.stream)
			if wantOK := strings.Fields(want)[i] == "+"; wantOK == denied {
				t.Errorf("%s as %s: status %d, want it %s", rt.pattern, who, status, map[bool]string{true: "allowed", false: "refused"}[wantOK])
			}
		}
	}
	for pattern := range allowed {
		if !seen[pattern] {
			t.Errorf("expectation for %s, which is not a route", pattern)
		}
	}
	// Logging out ends the session.
	admin := clients["admin"]
	if res := admin.form("POST", "/logout", nil); res.status != http.StatusSeeOther {
		t.Errorf("logout: %d", res.status)
	}
	if res := admin.get("/api/v1/me"); res.status != http.StatusUnauthorized {
		t.Errorf("after logout: %d, want 401", res.status)
	}
}

// call makes one request and tells whether the guard refused it: its 401 or 403 problem, or on
// a route that answers in HTML its error page saying the same, in Dutch (a handler's own 401 or 403, such
// as a wrong password or a spent setup link, is not a refusal by role).
func call(t *testing.T, c *client, method, path string, stream bool) (int, bool) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	var body *strings.Reader
	contentType := ""
	if method == "POST" || method == "DELETE" {
		body, contentType = strings.NewReader("{}"), "application/json"
	} else {
		body = strings.NewReader("")
	}
	req, _ := http.NewRequestWithContext(ctx, method, c.ts.url+path, body)
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	if c.token != "" {
		req.Header.Set("Authorization", "Bearer "+c.token)
	}
	res, err := c.http.Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", method, path, err)
	}
	defer res.Body.Close()
	if stream {
		return res.StatusCode, res.StatusCode == 401 || res.StatusCode == 403 // headers are enough
	}
	var b strings.Builder
	buf := make([]byte, 4096)
	for {
		n, err := res.Body.Read(buf)
		b.Write(buf[:n])
		if err != nil {
			break
		}
	}
	text := b.String()
	if res.StatusCode == http.StatusSeeOther && strings.HasPrefix(res.Header.Get("Location"), "/login") && method == "GET" {
		return res.StatusCode, true // a page sends a visitor without a login to the login page
	}
	text = html.UnescapeString(text)
	contentType = res.Header.Get("Content-Type")
	byGuard := (strings.Contains(contentType, "problem+json") || strings.Contains(contentType, "text/html")) &&
		(res.StatusCode == 401 && (strings.Contains(text, "log in or send an API token") || strings.Contains(text, "Log in om dit te zien")) ||
			res.StatusCode == 403 && (strings.Contains(text, "may not do this") || strings.Contains(text, "needs a login session") ||
				strings.Contains(text, "Dit is niet voor uw rol") || strings.Contains(text, "Hiervoor moet iemand inloggen")))
	return res.StatusCode, byGuard
}
