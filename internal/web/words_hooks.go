package web

// What the webhook receiver answers a delivery it refuses (hooks_receive.go), in the caller's
// language as the API answers (hookRefused: English without Accept-Language). A reason in it
// that the tool's format or the system words (a signature that does not match, an answer of
// the tool's API) stays in those words.
func init() {
	addWords(map[string]map[string]string{
		"nl": {
			"hook_body_unread":    "de body kon niet worden gelezen",
			"hook_body_too_large": "de body van een levering mag hoogstens %s bytes hebben; er is niets geschreven",
			"hook_unverified": "%v; er is niets geschreven. Controleer of het geheim in de tool dat van deze koppeling is " +
				"(Koppelingen)",
			"hook_no_connection": "geen webhookkoppeling op deze URL; kopieer de URL van de pagina Koppelingen (of klantpuls connection list)",
			"hook_kind_not_allowed": "koppeling %q mag %s schrijven, geen %s; er is niets geschreven (maak een koppeling die dat mag, " +
				"of stuur alleen die soorten)",
			"hook_erase_not_allowed": "koppeling %q mag %s schrijven, geen klanten, en mag dus geen klant wissen; er is niets geschreven",
			"hook_not_stored_yet": "%v; er is niets van deze levering geschreven; de volgende poging van de tool wordt geschreven " +
				"zodra het record er is",
			"hook_fetch_failed": "%v; er is niets geschreven, stuur het opnieuw (een geweigerd token: geef de koppeling een nieuw token)",
			"hook_unreadable":   "%v; er is niets geschreven",
			"hook_other_event": "koppeling %q ontvangt alleen %s, het event van haar eerste levering, en deze noemt %s. De tool " +
				"ondertekent de body, niet het event in de URL, dus dezelfde body onder een ander event is een herhaling, niet van " +
				"de tool; er is niets geschreven. Een webhook van een ander event heeft een eigen koppeling nodig, met het geheim " +
				"van die webhook (een koppeling met een verkeerd event: maak haar opnieuw)",
		},
		"en": {
			"hook_body_unread":    "could not read the body",
			"hook_body_too_large": "a delivery's body may have at most %s bytes; nothing was written",
			"hook_unverified":     "%v; nothing was written. Check that the secret in the tool is the one of this connection (Koppelingen)",
			"hook_no_connection":  "no webhook connection at this URL; copy the URL from the Koppelingen page (or klantpuls connection list)",
			"hook_kind_not_allowed": "connection %q may write %s, not %s; nothing was written (make a connection that may, " +
				"or send only those kinds)",
			"hook_erase_not_allowed": "connection %q may write %s, not customers, so it may not erase one; nothing was written",
			"hook_not_stored_yet":    "%v; nothing of this delivery was written; the tool's next try is written once the record is stored",
			"hook_fetch_failed":      "%v; nothing was written, send it again (a refused token: give the connection a new one)",
			"hook_unreadable":        "%v; nothing was written",
			"hook_other_event": "connection %q receives %s only, the event of its first delivery, and this one names %s. The tool " +
				"signs the body, not the URL's event, so the same body under another event is a replay, not the tool's; nothing " +
				"was written. A webhook of another event needs its own connection, with that webhook's secret (a connection " +
				"given a wrong event: make it again)",
		},
	})
}
