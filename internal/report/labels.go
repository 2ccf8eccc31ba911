package report

// labels holds every word the table prints, per language. The Dutch words are those the
// service teams who use klantpuls use (Klanttevredenheid, Eerste reactietijd, Verloop).
var labels = map[Lang]map[string]string{
	Dutch: {
		"title": "klantpuls-rapport", "period": "periode", "group": "groep", "none": "(geen)",
		"metric": "Meting", "value": "Waarde", "n": "n", "details": "Toelichting",
		"channel": "Kanaal", "team": "Team", "agent": "Medewerker", "segment": "Segment",
		"nps": "NPS", "csat": "Klanttevredenheid (CSAT)", "ces": "Klantinspanning (CES)",
		"first_response": "Eerste reactietijd", "reply_time": "Antwoordtijd",
		"resolution": "Oplostijd", "first_resolution": "Eerste oplostijd",
		"complaint_resolution": "Klachtafhandeltijd", "fcr": "Oplossing bij 1e contact",
		"wait_time": "Wachttijd", "handle_time": "Afhandeltijd", "tickets": "Tickets",
		"churn": "Verloop (churn)", "retention": "Klantbehoud (CRR)", "clv": "Klantwaarde (CLV)",
		"iqs": "Kwaliteit (IQS)", "engagement": "Betrokkenheid", "feedback_response": "Reactie op feedback",
		"referral": "Doorverwijzingen",
		"business": "werkuren", "calendar": "kalender", "mean": "gem.", "median": "mediaan",
		"unanswered": "onbeantwoord", "days": "dagen", "created": "aangemaakt", "solved": "opgelost",
		"yearly": "per jaar", "start": "begin", "end": "eind", "new": "nieuw", "lost": "weg",
		"aov": "gem. order", "per_year": "orders/jaar", "lifespan": "levensduur", "years": "jaar",
		"historical": "historisch", "replied": "beantwoord", "referred": "doorverwezen",
		"indicative": "* indicatief: n < 30", "no_data": "geen gegevens in deze periode",
	},
	English: {
		"title": "klantpuls report", "period": "period", "group": "group", "none": "(none)",
		"metric": "Metric", "value": "Value", "n": "n", "details": "Details",
		"channel": "Channel", "team": "Team", "agent": "Agent", "segment": "Segment",
		"nps": "NPS", "csat": "Satisfaction (CSAT)", "ces": "Effort (CES)",
		"first_response": "First response time", "reply_time": "Reply time",
		"resolution": "Resolution time", "first_resolution": "First resolution",
		"complaint_resolution": "Complaint handling", "fcr": "First contact resolution",
		"wait_time": "Wait time", "handle_time": "Handle time", "tickets": "Tickets",
		"churn": "Churn", "retention": "Retention (CRR)", "clv": "Lifetime value (CLV)",
		"iqs": "Quality (IQS)", "engagement": "Engagement", "feedback_response": "Feedback response",
		"referral": "Referrals",
		"business": "business", "calendar": "calendar", "mean": "mean", "median": "median",
		"unanswered": "unanswered", "days": "days", "created": "created", "solved": "solved",
		"yearly": "yearly", "start": "start", "end": "end", "new": "new", "lost": "lost",
		"aov": "avg order", "per_year": "orders/yr", "lifespan": "lifespan", "years": "yr",
		"historical": "historical", "replied": "replied", "referred": "referred",
		"indicative": "* indicative: n < 30", "no_data": "no data in this period",
	},
}
