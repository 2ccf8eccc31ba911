package main

import (
	"bytes"
	"context"
	"strings"
	"testing"
)

// A Dutch Excel writes a yes/no cell as WAAR or ONWAAR when it saves a CSV (its words for TRUE
// and FALSE, as the cell shows them), so a complaint column saved so is read as yes and no: the
// import refused every row ("waar" is not a yes/no value). Two tickets solved after 2 hours and
// 1 hour, the first a complaint: complaint resolution rests on it alone, 7200 s.
func TestImportDutchExcelYesNo(t *testing.T) {
	p := newProject(t)
	p.mustImport("tickets", "\ufeffticket_id;created_at;complaint;solved_at\r\n"+
		"W1;02-03-2026 10:00;WAAR;02-03-2026 12:00\r\n"+
		"W2;02-03-2026 10:00;ONWAAR;02-03-2026 11:00\r\n"+
		"W3;03-03-2026 10:00;onwaar;03-03-2026 11:00\r\n")
	d := p.report("2026-03-01", "2026-04-01")
	d.expect(1e-9, map[string]float64{
		"tickets.created":                      3,
		"complaint_resolution.calendar.n":      1,
		"complaint_resolution.calendar.mean":   7200,
		"complaint_resolution.calendar.median": 7200,
	})
}

// report says a period it cannot read in the report's language, as the table is: in Dutch by
// default (README: --lang, else $LANG, else Dutch), in English with --lang en. It said it in
// English below a Dutch table's command.
func TestReportPeriodMistakesInItsLanguage(t *testing.T) {
	p := newProject(t)
	for _, c := range []struct {
		args []string
		says string
	}{
		{[]string{"--lang", "nl", "--from", "2026-13-01", "--to", "2026-04-01"}, `--from "2026-13-01" is geen datum JJJJ-MM-DD`},
		{[]string{"--lang", "nl", "--from", "2026-04-01", "--to", "2026-03-01"}, "--from 2026-04-01 moet vóór --to 2026-03-01 liggen"},
		{[]string{"--lang", "nl", "--from", "2026-03-01", "--to", ""}, "--to ontbreekt (een datum JJJJ-MM-DD)"},
		{[]string{"--lang", "en", "--from", "2026-13-01", "--to", "2026-04-01"}, `--from "2026-13-01" is not a date YYYY-MM-DD`},
		{[]string{"--lang", "en", "--from", "2026-04-01", "--to", "2026-03-01"}, "--from 2026-04-01 must be before --to 2026-03-01"},
	} {
		if _, stderr, code := p.run(append([]string{"report"}, c.args...)...); code != 2 || !strings.Contains(stderr, c.says) {
			t.Errorf("report %q: exit %d (%q), want 2 saying %q", c.args, code, stderr, c.says)
		}
	}
}

// import speaks as report and rescore do, by their one rule (language): --lang, else
// $KLANTPULS_LANG, else English only when the locale asks for it, else Dutch. It said English
// without --lang, so a Dutch user (LANG=nl_NL.UTF-8) read English import errors beside a Dutch
// report. Run through run itself: project.run gives import --lang en when a test names none.
func TestImportSpeaksAsReportDoes(t *testing.T) {
	p := newProject(t)
	missing := p.dir + "/weg.csv"
	const dutch, english = ": kan niet openen: bestand bestaat niet", ": cannot open: no such file or directory"
	for _, c := range []struct {
		name, lang, locale string
		flags              []string
		says               string
	}{
		{"no language anywhere", "", "", nil, dutch},
		{"a Dutch locale", "", "nl_NL.UTF-8", nil, dutch},
		{"the C locale", "", "C.UTF-8", nil, dutch},
		{"an English locale", "", "en_US.UTF-8", nil, english},
		{"KLANTPULS_LANG over the locale", "en", "nl_NL.UTF-8", nil, english},
		{"--lang over KLANTPULS_LANG", "en", "en_US.UTF-8", []string{"--lang", "nl"}, dutch},
	} {
		t.Run(c.name, func(t *testing.T) {
			t.Setenv("LC_ALL", "")
			t.Setenv("LC_MESSAGES", "")
			t.Setenv("LANG", c.locale)
			t.Setenv("KLANTPULS_LANG", c.lang)
			args := append(append([]string{"--db", p.db, "import", "--kind", "tickets"}, c.flags...), missing)
			var out, errOut bytes.Buffer
			code := run(context.Background(), args, &out, &errOut)
			if code != 1 || !strings.Contains(errOut.String(), missing+c.says) {
				t.Errorf("exit %d, want 1 saying %q:\n%s", code, missing+c.says, errOut.String())
			}
		})
	}
}
