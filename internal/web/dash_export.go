package web

import (
	"bytes"
	"fmt"
	"io"
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/klantpuls/klantpuls/internal/auth"
	"github.com/klantpuls/klantpuls/internal/engine"
	"github.com/klantpuls/klantpuls/internal/report"
)

// The downloads of a dashboard page: GET /export.pdf?page=…&<view> prints the page's figures
// and charts on A4, GET /export.xlsx?page=…&<view> writes each of its tables as a sheet. Both
// read the view as the page does (readView: period, filters, language, an agent's own
// figures) and hand the figures to the writers of `klantpuls report --format pdf|xlsx`
// (internal/report), so a page prints as the command line prints.

// exportPage is how one page's figures are exported: its title, its tables (a split and the
// metrics it shows) and its charts.
type exportPage struct {
	title  string // word key of the page's title
	path   string // the page's route (routes.go): its download needs the page's permission
	tables []exportTable
	charts []string // metric keys of the trend charts
	// rows, for a page of lists, fills the export's sections (report.Section) instead of
	// tables of metrics: the backlog, the why page, feedback, follow-ups, a ticket, Risico.
	rows func(s *Server, r *http.Request, d *dashPage, x *report.Export) error
}

type exportTable struct {
	name    string // word key
	by      engine.Dim
	metrics []string
	// ownTeam: an agent sees their own team's totals, without their agent filter, as the team
	// page shows them (dash_team.go).
	ownTeam bool
	// shown, when set, is the page's rule of which groups its table lists (agentRowShown,
	// teamRowShown): the download lists what the page lists.
	shown func(engine.Group) bool
}

// serviceMetrics are the service page's figures: speed, first-contact resolution, volume.
var serviceMetrics = []string{"first_response", "reply_time", "resolution", "first_resolution",
	"complaint_resolution", "fcr", "transfers", "wait_time", "handle_time", "tickets"}

// teamColumns are the team page's columns (agentRow): tickets solved, the median first
// response in business time, CSAT, IQS and FCR, each of these four with the count it rests on
// beside it, as the page writes it (n = …): the median's is the tickets answered.
var teamColumns = []string{"tickets.solved", teamFRT, "first_response.business.n", "csat", "csat.n", "iqs", "iqs.n", "fcr", "fcr.n"}

// teamFRT is the team page's first response: the median in business time.
const teamFRT = "first_response.business.median"

// exportPages are the pages with downloads, by the name ?page= takes.
var exportPages = map[string]exportPage{
	"overview": {title: "nav_overview", path: "/{$}",
		tables: []exportTable{{name: "export_figures", by: engine.ByNone, metrics: tileKeys()}},
		charts: report.ChartMetrics},
	"service": {title: "nav_service", path: "/service",
		tables: []exportTable{{name: "export_figures", by: engine.ByNone, metrics: serviceMetrics},
			{name: "export_by_channel", by: engine.ByChannel, metrics: []string{"tickets", "first_response", "resolution", "fcr"}}},
		charts: []string{"tickets", "first_response", "resolution"}},
	"team": {title: "nav_team", path: "/team",
		tables: []exportTable{{name: "export_agents", by: engine.ByAgent, metrics: teamColumns, shown: agentRowShown},
			{name: "export_teams", by: engine.ByTeam, metrics: teamColumns, ownTeam: true, shown: teamRowShown}},
		charts: []string{"tickets", "first_response", "csat"}},
	"customers": {title: "nav_customers", path: "/customers",
		tables: []exportTable{{name: "export_figures", by: engine.ByNone, metrics: []string{"churn", "retention", "clv", "referral", "engagement"}},
			{name: "export_by_segment", by: engine.BySegment, metrics: []string{"nps", "csat", "churn"}}},
		charts: []string{"churn", "retention"}},
	"backlog":   {title: "nav_backlog", path: "/backlog", rows: backlogExport},
	"why":       {title: "nav_why", path: "/why", rows: whyExport},
	"feedback":  {title: "nav_feedback", path: "/feedback", rows: feedbackExport},
	"followups": {title: "nav_followups", path: "/followups", rows: followUpsExport},
	"ticket":    {title: "nav_ticket", path: "/tickets/{id}", rows: ticketExport},
	"risico":    {title: "nav_risico", path: riskPath, rows: riskExport},
	"customer":  {title: "nav_customer", path: "/customers/{id}", rows: customerExport},
}

// exportPaths are the pages' paths and their names for ?page=; a ticket's page (/tickets/{id})
// downloads as ?page=ticket&id=…, a customer's as ?page=customer&id=….
var exportPaths = map[string]string{"/": "overview", "/service": "service", "/team": "team", "/customers": "customers",
	"/backlog": "backlog", "/why": "why", "/feedback": "feedback", "/followups": "followups", riskPath: "risico"}

// pageParams are the parameters of a page's own that its download keeps besides the view's:
// the list's filter and order, as the page shows them. Not Opvolging's response= (the answer
// an alert links to, whose page it opens): it is no filter, and kept it put that answer, done,
// in the download's open ones.
var pageParams = map[string][]string{
	"backlog":   {"sort", "dir"},
	"feedback":  {"kind", "replied", "sentiment"},
	"followups": {"all", "owner", "kind", "score", "age", "sort"},
	"risico":    {"segment", "team", "owner"},
}

// routeAction is the permission of a route's pattern ("GET /backlog") in the route table.
func (s *Server) routeAction(pattern string) (string, bool) {
	for _, rt := range s.routeTable() {
		if rt.pattern == pattern {
			return rt.action, true
		}
	}
	return "", false
}

func tileKeys() []string {
	var out []string
	for _, d := range tileDefs {
		out = append(out, d.Key)
	}
	return out
}

// Exports are the download links of a dashboard page that has them, keeping its view.
func (d *dashPage) Exports() map[string]string {
	name, ok := exportPaths[d.Path]
	pairs := []string{"lang", string(d.View.Lang)}
	// A ticket's and a customer's page download that one's figures, by id.
	switch {
	case d.Ticket != nil:
		name, ok, pairs = "ticket", true, append(pairs, "id", d.Ticket.ID)
	case d.Customer != nil:
		name, ok, pairs = "customer", true, append(pairs, "id", d.Customer.ID)
	}
	if !ok || d.Print {
		return nil
	}
	q := d.reqQuery
	for _, k := range pageParams[name] {
		if v := q.Get(k); v != "" {
			pairs = append(pairs, k, v)
		}
	}
	return map[string]string{"PDF": d.View.link("/export.pdf", append([]string{"page", name}, pairs...)...),
		"XLSX": d.View.link("/export.xlsx", append([]string{"page", name}, pairs...)...)}
}

func (s *Server) exportPDF(w http.ResponseWriter, r *http.Request) {
	s.export(w, r, "pdf", "application/pdf", report.PDF)
}

func (s *Server) exportXLSX(w http.ResponseWriter, r *http.Request) {
	s.export(w, r, "xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", report.XLSX)
}

// export builds the page's export and writes it as a download, or answers why not in the
// user's language.
func (s *Server) export(w http.ResponseWriter, r *http.Request, ext, contentType string, write func(w io.Writer, e *report.Export) error) {
	lang := language(r)
	name := r.URL.Query().Get("page")
	def, ok := exportPages[name]
	if !ok {
		s.problem(w, r, Problem{Status: http.StatusBadRequest, Detail: fmt.Sprintf(words[lang]["export_bad_page"], name)})
		return
	}
	pr := principalOf(r)
	if action, known := s.routeAction("GET " + def.path); !known || action != "" && !pr.can(action) {
		s.problem(w, r, Problem{Status: http.StatusForbidden, Detail: words[lang]["export_forbidden"]})
		return
	}
	if !pr.can(auth.ActionReport) && strings.TrimSpace(pr.user.Agent) == "" {
		// readView's agent filter would be empty, which filters nothing: everyone's figures.
		s.problem(w, r, Problem{Status: http.StatusForbidden, Detail: words[lang]["drill_no_agent"]})
		return
	}
	if v := s.readView(r); v.Refused != nil { // a download is not another period's figures
		s.problem(w, r, Problem{Status: http.StatusUnprocessableEntity, Detail: periodProblem(v.Lang, v.Refused)})
		return
	}
	x := s.buildExport(r, def)
	if def.rows != nil {
		// ?page= names the download here; the lists read it as their page number, and a
		// download is every page of the list.
		r := r.Clone(r.Context())
		q := r.URL.Query()
		q.Del("page")
		r.URL.RawQuery = q.Encode()
		d := s.newDash(r, def.title, def.path)
		if err := def.rows(s, r, d, x); err != nil {
			s.fail(w, r, err)
			return
		}
	}
	var b bytes.Buffer
	if err := write(&b, x); err != nil {
		s.fail(w, r, err)
		return
	}
	file := fmt.Sprintf("klantpuls-%s-%s-%s.%s", name, x.From, mustDay(x.To).AddDate(0, 0, -1).Format(time.DateOnly), ext)
	if !x.AsOf.IsZero() {
		file = fmt.Sprintf("klantpuls-%s-%s.%s", name, x.AsOf.Format("2006-01-02-1504"), ext)
	}
	attach(w, contentType, file)
	w.Write(b.Bytes())
}

// buildExport runs the page's queries for the view: one per table, one for the charts.
func (s *Server) buildExport(r *http.Request, def exportPage) *report.Export {
	ctx, p := r.Context(), s.newPage(r, "")
	// Every page names a running period by the days measured (view.label), so every download
	// measures those days: the overview's tiles, Service's and Team's tables and charts alike.
	page := s.readView(r)
	v := page.measured()
	cfg := s.app.Config
	x := s.exportFrame(p, page, p.T(def.title))
	if def.rows != nil {
		return x // the page's own builder fills the rest
	}
	for _, t := range def.tables {
		q := v.query(t.by)
		if t.ownTeam && v.Forced {
			q.Filter = ownTeamFilter(v, principalOf(r).user.Team)
		}
		groups := s.viewReport(ctx, q)
		if t.shown != nil {
			groups = slices.DeleteFunc(slices.Clone(groups), func(g engine.Group) bool { return g.Key != nil && !t.shown(g) })
		}
		doc := report.New(q, cfg.Timezone, cfg.Money.Currency, groups)
		metrics := t.metrics
		x.Tables = append(x.Tables, report.ExportTable{Name: p.T(t.name), Doc: doc, Metrics: metrics})
		if x.Long == nil {
			// The workbook's sheet of every figure of the page's first table in long form, with
			// the n each rests on, as `klantpuls report --format xlsx` writes it.
			x.Long = doc
		}
	}
	bs, groups, partial := s.buckets(ctx, v, engine.ByNone, engine.AllParts)
	buckets := make([]engine.Bucket, len(bs))
	for i := range bs {
		buckets[i] = engine.Bucket{From: bs[i][0], To: bs[i][1], Groups: groups[i]}
	}
	x.SetTrends(buckets, v.step(), partial, def.charts...)
	return x
}

// exportFrame is an export without figures yet: the title, the view's period and its filters
// in the page's words, as every download's header shows them. v is the page's view, as asked
// (not measured): the header names the period by the page's own label (view.label), "(t/m
// vandaag)" for a running one, and From, To and the file's name hold the days measured.
func (s *Server) exportFrame(p *page, v view, title string) *report.Export {
	cfg, m := s.app.Config, v.measured()
	x := &report.Export{Title: "klantpuls · " + title, Lang: v.Lang, Currency: cfg.Money.Currency,
		From: m.From.Format(time.DateOnly), To: m.To.Format(time.DateOnly), PeriodName: v.label(),
		Timezone: cfg.Timezone.String(), Value: p.valueLabel} // a channel as the page names it: "telefoon"
	for _, d := range dims {
		if val, ok := v.Filter[d]; ok {
			if d == engine.ByChannel {
				val = p.Channel(val) // as the filter box names it
			}
			x.Filters = append(x.Filters, p.T("dim_"+string(d))+": "+val)
		}
	}
	return x
}

func mustDay(s string) time.Time {
	t, _ := time.Parse(time.DateOnly, s)
	return t
}
