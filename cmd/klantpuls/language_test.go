package main

import (
	"context"
	"strings"
	"testing"

	"github.com/klantpuls/klantpuls/internal/report"
)

// TestLanguageRule: the one rule every command speaks by — the flag, else $KLANTPULS_LANG,
// else English for an English locale, else Dutch. digest and model ask it without a flag for
// their rescore hint: they ignored $KLANTPULS_LANG before, speaking the locale's language.
func TestLanguageRule(t *testing.T) {
	for _, c := range []struct {
		flag, env, lcAll, lang string
		want                   report.Lang
	}{
		{"", "", "", "", report.Dutch},
		{"", "", "", "en_US.UTF-8", report.English},
		{"", "", "", "nl_NL.UTF-8", report.Dutch},
		{"", "", "en_GB.UTF-8", "nl_NL.UTF-8", report.English},
		{"", "en", "", "nl_NL.UTF-8", report.English},
		{"", "nl", "", "en_US.UTF-8", report.Dutch},
		{"", "de", "", "en_US.UTF-8", report.English}, // no language of ours: the locale's
		{"nl", "en", "", "en_US.UTF-8", report.Dutch},
		{"en", "nl", "", "", report.English},
	} {
		t.Setenv("KLANTPULS_LANG", c.env)
		t.Setenv("LC_ALL", c.lcAll)
		t.Setenv("LC_MESSAGES", "")
		t.Setenv("LANG", c.lang)
		if got := language(c.flag); got != c.want {
			t.Errorf("language(%q) with KLANTPULS_LANG=%q LC_ALL=%q LANG=%q = %q, want %q", c.flag, c.env, c.lcAll, c.lang, got, c.want)
		}
	}
}

// TestUsageErrorPointsToHelpInItsLanguage: after kong's own sentence, the pointer to the help
// is in the language the command would have spoken, and names `klantpuls help`, which exists.
func TestUsageErrorPointsToHelpInItsLanguage(t *testing.T) {
	for _, c := range []struct{ lang, want string }{
		{"nl_NL.UTF-8", "Zie 'klantpuls help' voor het gebruik."},
		{"en_US.UTF-8", "Run 'klantpuls help' for usage."},
	} {
		t.Setenv("KLANTPULS_LANG", "")
		t.Setenv("LC_ALL", "")
		t.Setenv("LC_MESSAGES", "")
		t.Setenv("LANG", c.lang)
		var stdout, stderr strings.Builder
		if code := run(context.Background(), []string{"report", "--nonsense"}, &stdout, &stderr); code != exitUsage || !strings.Contains(stderr.String(), c.want) {
			t.Errorf("LANG=%s: exit %d, want %d saying %q:\n%s", c.lang, code, exitUsage, c.want, stderr.String())
		}
	}
}
