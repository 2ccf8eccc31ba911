package web

// The words of the backlog page (Werkvoorraad): what is open now, created against solved, the
// SLA met per team over time and the list of breaches. The age buckets' names are the
// follow-up list's (fu_age_…), as the buckets are the same (metric.AgeBuckets).
func init() {
	addWords(map[string]map[string]string{
		"nl": {
			"nav/backlog": "Werkvoorraad", "nav_backlog": "Werkvoorraad",
			"fl_now": "Nu open", "fl_as_of": "Stand op %s. De gekozen periode geldt hier niet; de filters wel.",
			"fl_open": "Open", "fl_unassigned": "Niet toegewezen", "fl_age": "Leeftijd", "fl_tickets": "Tickets",
			"fl_by_age": "Naar leeftijd", "fl_by_team": "Per team", "fl_oldest": "Oudste",
			"fl_not_measured": "Niet gemeten: geen enkel ticket heeft een oplosdatum (solved_at), dus wat nog open staat is niet bekend.",
			"fl_nothing_open": "Er staat niets open.",
			"fl_flow_day":     "Aangemaakt en opgelost per dag", "fl_flow_week": "Aangemaakt en opgelost per week",
			"fl_flow_month": "Aangemaakt en opgelost per maand", "fl_created": "Aangemaakt", "fl_solved": "Opgelost",
			"fl_step_day": "Dag", "fl_step_week": "Week van", "fl_step_month": "Maand",
			"fl_sla_day": "SLA gehaald per team per dag", "fl_sla_week": "SLA gehaald per team per week",
			"fl_sla_month":        "SLA gehaald per team per maand",
			"fl_sla_note_day":     "Gehaald: het deel van de tickets die op die dag hun streeftijd bereikten dat op tijd een eerste reactie kreeg (100 − het percentage overschrijdingen); n is het aantal van die tickets.",
			"fl_sla_note_week":    "Gehaald: het deel van de tickets die in die week hun streeftijd bereikten dat op tijd een eerste reactie kreeg (100 − het percentage overschrijdingen); n is het aantal van die tickets.",
			"fl_sla_note_month":   "Gehaald: het deel van de tickets die in die maand hun streeftijd bereikten dat op tijd een eerste reactie kreeg (100 − het percentage overschrijdingen); n is het aantal van die tickets.",
			"fl_breaches":         "Overschrijdingen",
			"fl_no_breaches":      "Geen overschrijdingen in deze periode.",
			"fl_sla_not_measured": "Niet gemeten: van geen enkel ticket is een eerste reactie bekend (first_reply_at, berichten of agent_replies), dus of het doel gehaald is, is niet bekend.",
			"fl_ticket":           "Ticket", "fl_due": "Uiterlijk", "fl_answered": "Beantwoord", "fl_not_yet": "nog niet",
			"fl_late": "Te laat (werkuren)", "fl_sort_asc": "oplopend", "fl_sort_desc": "aflopend",
			"fl_bad_param":          "%s: %q kan niet; kies %s.",
			"fl_see_breaches_day":   "De overschrijdingen, ticket voor ticket, en de SLA per dag →",
			"fl_see_breaches_week":  "De overschrijdingen, ticket voor ticket, en de SLA per week →",
			"fl_see_breaches_month": "De overschrijdingen, ticket voor ticket, en de SLA per maand →",
		},
		"en": {
			"nav/backlog": "Backlog", "nav_backlog": "Backlog",
			"fl_now": "Open now", "fl_as_of": "As of %s. The chosen period does not apply here; the filters do.",
			"fl_open": "Open", "fl_unassigned": "Unassigned", "fl_age": "Age", "fl_tickets": "Tickets",
			"fl_by_age": "By age", "fl_by_team": "By team", "fl_oldest": "Oldest",
			"fl_not_measured": "Not measured: no ticket has a solved date (solved_at), so what is still open is not known.",
			"fl_nothing_open": "Nothing is open.",
			"fl_flow_day":     "Created and solved per day", "fl_flow_week": "Created and solved per week",
			"fl_flow_month": "Created and solved per month", "fl_created": "Created", "fl_solved": "Solved",
			"fl_step_day": "Day", "fl_step_week": "Week of", "fl_step_month": "Month",
			"fl_sla_day": "SLA met per team per day", "fl_sla_week": "SLA met per team per week",
			"fl_sla_month":        "SLA met per team per month",
			"fl_sla_note_day":     "Met: of the tickets that reached their target time on that day, the share that had a first reply in time (100 − the breach rate); n is the number of those tickets.",
			"fl_sla_note_week":    "Met: of the tickets that reached their target time in that week, the share that had a first reply in time (100 − the breach rate); n is the number of those tickets.",
			"fl_sla_note_month":   "Met: of the tickets that reached their target time in that month, the share that had a first reply in time (100 − the breach rate); n is the number of those tickets.",
			"fl_breaches":         "Breaches",
			"fl_no_breaches":      "No breaches in this period.",
			"fl_sla_not_measured": "Not measured: no ticket's first reply is known (first_reply_at, messages or agent_replies), so whether the target was met is not known.",
			"fl_ticket":           "Ticket", "fl_due": "Due", "fl_answered": "Answered", "fl_not_yet": "not yet",
			"fl_late": "Late (business hours)", "fl_sort_asc": "ascending", "fl_sort_desc": "descending",
			"fl_bad_param":          "%s: %q is not allowed; choose %s.",
			"fl_see_breaches_day":   "The breaches, ticket by ticket, and the SLA per day →",
			"fl_see_breaches_week":  "The breaches, ticket by ticket, and the SLA per week →",
			"fl_see_breaches_month": "The breaches, ticket by ticket, and the SLA per month →",
		},
	})
}
