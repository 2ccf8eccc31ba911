package web

import "net/http"

// healthz answers while the process serves requests.
func (s *Server) healthz(w http.ResponseWriter, r *http.Request) {
	writeJSON(w, http.StatusOK, map[string]string{"status": "ok"})
}

// readyz answers 200 once the node can answer (SetReady: its engine loaded, or in ClickHouse
// mode ClickHouse open and the shipper started) and the database answers, 503 otherwise (and
// while shutting down), so a load balancer sends no traffic to a node that cannot answer.
func (s *Server) readyz(w http.ResponseWriter, r *http.Request) {
	s.readyMu.RLock()
	ready := s.ready
	s.readyMu.RUnlock()
	if ready {
		if _, err := s.app.CountUsers(r.Context()); err != nil {
			s.log.WarnContext(r.Context(), "not ready: the database does not answer", "error", err)
			ready = false
		}
	}
	if !ready {
		writeJSON(w, http.StatusServiceUnavailable, map[string]string{"status": "not ready"})
		return
	}
	writeJSON(w, http.StatusOK, map[string]string{"status": "ready"})
}
