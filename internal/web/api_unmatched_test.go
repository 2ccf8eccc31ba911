package web

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// TestAPIUnmatchedIsAProblem: a path no API route has is 404 and a method its routes do not take
// 405 with the Allow header Go's ServeMux gives, both as problems, as every other API error —
// they were the mux's plain "404 page not found" and "Method Not Allowed". Without a credential
// either is 401, as a route's path is.
func TestAPIUnmatchedIsAProblem(t *testing.T) {
	ts := startServer(t)
	// Go's own answer, from a mux of the same routes without apiRoot: the status and Allow the
	// problem must keep.
	plain := http.NewServeMux()
	for _, rt := range ts.srv.routeTable() {
		plain.HandleFunc(rt.pattern, func(http.ResponseWriter, *http.Request) {})
	}
	callers := map[string]*client{"anonymous": ts.anonymous(), "token": ts.withToken("adminWrite"),
		"session": ts.login("admin@example.com")}
	for _, tt := range []struct {
		name, caller, method, path string
		status                     int
		allow                      string
	}{
		{"a path no route has", "token", "POST", "/api/v1/ticket", 404, ""},
		{"the API's root", "token", "GET", "/api/v1/", 404, ""},
		{"a kind's list without its id", "token", "DELETE", "/api/v1/tickets/", 404, ""},
		{"GET of a kind only sent", "token", "GET", "/api/v1/tickets", 405, "POST"},
		{"HEAD of a kind only sent", "token", "HEAD", "/api/v1/tickets", 405, "POST"},
		{"PUT of a record patched and deleted", "token", "PUT", "/api/v1/tickets/T1", 405, "DELETE, PATCH"},
		{"POST of a report", "token", "POST", "/api/v1/me", 405, "GET, HEAD"},
		{"GET of an erasure", "token", "GET", "/api/v1/customers/C1/erase", 405, "POST"},
		{"a session's wrong method", "session", "PATCH", "/api/v1/tokens", 405, "GET, HEAD, POST"},
		{"a session's unknown path", "session", "GET", "/api/v1/token", 404, ""},
		{"no credential, no such path", "anonymous", "POST", "/api/v1/ticket", 401, ""},
		{"no credential, a wrong method", "anonymous", "GET", "/api/v1/tickets", 401, ""},
	} {
		t.Run(tt.name, func(t *testing.T) {
			res := callers[tt.caller].do(tt.method, tt.path, "", nil)
			if res.status != tt.status || res.header.Get("Allow") != tt.allow {
				t.Errorf("%d, Allow %q; want %d, Allow %q", res.status, res.header.Get("Allow"), tt.status, tt.allow)
			}
			if got := res.header.Get("Content-Type"); got != "application/problem+json" {
				t.Errorf("Content-Type %q, want application/problem+json: %s", got, res.body)
			}
			if tt.method != "HEAD" && !strings.Contains(res.body, `"instance":"`+tt.path+`"`) {
				t.Errorf("body %s, want a problem naming %s", res.body, tt.path)
			}
			if tt.caller == "anonymous" {
				return
			}
			want := httptest.NewRecorder()
			plain.ServeHTTP(want, httptest.NewRequest(tt.method, tt.path, nil))
			if want.Code != res.status || want.Header().Get("Allow") != res.header.Get("Allow") {
				t.Errorf("%d, Allow %q; Go's ServeMux answers %d, Allow %q",
					res.status, res.header.Get("Allow"), want.Code, want.Header().Get("Allow"))
			}
		})
	}
}
