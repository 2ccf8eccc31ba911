package web

// The words of an alert's delivery on the alerts page: held back or refused rather than
// delivered, and the notes (alert.Note) klantpuls keeps of it, each with the numbers its code
// carries.
func init() {
	addWords(map[string]map[string]string{
		"nl": {
			"alert_held":       "Tegengehouden",
			"alert_refused":    "Geweigerd",
			"alert_note_flood": "Tegengehouden: meer dan %d meldingen van deze regel binnen %d minuten; meegeteld in één samenvattend bericht",
			"alert_note_email_held": "E-mail niet verstuurd: een mailserver weigerde het adres eerder voorgoed (een bounce); " +
				"klantpuls mailt het niet meer tot een beheerder het vrijgeeft onder Enquêtes, Onbestelbare adressen",
			"alert_note_email_bounced": "E-mail geweigerd: een mailserver weigerde het adres voorgoed (een bounce); " +
				"klantpuls mailt het niet meer tot een beheerder het vrijgeeft onder Enquêtes, Onbestelbare adressen",
			"alert_note_email_refused": "E-mail geweigerd: de mailserver weigerde dit bericht blijvend, niet het adres (dat wordt niet " +
				"tegengehouden); waarom staat in het antwoord van de mailserver: vaak zijn het de afzenderinstellingen onder " +
				"[mail] in het configuratiebestand, een volle mailbox of de grootte van het bericht",
			"alert_note_webhook_not_tried": "Webhook niet geprobeerd: die mislukte in deze ronde al voor een eerdere melding; de volgende ronde probeert het weer",
			"alert_note_no_mail_server":    "E-mail niet verstuurd: er is geen mailserver ingesteld ([mail] in het configuratiebestand)",
		},
		"en": {
			"alert_held":       "Held back",
			"alert_refused":    "Refused",
			"alert_note_flood": "Held back: more than %d alerts of this rule within %d minutes; counted in one summary message",
			"alert_note_email_held": "E-mail not sent: a mail server refused the address for good before (a bounce); " +
				"klantpuls mails it no more until an admin clears it under Surveys, Undeliverable addresses",
			"alert_note_email_bounced": "E-mail refused: a mail server refused the address for good (a bounce); " +
				"klantpuls mails it no more until an admin clears it under Surveys, Undeliverable addresses",
			"alert_note_email_refused": "E-mail refused: the mail server refused this message for good, not the address (which is not " +
				"held back); its reply says why: often the sender settings under [mail] in the configuration file, a full " +
				"mailbox or the message's size",
			"alert_note_webhook_not_tried": "Webhook not tried: it failed for an earlier alert in this round; the next round tries again",
			"alert_note_no_mail_server":    "E-mail not sent: no mail server is configured ([mail] in the configuration file)",
		},
	})
}
