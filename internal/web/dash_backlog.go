package web

import (
	"fmt"
	"net/http"
	"slices"
	"time"

	"github.com/klantpuls/klantpuls/internal/engine"
	"github.com/klantpuls/klantpuls/internal/metric"
	"github.com/klantpuls/klantpuls/internal/nameorder"
	"github.com/klantpuls/klantpuls/internal/report"
)

// The backlog page, Werkvoorraad (issue 14): what waits now, created against solved, the SLA
// met per team over time and the tickets that missed it. It is a page of its own rather than
// sections of /service: the service page reports how a period went, this one is a work list —
// its first part is read as of now whatever the period, and its list of breaches sorts and
// pages through the URL, which would lengthen the service page and its every live refresh.

type backlogPage struct {
	Measured         bool // some ticket has a solved_at, so what is open is known
	AsOf             string
	Open, Unassigned string
	Ages             []backlogAge
	Teams            []backlogTeam
	Flow             chart
	FlowStep         string // the table's first column: day, week or month
	FlowRows         []flowRow
	SLAMeasured      bool // some reply is known, so breaches are (engine.SLA)
	SLA              chart
	SLAStep          string
	SLANote          string // what "Gehaald" counts, naming the step (op die dag, in die week)
	SLATeams         []string
	SLARows          []slaStepRow
	Breaches         breachList
	// The same figures typed, for the page's downloads (dash_export_backlog.go).
	now         *engine.Backlog
	flow        []engine.FlowBucket // up to now
	flowStep    engine.Step
	flowPartial []bool
	sla         []engine.SLABucket // up to now
	slaStep     engine.Step
	slaPartial  []bool
	slaTeams    []string        // the teams of sla, sorted
	breachAll   []engine.Breach // every breach, in no order (the page's rows are in order)
}

type backlogAge struct{ Label, Count string }

type backlogTeam struct{ Team, Open, Unassigned, Oldest string }

type flowRow struct{ When, Created, Solved string }

type slaStepRow struct {
	When  string
	Cells []slaCell // per team of SLATeams
}

type slaCell struct {
	Met, N     string
	Indicative bool // n < 30 (metrics.md section 0)
}

type breachList struct {
	Count string // "12 overschrijdingen"
	Rows  []breachRow
	Sorts []sortLink
	pager
}

type breachRow struct{ Ticket, Href, Team, Agent, Created, Due, Answered, Late string }

// sortLink is a sortable column's header: a link to the list sorted by it.
type sortLink struct{ Label, Href, Aria string }

func (s *Server) backlogPage(w http.ResponseWriter, r *http.Request) {
	d := s.newDash(r, "nav_backlog", "/backlog")
	order, bad := breachOrderOf(r.URL.Query())
	if bad != nil { // said in the page's language, naming the parameter
		s.problem(w, r, Problem{Status: http.StatusBadRequest, Detail: fmt.Sprintf(d.T("fl_bad_param"), bad.Param, bad.Value, bad.Choices)})
		return
	}
	d.Backlog = s.backlogOf(r, d, order)
	s.renderDash(w, r, "backlog", d)
}

// backlogOf reads the page's figures for the view: what is open now, the flow, the SLA per
// step and the breaches, the list's page in order.
func (s *Server) backlogOf(r *http.Request, d *dashPage, order breachOrder) *backlogPage {
	ctx, now := r.Context(), s.now()
	local := now.In(s.app.Config.Timezone)
	bp := &backlogPage{AsOf: d.View.Lang.DateTime(local)}
	settings, err := s.settings(ctx)
	if err != nil {
		s.partial(ctx, "targets (SLA per team)", err) // the default target stands in
	}
	target := func(team string) int64 { return slaTarget(settings, team) }
	s.flowChart(r, d, bp)
	// The backlog, the SLA and the breaches are the engine's alone (a ClickHouse node loads it).
	if e, err := s.app.EngineFor(ctx, "the backlog page"); err != nil {
		s.partial(ctx, "backlog", err)
	} else {
		b, err := e.Backlog(d.View.query(engine.ByNone), now)
		if err != nil {
			s.partial(ctx, "backlog", err)
		}
		bp.backlogNow(b, d)
		// The SLA per step and the breaches in one walk of the due tickets.
		q := d.View.query(engine.ByNone)
		q.Step = slaStep(d.View)
		steps, list, err := e.SLASeriesAndBreaches(q, now, target)
		if err != nil {
			s.partial(ctx, "SLA per step and breaches", err)
		}
		s.slaSteps(d, bp, q.Step, steps)
		bp.Breaches = breaches(list, order, d) // puts the page's rows of list in order
		bp.now, bp.breachAll = b, list
	}
	return bp
}

// backlogNow fills what is open now; b is nil when it is not measured.
func (bp *backlogPage) backlogNow(b *engine.Backlog, d *dashPage) {
	if b == nil {
		return
	}
	l := d.View.Lang
	bp.Measured, bp.Open, bp.Unassigned = true, countText(l, b.Open), countText(l, b.Unassigned)
	for i, a := range metric.AgeBuckets {
		bp.Ages = append(bp.Ages, backlogAge{Label: d.T("fu_age_" + a.Key), Count: countText(l, b.Ages[i])})
	}
	for _, t := range b.Teams {
		bp.Teams = append(bp.Teams, backlogTeam{Team: teamLabel(d, t.Team), Open: countText(l, t.Open),
			Unassigned: countText(l, t.Unassigned), Oldest: ageText(l, t.Oldest)})
	}
}

// flowStep is the step of created against solved: a day, unless the period holds more days
// than a series may have buckets.
func flowStep(v view) engine.Step {
	if v.days() <= engine.MaxBuckets {
		return engine.StepDay
	}
	return v.step()
}

// flowChart is the tickets created and solved per step of the view's period, from the
// engine's count of the two (engine.TicketFlow), up to now.
func (s *Server) flowChart(r *http.Request, d *dashPage, bp *backlogPage) {
	v, l := d.View, d.View.Lang
	step := flowStep(v)
	if step == engine.NoStep { // a period of decades: no series
		bp.Flow.Label = d.T("fl_flow_month")
		return
	}
	flow, err := s.app.TicketFlow(r.Context(), engine.Query{From: v.From, To: v.To, Filter: v.Filter, Step: step})
	if err != nil {
		s.partial(r.Context(), "figures", err)
	}
	bs := make([][2]time.Time, len(flow))
	for i, b := range flow {
		bs[i] = [2]time.Time{b.From, b.To}
	}
	n, partial := engine.SeriesSpan(bs, step, s.now())
	bp.flow, bp.flowStep, bp.flowPartial = flow[:n], step, partial
	data := lineData{Partial: partial, Series: []series{{Name: d.T("fl_created")}, {Name: d.T("fl_solved")}}}
	for i, b := range flow[:n] {
		created, solved := float64(b.Created), float64(b.Solved)
		data.X = append(data.X, b.From.Format(time.DateOnly))
		data.Series[0].Data = append(data.Series[0].Data, &created)
		data.Series[1].Data = append(data.Series[1].Data, &solved)
		bp.FlowRows = append(bp.FlowRows, flowRow{When: stepWhen(d, b.From, partial[i]), Created: countText(l, b.Created), Solved: countText(l, b.Solved)})
	}
	label := d.T("fl_flow_" + string(step))
	bp.Flow = chart{Kind: "bar", Label: label, Data: data, Note: partialNote(d.page, partial)}
	bp.FlowStep = d.T("fl_step_" + string(step))
}

// slaStep is the step of the SLA over time: a day for a period under three weeks (a week would
// give two or three points), else a week, else — past engine.MaxBuckets weeks — a month.
func slaStep(v view) engine.Step {
	switch n := v.days(); {
	case n < 21:
		return engine.StepDay
	case n <= 7*(engine.MaxBuckets-2):
		return engine.StepWeek
	}
	return engine.StepMonth
}

// slaSteps is the SLA met per team per step of the view's period, up to now: a line per team,
// on an axis that stops at 100%, and the same as a table. steps are the engine's
// (SLASeriesAndBreaches), nil when not measured.
func (s *Server) slaSteps(d *dashPage, bp *backlogPage, step engine.Step, steps []engine.SLABucket) {
	l := d.View.Lang
	if steps == nil {
		return // no reply known anywhere: not measured
	}
	bp.SLAMeasured = true
	bs := make([][2]time.Time, len(steps))
	for i, b := range steps {
		bs[i] = [2]time.Time{b.From, b.To}
	}
	n, partial := engine.SeriesSpan(bs, step, s.now())
	steps = steps[:n]
	var teams []string
	for _, b := range steps {
		for _, t := range b.Teams {
			if !slices.Contains(teams, t.Team) {
				teams = append(teams, t.Team)
			}
		}
	}
	nameorder.Sort(teams)
	bp.sla, bp.slaStep, bp.slaPartial, bp.slaTeams = steps, step, partial, teams
	hundred := 100.0
	data := lineData{Partial: partial, Max: &hundred}
	for _, t := range teams {
		data.Series = append(data.Series, series{Name: teamLabel(d, t), Data: make([]*float64, n)})
		bp.SLATeams = append(bp.SLATeams, teamLabel(d, t))
	}
	for i, b := range steps {
		data.X = append(data.X, b.From.Format(time.DateOnly))
		row := slaStepRow{When: stepWhen(d, b.From, partial[i]), Cells: make([]slaCell, len(teams))}
		for j := range row.Cells {
			row.Cells[j] = slaCell{Met: "–", N: "0"}
		}
		for _, t := range b.Teams {
			j := slices.Index(teams, t.Team)
			data.Series[j].Data[i] = t.Met()
			row.Cells[j] = slaCell{Met: l.Percent(t.Met()), N: countText(l, t.Due), Indicative: t.Indicative()}
			d.Indicate = d.Indicate || t.Indicative()
		}
		bp.SLARows = append(bp.SLARows, row)
	}
	bp.SLA = chart{Kind: "line", Label: d.T("fl_sla_" + string(step)), Unit: "%", Data: data, Note: partialNote(d.page, partial)}
	bp.SLAStep = d.T("fl_step_" + string(step))
	bp.SLANote = d.T("fl_sla_note_" + string(step))
}

// breaches is the list's page in the order asked, with its count and the links around it.
func breaches(list []engine.Breach, o breachOrder, d *dashPage) breachList {
	l := d.View.Lang
	bl := breachList{Count: d.Count(len(list), "breaches")}
	rows, pages, page := o.arrange(list)
	at := func(p int) string { // a page of the list as sorted, in the view
		return d.Link("/backlog", "sort", o.Sort, "dir", direction(o.Desc), "page", fmt.Sprint(p)) + "#h-breaches"
	}
	// A ticket's page keeps the view and leads back to this page of the list, as the
	// drill-down's do.
	back := at(page)
	stamp := d.View.Lang.DateTime
	for _, b := range rows {
		late := float64(b.Late)
		row := breachRow{Ticket: b.Ticket, Href: d.Link(ticketURL(b.Ticket), "back", back), Team: teamLabel(d, b.Team),
			Agent: b.Agent, Created: stamp(b.Created), Due: stamp(b.Due), Answered: d.T("fl_not_yet"), Late: l.Duration(&late)}
		if row.Agent == "" {
			row.Agent = d.T("none")
		}
		if !b.Answered.IsZero() {
			row.Answered = stamp(b.Answered)
		}
		bl.Rows = append(bl.Rows, row)
	}
	for _, c := range breachSorts {
		link := sortLink{Label: d.T(c.Word), Aria: "none", Href: d.Link("/backlog", "sort", c.Key, "dir", direction(c.Desc)) + "#h-breaches"}
		if c.Key == o.Sort {
			link.Aria = map[bool]string{true: "descending", false: "ascending"}[o.Desc]
			link.Href = d.Link("/backlog", "sort", c.Key, "dir", direction(!o.Desc)) + "#h-breaches"
		}
		bl.Sorts = append(bl.Sorts, link)
	}
	bl.pager = pagerOf(d.page, page, pages, at)
	return bl
}

// countText writes a count with the language's thousands separator: 1.234 in Dutch.
func countText(l report.Lang, n int) string { return l.Number(float64(n), 0) }

// teamLabel shows a team; the tickets without one as "(geen)".
func teamLabel(d *dashPage, team string) string {
	if team == "" {
		return d.T("none")
	}
	return team
}

// ageText writes a calendar age: under a day as a duration ("5 u 30 m"), else in days and hours
// ("17 d 2 u"), as a queue's age is read.
func ageText(l report.Lang, a time.Duration) string { return l.Age(a.Seconds()) }

// stepWhen names a step in a table: its first day, and whether it is partial.
func stepWhen(d *dashPage, from time.Time, partial bool) string {
	if partial {
		return d.View.date(from) + " (" + d.T("partial") + ")"
	}
	return d.View.date(from)
}
