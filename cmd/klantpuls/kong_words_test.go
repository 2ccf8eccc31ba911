package main

import (
	"context"
	"strings"
	"testing"
)

// TestParseRefusalInDutch: kong's refusals of a command line (a mistyped flag or command, a flag
// or argument left out, a value it cannot read) are said in Dutch, naming the flag or argument,
// and in English as kong says them when the user chose English ($LANG, $KLANTPULS_LANG or the
// command's --lang). The pointer to the help that follows speaks the same language.
func TestParseRefusalInDutch(t *testing.T) {
	for _, c := range []struct {
		name, lang string
		args       []string
		want       string
	}{
		{"unknown flag", "nl_NL.UTF-8", []string{"report", "--frm", "2026-01-01", "--to", "2026-02-01"},
			`klantpuls: onbekende optie --frm; bedoelt u "--from"?` + "\nZie 'klantpuls help' voor het gebruik.\n"},
		{"unknown flag, no suggestion", "", []string{"serve", "--port", "8080"},
			"klantpuls: onbekende optie --port\n"},
		{"flag left out", "nl_NL.UTF-8", []string{"report", "--from", "morgen"},
			"klantpuls: deze optie ontbreekt: --to=DATE\n"},
		{"flags left out", "nl_NL.UTF-8", []string{"delete"},
			"klantpuls: deze opties ontbreken: --id=ID, --kind=KIND\n"},
		{"mistyped command", "nl_NL.UTF-8", []string{"reprt"},
			`klantpuls: onverwacht argument reprt; bedoelt u "report"?` + "\n"},
		{"command left out", "nl_NL.UTF-8", []string{"user"},
			`klantpuls: geef een van "add", "list", "set", "password", "remove"` + "\n"},
		{"argument left out", "nl_NL.UTF-8", []string{"connection", "remove"},
			`klantpuls: geef "<id>"` + "\n"},
		{"value not among the choices", "nl_NL.UTF-8", []string{"report", "--from", "2026-01-01", "--to", "2026-02-01", "--by", "land"},
			`klantpuls: --by moet een van "","channel","team","agent","segment","category" zijn, niet "land"` + "\n"},
		{"value left out", "nl_NL.UTF-8", []string{"report", "--to", "2026-02-01", "--from"},
			"klantpuls: --from: de waarde ontbreekt\n"},
		{"not a duration", "nl_NL.UTF-8", []string{"serve", "--grace", "even"},
			`klantpuls: --grace: "even" is geen tijdsduur (zoals 30s, 5m of 1h)` + "\n"},
		{"help of a command that is not there", "nl_NL.UTF-8", []string{"help", "rapport"},
			`klantpuls: onverwacht argument rapport; bedoelt u "report"?` + "\n"},
		{"English locale", "en_US.UTF-8", []string{"report", "--frm", "2026-01-01", "--to", "2026-02-01"},
			`klantpuls: unknown flag --frm, did you mean "--from"?` + "\nRun 'klantpuls help' for usage.\n"},
		{"English by --lang", "nl_NL.UTF-8", []string{"report", "--lang", "en", "--frm", "2026-01-01"},
			`klantpuls: unknown flag --frm, did you mean "--from"?` + "\nRun 'klantpuls help' for usage.\n"},
		{"English, flag left out", "en_US.UTF-8", []string{"report", "--from", "2026-01-01"},
			"klantpuls: missing flags: --to=DATE\n"},
	} {
		t.Run(c.name, func(t *testing.T) {
			t.Setenv("KLANTPULS_LANG", "")
			t.Setenv("LC_ALL", "")
			t.Setenv("LC_MESSAGES", "")
			t.Setenv("LANG", c.lang)
			var stdout, stderr strings.Builder
			code := run(context.Background(), c.args, &stdout, &stderr)
			if code != exitUsage || !strings.HasPrefix(stderr.String(), c.want) {
				t.Errorf("%v: exit %d, want %d beginning\n%s\ngot\n%s", c.args, code, exitUsage, c.want, stderr.String())
			}
		})
	}
}

// TestRefusalLinesAreTerminalSafe: a refusal that quotes what it was given — a flag, a
// configuration file's name a script passed on — prints an escape or a bidi override of it as U+FFFD, so it cannot
// recolour or clear the terminal of whoever reads it, nor turn the line round; kong's words and
// a command's refusal alike. The escape reached the terminal as it was.
func TestRefusalLinesAreTerminalSafe(t *testing.T) {
	t.Setenv("KLANTPULS_LANG", "nl")
	for _, c := range []struct {
		name string
		args []string
		want string
	}{
		{"kong's words", []string{"report", "--\x1b[2Jx", "--from", "2026-01-01", "--to", "2026-02-01"},
			"klantpuls: onbekende optie --\uFFFD[2Jx"},
		{"a command's refusal", []string{"--db", t.TempDir() + "/kp.db", "--config", t.TempDir() + "/\u202egeen.toml",
			"report", "--from", "2026-01-01", "--to", "2026-02-01"}, "\uFFFDgeen.toml"},
		{"an import's file", []string{"--db", t.TempDir() + "/kp.db", "import", "--kind", "tickets",
			t.TempDir() + "/\x1b[2Jgeen.csv"}, "\uFFFD[2Jgeen.csv: niets geïmporteerd"},
	} {
		t.Run(c.name, func(t *testing.T) {
			var stdout, stderr strings.Builder
			run(context.Background(), c.args, &stdout, &stderr)
			got := stderr.String()
			if strings.ContainsAny(got, "\x1b\u202e") || !strings.Contains(got, c.want) {
				t.Errorf("%q: stderr\n%q\nholds an escape or a bidi override, or not %q", c.args, got, c.want)
			}
		})
	}
}
