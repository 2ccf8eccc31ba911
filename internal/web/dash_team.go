package web

import (
	"html/template"
	"maps"
	"net/http"
	"strconv"

	"github.com/klantpuls/klantpuls/internal/engine"
	"github.com/klantpuls/klantpuls/internal/metric"
	"github.com/klantpuls/klantpuls/internal/report"
)

// agentRow is one agent (or team total) of the team page; Sort* hold raw values for sorting,
// empty when the figure has none (sortValue).
type agentRow struct {
	Name, Solved, FRT, CSAT, IQS, FCR   string
	SortSolved                          float64
	SortFRT, SortCSAT, SortIQS, SortFCR string
	IndFRT, IndCSAT, IndIQS, IndFCR     bool // the figure rests on n < 30 of its own (metrics.md section 0)
	FCRNone                             bool // FCR measures no ticket: "not measured", nothing to open
	// FRTN, CSATN, IQSN and FCRN are the tickets answered, answers, reviews and tickets each
	// figure rests on, as the page writes a count ("n = 1.204"); IQSN is "" where IQS does not
	// apply.
	FRTN, CSATN, IQSN, FCRN string
	Spark                   template.HTML
	// Drill opens each figure's records (by metric key), under the row's agent or team; none
	// for the row of tickets without a team, which no filter selects, nor for the team totals
	// an agent sees.
	Drill map[string]string
}

// rowMetrics are the metrics of an agent's or team's row.
var rowMetrics = []string{"tickets", "first_response", "csat", "iqs", "fcr"}

// rowDrilled are those whose figures link to their records. Not tickets: the row shows the
// tickets solved, and the tickets' list holds those created, so it would not match the figure.
var rowDrilled = []string{"first_response", "csat", "iqs", "fcr"}

// rowDrills are the drill URLs of a row's figures m under filter by = key. None for IQS when
// it does not apply (a team's row, or a view filtered by channel): its n.v.t. opens nothing.
func rowDrills(d *dashPage, by engine.Dim, key string, m *metric.Set) map[string]string {
	if key == "" {
		return nil
	}
	out := map[string]string{}
	for _, k := range rowDrilled {
		if k == "iqs" && m.IQS == nil {
			continue
		}
		out[k] = d.Drill(k, string(by), key)
	}
	return out
}

type teamPage struct {
	Agents []agentRow
	Teams  []agentRow
}

func (s *Server) teamPage(w http.ResponseWriter, r *http.Request) {
	d := s.newDash(r, "nav_team", "/team")
	// Up to today while the period runs, as the page names it and its download measures it
	// (view.measured): a record dated after today counts in neither.
	ctx, v := r.Context(), d.View.measured()
	tp := &teamPage{}
	_, buckets, partial := s.buckets(ctx, v, engine.ByAgent, engine.PartTicketCounts)
	d.PartialNote = partialNote(d.page, partial)
	aq := v.query(engine.ByAgent)
	aq.Metrics = rowMetrics
	for _, g := range s.viewRows(ctx, aq) {
		if !agentRowShown(g) {
			continue
		}
		row := s.agentRow(d, *g.Key, &g.Metrics)
		row.Drill = rowDrills(d, engine.ByAgent, *g.Key, &g.Metrics)
		var points []*float64
		for _, b := range buckets {
			var x *float64
			for _, bg := range b {
				if *bg.Key == *g.Key {
					n := float64(bg.Metrics.Tickets.Solved)
					x = &n
				}
			}
			points = append(points, x)
		}
		row.Spark = sparkline(points, partial, d.T("solved")+" "+*g.Key)
		tp.Agents = append(tp.Agents, row)
		d.Indicate = d.Indicate || row.indicative()
	}
	// Team totals: an agent sees their own team's, without their agent filter.
	tq := v.query(engine.ByTeam)
	tq.Metrics = rowMetrics
	if v.Forced {
		tq.Filter = ownTeamFilter(v, principalOf(r).user.Team)
	}
	for _, g := range s.viewRows(ctx, tq) {
		if !teamRowShown(g) {
			continue
		}
		name := *g.Key
		if name == "" {
			name = d.T("none")
		}
		row := s.agentRow(d, name, &g.Metrics)
		if !v.Forced {
			// An agent's drill-down is held to their own records, which are not the team's.
			row.Drill = rowDrills(d, engine.ByTeam, *g.Key, &g.Metrics)
		}
		tp.Teams = append(tp.Teams, row)
		d.Indicate = d.Indicate || row.indicative()
	}
	d.Team = tp
	s.renderDash(w, r, "team", d)
}

func (s *Server) agentRow(d *dashPage, name string, m *metric.Set) agentRow {
	l := d.View.Lang
	row := agentRow{Name: name, Solved: l.Number(float64(m.Tickets.Solved), 0), SortSolved: float64(m.Tickets.Solved),
		FRT: l.Duration(m.FirstResponse.Business.Median), CSAT: l.Percent(m.CSAT.Value)}
	row.FCR, row.FCRNone = fcrText(d, m.FCR)
	row.FRTN, row.CSATN, row.FCRN = d.Num(m.FirstResponse.Business.N), d.Num(m.CSAT.N), d.Num(0)
	if m.FCR != nil {
		row.FCRN = d.Num(m.FCR.N)
	}
	row.SortFRT, row.SortCSAT, row.SortFCR = sortValue(m.FirstResponse.Business.Median), sortValue(m.CSAT.Value), sortValue(m.FCR.Value)
	// No IQS at all: the view splits or filters by a dimension reviews do not have (metrics.md
	// section 0), so it does not apply — not "–", which reads as never reviewed.
	row.IQS = d.T("na_short")
	if m.IQS != nil {
		row.IQS, row.SortIQS, row.IQSN = l.Plain(m.IQS.Value, 1), sortValue(m.IQS.Value), d.Num(m.IQS.N)
	}
	// Starred as the page's download stars its columns (teamColumns).
	ind := func(column string) bool { return report.IndicativeFigure(m, column) }
	row.IndFRT, row.IndCSAT, row.IndIQS, row.IndFCR = ind(teamFRT), ind("csat"), ind("iqs"), ind("fcr")
	return row
}

// agentRowShown tells whether the team page lists group g of its agents, and so its download:
// a named agent. Tickets without an agent are in the team totals.
func agentRowShown(g engine.Group) bool { return *g.Key != "" }

// teamRowShown tells whether the team page lists group g of its team totals, and so its
// download: a team, or the records without one when the row would show anything — a solved
// ticket, or a first response, CSAT or FCR figure (IQS does not apply to a team). Records
// without a team the table has no column for (an NPS answer without a ticket) made a row of 0
// and dashes that read as a team nobody has.
func teamRowShown(g engine.Group) bool {
	m := &g.Metrics
	return *g.Key != "" || m.Tickets.Solved > 0 || m.FirstResponse.Business.Median != nil || m.CSAT.Value != nil ||
		m.FCR != nil && m.FCR.Value != nil
}

// indicative tells whether any figure of the row is marked, for the page's note.
func (row agentRow) indicative() bool { return row.IndFRT || row.IndCSAT || row.IndIQS || row.IndFCR }

// ownTeamFilter is the filter of an agent's team totals: the view's, with the agent's own
// entry replaced by their team, so the totals answer the same question (channel, segment,
// category) as the agent's row above them. An agent without a team selects nothing.
func ownTeamFilter(v view, team string) map[engine.Dim]string {
	f := maps.Clone(v.Filter)
	delete(f, engine.ByAgent)
	if team == "" {
		team = "\x00" // no team: no totals
	}
	f[engine.ByTeam] = team
	return f
}

// sortValue is a figure as the table sorts it; none is empty, which app.js sorts last in
// either direction ("no data is not small"), where -1 put an agent without reviews or
// answers at the top of the weakest.
func sortValue(x *float64) string {
	if x == nil {
		return ""
	}
	return strconv.FormatFloat(*x, 'f', -1, 64)
}
