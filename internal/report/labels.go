package report

// labels holds the words the table prints around the figures, per language. The metrics' own
// names come from their descriptors (metric.All); the Dutch words are those the service teams
// who use klantpuls use (Klanttevredenheid, Eerste reactietijd, Verloop).
var labels = map[Lang]map[string]string{
	Dutch: {
		"title": "klantpuls-rapport", "period": "periode", "running": "loopt nog", "group": "groep", "none": "(geen)",
		"metric": "Meting", "value": "Waarde", "n": "n", "details": "Toelichting",
		"channel": "Kanaal", "team": "Team", "agent": "Medewerker", "segment": "Segment",
		"category": "Categorie", "transferred": "doorgezet",
		"business": "werkuren", "calendar": "kalender", "mean": "gem.", "median": "mediaan",
		"unanswered": "onbeantwoord", "days": "dagen", "created": "aangemaakt", "solved": "opgelost",
		"yearly": "per jaar", "start": "begin", "end": "eind", "new": "nieuw", "lost": "weg",
		"aov": "gem. order", "per_year": "orders/jaar", "lifespan": "levensduur", "years": "jaar",
		"historical": "historisch", "predictive": "voorspellend", "replied": "beantwoord", "referred": "doorverwezen",
		"positive": "positief", "neutral": "neutraal", "negative": "negatief",
		"promoters": "promotors", "passives": "passief", "detractors": "criticasters",
		"indicative": "* Indicatief: gebaseerd op minder dan 30 metingen.", "no_data": "geen gegevens in deze periode", "not_measured": "Niet gemeten", "na": "n.v.t.",
		// change_few: a change grey because either period rests on fewer than 30 measurements
		// (JudgedChange.Few); not_significant: grey because the metric's test finds it not
		// significant or cannot test it. Both said beside it on the overview's tile and in the
		// digest.
		"change_few": "te weinig metingen", "not_significant": "niet significant",
		"figures": "Cijfers", "long": "Alle cijfers", "split": "Per", "all": "Totaal",
		"page_of": "Pagina %d van %d", "as_of": "stand", "no_rows": "geen rijen", "seconds": "seconden", "timezone": "tijdzone",
		"per_day": "per dag", "per_week": "per week", "per_month": "per maand",
		// A period ParsePeriod cannot read (PeriodError.Flags): the date's name, as given.
		"period_missing":   "%s ontbreekt (een datum JJJJ-MM-DD)",
		"period_not_date":  "%s %q is geen datum JJJJ-MM-DD",
		"period_not_after": "%s %s moet vóór %s %s liggen (de periode is [from, to): de dag van to telt niet mee)",
		"partial_note":     "Een holle punt en een lichtere lijn: een onvolledige periode (loopt nog, of valt deels buiten de gekozen periode).",
	},
	English: {
		"title": "klantpuls report", "period": "period", "running": "still running", "group": "group", "none": "(none)",
		"metric": "Metric", "value": "Value", "n": "n", "details": "Details",
		"channel": "Channel", "team": "Team", "agent": "Agent", "segment": "Segment",
		"category": "Category", "transferred": "transferred",
		"business": "business", "calendar": "calendar", "mean": "mean", "median": "median",
		"unanswered": "unanswered", "days": "days", "created": "created", "solved": "solved",
		"yearly": "yearly", "start": "start", "end": "end", "new": "new", "lost": "lost",
		"aov": "avg order", "per_year": "orders/yr", "lifespan": "lifespan", "years": "yr",
		"historical": "historical", "predictive": "predictive", "replied": "replied", "referred": "referred",
		"positive": "positive", "neutral": "neutral", "negative": "negative",
		"promoters": "promoters", "passives": "passives", "detractors": "detractors",
		"indicative": "* Indicative: based on fewer than 30 measurements.", "no_data": "no data in this period", "not_measured": "Not measured", "na": "n/a",
		"change_few": "too few measurements", "not_significant": "not significant",
		"figures": "Figures", "long": "All figures", "split": "By", "all": "Total",
		"page_of": "Page %d of %d", "as_of": "as of", "no_rows": "no rows", "seconds": "seconds", "timezone": "time zone",
		"per_day": "per day", "per_week": "per week", "per_month": "per month",
		"period_missing":   "%s is missing (a date YYYY-MM-DD)",
		"period_not_date":  "%s %q is not a date YYYY-MM-DD",
		"period_not_after": "%s %s must be before %s %s (the period is [from, to))",
		"partial_note":     "A hollow point and a lighter line: a partial period (still running, or partly outside the chosen period).",
	},
}

// Word is one of the words around the figures in l: the table's, the exports' and the digests'.
func (l Lang) Word(key string) string { return labels[l][key] }
