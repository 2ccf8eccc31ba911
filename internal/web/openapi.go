package web

import (
	_ "embed"
	"net/http"
)

// openAPIDocument describes the API; TestOpenAPIMatchesRoutes keeps it true to routeTable, the
// output tests to the JSON the server writes, and TestOpenAPIMetricsFromRegistry writes and
// checks each metric's description from its descriptor (metric.All).
//
//go:generate env KLANTPULS_DOCS=write go test -count=1 -run TestOpenAPIMetricsFromRegistry .
//go:embed openapi.json
var openAPIDocument []byte

func (s *Server) openAPI(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "application/json")
	w.Write(openAPIDocument)
}
