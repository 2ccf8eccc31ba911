package web

import (
	"net/http"
	"strings"
	"time"

	"github.com/klantpuls/klantpuls/internal/auth"
	"github.com/klantpuls/klantpuls/internal/cx"
	"github.com/klantpuls/klantpuls/internal/engine"
	"github.com/klantpuls/klantpuls/internal/report"
)

// WhyDocument is GET /api/v1/why: the period, its filter and engine.Why's figures.
type WhyDocument struct {
	From         string            `json:"from"`
	To           string            `json:"to"`
	PreviousFrom string            `json:"previous_from"`
	Timezone     string            `json:"timezone"`
	Filter       map[string]string `json:"filter"`
	*engine.Why
}

// whyFilters are the filters GET /api/v1/why takes: no segment, as drivers are about service;
// category, as what moves CSAT differs by contact reason (the Why page takes it from the view).
var whyFilters = []engine.Dim{engine.ByChannel, engine.ByTeam, engine.ByAgent, engine.ByCategory}

// whyParams are the query parameters GET /api/v1/why takes: the period and whyFilters.
var whyParams = func() []string {
	params := []string{"from", "to"}
	for _, d := range whyFilters {
		params = append(params, string(d))
	}
	return params
}()

// whyQuery reads from, to and the filters. An agent sees their own answers and tickets only:
// the agent filter is theirs, whatever the URL says; forbidden says why one may not look.
func (s *Server) whyQuery(r *http.Request) (q engine.Query, forbidden string, err error) {
	values := r.URL.Query()
	from, to, err := report.ParsePeriod(values.Get("from"), values.Get("to"), s.app.Config.Timezone)
	if err != nil {
		return q, "", err
	}
	eq := engine.Query{From: from, To: to, Filter: map[engine.Dim]string{}}
	for _, d := range whyFilters {
		if v := strings.TrimSpace(values.Get(string(d))); v != "" {
			eq.Filter[d] = v
		}
	}
	if p := principalOf(r); !p.can(auth.ActionReport) {
		if p.user.Agent == "" {
			return eq, "your account is not linked to an agent, so there are no answers of your own to show", nil
		}
		if v, ok := eq.Filter[engine.ByAgent]; ok && cx.NameKey(v) != cx.NameKey(p.user.Agent) {
			return eq, "as an agent you see your own answers only (agent=" + p.user.Agent + ")", nil
		}
		eq.Filter[engine.ByAgent] = p.user.Agent
	}
	return eq, "", nil
}

// why answers the themes, emerging terms and drivers of a period (engine.Why).
func (s *Server) why(w http.ResponseWriter, r *http.Request) {
	// Another parameter (segment=, a misspelt filter) is refused naming it, as the report
	// refuses one: answered with the unfiltered figures, the caller took them for the ones asked.
	if refuseUnknownParams(w, r, whyParams) {
		return
	}
	q, forbidden, err := s.whyQuery(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if forbidden != "" {
		writeProblem(w, r, Problem{Status: http.StatusForbidden, Detail: forbidden})
		return
	}
	res, err := s.whyOf(r, q)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	doc := WhyDocument{From: q.From.Format(time.DateOnly), To: q.To.Format(time.DateOnly),
		PreviousFrom: res.PreviousFrom.Format(time.DateOnly), Timezone: s.app.Config.Timezone.String(),
		Filter: map[string]string{}, Why: res}
	for d, v := range q.Filter {
		doc.Filter[string(d)] = v
	}
	writeJSON(w, http.StatusOK, doc)
}

// whyOf queries the engine with each team's first-response target (the targets page).
func (s *Server) whyOf(r *http.Request, q engine.Query) (*engine.Why, error) {
	settings, err := s.settings(r.Context())
	if err != nil {
		return nil, err
	}
	return s.app.Why(r.Context(), q, func(team string) int64 { return slaTarget(settings, team) })
}
