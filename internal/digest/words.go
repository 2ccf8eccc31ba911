package digest

import (
	"github.com/klantpuls/klantpuls/internal/report"
)

// wordSet is the digest's fixed text in one language.
type wordSet struct {
	Subject, Period, Scope, Company, Team, Agent, Kpi, Value, Change, Target, Benchmark                                    string
	Met, Missed, Points, ScorePoints, Better, Worse, Good, Bad, Footnote, Drivers, Emerging, Open, Unsubscribe, Why, Intro string
	Every                                                                                                                  map[Frequency]string
}

var wordSets = map[report.Lang]wordSet{
	report.Dutch: {
		Subject: "klantpuls %s: %s", Period: "Periode", Scope: "Voor", Company: "het hele bedrijf",
		Team: "team %s", Agent: "uw eigen cijfers (%s)", Kpi: "KPI", Value: "Waarde",
		Change: "t.o.v. vorige periode", Target: "doel", Benchmark: "benchmark", Met: "gehaald",
		Missed: "niet gehaald", Points: "procentpunt", ScorePoints: "punten",
		Better: "significant beter", Worse: "significant slechter", Good: "beter", Bad: "slechter",
		Footnote: "verandering getoetst met de %s; alleen een significante verandering (p < 0,05) is gekleurd",
		Drivers:  "Wat het meest telde", Emerging: "Opkomende onderwerpen",
		Open: "Bekijk deze cijfers in het dashboard", Unsubscribe: "Geen overzicht meer ontvangen",
		Why:   "U ontvangt dit overzicht omdat het in uw instellingen van klantpuls aan staat.",
		Intro: "Uw overzicht van %s t/m %s, vergeleken met de periode daarvoor.",
		Every: map[Frequency]string{Daily: "dagoverzicht", Weekly: "weekoverzicht", Monthly: "maandoverzicht"},
	},
	report.English: {
		Subject: "klantpuls %s: %s", Period: "Period", Scope: "For", Company: "the whole company",
		Team: "team %s", Agent: "your own figures (%s)", Kpi: "KPI", Value: "Value",
		Change: "vs previous period", Target: "target", Benchmark: "benchmark", Met: "met",
		Missed: "missed", Points: "points", ScorePoints: "points",
		Better: "significantly better", Worse: "significantly worse", Good: "better", Bad: "worse",
		Footnote: "change tested with the %s; only a significant change (p < 0.05) is coloured",
		Drivers:  "What mattered most", Emerging: "Emerging topics",
		Open: "See these figures in the dashboard", Unsubscribe: "Stop receiving this digest",
		Why:   "You receive this digest because it is switched on in your klantpuls settings.",
		Intro: "Your digest of %s to %s, compared with the period before.",
		Every: map[Frequency]string{Daily: "daily digest", Weekly: "weekly digest", Monthly: "monthly digest"},
	},
}

func words(lang string) wordSet {
	if w, ok := wordSets[report.Lang(lang)]; ok {
		return w
	}
	return wordSets[report.Dutch]
}
