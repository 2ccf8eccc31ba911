package web

// The words of a dashboard page's downloads (dash_export.go): the links, the sheets' and
// tables' names, and why a download is refused.
func init() {
	addWords(map[string]map[string]string{
		"nl": {
			"export_download": "Downloaden", "export_figures": "Cijfers", "export_by_channel": "Per kanaal",
			"export_agents": "Medewerkers", "export_teams": "Teams",
			"export_bad_page":   "page: van %q is geen download; kies overview, service, backlog, team, why, customers, risico, customer, feedback, followups of ticket.",
			"export_forbidden":  "Deze download is alleen voor managers en beheerders.",
			"export_by_segment": "Per segment",
			// The sections of the pages of lists (dash_export_*.go).
			"export_total": "Totaal open", "export_met": "gehaald", "export_csat_drivers": "Wat CSAT beweegt",
			"export_nps_drivers": "Wat NPS beweegt", "export_low": "onder", "export_high": "boven",
			"export_with": "Antwoorden met", "export_without": "Antwoorden zonder", "export_nps_with": "NPS met",
			"export_csat_with": "CSAT met", "export_bound": "De download houdt op na %s rijen; kies een kortere periode of een filter voor de rest.",
			"export_feedback": "Opmerkingen en vermeldingen", "export_text": "Tekst", "export_open_rate": "Geopend (%)",
			"export_followups_open": "Open kritieke antwoorden", "export_followups_all": "Kritieke antwoorden",
			"export_done": "Afgehandeld", "export_field": "Veld", "export_value": "Waarde", "export_moment": "Moment",
			"export_count": "Aantal", "export_duration": "Duur", "export_author": "Afzender",
			"export_superseded": "Vervangen", "export_figure": "Cijfer", "export_share": "Percentage",
			"export_calibration": "Kalibratie", "export_risk_list": "Klanten op omzet in gevaar",
		},
		"en": {
			"export_download": "Download", "export_figures": "Figures", "export_by_channel": "By channel",
			"export_agents": "Agents", "export_teams": "Teams",
			"export_bad_page":   "page: %q has no download; choose overview, service, backlog, team, why, customers, risico, customer, feedback, followups or ticket.",
			"export_forbidden":  "This download is for managers and administrators only.",
			"export_by_segment": "By segment",
			"export_total":      "Total open", "export_met": "met", "export_csat_drivers": "What moves CSAT",
			"export_nps_drivers": "What moves NPS", "export_low": "low", "export_high": "high",
			"export_with": "Answers with", "export_without": "Answers without", "export_nps_with": "NPS with",
			"export_csat_with": "CSAT with", "export_bound": "The download stops after %s rows; choose a shorter period or a filter for the rest.",
			"export_feedback": "Comments and mentions", "export_text": "Text", "export_open_rate": "Opened (%)",
			"export_followups_open": "Open critical answers", "export_followups_all": "Critical answers",
			"export_done": "Handled", "export_field": "Field", "export_value": "Value", "export_moment": "Moment",
			"export_count": "Count", "export_duration": "Duration", "export_author": "From",
			"export_superseded": "Replaced", "export_figure": "Figure", "export_share": "Percentage",
			"export_calibration": "Calibration", "export_risk_list": "Customers by revenue at risk",
		},
	})
}
