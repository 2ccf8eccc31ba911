package web

// The words of a dashboard page's downloads (dash_export.go): the links, the sheets' and
// tables' names, and why a download is refused.
func init() {
	addWords(map[string]map[string]string{
		"nl": {
			"export_download": "Downloaden", "export_figures": "Cijfers", "export_by_channel": "Per kanaal",
			"export_agents": "Medewerkers", "export_teams": "Teams",
			"export_bad_page":   "page: van %q is geen download; kies overview, service, team of customers.",
			"export_forbidden":  "Deze download is alleen voor managers en beheerders.",
			"export_by_segment": "Per segment",
		},
		"en": {
			"export_download": "Download", "export_figures": "Figures", "export_by_channel": "By channel",
			"export_agents": "Agents", "export_teams": "Teams",
			"export_bad_page":   "page: %q has no download; choose overview, service, team or customers.",
			"export_forbidden":  "This download is for managers and administrators only.",
			"export_by_segment": "By segment",
		},
	})
}
