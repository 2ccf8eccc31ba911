package web

import (
	_ "embed"
	"net/http"
)

// openAPIDocument describes the API; TestOpenAPIMatchesRoutes keeps it true to routeTable.
//
//go:embed openapi.json
var openAPIDocument []byte

func (s *Server) openAPI(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "application/json")
	w.Write(openAPIDocument)
}
