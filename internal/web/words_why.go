package web

import "github.com/klantpuls/klantpuls/internal/report"

// whyWords are the words of the Waarom (Why) page, Dutch and English, added to words at start.
var whyWords = map[string]map[string]string{
	"nl": {
		"nav/why": "Waarom", "nav_why": "Waarom",
		"why_intro": "Wat de cijfers beweegt, tegen de vorige periode van gelijke lengte. Effect: de score van de antwoorden " +
			"met de factor min die zonder (NPS-punten, CSAT in procentpunten), met 95%-interval; aandeel: het deel van de antwoorden " +
			"met de factor; impact: effect × aandeel, ongeveer wat de factor de hele periode kost of oplevert.",
		"why_drivers_csat": "Wat CSAT beweegt", "why_drivers_nps": "Wat NPS beweegt",
		"why_drivers_caption": "Grootste impact eerst", "why_factor": "Factor", "why_effect": "Effect",
		"why_interval": "95%-interval", "why_share": "Aandeel", "why_impact": "Impact", "why_previous": "Effect vorige periode",
		"why_n": "Met / zonder", "why_significant": "Verschil significant (p < 0,05)", "why_examples": "Voorbeelden",
		"why_themes": "Thema's", "why_texts": "Teksten", "why_before": "Vorige periode", "why_volume": "Aantal",
		"why_theme_share": "Aandeel teksten", "why_trend": "Vorige periode", "why_nps_with": "NPS met (verschil)",
		"why_nps_without": "NPS zonder", "why_csat_with": "CSAT met (verschil)", "why_csat_without": "CSAT zonder",
		"why_sentiment": "Sentiment", "why_terms": "Opkomende woorden",
		"why_terms_note": "Woorden en woordparen die significant vaker voorkomen dan in de vorige periode (log-likelihood " +
			"G² ≥ 10,83, p < 0,001; in minstens 5 teksten), geteld op hun stam zonder stopwoorden en voornaamwoorden, " +
			"en getoond zoals klanten ze het vaakst schreven.",
		"why_term": "Woord", "why_no_terms": "Geen woorden die significant opkwamen.",
	},
	"en": {
		"nav/why": "Why", "nav_why": "Why",
		"why_intro": "What moves the figures, against the previous period of equal length. Effect: the score of the answers " +
			"with the factor minus those without (NPS points, CSAT in percentage points), with its 95% interval; share: the part " +
			"of the answers with the factor; impact: effect × share, roughly what the factor costs or brings the whole period.",
		"why_drivers_csat": "What moves CSAT", "why_drivers_nps": "What moves NPS",
		"why_drivers_caption": "Largest impact first", "why_factor": "Factor", "why_effect": "Effect",
		"why_interval": "95% interval", "why_share": "Share", "why_impact": "Impact", "why_previous": "Effect previous period",
		"why_n": "With / without", "why_significant": "Difference significant (p < 0.05)", "why_examples": "Examples",
		"why_themes": "Themes", "why_texts": "Texts", "why_before": "Previous period", "why_volume": "Count",
		"why_theme_share": "Share of texts", "why_trend": "Previous period", "why_nps_with": "NPS with (difference)",
		"why_nps_without": "NPS without", "why_csat_with": "CSAT with (difference)", "why_csat_without": "CSAT without",
		"why_sentiment": "Sentiment", "why_terms": "Emerging terms",
		"why_terms_note": "Words and word pairs found significantly more often than in the previous period (log-likelihood " +
			"G² ≥ 10.83, p < 0.001; in at least 5 texts), counted by their stems without stop words and pronouns, and " +
			"shown as customers wrote them most often.",
		"why_term": "Term", "why_no_terms": "No terms came up significantly.",
	},
}

func init() {
	// The factors' names are report's: the digests name the drivers by them too.
	for _, l := range []report.Lang{report.Dutch, report.English} {
		for factor, name := range l.Factors() {
			whyWords[string(l)]["why_"+factor] = name
		}
	}
	addWords(whyWords)
}
