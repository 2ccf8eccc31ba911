package web

import "strings"

// PagePaths lists the pages people open: the path of every GET route marked page and not part,
// as its pattern writes it ("/customers/{id}"; the overview as "/"). The browser walk of every
// page (internal/web/walk) reads it, so a page added to the route table is walked without more
// ado.
func (s *Server) PagePaths() []string {
	var out []string
	for _, rt := range s.routeTable() {
		method, path, _ := strings.Cut(rt.pattern, " ")
		if rt.page && !rt.part && method == "GET" {
			out = append(out, strings.TrimSuffix(path, "{$}"))
		}
	}
	return out
}
