package web

import (
	"context"
	"fmt"
	"math"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/klantpuls/klantpuls/internal/alert"
	"github.com/klantpuls/klantpuls/internal/cx"
	"github.com/klantpuls/klantpuls/internal/engine"
)

type alertsPage struct {
	Rules  []ruleRow
	Themes []option // the configuration's themes, which a negative-sentiment rule may be about
	Recent []alertRow
	// Rules on a KPI's course: their conditions, the metrics any of them can watch, the teams
	// the engine knows (suggested, not imposed: a team may have no tickets yet).
	Courses []string
	Metrics []option
	Teams   []string
}

// ruleRow is a rule as the page lists it, with its theme in the page's language.
type ruleRow struct {
	cx.AlertRule
	ThemeLabel   string
	ThemeUnknown bool   // the configuration no longer has the theme: the rule raises no alert (package alert)
	CourseTerms  string // a KPI rule's metric, team and period in the page's language
}

type alertRow struct {
	Rule, Response, Created, Delivered, Error string
	Attempts                                  int
	Period                                    bool   // Response is the period a KPI rule fired for, not an answer
	Link                                      string // a KPI alert's link to the dashboard view it was sent with
}

// alertsPage lists the alert rules, a form for a new one, and the latest alerts with how their
// delivery went.
func (s *Server) alertsPage(w http.ResponseWriter, r *http.Request) {
	d := s.newDash(r, "nav_alerts", "/alerts")
	rules, err := s.app.ListAlertRules(r.Context())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	names := map[int64]string{}
	for _, rule := range rules {
		names[rule.ID] = rule.Name
	}
	recent, err := s.app.ListAlerts(r.Context(), 50)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	ap := &alertsPage{}
	themes := s.app.Config.Themes
	courses := map[int64]bool{}
	for _, rule := range rules {
		ap.Rules = append(ap.Rules, ruleRow{AlertRule: rule, ThemeLabel: alert.ThemeLabel(&rule, themes, d.page.Lang),
			ThemeUnknown: rule.Theme != "" && themes.Index(rule.Theme) < 0, CourseTerms: courseTerms(d.page, &rule)})
		if _, ok := alert.KindOf(rule.Condition); ok {
			courses[rule.ID] = true
		}
	}
	for _, th := range themes.Themes() {
		ap.Themes = append(ap.Themes, option{Value: th.Key, Label: th.Label(d.page.Lang)})
	}
	teams, err := s.app.Names(r.Context(), engine.ByTeam)
	if err != nil {
		s.partial(r.Context(), "the teams of the KPI rules", err)
	}
	ap.fillCourses(d.page, teams)
	for _, a := range recent {
		row := alertRow{Rule: names[a.RuleID], Response: a.ResponseID, Created: s.stamp(r, a.CreatedAt),
			Error: alertNotes(d.page, &a), Attempts: a.Attempts, Period: courses[a.RuleID], Link: alert.MessageLink(&a)}
		switch {
		case alert.HeldBack(&a): // settled, yet delivered to nobody: its note says why
			row.Delivered = d.T("alert_held")
		case alert.Refused(&a): // so too, its only way refused by the mail server
			row.Delivered = d.T("alert_refused")
		case !a.DeliveredAt.IsZero():
			row.Delivered = s.stamp(r, a.DeliveredAt) // with its date: a retry may go out days later
		}
		ap.Recent = append(ap.Recent, row)
	}
	d.Alerts = ap
	s.renderDash(w, r, "alerts", d)
}

// alertNotes is what the page says of an alert's delivery: klantpuls's notes in the page's
// language, then what a mail server or webhook answered, as it said it.
func alertNotes(p *page, a *cx.Alert) string {
	var parts []string
	for _, n := range alert.NotesOf(a) {
		parts = append(parts, alertNote(p, n))
	}
	if a.Error != "" {
		parts = append(parts, a.Error)
	}
	return strings.Join(parts, "; ")
}

// alertNote words one note (alert_note_<code>, with its numbers); an unknown code as it is.
func alertNote(p *page, n alert.Note) string {
	w, ok := words[p.Lang]["alert_note_"+n.Code]
	if !ok {
		return n.String()
	}
	args := make([]any, len(n.Numbers))
	for i, x := range n.Numbers {
		args[i] = x
	}
	return fmt.Sprintf(w, args...)
}

func (s *Server) alertSave(w http.ResponseWriter, r *http.Request) {
	p := s.newPage(r, "")
	// The whole numbers of the form, each named by its label in the page's language when bad.
	numbers := map[string]int{}
	for _, f := range [][2]string{{"threshold", "threshold"}, {"periods", "alert_periods"}, {"percent", "alert_percent"}, {"min_count", "alert_min_count"}} {
		field, label := f[0], f[1]
		t := strings.TrimSpace(r.PostFormValue(field))
		if t == "" {
			continue
		}
		x, err := parseFormNumber(p.Lang, p.T(label), t)
		if err == nil && (x != math.Trunc(x) || math.Abs(x) > 1e6) {
			err = fmt.Errorf(p.T("number_bad"), p.T(label), t, p.T("number_whole"))
		}
		if err != nil {
			s.fail(w, r, cx.Errorf(cx.EINVALID, "%s", err))
			return
		}
		numbers[field] = int(x)
	}
	rule := cx.AlertRule{Name: r.PostFormValue("name"), Condition: r.PostFormValue("condition"), Threshold: numbers["threshold"],
		Theme: r.PostFormValue("theme"), Email: strings.TrimSpace(r.PostFormValue("email")), Webhook: strings.TrimSpace(r.PostFormValue("webhook")),
		WebhookFormat: r.PostFormValue("webhook_format"), Active: true, CreatedAt: s.now(),
		Metric: r.PostFormValue("metric"), Figure: r.PostFormValue("figure"), Team: r.PostFormValue("team"), Period: r.PostFormValue("period"),
		Periods: numbers["periods"], Percent: numbers["percent"], MinCount: numbers["min_count"], Lang: r.PostFormValue("lang")}
	if rule.Lang == "" {
		rule.Lang = p.Lang // the messages in the language of whoever made the rule
	}
	if err := alert.ValidateRuleIn(&rule, s.app.Config.Themes, p.Lang); err != nil {
		s.fail(w, r, err)
		return
	}
	err := s.audited(r, func(ctx context.Context) ([]cx.AuditEntry, error) {
		if err := s.app.CreateAlertRule(ctx, &rule); err != nil {
			return nil, err
		}
		return line(cx.AuditAlertRuleCreate, "alert rule "+strconv.FormatInt(rule.ID, 10), cx.Phrase("alert_rule", rule.Name, ruleTerms(&rule))), nil
	})
	if err != nil {
		s.fail(w, r, err)
		return
	}
	http.Redirect(w, r, "/alerts", http.StatusSeeOther)
}

// ruleTerms are a rule's condition and parameters as the audit trail keeps them:
// "negative_sentiment delivery", "below_target csat team=Retour week×2 nl".
func ruleTerms(r *cx.AlertRule) string {
	terms := []string{r.Condition, r.Theme, r.Metric, r.Figure}
	if r.Team != "" {
		terms = append(terms, "team="+r.Team)
	}
	switch {
	case r.Periods > 0:
		terms = append(terms, r.Period+"×"+strconv.Itoa(r.Periods))
	case r.Condition == cx.AlertVolumeSpike:
		terms = append(terms, fmt.Sprintf("%d%% min %d", r.Percent, r.MinCount))
	default:
		terms = append(terms, r.Period)
	}
	if _, course := alert.KindOf(r.Condition); course {
		terms = append(terms, r.Lang)
	}
	return strings.Join(strings.Fields(strings.Join(terms, " ")), " ")
}

// alertDelete removes a rule; the audit trail names it as its creation did, the rule being gone.
func (s *Server) alertDelete(w http.ResponseWriter, r *http.Request) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		s.fail(w, r, cx.Errorf(cx.ENOTFOUND, "alert rule %q not found", r.PathValue("id")))
		return
	}
	err = s.audited(r, func(ctx context.Context) ([]cx.AuditEntry, error) {
		rules, err := s.app.ListAlertRules(ctx)
		if err == nil {
			err = s.app.DeleteAlertRule(ctx, id)
		}
		if err != nil {
			return nil, err
		}
		var words []cx.AuditPhrase
		if i := slices.IndexFunc(rules, func(rule cx.AlertRule) bool { return rule.ID == id }); i >= 0 {
			words = append(words, cx.Phrase("alert_rule", rules[i].Name, ruleTerms(&rules[i])))
		}
		return line(cx.AuditAlertRuleDelete, "alert rule "+strconv.FormatInt(id, 10), words...), nil
	})
	if err != nil {
		s.fail(w, r, err)
		return
	}
	http.Redirect(w, r, "/alerts", http.StatusSeeOther)
}
