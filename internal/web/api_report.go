package web

import (
	"bytes"
	"maps"
	"net/http"
	"net/url"
	"slices"
	"strings"

	"github.com/klantpuls/klantpuls/internal/auth"
	"github.com/klantpuls/klantpuls/internal/cx"
	"github.com/klantpuls/klantpuls/internal/engine"
	"github.com/klantpuls/klantpuls/internal/report"
)

// query reads from, to and by as `klantpuls report` does.
func (s *Server) query(r *http.Request) (engine.Query, error) {
	loc := s.app.Config.Timezone
	q := r.URL.Query()
	from, to, err := report.ParsePeriod(q.Get("from"), q.Get("to"), loc)
	if err != nil {
		return engine.Query{}, err
	}
	by, err := engine.ParseDim(q.Get("by"))
	if err != nil {
		return engine.Query{}, cx.Errorf(cx.EINVALID, "by: %v", err)
	}
	return engine.Query{From: from, To: to, By: by}, nil
}

// reportParams are the query parameters GET /api/v1/report takes (openapi.json); series takes
// step besides. Any other is refused naming it (unknownParams): the report has no filters, and
// agent=Daan or a misspelt by answered with the unfiltered figures, which the caller took for
// the ones asked.
var reportParams = []string{"from", "to", "by"}

// unknownParams are the fields of a refusal naming each parameter of q that is not one of
// known, in order of name; nil when there is none.
func unknownParams(q url.Values, known []string) []ProblemField {
	var fields []ProblemField
	for _, name := range slices.Sorted(maps.Keys(q)) {
		if !slices.Contains(known, name) {
			fields = append(fields, ProblemField{Parameter: name,
				Detail: "not a parameter of this request, which takes " + strings.Join(known, ", ")})
		}
	}
	return fields
}

// refuseUnknownParams answers a 422 naming each parameter of r's query that is not one of known
// (unknownParams) and tells whether it did.
func refuseUnknownParams(w http.ResponseWriter, r *http.Request, known []string) bool {
	fields := unknownParams(r.URL.Query(), known)
	if fields == nil {
		return false
	}
	names := make([]string, len(fields))
	for i, f := range fields {
		names[i] = f.Parameter
	}
	writeProblem(w, r, Problem{Status: http.StatusUnprocessableEntity,
		Detail: "unknown query parameter " + strings.Join(names, ", "), Errors: fields})
	return true
}

// readQuery reads the query and what the principal may see of it; extra are the parameters the
// route takes besides reportParams. On a problem it answers and returns false.
func (s *Server) readQuery(w http.ResponseWriter, r *http.Request, extra ...string) (engine.Query, func(string) bool, bool) {
	if refuseUnknownParams(w, r, append(slices.Clip(reportParams), extra...)) {
		return engine.Query{}, nil, false
	}
	q, err := s.query(r)
	if err != nil {
		s.fail(w, r, err)
		return q, nil, false
	}
	keep, err := visible(principalOf(r), q.By)
	if err != nil {
		writeProblem(w, r, Problem{Status: http.StatusForbidden, Detail: err.Error()})
		return q, nil, false
	}
	return q, keep, true
}

// visible restricts a report to what the principal may see. Managers and admins see every
// group. An agent sees their own figures (by=agent: their group only) and their team's totals
// (by=team: their team's group only); nothing else is split for them.
func visible(p *principal, by engine.Dim) (keep func(key string) bool, err error) {
	if p.can(auth.ActionReport) {
		return nil, nil
	}
	switch by {
	case engine.ByAgent:
		return func(key string) bool { return p.user.Agent != "" && cx.NameKey(key) == cx.NameKey(p.user.Agent) }, nil
	case engine.ByTeam:
		return func(key string) bool { return p.user.Team != "" && cx.NameKey(key) == cx.NameKey(p.user.Team) }, nil
	}
	return nil, errForbiddenSplit
}

var errForbiddenSplit = cx.Errorf(cx.EINVALID, "as an agent you see your own figures (by=agent) and your team's totals (by=team)")

func filterGroups(groups []engine.Group, keep func(string) bool) []engine.Group {
	if keep == nil {
		return groups
	}
	out := groups[:0:0]
	for _, g := range groups {
		if g.Key != nil && keep(*g.Key) {
			out = append(out, g)
		}
	}
	return out
}

// report answers with exactly the JSON of `klantpuls report --format json` for the same
// from, to and by.
func (s *Server) report(w http.ResponseWriter, r *http.Request) {
	q, keep, ok := s.readQuery(w, r)
	if !ok {
		return
	}
	groups, err := s.app.Report(r.Context(), q)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	var b bytes.Buffer
	if err := report.JSON(&b, report.New(q, s.app.Config.Timezone, s.app.Config.Money.Currency, filterGroups(groups, keep))); err != nil {
		s.fail(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	w.Write(b.Bytes())
}

// Series is a time series for charts: the report of each bucket of the period.
type Series struct {
	From     string   `json:"from"`
	To       string   `json:"to"`
	Timezone string   `json:"timezone"`
	Currency string   `json:"currency"` // the account's: every amount of the series is in it
	By       *string  `json:"by"`
	Step     string   `json:"step"`
	Points   []Bucket `json:"points"`
}

// Bucket is one point of a series: a period and its groups, shaped as in the report.
type Bucket struct {
	From   string         `json:"from"`
	To     string         `json:"to"`
	Groups []report.Group `json:"groups"`
}

// series answers the report of each day, week (from Monday) or month of the period, from one
// engine query.
func (s *Server) series(w http.ResponseWriter, r *http.Request) {
	q, keep, ok := s.readQuery(w, r, "step")
	if !ok {
		return
	}
	step := r.URL.Query().Get("step")
	if step == "" {
		step = string(engine.StepDay)
	}
	var err error
	if q.Step, err = engine.ParseStep(step); err != nil {
		s.fail(w, r, err)
		return
	}
	res, err := s.app.Query(r.Context(), q)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	loc := s.app.Config.Timezone
	whole := report.New(q, loc, s.app.Config.Money.Currency, nil)
	out := Series{From: whole.From, To: whole.To, Timezone: whole.Timezone, Currency: whole.Currency, By: whole.By, Step: step}
	for _, b := range res.Buckets {
		doc := report.New(engine.Query{From: b.From, To: b.To, By: q.By}, loc, whole.Currency, filterGroups(b.Groups, keep))
		out.Points = append(out.Points, Bucket{From: doc.From, To: doc.To, Groups: doc.Groups})
	}
	writeJSON(w, http.StatusOK, out)
}
