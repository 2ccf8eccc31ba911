package main

import (
	"strings"
	"testing"
)

// A single-valued flag given twice is refused, exit 2, naming the flag, in the command's
// language (as report says a --from it cannot read): kong kept the last and said nothing, so
// report --from 2026-01-01 --from 2026-02-01 reported February on. A flag that takes a list
// (connection add --kinds) is still given once per item.
func TestRepeatedFlagIsRefused(t *testing.T) {
	p := newProject(t)
	csv := p.file("tickets.csv", "id,created_at\nT1,2026-03-02T09:00:00Z\n")
	const period = "--to=2026-04-01"
	for _, c := range []struct {
		name, locale string
		args         []string
		says         string
	}{
		{"report, Dutch by default", "", []string{"report", "--from", "2026-01-01", "--from", "2026-02-01", period},
			"--from is meer dan één keer gegeven: geef het één keer"},
		{"report --lang en", "", []string{"report", "--lang", "en", "--from", "2026-01-01", "--from=2026-02-01", period},
			"--from is given more than once: give it once"},
		{"report --lang itself", "", []string{"report", "--lang", "en", "--lang", "nl", "--from", "2026-01-01", period},
			"--lang is meer dan één keer gegeven"},
		{"import --kind", "", []string{"import", "--lang", "nl", "--kind", "tickets", "--kind", "orders", csv},
			"--kind is meer dan één keer gegeven"},
		{"a global flag on either side of the command", "en_US.UTF-8", []string{"user", "list", "--db", p.dir + "/other.db"},
			"--db is given more than once: give it once"},
		{"erase --customer", "nl_NL.UTF-8", []string{"erase", "--customer", "C1", "--customer", "C2"},
			"--customer is meer dan één keer gegeven"},
		{"a switch", "en_US.UTF-8", []string{"erase", "--customer", "C1", "--purge", "--purge"},
			"--purge is given more than once"},
		{"digest's --lang is the digest's, not the command's", "en_US.UTF-8",
			[]string{"digest", "send", "anna@example.nl", "--base-url", "https://klantpuls.example.nl", "--lang", "nl", "--lang", "nl"}, "--lang is given more than once"},
	} {
		t.Run(c.name, func(t *testing.T) {
			t.Setenv("LC_ALL", "")
			t.Setenv("LC_MESSAGES", "")
			t.Setenv("LANG", c.locale)
			t.Setenv("KLANTPULS_LANG", "")
			if _, stderr, code := p.run(c.args...); code != 2 || !strings.Contains(stderr, c.says) {
				t.Errorf("klantpuls %s: exit %d, want 2 saying %q:\n%s", strings.Join(c.args, " "), code, c.says, stderr)
			}
		})
	}
	t.Run("a list flag", func(t *testing.T) {
		out, stderr, code := p.run("connection", "add", "--source", "klantpuls", "--name", "Winkel", "--kinds", "tickets", "--kinds", "responses")
		if code != 0 || !strings.Contains(out+stderr, "tickets, responses") {
			t.Errorf("connection add --kinds tickets --kinds responses: exit %d, want 0 allowing both kinds:\n%s%s", code, out, stderr)
		}
	})
}
