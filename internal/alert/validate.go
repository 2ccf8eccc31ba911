package alert

import (
	"fmt"
	"strings"
	"unicode"

	"github.com/klantpuls/klantpuls/internal/cx"
	"github.com/klantpuls/klantpuls/internal/hook"
	"github.com/klantpuls/klantpuls/internal/metric"
	"github.com/klantpuls/klantpuls/internal/theme"
)

// ValidateRule checks a rule an admin made; themes is the taxonomy its theme must be a key of
// (nil: the built-in one). The errors are in the rule's language (ValidateRuleIn for the
// admin's).
func ValidateRule(r *cx.AlertRule, themes *theme.Taxonomy) error {
	return ValidateRuleIn(r, themes, "")
}

// ValidateRuleIn is ValidateRule with the errors in lang, the language of the page the admin
// made the rule on ("": the rule's, nl when it has none).
func ValidateRuleIn(r *cx.AlertRule, themes *theme.Taxonomy, lang string) error {
	if lang == "" {
		lang = strings.TrimSpace(r.Lang)
	}
	r.Name, r.Email = strings.TrimSpace(r.Name), strings.TrimSpace(r.Email)
	switch {
	case r.Name == "":
		return ruleError(lang, "name_none")
	case !answerCondition(r.Condition) && !isCourse(r.Condition):
		return ruleError(lang, "condition", r.Condition)
	case r.Condition == cx.AlertCSATLow && r.Threshold < 1:
		return ruleError(lang, "threshold")
	case strings.ContainsFunc(r.Name, unicode.IsControl):
		return ruleError(lang, "name_line")
	case r.Email == "" && strings.TrimSpace(r.Webhook) == "":
		return ruleError(lang, "nowhere")
	}
	// Every rule's alerts speak its language, chosen when it is made (nl when none is given).
	r.Lang = strings.TrimSpace(r.Lang)
	switch r.Lang {
	case "":
		r.Lang = "nl"
	case "nl", "en":
	default:
		return ruleError(lang, "lang", r.Lang)
	}
	if lang == "" {
		lang = r.Lang
	}
	if err := validateEmail(r.Email, lang); err != nil {
		return err
	}
	if err := validateTheme(r, themes, lang); err != nil {
		return err
	}
	if k, ok := KindOf(r.Condition); ok {
		if err := validateCourse(r, k, lang); err != nil {
			return err
		}
	} else {
		// A rule on answers has none of a KPI rule's parameters (a form without its script
		// sends them along).
		r.Metric, r.Team, r.Period, r.Periods, r.Percent, r.MinCount, r.Figure = "", "", "", 0, 0, 0, ""
	}
	format, err := hook.ValidateFormat(r.WebhookFormat)
	if err != nil {
		return ruleError(lang, "webhook_format", r.WebhookFormat)
	}
	r.WebhookFormat = format
	if r.Webhook != "" {
		switch problem, scheme := hook.CheckURL(r.Webhook); problem {
		case hook.URLFine:
		case hook.URLScheme:
			return ruleError(lang, "webhook_scheme", scheme)
		default:
			return ruleError(lang, "webhook_"+string(problem))
		}
	}
	return nil
}

// validateEmail checks a rule's e-mail address as the mail sender reads it (cx.ParseAddress): one
// address, with or without a name ("Team <team@example.nl>"); a list would fail at every alert.
func validateEmail(email, lang string) error {
	if email == "" {
		return nil
	}
	if _, err := cx.ParseAddress(email); err != nil {
		return ruleError(lang, "email_bad", email)
	}
	return nil
}

// ruleErrors are the validation messages of the alerts form, in the page's or the rule's
// language: the field first, as the form names it.
var ruleErrors = map[string]metric.Words{
	"name_none":      {NL: "name: geef de regel een naam", EN: "name: give the rule a name"},
	"name_line":      {NL: "name: één regel tekst, zonder stuurtekens", EN: "name: one line of text, without control characters"},
	"condition":      {NL: "condition: %q is geen nps_detractor, csat_low, negative_sentiment, significant_fall, below_target, control_limit of volume_spike", EN: "condition: %q is not nps_detractor, csat_low, negative_sentiment, significant_fall, below_target, control_limit or volume_spike"},
	"threshold":      {NL: "threshold: een CSAT-regel heeft de hoogste score nodig die een melding geeft (zoals 2)", EN: "threshold: a CSAT rule needs the highest score that alerts (such as 2)"},
	"nowhere":        {NL: "email: geef een e-mailadres, een webhook of allebei", EN: "email: give an e-mail address, a webhook, or both"},
	"email_bad":      {NL: "email: %q is geen e-mailadres; geef er één, zoals team@bedrijf.nl", EN: "email: %q is not an e-mail address; give one, such as team@company.com"},
	"theme_kind":     {NL: "theme: alleen een regel op negative_sentiment gaat over een thema; kies geen thema (elk) of die voorwaarde", EN: "theme: only a negative_sentiment rule is about a theme; choose no theme (any) or that condition"},
	"theme_unknown":  {NL: "theme: %q is geen thema van de configuratie ([themes]); kies een van %s, of geen voor elk thema", EN: "theme: %q is not a theme of the configuration ([themes]); choose one of %s, or none for any theme"},
	"webhook_format": {NL: "webhook_format: %q is geen slack, teams of generic", EN: "webhook_format: %q is not slack, teams or generic"},
	// The problems of hook.CheckURL; the URL itself is never repeated: its path may be a secret.
	"webhook_required":  {NL: "webhook: geef een URL", EN: "webhook: give a URL"},
	"webhook_not_url":   {NL: "webhook: geen URL", EN: "webhook: not a URL"},
	"webhook_no_scheme": {NL: "webhook: zonder schema; begin met https://", EN: "webhook: no scheme: start it with https://"},
	"webhook_scheme":    {NL: "webhook: schema %q kan niet; gebruik http of https", EN: "webhook: scheme %q not allowed: use http or https"},
	"webhook_no_host":   {NL: "webhook: geen host", EN: "webhook: no host"},
	"lang":              {NL: "lang: %q is geen nl of en", EN: "lang: %q is not nl or en"},
	"metric_none":       {NL: "metric: kies de KPI die de regel bewaakt", EN: "metric: choose the KPI the rule watches"},
	"metric_bad":        {NL: "metric: %q is geen KPI van klantpuls", EN: "metric: %q is not a klantpuls KPI"},
	"figure_unfit":      {NL: "figure: %s heeft geen %q (mogelijk: %s)", EN: "figure: %s has no %q (possible: %s)"},
	"figure_kind":       {NL: "figure: alleen een regel op de regelgrens bewaakt een ander cijfer dan het kopcijfer", EN: "figure: only a control-limit rule watches a figure other than the headline"},
	"metric_unfit":      {NL: "metric: %s kan niet met deze regel (mogelijk: %s)", EN: "metric: %s cannot be used with this rule (possible: %s)"},
	"metric_extra":      {NL: "metric: een regel over ticketvolume telt tickets; kies geen KPI", EN: "metric: a ticket-volume rule counts tickets; choose no KPI"},
	"period":            {NL: "period: %q is geen week of month", EN: "period: %q is not week or month"},
	"periods":           {NL: "periods: %d perioden kan niet; kies 1 tot 12", EN: "periods: %d periods will not do; choose 1 to 12"},
	"percent":           {NL: "percent: %d%% kan niet; kies 110 tot 1000", EN: "percent: %d%% will not do; choose 110 to 1000"},
	"min_count":         {NL: "min_count: %d kan niet; kies 1 tot 100000", EN: "min_count: %d will not do; choose 1 to 100000"},
	"team":              {NL: "team: één regel tekst van hoogstens 200 tekens", EN: "team: one line of text, at most 200 characters"},
}

// ruleError is the message of key in lang, with args in its verbs.
func ruleError(lang, key string, args ...any) error {
	return cx.Errorf(cx.EINVALID, "%s", fmt.Sprintf(ruleErrors[key].In(lang), args...))
}
