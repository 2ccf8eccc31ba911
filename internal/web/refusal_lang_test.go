package web

import (
	"net/url"
	"testing"
)

// TestGuardRefusalsInThePageLanguage: what the guard refuses on a page — no login, a role that
// may not, an API token where a person must log in, a form posted from another site — the page
// says in its own language, and says why. Before, a Dutch page said it in English ("your role
// (agent) may not do this"). The API keeps its English problem detail (TestErrorsAnswerAsTheRouteDoes).
func TestGuardRefusalsInThePageLanguage(t *testing.T) {
	ts := startServer(t)
	agent, manager, anonymous, token := ts.login("anna@example.com"), ts.login("manager@example.com"), ts.anonymous(), ts.withToken("adminRead")
	crossSite := []string{"Sec-Fetch-Site", "cross-site", "Origin", "https://evil.example"}
	for _, tt := range []struct {
		name         string
		c            *client
		method, path string
		header       []string
		status       int
		page         string
		want         string
	}{
		{"an agent on an admin page", agent, "GET", "/users", nil, 403, "dash", "Dit is niet voor uw rol (medewerker)."},
		{"an agent on an admin page, in English", agent, "GET", "/users?lang=en", nil, 403, "dash", "Your role (agent) may not do this."},
		{"a manager on an admin page", manager, "GET", "/audit", nil, 403, "dash", "Dit is niet voor uw rol (manager)."},
		{"a manager's form to an admin page", manager, "POST", "/users", nil, 403, "dash", "Dit is niet voor uw rol (manager)."},
		{"a download without a login", anonymous, "GET", "/export.pdf?page=overview", nil, 401, "plain",
			"Log in om dit te zien; een programma stuurt een API-token mee (Authorization: Bearer …)."},
		{"a download without a login, in English", anonymous, "GET", "/export.pdf?page=overview&lang=en", nil, 401, "plain",
			"Log in to see this; a program sends an API token (Authorization: Bearer …)."},
		{"a page with an API token", token, "GET", "/import", nil, 403, "dash",
			"Hiervoor moet iemand inloggen; een API-token opent deze pagina niet."},
		{"a form from another site", manager, "POST", "/targets", crossSite, 403, "plain",
			"Een formulier of verzoek van een andere website wordt geweigerd (bescherming tegen cross-site request forgery)."},
		{"a form from another site, in English", manager, "POST", "/targets?lang=en", crossSite, 403, "plain",
			"A form or request from another site is refused (cross-site request forgery protection)."},
	} {
		t.Run(tt.name, func(t *testing.T) {
			var res response
			if tt.method == "POST" {
				res = tt.c.form("POST", tt.path, url.Values{}, tt.header...)
			} else {
				res = tt.c.do(tt.method, tt.path, "", nil, tt.header...)
			}
			checkError(t, res, tt.status, tt.page, tt.want)
		})
	}
}

// TestUnmatchedPageIsAPage: a path no page has, or a method a page does not take, answers an
// error page in the visitor's language that says so — as the API answers its own with a problem
// (TestAPIUnmatchedIsAProblem). They were Go's plain English "404 page not found" and "Method
// Not Allowed", without the menu, to a Dutch user who mistyped an address.
func TestUnmatchedPageIsAPage(t *testing.T) {
	ts := startServer(t)
	agent, anonymous := ts.login("anna@example.com"), ts.anonymous()
	for _, tt := range []struct {
		name         string
		c            *client
		method, path string
		status       int
		page, allow  string
		want         string
	}{
		{"a mistyped page", agent, "GET", "/klanten", 404, "dash", "", "Wat /klanten toont, is er niet (meer)."},
		{"a mistyped page, in English", agent, "GET", "/klanten?lang=en", 404, "dash", "", "What /klanten shows is not (or no longer) here."},
		{"a mistyped page without a login", anonymous, "GET", "/klanten", 404, "plain", "", "Wat /klanten toont, is er niet (meer)."},
		{"a method a page does not take", agent, "PUT", "/users", 405, "dash", "GET, HEAD, POST", "/users kan met GET, HEAD, POST, niet met PUT."},
		{"a form posted to a page that only shows", agent, "POST", "/service", 405, "dash", "GET, HEAD", "/service kan met GET, HEAD, niet met POST."},
	} {
		t.Run(tt.name, func(t *testing.T) {
			res := tt.c.do(tt.method, tt.path, "", nil)
			checkError(t, res, tt.status, tt.page, tt.want)
			if got := res.header.Get("Allow"); got != tt.allow {
				t.Errorf("Allow: %q, want %q", got, tt.allow)
			}
		})
	}
}
