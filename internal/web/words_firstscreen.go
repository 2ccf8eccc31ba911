package web

// firstScreenWords are the words of the overview's first screen, charts and changes (the
// default period, partial buckets, better or worse).
var firstScreenWords = map[string]map[string]string{
	"nl": {
		"period_lastmonth": "Laatste volle maand",
		"partial_note":     "Lichter of gestippeld: een onvolledige periode (loopt nog, of valt deels buiten de gekozen periode).",
		"too_little_data":  "Te weinig gegevens",
		"change_better":    "beter",
		"change_worse":     "slechter",
		"partial":          "onvolledig",
	},
	"en": {
		"period_lastmonth": "Last full month",
		"partial_note":     "Lighter or dotted: a partial period (still running, or partly outside the chosen period).",
		"too_little_data":  "Too little data",
		"change_better":    "better",
		"change_worse":     "worse",
		"partial":          "partial",
	},
}

func init() { addWords(firstScreenWords) }
