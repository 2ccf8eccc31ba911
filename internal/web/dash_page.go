package web

import (
	"context"
	"net/http"
	"time"

	"github.com/klantpuls/klantpuls/internal/auth"
	"github.com/klantpuls/klantpuls/internal/engine"
	"github.com/klantpuls/klantpuls/internal/metric"
	"github.com/klantpuls/klantpuls/internal/report"
)

// dashPage is what every dashboard template gets: the page, the view and its controls, and the
// page's own content in one of the fields below.
type dashPage struct {
	*page
	View     view
	Path     string
	Filters  []filterChoice
	Periods  []option
	Print    bool
	CanSee   map[string]bool // pages in the menu
	Updated  string
	Indicate bool // some value rests on n < 30

	Tiles     []tile
	Service   *servicePage
	Team      *teamPage
	Customers *customersPage
	Customer  *customerPage
	Feedback  *feedbackPage
	Targets   []targetField
	Surveys   *surveysPage
	Alerts    *alertsPage
	FollowUps *followUpsPage
	Audit     *auditPage
	BaseURL   string // where this server is reached, for the widget's snippet
	NoPeriod  bool   // the page shows no figures of a period: no period controls
}

type option struct {
	Value, Label string
	Selected     bool
}

// newDash prepares a dashboard page for the request.
func (s *Server) newDash(r *http.Request, titleKey, path string) *dashPage {
	p := s.newPage(r, "")
	p.Title = p.T(titleKey)
	v := s.readView(r)
	d := &dashPage{page: p, View: v, Path: path, Print: r.URL.Query().Get("print") == "1",
		Updated: s.now().In(s.app.Config.Timezone).Format("15:04")}
	for _, per := range periods {
		d.Periods = append(d.Periods, option{Value: per, Label: p.T("period_" + per), Selected: per == v.Period})
	}
	d.Filters = s.filters(v, p)
	pr := principalOf(r)
	d.CanSee = map[string]bool{
		"/": true, "/service": true, "/team": true,
		"/customers": pr.can(auth.ActionReport), "/feedback": pr.can(auth.ActionReport),
		"/targets": pr.can(auth.ActionTargets), "/followups": pr.can(auth.ActionReply),
		"/surveys": pr.can(auth.ActionConfig), "/alerts": pr.can(auth.ActionConfig),
		"/audit": pr.can(auth.ActionAudit),
	}
	if s.surveys != nil {
		d.BaseURL = s.surveys.BaseURL
	}
	return d
}

// Link is the URL of a page with the current view.
func (d *dashPage) Link(path string, pairs ...string) string { return d.View.link(path, pairs...) }

// Period shows the view's period (none on a page without one).
func (d *dashPage) Period() string {
	if d.NoPeriod {
		return ""
	}
	return d.View.label()
}

// report runs one engine query for the view; the engine never fails a valid period.
func (s *Server) viewReport(ctx context.Context, q engine.Query) []engine.Group {
	groups, err := s.app.Report(ctx, q)
	if err != nil {
		return nil
	}
	return groups
}

// one returns the unsplit set of a query.
func (s *Server) one(ctx context.Context, q engine.Query) *metric.Set {
	g := s.viewReport(ctx, q)
	if len(g) == 0 {
		return &metric.Set{}
	}
	return &g[0].Metrics
}

// buckets returns the view's period in steps, and the report of each (split by by), limited to
// the parts of the metrics the caller draws.
func (s *Server) buckets(ctx context.Context, v view, by engine.Dim, parts engine.Part) ([][2]time.Time, [][]engine.Group) {
	bs, err := report.Buckets(v.From, v.To, v.step())
	if err != nil {
		return nil, nil
	}
	out := make([][]engine.Group, len(bs))
	for i, b := range bs {
		out[i] = s.viewReport(ctx, engine.Query{From: b[0], To: b[1], By: by, Filter: v.Filter, Parts: parts})
	}
	return bs, out
}

// renderDash writes a dashboard page with the layout's live updates and scripts.
func (s *Server) renderDash(w http.ResponseWriter, r *http.Request, name string, d *dashPage) {
	if l := r.URL.Query().Get("lang"); l == "nl" || l == "en" {
		http.SetCookie(w, &http.Cookie{Name: langCookie, Value: l, Path: "/", MaxAge: 365 * 24 * 3600,
			HttpOnly: true, Secure: secureCookies(r), SameSite: http.SameSiteLaxMode})
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	if err := dashPages[name].ExecuteTemplate(w, "dash", d); err != nil {
		s.log.ErrorContext(r.Context(), "template", "page", name, "error", err)
	}
}

// overview is the executive dashboard: a tile per KPI.
func (s *Server) overview(w http.ResponseWriter, r *http.Request) {
	d := s.newDash(r, "nav_overview", "/")
	ctx := r.Context()
	v := d.View
	cur := s.one(ctx, v.query(engine.ByNone))
	pf, pt := v.previous()
	prev := s.one(ctx, engine.Query{From: pf, To: pt, Filter: v.Filter})
	// The tiles need every part but reply times.
	_, groups := s.buckets(ctx, v, engine.ByNone, engine.AllParts&^engine.PartReplies)
	points := make([]*metric.Set, len(groups))
	for i, g := range groups {
		points[i] = &metric.Set{}
		if len(g) > 0 {
			points[i] = &g[0].Metrics
		}
	}
	settings, _ := s.settings(ctx)
	for _, def := range tileDefs {
		t := makeTile(def, v.Lang, d.page, cur, prev, points, settings["target."+def.Key])
		t.Href = v.link(def.Page)
		d.Indicate = d.Indicate || t.Indicative
		d.Tiles = append(d.Tiles, t)
	}
	s.renderDash(w, r, "overview", d)
}
