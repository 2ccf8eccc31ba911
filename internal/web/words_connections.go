package web

// connectionWords are the words of the Koppelingen page (webhook connections), Dutch and
// English, added to words at start. Dutch says "live koppeling": a plain "koppeling" is a saved
// mapping of the import (words_import.go).
var connectionWords = map[string]map[string]string{
	"nl": {
		"nav/connections": "Live koppelingen", "nav_connections": "Live koppelingen",
		"conn_intro": "Een tool (webwinkel, helpdesk, enquêtetool) stuurt elke wijziging meteen naar klantpuls. " +
			"Maak hier een koppeling, plak de URL en het geheim in de tool; README, \"Live connections\", zegt per tool waar.",
		"conn_caption": "Live koppelingen, oudste eerst", "conn_source": "Bron", "conn_url": "URL om in de tool te plakken",
		"conn_kinds": "Mag schrijven", "conn_made": "Aangemaakt", "conn_last": "Laatste levering",
		"conn_deliveries": "Leveringen", "conn_errors": "Fouten", "conn_last_error": "Laatste fout",
		"conn_none": "Nog geen live koppelingen.", "conn_new": "Nieuwe live koppeling",
		"conn_kinds_note":     "Geen vinkje: alles wat de bron stuurt.",
		"conn_secret":         "Geheim (van de tool)",
		"conn_secret_note":    "Plak het geheim dat de tool toont (bijvoorbeeld Shopify's app-geheim). Leeg laten: klantpuls maakt er een.",
		"conn_api_token":      "API-token (van de tool, optioneel)",
		"conn_api_token_note": "Een tool die in zijn webhooks alleen nummers stuurt, vraagt klantpuls hiermee de rest (kanaal, klant, onderwerp). Alleen voor:",
		"conn_api_token_kept": "API-token bewaard",
		"conn_made_title":     "Koppeling aangemaakt",
		"conn_secret_once":    "Kopieer dit geheim nu in de tool: het wordt niet nog eens getoond.",
		"conn_secret_kept":    "Het geplakte geheim is versleuteld bewaard.",
		"conn_never":          "nog geen",
		"conn_event":          "Ontvangt alleen", "conn_event_unbound": "nog geen (de eerste levering legt het vast)",
		"audit_connection_create": "Live koppeling aangemaakt", "audit_connection_delete": "Live koppeling verwijderd",
		"record/customers": "klanten", "record/orders": "bestellingen", "record/tickets": "tickets",
		"record/messages": "berichten", "record/responses": "antwoorden", "record/mentions": "vermeldingen",
		"record/reviews": "kwaliteitsbeoordelingen", "record/events": "gebeurtenissen", "list_and": "en",
		"source_title/klantpuls": "klantpuls (eigen formaat)",
		"conn_shared_secret": "Koppelingen %s gebruiken hetzelfde geheim: een levering voor de ene wordt ook bij de andere aangenomen " +
			"en geschreven met wat die mag schrijven. Maak er een opnieuw met een eigen geheim (in de tool een eigen webhook) " +
			"en verwijder de oude.",
	},
	"en": {
		"nav/connections": "Live connections", "nav_connections": "Live connections",
		"conn_intro": "A tool (web shop, help desk, survey tool) sends each change to klantpuls as it happens. " +
			"Make a connection here and paste its URL and secret into the tool; README, \"Live connections\", says where for each tool.",
		"conn_caption": "Live connections, oldest first", "conn_source": "Source", "conn_url": "URL to paste into the tool",
		"conn_kinds": "May write", "conn_made": "Made", "conn_last": "Last delivery",
		"conn_deliveries": "Deliveries", "conn_errors": "Errors", "conn_last_error": "Last error",
		"conn_none": "No live connections yet.", "conn_new": "New live connection",
		"conn_kinds_note":     "None ticked: everything the source sends.",
		"conn_secret":         "Secret (from the tool)",
		"conn_secret_note":    "Paste the secret the tool shows (Shopify's app secret, for example). Leave it empty and klantpuls makes one.",
		"conn_api_token":      "API token (from the tool, optional)",
		"conn_api_token_note": "A tool whose webhooks carry only ids is asked for the rest (channel, customer, subject) with it. Only for:",
		"conn_api_token_kept": "API token kept",
		"conn_made_title":     "Connection made",
		"conn_secret_once":    "Copy this secret into the tool now: it is not shown again.",
		"conn_secret_kept":    "The secret pasted is kept encrypted.",
		"conn_never":          "none yet",
		"conn_event":          "Receives only", "conn_event_unbound": "not yet bound (its first delivery binds it)",
		"audit_connection_create": "Live connection made", "audit_connection_delete": "Live connection removed",
		"record/customers": "customers", "record/orders": "orders", "record/tickets": "tickets",
		"record/messages": "messages", "record/responses": "answers", "record/mentions": "mentions",
		"record/reviews": "quality reviews", "record/events": "events", "list_and": "and",
		"source_title/klantpuls": "klantpuls (own format)",
		"conn_shared_secret": "Connections %s share one secret: a delivery to one is taken by the other too, " +
			"written with what that one may write. Make one of them again with a secret of its own (in the tool, a webhook of its own) " +
			"and remove the old one.",
	},
}

func init() { addWords(connectionWords) }
