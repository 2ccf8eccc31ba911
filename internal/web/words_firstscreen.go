package web

// firstScreenWords are the words of the overview's first screen, charts and changes (the
// default period, a custom period it stands in for, partial buckets, better or worse).
var firstScreenWords = map[string]map[string]string{
	"nl": {
		"period_lastmonth": "Laatste volle maand",
		// A custom period the page cannot use (periodProblem): the field's label, as typed.
		"period_missing":   "%s ontbreekt: kies een datum.",
		"period_not_date":  "%s: %q is geen datum. Kies er een, of schrijf hem als JJJJ-MM-DD (zoals 2026-03-01).",
		"period_not_after": "%s: %s ligt niet na %s (%s). De periode loopt tot die dag en telt hem niet mee: kies voor één dag de dag erna.",
		"period_default":   "Hieronder staan de cijfers van de standaardperiode.",
		"partial_note":     "Lichter of gestippeld: een onvolledige periode (loopt nog, of valt deels buiten de gekozen periode).",
		"too_little_data":  "Te weinig gegevens",
		"not_loaded":       "Niet geladen",
		"change_better":    "beter",
		"change_worse":     "slechter",
		"first_run":        "Er staan nog geen gegevens in klantpuls: elk cijfer hieronder is daarom niet gemeten.",
		"first_run_how":    "Gegevens komen uit een bestand of een helpdesk:",
		// A chart's step, after its figure's name: "Verloop (churn) per dag".
		"per_day": "per dag", "per_week": "per week", "per_month": "per maand",
		"partial": "onvolledig",
	},
	"en": {
		"period_lastmonth": "Last full month",
		"period_missing":   "%s is missing: choose a date.",
		"period_not_date":  "%s: %q is not a date. Choose one, or write it as YYYY-MM-DD (such as 2026-03-01).",
		"period_not_after": "%s: %s is not after %s (%s). The period runs up to that day and leaves it out: for one day, choose the day after.",
		"period_default":   "Below are the figures of the default period.",
		"partial_note":     "Lighter or dotted: a partial period (still running, or partly outside the chosen period).",
		"too_little_data":  "Too little data",
		"not_loaded":       "Not loaded",
		"change_better":    "better",
		"change_worse":     "worse",
		"first_run":        "klantpuls holds no data yet, so every figure below is not measured.",
		"first_run_how":    "Data comes from a file or a help desk:",
		"per_day":          "per day", "per_week": "per week", "per_month": "per month",
		"partial": "partial",
	},
}

func init() { addWords(firstScreenWords) }
