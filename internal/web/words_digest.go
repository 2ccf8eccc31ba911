package web

import (
	"strings"
	"time"
)

// WeekdayName is day in lang's words ("vrijdag", "Friday"), as the digest pages say it: the
// command line reads and says a weekly digest's day in the same words.
func WeekdayName(lang string, day time.Weekday) string {
	return words[lang]["weekday_"+strings.ToLower(day.String()[:3])]
}

// The words of the digest pages: the user's own schedule and the unsubscribe page.
func init() {
	addWords(map[string]map[string]string{
		"nl": {
			"digest_nav": "Overzicht per e-mail", "digest_title": "Overzicht per e-mail",
			"digest_help": "Ontvang uw KPI's per e-mail: voor een manager het hele bedrijf, met een team dat team, voor een " +
				"medewerker de eigen cijfers. Het tijdstip is de lokale tijd van het account; een wekelijks overzicht gaat over de " +
				"laatste volle week, een maandelijks (op de 1e) over de vorige maand.",
			"digest_frequency": "Hoe vaak", "digest_weekday": "Dag (bij wekelijks)", "digest_time": "Tijdstip", "digest_lang": "Taal",
			"digest_none": "Nooit", "digest_daily": "Dagelijks", "digest_weekly": "Wekelijks", "digest_monthly": "Maandelijks",
			"weekday_mon": "maandag", "weekday_tue": "dinsdag", "weekday_wed": "woensdag", "weekday_thu": "donderdag",
			"weekday_fri": "vrijdag", "weekday_sat": "zaterdag", "weekday_sun": "zondag",
			"digest_saved":             "Uw instelling voor het overzicht is opgeslagen.",
			"digest_bad_frequency":     "Hoe vaak: kies nooit, dagelijks, wekelijks of maandelijks.",
			"digest_bad_weekday":       "Dag: kies een dag van de week.",
			"digest_bad_time":          "Tijdstip: vul een tijd in als 08:00.",
			"digest_bad_lang":          "Taal: kies Nederlands of English.",
			"digest_unsubscribe_title": "Afmelden voor het overzicht per e-mail",
			"digest_unsubscribe_help":  "Klik op de knop om geen overzicht per e-mail meer te ontvangen. U kunt het later weer aanzetten bij uw instellingen.",
			"digest_unsubscribe":       "Afmelden",
			"digest_unsubscribed":      "U bent afgemeld: u ontvangt geen overzicht per e-mail meer.",
			"digest_bad_link":          "Deze afmeldlink is ongeldig of verlopen. Log in en zet het overzicht uit bij uw instellingen.",
			"audit_digest_change":      "Overzicht per e-mail gewijzigd",
			"digest_sent_title":        "Laatste overzichten",
			"digest_sent_period":       "Overzicht",
			"digest_sent_at":           "Wanneer",
			"digest_sent_outcome":      "Uitkomst",
			"digest_sent_none":         "Nog geen overzicht verstuurd.",
			"digest_outcome_sent":      "Verstuurd",
			"digest_outcome_bounced": "Niet bezorgd: de mailserver weigerde uw adres blijvend (onbestelbaar), en klantpuls hield het adres " +
				"daarop tegen voor alle e-mail. Een beheerder kan het weer laten mailen onder Onbestelbare adressen op de pagina Enquêtes.",
			"digest_outcome_bounce_held": "Niet verstuurd: uw adres bleek eerder onbestelbaar. Een beheerder kan het weer laten mailen " +
				"onder Onbestelbare adressen op de pagina Enquêtes.",
			"digest_outcome_no_agent": "Niet verstuurd: uw account is niet aan een medewerker gekoppeld, dus er zijn geen eigen cijfers.",
			"digest_outcome_refused": "Niet verstuurd: de mailserver weigerde dit bericht blijvend, niet uw adres (dat wordt niet " +
				"tegengehouden). Waarom staat in het antwoord van de mailserver, in het logboek van de server: vaak zijn het de " +
				"afzenderinstellingen onder [mail] in het configuratiebestand, een volle mailbox of de grootte van het bericht.",
			"digest_outcome_unknown": "Afgehandeld (uitkomst niet bewaard: van voordat klantpuls die bijhield)",
		},
		"en": {
			"digest_nav": "E-mail digest", "digest_title": "E-mail digest",
			"digest_help": "Receive your KPIs by e-mail: the whole company for a manager, that team for one with a team, an " +
				"agent's own figures for an agent. The time is the account's local time; a weekly digest covers the last full " +
				"week, a monthly one (on the 1st) the month before.",
			"digest_frequency": "How often", "digest_weekday": "Day (when weekly)", "digest_time": "Time", "digest_lang": "Language",
			"digest_none": "Never", "digest_daily": "Daily", "digest_weekly": "Weekly", "digest_monthly": "Monthly",
			"weekday_mon": "Monday", "weekday_tue": "Tuesday", "weekday_wed": "Wednesday", "weekday_thu": "Thursday",
			"weekday_fri": "Friday", "weekday_sat": "Saturday", "weekday_sun": "Sunday",
			"digest_saved":             "Your digest setting is saved.",
			"digest_bad_frequency":     "How often: choose never, daily, weekly or monthly.",
			"digest_bad_weekday":       "Day: choose a day of the week.",
			"digest_bad_time":          "Time: enter a time like 08:00.",
			"digest_bad_lang":          "Language: choose Nederlands or English.",
			"digest_unsubscribe_title": "Unsubscribe from the e-mail digest",
			"digest_unsubscribe_help":  "Press the button to stop receiving the e-mail digest. You can switch it on again in your settings.",
			"digest_unsubscribe":       "Unsubscribe",
			"digest_unsubscribed":      "You are unsubscribed: you will receive no more e-mail digests.",
			"digest_bad_link":          "This unsubscribe link is not valid. Sign in and switch the digest off in your settings.",
			"audit_digest_change":      "E-mail digest changed",
			"digest_sent_title":        "Recent digests",
			"digest_sent_period":       "Digest",
			"digest_sent_at":           "When",
			"digest_sent_outcome":      "Outcome",
			"digest_sent_none":         "No digest sent yet.",
			"digest_outcome_sent":      "Sent",
			"digest_outcome_bounced": "Not delivered: the mail server refused your address for good (a bounce), so klantpuls put the " +
				"address on hold for all e-mail. An admin can have it mailed again under Undeliverable addresses on the Surveys page.",
			"digest_outcome_bounce_held": "Not sent: your address bounced before. An admin can have it mailed again under " +
				"Undeliverable addresses on the Surveys page.",
			"digest_outcome_no_agent": "Not sent: your account is not linked to an agent, so there are no figures of your own.",
			"digest_outcome_refused": "Not sent: the mail server refused this message for good, not your address (which is not " +
				"held back). Its reply, in the server's log, says why: often the sender settings under [mail] in the " +
				"configuration file, a full mailbox or the message's size.",
			"digest_outcome_unknown": "Settled (outcome not kept: from before klantpuls recorded it)",
		},
	})
}
