package web

import (
	"fmt"
	"math"
	"net/http"
	"strconv"
	"strings"

	"github.com/klantpuls/klantpuls/internal/alert"
	"github.com/klantpuls/klantpuls/internal/cx"
)

type alertsPage struct {
	Rules  []ruleRow
	Themes []option // the configuration's themes, which a negative-sentiment rule may be about
	Recent []alertRow
}

// ruleRow is a rule as the page lists it, with its theme in the page's language.
type ruleRow struct {
	cx.AlertRule
	ThemeLabel   string
	ThemeUnknown bool // the configuration no longer has the theme: the rule raises no alert (package alert)
}

type alertRow struct {
	Rule, Response, Created, Delivered, Error string
	Attempts                                  int
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
	for _, rule := range rules {
		ap.Rules = append(ap.Rules, ruleRow{AlertRule: rule, ThemeLabel: alert.ThemeLabel(&rule, themes, d.page.Lang),
			ThemeUnknown: rule.Theme != "" && themes.Index(rule.Theme) < 0})
	}
	for _, th := range themes.Themes() {
		ap.Themes = append(ap.Themes, option{Value: th.Key, Label: th.Label(d.page.Lang)})
	}
	loc := s.app.Config.Timezone
	for _, a := range recent {
		row := alertRow{Rule: names[a.RuleID], Response: a.ResponseID, Created: s.stamp(r, a.CreatedAt),
			Error: a.Error, Attempts: a.Attempts}
		if !a.DeliveredAt.IsZero() {
			row.Delivered = a.DeliveredAt.In(loc).Format("15:04:05")
		}
		ap.Recent = append(ap.Recent, row)
	}
	d.Alerts = ap
	s.renderDash(w, r, "alerts", d)
}

func (s *Server) alertSave(w http.ResponseWriter, r *http.Request) {
	var threshold int
	if t := strings.TrimSpace(r.PostFormValue("threshold")); t != "" {
		p := s.newPage(r, "")
		x, err := parseFormNumber(p.Lang, p.T("threshold"), t)
		if err == nil && (x != math.Trunc(x) || math.Abs(x) > 1e6) {
			err = fmt.Errorf(p.T("number_bad"), p.T("threshold"), t, p.T("number_whole"))
		}
		if err != nil {
			s.fail(w, r, cx.Errorf(cx.EINVALID, "%s", err))
			return
		}
		threshold = int(x)
	}
	rule := cx.AlertRule{Name: r.PostFormValue("name"), Condition: r.PostFormValue("condition"), Threshold: threshold,
		Theme: r.PostFormValue("theme"), Email: strings.TrimSpace(r.PostFormValue("email")), Webhook: strings.TrimSpace(r.PostFormValue("webhook")),
		WebhookFormat: r.PostFormValue("webhook_format"), Active: true, CreatedAt: s.now()}
	if err := alert.ValidateRule(&rule, s.app.Config.Themes); err != nil {
		s.fail(w, r, err)
		return
	}
	if err := s.app.CreateAlertRule(r.Context(), &rule); err != nil {
		s.fail(w, r, err)
		return
	}
	s.audit(r, cx.AuditAlertRuleCreate, "alert rule "+strconv.FormatInt(rule.ID, 10), rule.Name+" ("+strings.TrimSuffix(rule.Condition+" "+rule.Theme, " ")+")")
	http.Redirect(w, r, "/alerts", http.StatusSeeOther)
}

func (s *Server) alertDelete(w http.ResponseWriter, r *http.Request) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err == nil {
		err = s.app.DeleteAlertRule(r.Context(), id)
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.audit(r, cx.AuditAlertRuleDelete, "alert rule "+r.PathValue("id"), "")
	http.Redirect(w, r, "/alerts", http.StatusSeeOther)
}
