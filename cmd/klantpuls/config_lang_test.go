package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestConfigMistakesInTheCommandsLanguage: the configuration file's mistakes — a key it does not
// know, a value of the wrong kind or not among the choices, a time zone there is not, a file
// missing, unreadable or not TOML — are said in the command's language, each naming the file
// and the key (or the line) and why. They were said in English whatever the language.
func TestConfigMistakesInTheCommandsLanguage(t *testing.T) {
	p := newProject(t)
	bad := p.file("fout.toml", `timezone = "Europa/Amsterdam"
currency = 978
[hours.defualt]
mon = "09:00-17:00"
[surveys.ces]
direction = "omhoog"
[clv]
horizon_months = "twaalf"
default_gross_margin = [0.4]
[engine]
Kind = "memory"
`)
	syntax := p.file("syntax.toml", "currency = \"EUR\"\ntimezone = Europe/Amsterdam\n")
	shape := p.file("shape.toml", "hours = 3\n")
	// A shape the toml package words without a line (a table under the criteria's array): its
	// own words follow, in English, as a syntax mistake's do.
	odd := p.file("odd.toml", "[[scorecards.criteria.x]]\n")
	dir := filepath.Join(p.dir, "map.toml")
	if err := os.Mkdir(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	missing := filepath.Join(p.dir, "weg.toml")
	for _, c := range []struct {
		file   string
		nl, en []string
	}{
		{bad, []string{
			`klantpuls: ` + bad + `: timezone: onbekende tijdzone "Europa/Amsterdam"`,
			bad + `: currency: verwacht tekst tussen aanhalingstekens, niet 978`,
			bad + `: surveys.ces.direction: "omhoog" is geen van "easy", "effort"`,
			bad + `: clv.default_gross_margin: verwacht een getal, niet een lijst`,
			bad + `: clv.horizon_months: verwacht een geheel getal, niet "twaalf"`,
			bad + `: onbekende sleutel "hours.defualt"`,
			bad + `: onbekende sleutel "engine.Kind" (sleutels worden in kleine letters geschreven)`,
		}, []string{
			`klantpuls: ` + bad + `: timezone: unknown time zone "Europa/Amsterdam"`,
			bad + `: currency: want a string, not 978`,
			bad + `: surveys.ces.direction: "omhoog" is not one of "easy", "effort"`,
			bad + `: clv.default_gross_margin: want a number, not a list`,
			bad + `: clv.horizon_months: want a whole number, not "twaalf"`,
			bad + `: unknown key "hours.defualt"`,
			bad + `: unknown key "engine.Kind" (keys are written in lower case)`,
		}},
		{syntax, []string{`klantpuls: ` + syntax + `: regel 2: geen geldige TOML: `}, []string{`klantpuls: ` + syntax + `: line 2: `}},
		{shape, []string{`klantpuls: ` + shape + `: regel 1: hours: hier hoort een tabel, zoals [hours]`},
			[]string{`klantpuls: ` + shape + `: line 1: hours: want a table here, like [hours]`}},
		{odd, []string{`klantpuls: ` + odd + `: een waarde heeft niet de vorm die de instelling vraagt: (last key "scorecards.criteria"): `},
			[]string{`klantpuls: ` + odd + `: (last key "scorecards.criteria"): `}},
		{dir, []string{`klantpuls: ` + dir + `: kan het bestand niet lezen: `}, []string{`klantpuls: ` + dir + `: `}},
		{missing, []string{`klantpuls: ` + missing + `: configuratiebestand niet gevonden`},
			[]string{`klantpuls: ` + missing + `: configuration file not found`}},
	} {
		for _, lang := range []string{"nl", "en"} {
			t.Setenv("KLANTPULS_LANG", lang)
			_, stderr, code := p.run("--config", c.file, "report", "--from", "2026-01-01", "--to", "2026-02-01")
			want := inLang(lang)(strings.Join(c.nl, "\n"), strings.Join(c.en, "\n"))
			if code != exitInput || !strings.HasPrefix(stderr, want) {
				t.Errorf("%s in %s: exit %d, want %d beginning\n%s\ngot\n%s", filepath.Base(c.file), lang, code, exitInput, want, stderr)
			}
		}
	}
}
