package alert

import (
	"log/slog"
	"strings"

	"github.com/klantpuls/klantpuls/internal/cx"
	"github.com/klantpuls/klantpuls/internal/theme"
)

// A negative-sentiment rule may name a theme of the configuration's taxonomy ("negative about
// delivery"): it then fires only for a negative comment that mentions the theme.

// taxonomy is themes, or the built-in taxonomy when there are none (a Service made without
// the configuration's).
func taxonomy(themes *theme.Taxonomy) *theme.Taxonomy {
	if themes == nil {
		return theme.Builtin()
	}
	return themes
}

// mentionsTheme tells whether an answer's comment mentions the rule's theme, read as the engine
// reads every text (theme.Taxonomy.Read, in the answer's language, else detected), so a rule
// about delivery fires for the comments the Why page counts under delivery. A rule without a
// theme is met by every comment. A theme the taxonomy no longer has (taken out of [themes]
// after the rule was made) is met by none: the rule asked for fewer alerts than "any theme"
// would send, so it stays quiet rather than flood its inbox; the alerts page and the log say so.
func mentionsTheme(rule *cx.AlertRule, r *cx.Response, themes *theme.Taxonomy) bool {
	if rule.Theme == "" {
		return true
	}
	themes = taxonomy(themes)
	i := themes.Index(rule.Theme)
	if i < 0 {
		return false
	}
	set, _ := themes.Read(r.Comment, r.Language)
	return set.Has(i)
}

// validateTheme checks the theme of a rule an admin made: a key of the taxonomy, on a
// negative-sentiment rule only; errors in lang.
func validateTheme(r *cx.AlertRule, themes *theme.Taxonomy, lang string) error {
	r.Theme = strings.TrimSpace(r.Theme)
	if r.Theme == "" {
		return nil
	}
	if r.Condition != cx.AlertNegativeSentiment {
		return ruleError(lang, "theme_kind")
	}
	themes = taxonomy(themes)
	if themes.Index(r.Theme) < 0 {
		keys := make([]string, 0, len(themes.Themes()))
		for _, th := range themes.Themes() {
			keys = append(keys, th.Key)
		}
		return ruleError(lang, "theme_unknown", r.Theme, strings.Join(keys, ", "))
	}
	return nil
}

// ThemeLabel is the label of the rule's theme in lang ("nl": "Levering"); its key when the
// taxonomy no longer has it; "" for a rule without one.
func ThemeLabel(rule *cx.AlertRule, themes *theme.Taxonomy, lang string) string {
	if rule.Theme == "" {
		return ""
	}
	themes = taxonomy(themes)
	if i := themes.Index(rule.Theme); i >= 0 {
		return themes.Themes()[i].Label(lang)
	}
	return rule.Theme
}

// warnUnknownThemes logs, once per rule, a rule whose theme the taxonomy does not have: it
// raises no alert until the theme is back in the configuration or the rule is replaced.
func (s *Service) warnUnknownThemes(rules []cx.AlertRule) {
	themes := taxonomy(s.Themes)
	for i := range rules {
		r := &rules[i]
		if r.Theme == "" || themes.Index(r.Theme) >= 0 {
			continue
		}
		if _, warned := s.unknownThemes.LoadOrStore(r.ID, true); !warned {
			s.Log.Warn("alert rule about a theme the configuration does not have: it raises no alert",
				slog.Int64("rule", r.ID), slog.String("name", r.Name), slog.String("theme", r.Theme))
		}
	}
}
