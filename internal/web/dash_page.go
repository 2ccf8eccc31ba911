package web

import (
	"bytes"
	"context"
	"net/http"
	"net/url"
	"slices"
	"time"

	"github.com/klantpuls/klantpuls/internal/auth"
	"github.com/klantpuls/klantpuls/internal/engine"
	"github.com/klantpuls/klantpuls/internal/metric"
	"github.com/klantpuls/klantpuls/internal/nameorder"
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
	// Signify: some difference is marked † (significant), said under the page as * is.
	Signify bool
	// PartialNote says what a sparkline's dotted end is, when one of the page's has a partial
	// bucket (charts carry their own note).
	PartialNote string
	// FirstRun: the database holds no record at all, and the overview says where data comes
	// from instead of only a "Niet gemeten" on every tile.
	FirstRun bool

	Tiles     []tile
	Service   *servicePage
	Backlog   *backlogPage
	Team      *teamPage
	Customers *customersPage
	Customer  *customerPage
	Ticket    *ticketPage // dash_ticket.go
	Feedback  *feedbackPage
	Why       *whyPage
	Targets   []targetField
	Surveys   *surveysPage
	Alerts    *alertsPage
	FollowUps *followUpsPage
	Risk      *riskPage // the Risico page (risk.go)
	Audit     *auditPage
	Users     *usersPage // the users page (ui_users.go)
	Import    *importPage
	// Connections is the Koppelingen page (connections_admin.go).
	Connections *connectionsPage
	BaseURL     string // where this server is reached, for the widget's snippet
	NoPeriod    bool   // the page shows no figures of a period: no period controls
	// RefusedField is the picker's field ("from", "to") that the page's error refuses: the
	// field is marked invalid and described by the error (WCAG 3.3.1), "" for none.
	RefusedField string
	DrillList    *drillPage // the drill-down page (drill.go)
	// Keep are the page's own parameters besides the view's (the drill-down's metric and
	// sort): its links to itself and its period form keep them.
	Keep []hiddenField
	// reqQuery is the request's query: the download links keep a list's filter (Exports).
	reqQuery url.Values
}

// hiddenField is a parameter a page's form passes on unchanged.
type hiddenField struct{ Name, Value string }

type option struct {
	Value, Label string
	Selected     bool
}

// newDash prepares a dashboard page for the request.
func (s *Server) newDash(r *http.Request, titleKey, path string) *dashPage {
	p := s.newPage(r, "")
	p.Title = p.T(titleKey)
	v := s.readView(r)
	d := &dashPage{page: p, View: v, Path: path, Print: r.URL.Query().Get("print") == "1", reqQuery: r.URL.Query(),
		Updated: s.now().In(s.app.Config.Timezone).Format("15:04")}
	picked := v.Period
	if v.Refused != nil { // the picker shows what was asked; renderDash says why it is not shown
		picked = "custom"
	}
	for _, per := range periods {
		d.Periods = append(d.Periods, option{Value: per, Label: p.T("period_" + per), Selected: per == picked})
	}
	d.Filters = s.filters(r.Context(), v, p)
	pr := principalOf(r)
	d.CanSee = map[string]bool{
		"/": true, "/service": true, "/backlog": true, "/team": true, "/why": true,
		"/customers": pr.can(auth.ActionReport), "/feedback": pr.can(auth.ActionReport),
		"/targets": pr.can(auth.ActionTargets), "/followups": true,
		"/surveys": pr.can(auth.ActionConfig), "/alerts": pr.can(auth.ActionConfig),
		"/audit": pr.can(auth.ActionAudit), "/import": pr.can(auth.ActionIngest),
		"/connections": pr.can(auth.ActionConfig), riskPath: pr.can(auth.ActionReport),
	}
	if s.surveys != nil {
		d.BaseURL = s.surveys.BaseURL
	}
	return d
}

// Link is the URL of a page with the current view; a link to the page itself keeps its own
// parameters (Keep) unless pairs change them.
func (d *dashPage) Link(path string, pairs ...string) string {
	if path == d.Path && len(d.Keep) > 0 {
		var kept []string
		for _, f := range d.Keep {
			kept = append(kept, f.Name, f.Value)
		}
		pairs = append(kept, pairs...)
	}
	return d.View.link(path, pairs...)
}

// PickFrom and PickTo are the dates in the period picker: the view's, or those of a custom
// period it could not use, as typed.
func (d *dashPage) PickFrom() string {
	if d.View.Refused != nil {
		return d.View.Refused.From
	}
	return d.View.From.Format(time.DateOnly)
}

func (d *dashPage) PickTo() string {
	if d.View.Refused != nil {
		return d.View.Refused.To
	}
	return d.View.To.Format(time.DateOnly)
}

// Period shows the view's period (none on a page without one).
func (d *dashPage) Period() string {
	if d.NoPeriod {
		return ""
	}
	return d.View.label()
}

// viewReport runs one engine query for the view; the engine never fails a valid period.
func (s *Server) viewReport(ctx context.Context, q engine.Query) []engine.Group {
	return s.viewQuery(ctx, q).Groups
}

// viewRows are the groups of a split query as a page's table lists them: in the order every
// list of names follows (nameorder), the group without a name last — not the report's order by
// key (data.md section 4), which is the JSON's.
func (s *Server) viewRows(ctx context.Context, q engine.Query) []engine.Group {
	groups := slices.Clone(s.viewReport(ctx, q)) // the engine's answer may be shared
	nameorder.SortFunc(groups, func(g engine.Group) string {
		if g.Key == nil {
			return ""
		}
		return *g.Key
	})
	return groups
}

// viewQuery runs one engine query for the view, with its buckets and previous period when q
// asks for them. A failure shows as a page without figures that says so; the log has why.
func (s *Server) viewQuery(ctx context.Context, q engine.Query) *engine.Result {
	res, _ := s.tryQuery(ctx, q)
	return res
}

// tryQuery is viewQuery telling whether the query was answered: a page whose figures were not
// read (ClickHouse not answering) says so, rather than what an empty answer would mean.
func (s *Server) tryQuery(ctx context.Context, q engine.Query) (*engine.Result, bool) {
	res, err := s.app.Query(ctx, q)
	if err != nil {
		s.partial(ctx, "figures", err)
		return &engine.Result{}, false
	}
	return res, true
}

// firstSet returns the unsplit set of a query's groups.
func firstSet(groups []engine.Group) *metric.Set {
	if len(groups) == 0 {
		return &metric.Set{}
	}
	return &groups[0].Metrics
}

// one returns the unsplit set of a query.
func (s *Server) one(ctx context.Context, q engine.Query) *metric.Set {
	return firstSet(s.viewReport(ctx, q))
}

// buckets returns the view's period in steps up to now (none in the future), the report of
// each (split by by), limited to the parts of the metrics the caller draws, and which buckets
// are partial (engine.SeriesSpan): one engine query for the whole series.
func (s *Server) buckets(ctx context.Context, v view, by engine.Dim, parts engine.Part) ([][2]time.Time, [][]engine.Group, []bool) {
	q := engine.Query{From: v.From, To: v.To, By: by, Filter: v.Filter, Parts: parts, Step: v.step()}
	var bs [][2]time.Time
	var groups [][]engine.Group
	for _, b := range s.viewQuery(ctx, q).Buckets {
		bs = append(bs, [2]time.Time{b.From, b.To})
		groups = append(groups, b.Groups)
	}
	n, partial := engine.SeriesSpan(bs, q.Step, s.now())
	return bs[:n], groups[:n], partial
}

// renderDash writes a dashboard page with the layout's live updates and scripts.
func (s *Server) renderDash(w http.ResponseWriter, r *http.Request, name string, d *dashPage) {
	s.renderDashStatus(w, r, http.StatusOK, name, d)
}

// renderDashStatus is renderDash answering status: a form's page shown again with what it got
// wrong (ui_users.go).
func (s *Server) renderDashStatus(w http.ResponseWriter, r *http.Request, status int, name string, d *dashPage) {
	if buf, ok := r.Context().Value(slideKey{}).(*bytes.Buffer); ok { // a wall screen's slide (wall.go)
		if err := dashPages[name].ExecuteTemplate(buf, "content", d); err != nil {
			s.log.ErrorContext(r.Context(), "template", "page", name, "error", err)
		}
		return
	}
	rememberLang(w, r)
	if v := d.View; v.Refused != nil && !d.NoPeriod && d.Error == "" {
		d.Error = periodProblem(v.Lang, v.Refused) + " " + d.T("period_default")
		d.RefusedField = v.Refused.Field
	}
	if !d.NoPeriod && d.Error == "" {
		d.Error = d.filterProblem()
	}
	if isPartial(r.Context()) { // a part could not be read (errorpage.go): say so, the log has why
		d.Error, d.RefusedField = d.E("partial"), ""
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	if err := dashPages[name].ExecuteTemplate(w, "dash", d); err != nil {
		s.log.ErrorContext(r.Context(), "template", "page", name, "error", err)
	}
}

// measured is the view up to the end of today when its period is still running: what the
// overview's tiles and the records behind them (drill.go) measure.
func (v view) measured() view {
	if md := measuredDays(v.From, v.To, v.Today); md > 0 && md < v.days() {
		v.stepTo, v.To = v.To, v.Today.AddDate(0, 0, 1)
	}
	return v
}

// overviewQuery is the overview's one query of view v: the tiles' figures, the previous period
// they compare with, the sparklines. A period still running is measured up to the end of today
// and compared with as many days before it: 1–2 December against 29–30 November, not against a
// whole month.
func overviewQuery(v view) engine.Query {
	measured := v.measured()
	q := measured.query(engine.ByNone)
	q.Step, q.PreviousFrom = v.step(), measured.previousFrom()
	// Every metric but the predictive CLV: its tile shows the simple one (the descriptor's
	// headline), and the models' mean over the buyers is the customers page's.
	q.Parts = engine.AllParts &^ engine.PartModel
	// Of those only what a tile reads: its headline, count, interval and change.
	q.Metrics, q.Headline = tileKeys(), true
	return q
}

// overview is the executive dashboard: a tile per KPI.
func (s *Server) overview(w http.ResponseWriter, r *http.Request) {
	d := s.newDash(r, "nav_overview", "/")
	ctx := r.Context()
	v := d.View
	q := overviewQuery(v) // one query: tiles, previous period, sparklines
	res, answered := s.tryQuery(ctx, q)
	cur, prev := firstSet(res.Groups), firstSet(res.Previous)
	bs := make([][2]time.Time, len(res.Buckets))
	for i, b := range res.Buckets {
		bs[i] = [2]time.Time{b.From, b.To}
	}
	n, partial := engine.SeriesSpan(bs, q.Step, s.now())
	points := tileSeries{partial: partial}
	for _, b := range res.Buckets[:n] {
		points.sets = append(points.sets, firstSet(b.Groups))
	}
	settings, err := s.settings(ctx)
	if err != nil {
		s.partial(ctx, "targets", err) // the tiles show without their targets
	}
	d.PartialNote = partialNote(d.page, partial)
	for _, def := range tileDefs {
		t := makeTile(def, v, d.page, cur, prev, points, settings["target."+def.Key])
		t.Unread = !answered // not "does not apply to this filter", which an empty set reads as
		t.Drill = v.drill(def.Key)
		if d.CanSee[def.Page] { // an agent's tile has no link to Feedback or Klanten, which answer them 403
			t.Href = v.link(def.Page)
		}
		d.Indicate = d.Indicate || t.Indicative
		d.Tiles = append(d.Tiles, t)
	}
	d.FirstRun = s.noRecords()
	s.renderDash(w, r, "overview", d)
}

// noRecords tells whether klantpuls holds no record of any kind yet: a fresh install.
func (s *Server) noRecords() bool {
	if s.app == nil {
		return false
	}
	e := s.app.Engine()
	return e != nil && e.Records() == 0
}
