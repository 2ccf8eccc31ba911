package web

// firstScreenWords are the words of the overview's first screen, charts and changes (the
// default period, partial buckets, CLV from too short a period, better or worse).
var firstScreenWords = map[string]map[string]string{
	"nl": {
		"period_lastmonth": "Laatste volle maand",
		"partial_note":     "Lichter of gestippeld: een onvolledige periode (loopt nog, of valt deels buiten de gekozen periode).",
		"too_little_data":  "Te weinig gegevens",
		"clv_too_short":    "Klantwaarde uit minder dan een maand zou een paar dagen doortrekken tot een heel klantleven: kies een periode van minstens een maand.",
		"clv_short_line":   "Minder dan een maand gemeten",
		"change_better":    "beter",
		"change_worse":     "slechter",
		"partial":          "onvolledig",
	},
	"en": {
		"period_lastmonth": "Last full month",
		"partial_note":     "Lighter or dotted: a partial period (still running, or partly outside the chosen period).",
		"too_little_data":  "Too little data",
		"clv_too_short":    "A lifetime value from less than a month would stretch a few days into a whole customer life: choose a period of at least a month.",
		"clv_short_line":   "Less than a month measured",
		"change_better":    "better",
		"change_worse":     "worse",
		"partial":          "partial",
	},
}

func init() { addWords(firstScreenWords) }
