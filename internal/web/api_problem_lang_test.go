package web

import (
	"net/http"
	"slices"
	"strings"
	"testing"
)

// TestAPIProblemsInTheCallersLanguage: a body too large (413), one the API does not read (415)
// and a path it does not have (404) are said in the request's Accept-Language, English when it
// names neither, as the API's refusals of records are (TestRefusalInTheCallersLanguage). They
// were English whatever the request asked. The status and title stay, for a program.
func TestAPIProblemsInTheCallersLanguage(t *testing.T) {
	ts := startServer(t, func(o *Options) { o.MaxBody = 1 << 10 })
	w, admin := ts.withToken("adminWrite"), ts.login("admin@example.com") // a token may not add a user
	large := `{"response_id":"` + strings.Repeat("x", 2<<10) + `"}`
	for _, tc := range []struct {
		name, method, path, contentType, body string
		header                                []string
		status                                int
		nl, en                                string
	}{
		{"a batch over the body's bound", "POST", "/api/v1/responses", "application/json", large, nil, http.StatusRequestEntityTooLarge,
			"de body is groter dan 1024 bytes; stuur minder tegelijk",
			"the body is larger than 1024 bytes; send less at once"},
		{"a small object over the body's bound", "POST", "/api/v1/users", "application/json", large, nil, http.StatusRequestEntityTooLarge,
			"de body is groter dan 1024 bytes; stuur minder tegelijk",
			"the body is larger than 1024 bytes; send less at once"},
		{"a compressed body", "POST", "/api/v1/responses", "application/json", "{}", []string{"Content-Encoding", "gzip"}, http.StatusUnsupportedMediaType,
			"Content-Encoding gzip wordt niet aangenomen: stuur de body ongecomprimeerd",
			"Content-Encoding gzip is not accepted: send the body uncompressed"},
		{"a patch that is no JSON", "PATCH", "/api/v1/responses/R9", "text/plain", `{"score":9}`, nil, http.StatusUnsupportedMediaType,
			"stuur de wijziging als application/merge-patch+json (of application/json): een JSON-object met de velden die veranderen, null om er een te verwijderen",
			"send the patch as application/merge-patch+json (or application/json): a JSON object of the fields to change, null to remove one"},
		{"a path the API does not have", "GET", "/api/v1/nothing", "", "", nil, http.StatusNotFound,
			"de API heeft geen pad /api/v1/nothing; zijn paden staan in /api/v1/openapi.json",
			"the API has no path /api/v1/nothing; its paths are in /api/v1/openapi.json"},
	} {
		for _, lang := range []struct{ acceptLanguage, want string }{{"nl-NL,nl;q=0.9", tc.nl}, {"en", tc.en}, {"", tc.en}} {
			t.Run(tc.name+", Accept-Language "+lang.acceptLanguage, func(t *testing.T) {
				header := tc.header
				if lang.acceptLanguage != "" {
					header = append(slices.Clone(header), "Accept-Language", lang.acceptLanguage)
				}
				var body *strings.Reader
				if tc.body != "" {
					body = strings.NewReader(tc.body)
				} else {
					body = strings.NewReader("")
				}
				c := w
				if tc.path == "/api/v1/users" {
					c = admin
				}
				res := c.do(tc.method, tc.path, tc.contentType, body, header...)
				if res.status != tc.status || res.header.Get("Content-Type") != "application/problem+json" {
					t.Fatalf("%d %s, want a %d problem: %s", res.status, res.header.Get("Content-Type"), tc.status, res.body)
				}
				var p Problem
				res.json(t, &p)
				if p.Detail != lang.want || p.Title != http.StatusText(tc.status) {
					t.Errorf("title %q detail %q, want %q %q", p.Title, p.Detail, http.StatusText(tc.status), lang.want)
				}
				if !slices.Contains(res.header.Values("Vary"), "Accept-Language") {
					t.Errorf("Vary %q: a cache must keep the languages apart", res.header.Values("Vary"))
				}
			})
		}
	}
}

// TestAPIUnauthorizedInTheCallersLanguage: a request without a session or token is refused in
// its Accept-Language as the API's other refusals are; it was English whatever it asked.
func TestAPIUnauthorizedInTheCallersLanguage(t *testing.T) {
	ts := startServer(t)
	for _, lang := range []struct{ acceptLanguage, want string }{
		{"nl-NL,nl;q=0.9", "Log in om dit te zien; een programma stuurt een API-token mee (Authorization: Bearer …)."},
		{"en", "log in or send an API token (Authorization: Bearer …)"},
		{"", "log in or send an API token (Authorization: Bearer …)"},
	} {
		var header []string
		if lang.acceptLanguage != "" {
			header = []string{"Accept-Language", lang.acceptLanguage}
		}
		res := ts.anonymous().do("GET", "/api/v1/report?from=2026-03-01&to=2026-04-01", "", strings.NewReader(""), header...)
		var p Problem
		res.json(t, &p)
		if res.status != http.StatusUnauthorized || p.Detail != lang.want || p.Title != "Unauthorized" {
			t.Errorf("Accept-Language %q: %d %q %q, want 401 Unauthorized %q", lang.acceptLanguage, res.status, p.Title, p.Detail, lang.want)
		}
		if !slices.Contains(res.header.Values("Vary"), "Accept-Language") {
			t.Errorf("Accept-Language %q: Vary %q", lang.acceptLanguage, res.header.Values("Vary"))
		}
	}
}
