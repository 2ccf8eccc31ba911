package web

import (
	"fmt"
	"net/http"
	"time"

	png "github.com/klantpuls/klantpuls/internal/chart"
	"github.com/klantpuls/klantpuls/internal/metric"
	"github.com/klantpuls/klantpuls/internal/report"
)

// The download of the backlog: the figures the page reads (backlogOf), typed, as sections of
// rows (report.Section).

// backlogExport is Werkvoorraad: open now by age and by team, created against solved, the
// SLA met per team per step (each with its chart) and every breach in the list's order.
func backlogExport(s *Server, r *http.Request, d *dashPage, x *report.Export) error {
	order, bad := breachOrderOf(r.URL.Query())
	if bad != nil {
		return errBadParam(d, bad.Param, bad.Value, bad.Choices)
	}
	bp := s.backlogOf(r, d, order)
	order.sort(bp.breachAll) // the page put only its own rows in order
	loc := s.app.Config.Timezone
	text, count := report.KindText, report.KindCount
	if b := bp.now; b != nil {
		asOf := fmt.Sprintf(d.T("fl_as_of"), d.View.Lang.DateTime(s.now().In(loc)))
		ages := report.Section{Title: d.T("fl_now") + " · " + d.T("fl_by_age"), Note: asOf,
			Cols: []report.Col{{Heading: d.T("fl_age"), Kind: text}, {Heading: d.T("fl_open"), Kind: count}}}
		for i, a := range metric.AgeBuckets {
			ages.Rows = append(ages.Rows, []report.Cell{report.Text(d.T("fu_age_" + a.Key)), report.Count(b.Ages[i])})
		}
		ages.Rows = append(ages.Rows, []report.Cell{report.Text(d.T("export_total")), report.Count(b.Open)},
			[]report.Cell{report.Text(d.T("fl_unassigned")), report.Count(b.Unassigned)})
		teams := report.Section{Title: d.T("fl_now") + " · " + d.T("fl_by_team"), Note: asOf,
			Cols: []report.Col{{Heading: d.T("dim_team"), Kind: text}, {Heading: d.T("fl_open"), Kind: count},
				{Heading: d.T("fl_unassigned"), Kind: count}, {Heading: d.T("fl_oldest"), Kind: report.KindAge}}}
		for _, t := range b.Teams {
			teams.Rows = append(teams.Rows, []report.Cell{report.Text(teamLabel(d, t.Team)), report.Count(t.Open),
				report.Count(t.Unassigned), report.Num(t.Oldest.Seconds())})
		}
		x.Sections = append(x.Sections, ages, teams)
	} else {
		x.Sections = append(x.Sections, report.Section{Title: d.T("fl_now"), Note: d.T("fl_not_measured")})
	}
	x.Sections = append(x.Sections, flowSection(d, bp, x), slaSection(d, bp, x), breachSection(d, bp, loc))
	return nil
}

func flowSection(d *dashPage, bp *backlogPage, x *report.Export) report.Section {
	sec := report.Section{Title: d.T("fl_flow_" + string(bp.flowStep)), Sheet: d.T("fl_created") + " - " + d.T("fl_solved"),
		Cols: []report.Col{{Heading: d.T("fl_step_" + string(bp.flowStep)), Kind: report.KindDate},
			{Heading: d.T("fl_created"), Kind: report.KindCount}, {Heading: d.T("fl_solved"), Kind: report.KindCount}}}
	line := png.Line{Title: sec.Title, Partial: bp.flowPartial, Whole: true, Tick: func(v float64) string { return d.View.Lang.Number(v, 0) },
		Series: []png.Series{{Name: d.T("fl_created")}, {Name: d.T("fl_solved")}}}
	for _, b := range bp.flow {
		created, solved := b.Created, b.Solved
		sec.Rows = append(sec.Rows, []report.Cell{report.When(b.From), report.Count(created), report.Count(solved)})
		c, sv := float64(created), float64(solved)
		line.Labels = append(line.Labels, d.View.Lang.Date(b.From))
		line.Series[0].Values = append(line.Series[0].Values, &c)
		line.Series[1].Values = append(line.Series[1].Values, &sv)
	}
	if len(bp.flow) > 1 {
		sec.Charts = []png.Line{line}
	}
	sec.Note = x.PartialNote(bp.flowPartial)
	return sec
}

// slaSection is the SLA met per team per step: per team its share met and how many fell due.
func slaSection(d *dashPage, bp *backlogPage, x *report.Export) report.Section {
	sec := report.Section{Title: d.T("fl_sla_" + string(bp.slaStep)), Sheet: "SLA"}
	if !bp.SLAMeasured || len(bp.sla) == 0 {
		// As the page: not measured, which is no reply known (not a missing solved_at).
		sec.Title, sec.Note = d.T("sla"), d.T("fl_sla_not_measured")
		return sec
	}
	sec.Cols = []report.Col{{Heading: d.T("fl_step_" + string(bp.slaStep)), Kind: report.KindDate}}
	line := png.Line{Title: sec.Title, Partial: bp.slaPartial, Tick: func(v float64) string { return d.View.Lang.Number(v, 0) + "%" }}
	for _, t := range bp.slaTeams {
		sec.Cols = append(sec.Cols, report.Col{Heading: teamLabel(d, t) + " · " + d.T("export_met"), Kind: report.KindPercent},
			report.Col{Heading: teamLabel(d, t) + " · n", Kind: report.KindCount})
		line.Series = append(line.Series, png.Series{Name: teamLabel(d, t), Values: make([]*float64, len(bp.sla))})
	}
	for i, b := range bp.sla {
		row := []report.Cell{report.When(b.From)}
		for j, team := range bp.slaTeams {
			met, due := report.Cell{}, report.Count(0)
			for _, t := range b.Teams {
				if t.Team == team {
					met, due = marked(report.NumP(t.Met()), false, t.Indicative()), report.Count(t.Due) // as the page
					line.Series[j].Values[i] = t.Met()
				}
			}
			row = append(row, met, due)
		}
		sec.Rows = append(sec.Rows, row)
		line.Labels = append(line.Labels, d.View.Lang.Date(b.From))
	}
	sec.Legend = legend(d, sec.Rows)
	if len(bp.sla) > 1 && len(line.Series) <= len(png.Palette) {
		sec.Charts = []png.Line{line}
	}
	return sec
}

// breachSection is every breach of the period (the page shows one page of them), in the
// list's order.
func breachSection(d *dashPage, bp *backlogPage, loc *time.Location) report.Section {
	sec := report.Section{Title: d.T("fl_breaches"), Cols: []report.Col{{Heading: d.T("fl_ticket"), Kind: report.KindText},
		{Heading: d.T("dim_team"), Kind: report.KindText}, {Heading: d.T("dim_agent"), Kind: report.KindText},
		{Heading: d.T("fl_created"), Kind: report.KindDateTime}, {Heading: d.T("fl_due"), Kind: report.KindDateTime},
		{Heading: d.T("fl_answered"), Kind: report.KindDateTime}, {Heading: d.T("fl_late"), Kind: report.KindDuration}}}
	for _, b := range bp.breachAll {
		agent := b.Agent
		if agent == "" {
			agent = d.T("none")
		}
		answered := report.Pending(d.T("fl_not_yet")) // as the page says it
		if !b.Answered.IsZero() {
			answered = report.When(b.Answered.In(loc))
		}
		sec.Rows = append(sec.Rows, []report.Cell{report.Text(b.Ticket), report.Text(teamLabel(d, b.Team)), report.Text(agent),
			report.When(b.Created.In(loc)), report.When(b.Due.In(loc)), answered, report.Num(float64(b.Late))})
	}
	switch {
	case !bp.SLAMeasured:
		sec.Note = d.T("fl_sla_not_measured") // empty is not zero (metrics.md section 0)
	case len(sec.Rows) == 0:
		sec.Note = d.T("fl_no_breaches")
	}
	return sec
}
