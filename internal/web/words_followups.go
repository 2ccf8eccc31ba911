package web

// The words of the follow-up list's count, filters, pages and bulk assignment.
func init() {
	addWords(map[string]map[string]string{
		"nl": {
			"fu_open_count": "%s open", "fu_count": "%s in totaal",
			"fu_everyone": "Iedereen", "fu_unassigned": "Niet toegewezen",
			"fu_me": "Ik", "fu_kind": "Soort", "fu_all": "Alle", "fu_age": "Leeftijd", "fu_score": "Score",
			"fu_sort": "Volgorde", "fu_oldest": "Oudste eerst", "fu_newest": "Nieuwste eerst", "fu_apply": "Toepassen",
			"fu_age_1d": "Jonger dan 1 dag", "fu_age_1-3d": "1–3 dagen", "fu_age_3-7d": "3–7 dagen", "fu_age_7d+": "7 dagen of ouder",
			"fu_assign_ticked": "Aangevinkte toewijzen aan", "fu_assign": "Toewijzen", "fu_tick": "Aanvinken",
			"audit_followup_assign": "Opvolging toegewezen", "audit_followup_change": "Opvolging gewijzigd",
		},
		"en": {
			"fu_open_count": "%s open", "fu_count": "%s in all",
			"fu_everyone": "Everyone", "fu_unassigned": "Unassigned",
			"fu_me": "Me", "fu_kind": "Kind", "fu_all": "All", "fu_age": "Age", "fu_score": "Score",
			"fu_sort": "Order", "fu_oldest": "Oldest first", "fu_newest": "Newest first", "fu_apply": "Apply",
			"fu_age_1d": "Under 1 day", "fu_age_1-3d": "1–3 days", "fu_age_3-7d": "3–7 days", "fu_age_7d+": "7 days or more",
			"fu_assign_ticked": "Assign ticked to", "fu_assign": "Assign", "fu_tick": "Tick",
			"audit_followup_assign": "Follow-up assigned", "audit_followup_change": "Follow-up changed",
		},
	})
}
