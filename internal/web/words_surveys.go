package web

// surveysWords are the words of what the surveys page's forms did (surveys_result.go) and of a
// change it refuses.
var surveysWords = map[string]map[string]string{
	"nl": {
		"survey_saved": "Enquête bewaard.", "site_added": "Website toegevoegd.",
		"survey_kind_fixed": "Soort: deze enquête heeft al uitnodigingen, en hun links stellen de vraag als %s; " +
			"een antwoord daarop mag niet als %s tellen. Maak voor een andere soort een nieuwe enquête.",
		"survey_inactive":              "Deze enquête staat uit: zet hem eerst aan om uitnodigingen te versturen.",
		"count/inv_queued/one":         "uitnodiging klaargezet om te versturen",
		"count/inv_queued/other":       "uitnodigingen klaargezet om te versturen",
		"count/inv_throttled/one":      "niet verstuurd omdat de klant kort geleden al een enquête kreeg",
		"count/inv_throttled/other":    "niet verstuurd omdat de klant kort geleden al een enquête kreeg",
		"count/inv_unsubscribed/one":   "niet verstuurd omdat het adres zich afmeldde voor enquêtes",
		"count/inv_unsubscribed/other": "niet verstuurd omdat het adres zich afmeldde voor enquêtes",
		"count/inv_bounce_held/one":    "niet verstuurd omdat het adres eerder onbestelbaar bleek",
		"count/inv_bounce_held/other":  "niet verstuurd omdat de adressen eerder onbestelbaar bleken",
		"count/inv_duplicate/one":      "dubbel adres overgeslagen (stond al eerder in de lijst)",
		"count/inv_duplicate/other":    "dubbele adressen overgeslagen (stonden al eerder in de lijst)",
		"bounce_cleared":               "Het adres wordt weer gemaild.",
		"bounce_none":                  "Dit adres werd niet tegengehouden omdat het onbestelbaar was; er is niets veranderd.",
		"bounces":                      "Onbestelbare adressen",
		"bounces_about": "Een adres dat een mailserver voorgoed weigerde (een bounce) krijgt geen e-mail van klantpuls meer: " +
			"geen uitnodigingen, overzichten of meldingen. Werkt de mailbox weer, laat het adres dan hier weer mailen " +
			"(of vul een adres in dat niet in de lijst staat, zoals dat van een gewiste klant). Een afmelding blijft altijd staan.",
		"bounces_since":   "Tegengehouden sinds",
		"bounces_none":    "Nu geen onbestelbare adressen.",
		"bounce_clear":    "Weer mailen",
		"inv_none":        "Geen uitnodigingen gemaakt",
		"inv_not_made":    "Niet uitgenodigd",
		"inv_line":        "regel %d (%s): %s",
		"inv_no_address":  "geen e-mailadres bekend van deze klant",
		"inv_no_customer": "geen klant met dit klantnummer",
		"inv_bad_address": "geen geldig e-mailadres",
		"inv_failed":      "mislukt; de oorzaak staat in het logboek van de server",
		"inv_not_named":   "en nog %d regels",
	},
	"en": {
		"survey_saved": "Survey saved.", "site_added": "Web site added.",
		"survey_kind_fixed": "Kind: this survey already has invitations, whose links ask the question as %s; " +
			"an answer to them must not count as %s. Make a new survey for another kind.",
		"survey_inactive":              "This survey is switched off: switch it on first to send invitations.",
		"count/inv_queued/one":         "invitation queued to be sent",
		"count/inv_queued/other":       "invitations queued to be sent",
		"count/inv_throttled/one":      "not sent because the customer was sent a survey recently",
		"count/inv_throttled/other":    "not sent because the customers were sent a survey recently",
		"count/inv_unsubscribed/one":   "not sent because the address unsubscribed from surveys",
		"count/inv_unsubscribed/other": "not sent because the addresses unsubscribed from surveys",
		"count/inv_bounce_held/one":    "not sent because the address bounced before",
		"count/inv_bounce_held/other":  "not sent because the addresses bounced before",
		"count/inv_duplicate/one":      "duplicate address skipped (already earlier in the list)",
		"count/inv_duplicate/other":    "duplicate addresses skipped (already earlier in the list)",
		"bounce_cleared":               "The address is mailed again.",
		"bounce_none":                  "This address was not held back for a bounce; nothing changed.",
		"bounces":                      "Undeliverable addresses",
		"bounces_about": "An address a mail server refused for good (a bounce) gets no more e-mail from klantpuls: " +
			"no invitations, digests or alerts. When the mailbox works again, have it mailed again here " +
			"(or enter an address the list does not show, such as an erased customer's). An unsubscribe always stays.",
		"bounces_since":   "Held since",
		"bounces_none":    "No undeliverable addresses now.",
		"bounce_clear":    "Mail again",
		"inv_none":        "No invitations made",
		"inv_not_made":    "Not invited",
		"inv_line":        "line %d (%s): %s",
		"inv_no_address":  "no e-mail address known for this customer",
		"inv_no_customer": "no customer with this id",
		"inv_bad_address": "not a valid e-mail address",
		"inv_failed":      "failed; the cause is in the server's log",
		"inv_not_named":   "and %d more lines",
	},
}

func init() { addWords(surveysWords) }
