package web

// The words of the links from figures to their records, the ticket page, the customer list and
// a customer's page.
func init() {
	addWords(map[string]map[string]string{
		"nl": {
			"see_records": "Bekijk de records", "tile_explain": "Wat meet dit?",
			"nav_ticket": "Ticket", "ticket_not_found": "Er is geen ticket %q (of u mag het niet zien).",
			"tk_back": "← Terug naar de lijst", "tk_fields": "Gegevens", "tk_messages": "Berichten",
			"tk_no_text": "(geen tekst bewaard)", "tk_no_messages": "Geen berichten bewaard.", "tk_no_answers": "Geen beoordelingen van dit ticket.", "tk_created": "Aangemaakt", "tk_first_reply": "Eerste reactie",
			"tk_first_solved": "Eerst opgelost", "tk_solved": "Opgelost", "tk_direction": "Richting",
			"tk_complaint": "Klacht", "tk_reopens": "Heropend", "tk_transfers": "Doorverbonden",
			"tk_agent_replies": "Antwoorden van medewerkers", "yes": "ja", "no": "nee",
			"direction/inbound": "inkomend (klant begon)", "direction/outbound": "uitgaand (team begon)",
			"author/customer": "klant", "author/agent": "medewerker", "author/bot": "bot", "author/note": "interne notitie",
			"cl_title": "Alle klanten", "cl_search": "Zoek op naam, e-mail of klantnummer", "cl_find": "Zoeken",
			"cl_name": "Naam", "cl_email": "E-mail",
			"cl_revenue": "Omzet (12 mnd)", "cl_revenue_note": "Omzet: het totaal van de bestellingen (min terugbetalingen) in de twaalf maanden tot het einde van de gekozen periode, het venster van de CLV.",
			"cl_last_contact": "Laatste contact", "cl_nps_class": "NPS-klasse", "cl_none": "Geen klanten gevonden.",
			"cl_bad_page":   "Pagina %q bestaat niet: een paginanummer is een geheel getal van 1 tot %d.",
			"cl_bad_search": "Een zoekterm is hoogstens %d tekens lang, zonder onleesbare tekens.",
			"cl_bad_sort":   "Sorteren op %q kan niet: kies naam, omzet, laatste contact of NPS-klasse.",
			"cl_bad_dir":    "Volgorde %q bestaat niet: kies asc (oplopend) of desc (aflopend).",
			"cl_sort_by":    "Sorteer op %s", "cl_ascending": "oplopend", "cl_descending": "aflopend",
			"cu_no_nps": "Geen NPS-antwoord", "cu_no_contact": "Geen contact", "cu_no_ratings": "Geen beoordelingen.", "cu_no_tickets": "Geen tickets.", "cu_no_orders": "Geen bestellingen.",
			"cu_refund": "Terugbetaling", "cu_refund_of": "Terugbetaling van %s", "cu_refunds": "Terugbetalingen", "cu_kind": "Soort",
			"cu_erased": "Deze klant is gewist (recht op vergetelheid, AVG): naam, e-mailadres, kenmerken en opmerkingen zijn verwijderd. Scores, bestellingen en tickets tellen mee onder dit pseudoniem.",
		},
		"en": {
			"see_records": "See the records", "tile_explain": "What does this measure?",
			"nav_ticket": "Ticket", "ticket_not_found": "There is no ticket %q (or you may not see it).",
			"tk_back": "← Back to the list", "tk_fields": "Details", "tk_messages": "Messages",
			"tk_no_text": "(no text kept)", "tk_no_messages": "No messages kept.", "tk_no_answers": "No ratings of this ticket.", "tk_created": "Created", "tk_first_reply": "First reply",
			"tk_first_solved": "First solved", "tk_solved": "Solved", "tk_direction": "Direction",
			"tk_complaint": "Complaint", "tk_reopens": "Reopened", "tk_transfers": "Transferred",
			"tk_agent_replies": "Agent replies", "yes": "yes", "no": "no",
			"direction/inbound": "inbound (the customer began)", "direction/outbound": "outbound (the team began)",
			"author/customer": "customer", "author/agent": "agent", "author/bot": "bot", "author/note": "internal note",
			"cl_title": "All customers", "cl_search": "Search by name, e-mail or customer id", "cl_find": "Search",
			"cl_name": "Name", "cl_email": "E-mail",
			"cl_revenue": "Revenue (12 mo)", "cl_revenue_note": "Revenue: the total of the orders (less refunds) in the twelve months up to the end of the chosen period, the CLV's window.",
			"cl_last_contact": "Last contact", "cl_nps_class": "NPS class", "cl_none": "No customers found.",
			"cl_bad_page":   "There is no page %q: a page number is a whole number from 1 to %d.",
			"cl_bad_search": "A search is at most %d characters long, without unreadable characters.",
			"cl_bad_sort":   "Cannot sort by %q: choose name, revenue, last contact or NPS class.",
			"cl_bad_dir":    "There is no order %q: choose asc (ascending) or desc (descending).",
			"cl_sort_by":    "Sort by %s", "cl_ascending": "ascending", "cl_descending": "descending",
			"cu_no_nps": "No NPS answer", "cu_no_contact": "No contact", "cu_no_ratings": "No ratings.", "cu_no_tickets": "No tickets.", "cu_no_orders": "No orders.",
			"cu_refund": "Refund", "cu_refund_of": "Refund of %s", "cu_refunds": "Refunds", "cu_kind": "Kind",
			"cu_erased": "This customer was erased (right to erasure, GDPR): name, e-mail address, attributes and comments were removed. Scores, orders and tickets count under this pseudonym.",
		},
	})
}
