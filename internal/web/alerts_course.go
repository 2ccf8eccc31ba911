package web

import (
	"strings"

	"github.com/klantpuls/klantpuls/internal/alert"
	"github.com/klantpuls/klantpuls/internal/cx"
	"github.com/klantpuls/klantpuls/internal/metric"
)

// The alerts page's part for rules on a KPI's course (package alert, kpi*.go): the choices of
// the form and how a rule is listed. The kinds, their labels and the metrics each can watch are
// alert.CourseKinds'; this file only shows them.

// fillCourses sets the form's choices: the kinds, every metric at least one kind can watch,
// and the teams the reports know (app.Names).
func (ap *alertsPage) fillCourses(p *page, teams []string) {
	seen := map[string]bool{}
	for _, k := range alert.CourseKinds {
		ap.Courses = append(ap.Courses, k.Condition)
		for _, d := range k.Metrics() {
			if !seen[d.Key] {
				seen[d.Key] = true
				ap.Metrics = append(ap.Metrics, option{Value: d.Key, Label: d.Label.In(p.Lang)})
			}
		}
	}
	ap.Teams = teams
}

// courseTerms is a KPI rule's metric, team and period as the list shows them: "NPS · team
// Retour · per week · 2×"; "" for a rule on answers.
func courseTerms(p *page, r *cx.AlertRule) string {
	if _, ok := alert.KindOf(r.Condition); !ok {
		return ""
	}
	var terms []string
	if d, ok := metric.Lookup(r.Metric); ok {
		label := d.Label.In(p.Lang)
		if r.Figure != "" {
			label += " (" + p.T("alert_figure_"+r.Figure) + ")"
		}
		terms = append(terms, label)
	}
	if r.Team != "" {
		terms = append(terms, p.T("alert_team_of")+" "+r.Team)
	} else {
		terms = append(terms, p.T("alert_all_teams"))
	}
	switch r.Period {
	case alert.PeriodWeek, alert.PeriodMonth:
		terms = append(terms, p.T("alert_per_"+r.Period))
	}
	if r.Periods > 0 {
		terms = append(terms, itoa(r.Periods)+"×")
	}
	if r.Condition == cx.AlertVolumeSpike {
		terms = append(terms, "≥ "+itoa(r.Percent)+"%", "min. "+itoa(r.MinCount))
	}
	terms = append(terms, strings.ToUpper(r.Lang))
	return strings.Join(terms, " · ")
}

// The words of the KPI rules: each kind's label is alert.CourseKinds', under the key the
// template reads a condition's label by (cond_<condition>).
func init() {
	nl := map[string]string{
		"alert_metric": "KPI", "alert_team": "Team (leeg: alle teams)", "alert_period": "Periode",
		"alert_period_week": "Week", "alert_period_month": "Maand", "alert_periods": "Aantal perioden op rij",
		"alert_percent": "Drempel (% van het gebruikelijke volume)", "alert_min_count": "Minimaal aantal tickets in het uur",
		"alert_figure": "Cijfer (bij een tijdsduur)", "alert_figure_headline": "Kopcijfer (gemiddelde)",
		"alert_figure_median": "mediaan", "alert_figure_p90": "p90",
		"alert_webhook_format": "Webhook: opmaak", "alert_format_generic": "JSON (algemeen)",
		"alert_lang": "Taal van de melding", "alert_subject": "Antwoord of periode", "alert_team_of": "team", "alert_all_teams": "alle teams",
		"alert_per_week": "per week", "alert_per_month": "per maand", "alert_period_judged": "Periode",
		"alert_course_help": "Een regel over het verloop van een KPI wordt elke 10 minuten beoordeeld (ticketvolume: elk uur) en meldt hooguit één keer per periode.",
	}
	en := map[string]string{
		"alert_metric": "KPI", "alert_team": "Team (empty: all teams)", "alert_period": "Period",
		"alert_period_week": "Week", "alert_period_month": "Month", "alert_periods": "Periods in a row",
		"alert_percent": "Threshold (% of the usual volume)", "alert_min_count": "Fewest tickets in the hour",
		"alert_figure": "Figure (of a duration)", "alert_figure_headline": "Headline (mean)",
		"alert_figure_median": "median", "alert_figure_p90": "p90",
		"alert_webhook_format": "Webhook: format", "alert_format_generic": "JSON (generic)",
		"alert_lang": "Language of the alert", "alert_subject": "Answer or period", "alert_team_of": "team", "alert_all_teams": "all teams",
		"alert_per_week": "per week", "alert_per_month": "per month", "alert_period_judged": "Period",
		"alert_course_help": "A rule on a KPI's course is judged every 10 minutes (ticket volume: every hour) and alerts at most once per period.",
	}
	for _, k := range alert.CourseKinds {
		nl["cond_"+k.Condition], en["cond_"+k.Condition] = k.Label.NL, k.Label.EN
	}
	addWords(map[string]map[string]string{"nl": nl, "en": en})
}
