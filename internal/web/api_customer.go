package web

import (
	"net/http"
	"strings"

	"github.com/klantpuls/klantpuls/internal/app"
)

// customer answers everything klantpuls holds about one customer (app.CustomerData, what a
// data request asks for): orders, tickets with their messages, answers, reviews, events, the
// mentions they wrote and their invitations, with their CLV and NPS class.
func (s *Server) customer(w http.ResponseWriter, r *http.Request) {
	id := strings.TrimSpace(r.PathValue("id"))
	d, err := s.app.CustomerData(r.Context(), id)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.addCustomerModel(r, d.CustomerHistory)
	writeJSON(w, http.StatusOK, d)
}

// addCustomerModel fills the customer's predictive CLV and P(alive) as of yesterday: the models
// fitted on every order up to the day before today (the page and the API say the same). A
// customer who had left by then gets none (null in the JSON, as without a fit); left says so.
func (s *Server) addCustomerModel(r *http.Request, h *app.CustomerHistory) (left bool) {
	cm, ok := s.app.CustomerModel(r.Context(), h.CustomerID, s.today())
	if ok && !cm.Left {
		h.Value.Predictive, h.Value.PAlive = &cm.Value, &cm.PAlive
	}
	return ok && cm.Left
}
