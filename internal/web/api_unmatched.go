package web

import (
	"fmt"
	"net/http"
	"slices"
	"strings"

	"github.com/klantpuls/klantpuls/internal/auth"
	"github.com/klantpuls/klantpuls/internal/cx"
)

// apiRoot is the pattern of every path under the API: the mux takes it for a request no API
// route matches, by path or by method, as every route's pattern is more specific.
const apiRoot = "/api/v1/"

// apiUnmatchedRoute answers what no API route takes as every other API error is answered, a
// problem: 404 for a path no route has, 405 with Allow for a method the path's routes do not
// take. Go's ServeMux answered both in plain text ("404 page not found"), which a client reading
// problem+json cannot parse. It is guarded as the API's routes are, so a request without a
// credential is 401 there too, whatever its path, and a token's or account's rate counts it: a
// script trying paths is held back as one using them.
//
// Every other path is the pages': "/" answers there what no page takes as a page does, in the
// visitor's language (errorPage), for anyone, where the mux said "404 page not found" in
// English and without the menu to whoever mistyped an address.
func (s *Server) unmatchedRoutes(mux *http.ServeMux, routes []route) []route {
	methods := routeMethods(routes)
	return []route{{pattern: apiRoot, action: auth.ActionOwnFigures, handler: s.apiUnmatched(mux, methods, apiRoot)},
		{pattern: "/", answer: answerPage, handler: s.apiUnmatched(mux, methods, "/")}}
}

// apiUnmatched answers a request the mux gave apiRoot. The mux is asked which methods the path
// takes, as it asks itself for its own 405 (ServeMux.matchingMethods, which is not exported):
// each method the routes use is tried on the path, and one matched by a route of its own, not
// by apiRoot, is allowed.
func (s *Server) apiUnmatched(mux *http.ServeMux, methods []string, root string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		var allow []string
		for _, method := range methods {
			if _, pattern := mux.Handler(&http.Request{Method: method, Host: r.Host, URL: r.URL}); pattern != root {
				allow = append(allow, method)
			}
		}
		if len(allow) == 0 {
			detail := fmt.Sprintf("there is no page %s", r.URL.Path)
			if root == apiRoot {
				detail = apiSaid(w, r, "api_no_path", r.URL.Path, apiRoot)
			}
			// A page says it as it says a thing not there (errorText: gone).
			s.problem(w, r, Problem{Status: http.StatusNotFound, Detail: detail, cause: cx.Errorf(cx.ENOTFOUND, "%s", detail)})
			return
		}
		w.Header().Set("Allow", strings.Join(allow, ", "))
		s.problem(w, r, Problem{Status: http.StatusMethodNotAllowed,
			Detail: fmt.Sprintf("%s takes %s, not %s", r.URL.Path, strings.Join(allow, ", "), r.Method),
			cause:  cx.Refuse(cx.EINVALID, "", "method_not_allowed", "%s takes %s, not %s", r.URL.Path, strings.Join(allow, ", "), r.Method)})
	}
}

// routeMethods are the methods of the routes, sorted as ServeMux sorts its Allow header, with
// HEAD where there is GET: a GET route answers HEAD too.
func routeMethods(routes []route) []string {
	var methods []string
	for _, rt := range routes {
		method, _, found := strings.Cut(rt.pattern, " ")
		if found && !slices.Contains(methods, method) {
			methods = append(methods, method)
		}
	}
	if slices.Contains(methods, http.MethodGet) && !slices.Contains(methods, http.MethodHead) {
		methods = append(methods, http.MethodHead)
	}
	slices.Sort(methods)
	return methods
}
