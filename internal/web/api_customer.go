package web

import (
	"net/http"
	"strings"
)

// customer answers one customer's whole history: orders, tickets, answers and reviews, with
// their CLV and NPS class.
func (s *Server) customer(w http.ResponseWriter, r *http.Request) {
	id := strings.TrimSpace(r.PathValue("id"))
	h, err := s.app.CustomerHistory(r.Context(), id)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, h)
}
