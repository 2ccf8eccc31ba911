package web

// reasonWords are the words of the contact reasons (ticket categories): the filter and the
// service page's section.
var reasonWords = map[string]map[string]string{
	"nl": {
		"dim_category": "Categorie", "reasons": "Contactredenen",
		"reasons_caption": "Per categorie van de tickets, meeste tickets eerst",
		"reasons_volume":  "Nieuwe tickets", "reasons_frt": "Eerste reactie (mediaan, werkuren)",
		"reasons_filter": "Alleen deze categorie tonen",
	},
	"en": {
		"dim_category": "Category", "reasons": "Contact reasons",
		"reasons_caption": "By the tickets' category, most tickets first",
		"reasons_volume":  "New tickets", "reasons_frt": "First response (median, business hours)",
		"reasons_filter": "Show this category only",
	},
}

func init() { addWords(reasonWords) }
