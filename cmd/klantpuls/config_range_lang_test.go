package main

import (
	"path/filepath"
	"strings"
	"testing"
)

// TestConfigRangeMistakesInTheCommandsLanguage: a setting out of its range, or settings that do
// not go together — office hours, survey scales, CLV, criteria, mail, invitations, money,
// benchmarks — are said in the command's language, each naming the file, the key as the file
// writes it, and why. They were said in English whatever the language.
func TestConfigRangeMistakesInTheCommandsLanguage(t *testing.T) {
	p := newProject(t)
	hours := p.file("uren.toml", `[hours.default]
mon = ["09:00-12:00", "11:00-17:00"]
tue = ["9-17"]
wed = ["17:00-09:00"]
thu = ["09:00-25:00"]
fri = ["0900"]
closed = ["24-12-2026"]
[hours.team.""]
mon = ["09:00-17:00"]
[hours.team." support "]
mon = ["09:00-17:00"]
[hours.team.Support]
mon = ["09:00-17:00"]
`)
	scores := p.file("scores.toml", `[surveys.csat]
positive_min = 6
[surveys.ces]
min = 7
max = 1
[surveys.nps]
min = 0
[clv]
default_gross_margin = 40
lifespan_years = -1
horizon_months = 0
discount_rate_monthly = 2
[[scorecards.criteria]]
name = "Toon"
weight = -1
min = -200
[[scorecards.criteria]]
name = " toon "
weight = 2000
[[scorecards.criteria]]
weight = 1
[engagement]
"" = 1
`)
	mail := p.file("mail.toml", `currency = "euro"
[exchange_rates]
EUR = 1
GBP = 0
USD = 1.1
dollar = 1
usd = 2
[mail]
host = "smtp.example.nl"
port = 70000
[invitations]
throttle_days = -1
link_days = 0
[digest.benchmarks]
foo = 1
nps = 200
`)
	more := p.file("meer.toml", `[clv]
lifespan_years = 101
[mail]
host = "smtp.example.nl"
from = "niemand"
[invitations]
throttle_days = 4000
`)
	saysConfigMistakes(t, p, []configMistakes{
		{hours, []string{
			hours + `: hours.default.mon: de intervallen "09:00-12:00" en "11:00-17:00" overlappen`,
			hours + `: hours.default.tue: interval "9-17": "9" is geen tijd UU:MM`,
			hours + `: hours.default.wed: interval "17:00-09:00": het begin moet voor het eind komen (een interval kan niet over middernacht lopen; verdeel het over twee dagen)`,
			hours + `: hours.default.thu: interval "09:00-25:00": "25:00" is geen tijd van de dag (00:00 tot en met 24:00)`,
			hours + `: hours.default.fri: interval "0900": schrijf UU:MM-UU:MM`,
			hours + `: hours.default.closed: "24-12-2026" is geen datum JJJJ-MM-DD`,
			hours + `: hours.team."": een team heeft een naam nodig`,
			hours + `: hours.team.Support: hetzelfde team als " support " (teamnamen worden vergeleken zonder spaties eromheen en zonder op hoofdletters te letten)`,
		}, []string{
			hours + `: hours.default.mon: intervals "09:00-12:00" and "11:00-17:00" overlap`,
			hours + `: hours.default.tue: interval "9-17": "9" is not a time HH:MM`,
			hours + `: hours.default.wed: interval "17:00-09:00": the start must come before the end (an interval cannot run past midnight; split it over two days)`,
			hours + `: hours.default.thu: interval "09:00-25:00": "25:00" is not a time of day (00:00 to 24:00)`,
			hours + `: hours.default.fri: interval "0900": want HH:MM-HH:MM`,
			hours + `: hours.default.closed: "24-12-2026" is not a date YYYY-MM-DD`,
			hours + `: hours.team."": a team needs a name`,
			hours + `: hours.team.Support: the same team as " support " (team names match trimmed and case-insensitively)`,
		}},
		{scores, []string{
			scores + `: surveys.csat.positive_min: 6 ligt buiten de schaal 1..5`,
			scores + `: surveys.ces: min 7 moet lager zijn dan max 1`,
			scores + `: surveys.nps: NPS loopt altijd van 0 tot 10 (metrics.md, paragraaf 1) en heeft geen instellingen; verwijder deze sectie`,
			scores + `: clv.horizon_months: 0 ligt buiten 1..1200 maanden`,
			scores + `: clv.discount_rate_monthly: 2 ligt buiten 0..1 (een fractie per maand: 0.01 is 1%)`,
			scores + `: clv.default_gross_margin: 40 ligt buiten 0..1 (een fractie: 0.4 is 40%)`,
			scores + `: clv.lifespan_years: -1 is lager dan nul (0 betekent: afleiden uit het klantverloop)`,
			scores + `: scorecards.criteria[1].weight: gewicht -1 is lager dan nul`,
			scores + `: scorecards.criteria[1]: de schaal -200..5 gaat buiten -100..100`,
			scores + `: scorecards.criteria[2].weight: gewicht 2000 is meer dan 1000`,
			scores + `: scorecards.criteria[2].name: "toon" is al criterium 1 (namen worden vergeleken zonder spaties eromheen en zonder op hoofdletters te letten)`,
			scores + `: scorecards.criteria[3].name: een criterium heeft een naam nodig`,
			scores + `: engagement."": een soort gebeurtenis heeft een naam nodig`,
		}, []string{
			scores + `: surveys.csat.positive_min: 6 is outside the scale 1..5`,
			scores + `: surveys.ces: min 7 must be below max 1`,
			scores + `: surveys.nps: NPS always runs 0..10 (metrics.md section 1) and takes no settings; remove this section`,
			scores + `: clv.horizon_months: 0 is outside 1..1200 months`,
			scores + `: clv.discount_rate_monthly: 2 is outside 0..1 (a fraction per month: 0.01 is 1%)`,
			scores + `: clv.default_gross_margin: 40 is outside 0..1 (a fraction: 0.4 is 40%)`,
			scores + `: clv.lifespan_years: -1 is below zero (0 means: derive from churn)`,
			scores + `: scorecards.criteria[1].weight: weight -1 is below zero`,
			scores + `: scorecards.criteria[1]: the scale -200..5 goes past -100..100`,
			scores + `: scorecards.criteria[2].weight: weight 2000 is more than 1000`,
			scores + `: scorecards.criteria[2].name: "toon" is already criterion 1 (names match trimmed and case-insensitively)`,
			scores + `: scorecards.criteria[3].name: a criterion needs a name`,
			scores + `: engagement."": an event kind needs a name`,
		}},
		{mail, []string{
			mail + `: currency: "euro" is geen valutacode: schrijf de drie letters van ISO 4217, zoals "EUR"`,
			mail + `: exchange_rates.EUR: EUR is de valuta van het account zelf: verwijder de koers`,
			mail + `: exchange_rates.GBP: 0 is geen koers: schrijf wat 1 GBP is in EUR, een getal boven 0 en hoogstens 1e+06`,
			mail + `: exchange_rates.dollar: "dollar" is geen valutacode: noem elke koers met de drie letters van ISO 4217, zoals USD`,
			mail + `: exchange_rates.usd: USD heeft al een koers (codes worden vergeleken zonder op hoofdletters te letten)`,
			mail + `: mail.port: 70000 is geen poort (1..65535)`,
			mail + `: mail.from: nodig bij een mailserver: de afzender, zoals "Klantenservice <service@example.nl>"`,
			mail + `: invitations.throttle_days: -1 is lager dan nul (0: geen grens)`,
			mail + `: invitations.link_days: 0: een antwoordlink is 1..3650 dagen geldig`,
			mail + `: digest.benchmarks.foo: geen KPI met een richting (een van nps, csat, ces, first_response, resolution, fcr, …)`,
			mail + `: digest.benchmarks.nps: 200 ligt buiten -100..100`,
		}, []string{
			mail + `: currency: "euro" is not a currency code: write the three letters of ISO 4217, such as "EUR"`,
			mail + `: exchange_rates.EUR: EUR is the account's currency itself: remove the rate`,
			mail + `: exchange_rates.GBP: 0 is not a rate: write what 1 GBP is in EUR, a number above 0 and at most 1e+06`,
			mail + `: exchange_rates.dollar: "dollar" is not a currency code: name each rate by the three letters of ISO 4217, such as USD`,
			mail + `: exchange_rates.usd: USD has a rate already (codes match in any case)`,
			mail + `: mail.port: 70000 is not a port (1..65535)`,
			mail + `: mail.from: required with a mail host: the sender, such as "Klantenservice <service@example.nl>"`,
			mail + `: invitations.throttle_days: -1 is below zero (0: no limit)`,
			mail + `: invitations.link_days: 0: an answer link is valid 1..3650 days`,
			mail + `: digest.benchmarks.foo: not a KPI with a direction (one of nps, csat, ces, first_response, resolution, fcr, …)`,
			mail + `: digest.benchmarks.nps: 200 is outside -100..100`,
		}},
		{more, []string{
			more + `: clv.lifespan_years: 101 is meer dan 100 jaar`,
			more + `: mail.from: "niemand" is geen e-mailadres`,
			more + `: invitations.throttle_days: 4000 is meer dan 3650 dagen`,
		}, []string{
			more + `: clv.lifespan_years: 101 is more than 100 years`,
			more + `: mail.from: "niemand" is not an e-mail address`,
			more + `: invitations.throttle_days: 4000 is more than 3650 days`,
		}},
	})
}

// configMistakes are the mistakes a command says of file, in Dutch and in English, a line each.
type configMistakes struct {
	file   string
	nl, en []string
}

// saysConfigMistakes runs a command with each file as its configuration, in each language, and
// checks it says the file's mistakes, whole and in that order, and nothing else before them.
func saysConfigMistakes(t *testing.T, p *project, cases []configMistakes) {
	t.Helper()
	for _, c := range cases {
		for _, lang := range []string{"nl", "en"} {
			t.Setenv("KLANTPULS_LANG", lang)
			_, stderr, code := p.run("--config", c.file, "report", "--from", "2026-01-01", "--to", "2026-02-01")
			want := "klantpuls: " + inLang(lang)(strings.Join(c.nl, "\n"), strings.Join(c.en, "\n")) + "\n"
			if code != exitInput || !strings.HasPrefix(stderr, want) {
				t.Errorf("%s in %s: exit %d, want %d beginning\n%s\ngot\n%s", filepath.Base(c.file), lang, code, exitInput, want, stderr)
			}
		}
	}
}
