package web

import (
	"net/http"
	"strings"

	"github.com/klantpuls/klantpuls/internal/app"
	"github.com/klantpuls/klantpuls/internal/cx"
	"github.com/klantpuls/klantpuls/internal/engine"
)

// customer answers one customer's history (their record, orders, tickets, answers and reviews,
// read by the store's indexes: quick, for an integration asking per ticket), with their CLV and
// NPS class; with all=true everything klantpuls holds about them (app.CustomerData, what a data
// request asks for: also their events, their tickets' messages, the mentions they wrote and
// their invitations), which reads every message, event and mention.
func (s *Server) customer(w http.ResponseWriter, r *http.Request) {
	id := strings.TrimSpace(r.PathValue("id"))
	var h *app.CustomerHistory
	var out any
	var err error
	switch all := r.URL.Query().Get("all"); all {
	case "", "false":
		h, err = s.app.CustomerHistory(r.Context(), id)
		out = h
	case "true":
		var d *app.CustomerData
		if d, err = s.app.CustomerData(r.Context(), id); err == nil {
			h, out = d.CustomerHistory, d
		}
	default:
		err = cx.Errorf(cx.EINVALID, "all: %q is neither true nor false", all)
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.addCustomerModel(r, h)
	writeJSON(w, http.StatusOK, out)
}

// shownAlive is the P(alive) a page or download shows, in %: none for a customer without a
// repeat purchase, whose model value of 1 is the model's assumption (nobody leaves before a
// repeat), not an estimate, however long ago they bought. The API keeps the model's value.
func shownAlive(h *app.CustomerHistory, cm engine.CustomerModel) *float64 {
	if h.Value.PAlive == nil || !cm.Repeated {
		return nil
	}
	v := 100 * *h.Value.PAlive
	return &v
}

// addCustomerModel fills the customer's predictive CLV and P(alive) as of yesterday: the models
// fitted on every order up to the day before today (the page and the API say the same). A
// customer who had left by then gets none (null in the JSON, as without a fit); the model's
// figures (Left, Repeats) are returned for the page's words, ok false without them.
func (s *Server) addCustomerModel(r *http.Request, h *app.CustomerHistory) (cm engine.CustomerModel, ok bool) {
	cm, ok = s.app.CustomerModel(r.Context(), h.CustomerID, s.today())
	if ok && !cm.Left {
		h.Value.Predictive, h.Value.PAlive = &cm.Value, &cm.PAlive
	}
	return cm, ok
}
