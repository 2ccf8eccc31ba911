package web

// The words of the users page and of the own password page.
func init() {
	addWords(map[string]map[string]string{
		"nl": {
			"nav/users": "Gebruikers", "nav_users": "Gebruikers",
			"users_intro": "Wie kan inloggen, met welke rol. Een nieuwe rol of een nieuw wachtwoord meldt de gebruiker overal af; " +
				"een verwijderde gebruiker is meteen overal afgemeld, de API-tokens werken niet meer, het overzicht per e-mail " +
				"stopt en de opvolgingen zijn weer van niemand. Het auditlog bewaart elke regel waarin de gebruiker voorkomt.",
			"users_caption": "Gebruikers", "user_role": "Rol", "user_agent": "Medewerkersnaam (op de tickets)",
			"user_team": "Team", "user_last_sign_in": "Laatst ingelogd", "user_never_signed_in": "niet bekend",
			"user_you": "u", "user_manage": "Wijzigen",
			"user_new_password":   "Nieuw wachtwoord",
			"user_password_help":  "Geef het de gebruiker op een veilige manier door; daarna kan de gebruiker het zelf wijzigen bij Wachtwoord.",
			"user_set_password":   "Wachtwoord instellen",
			"user_remove_help":    "Verwijderen kan niet ongedaan worden gemaakt.",
			"user_remove_confirm": "Ja, verwijder deze gebruiker", "user_remove": "Gebruiker verwijderen",
			"user_new": "Nieuwe gebruiker", "user_add": "Gebruiker toevoegen",
			"user_created": "De gebruiker is toegevoegd.", "user_changed": "De gebruiker is gewijzigd.",
			"user_password_set":   "Het wachtwoord is ingesteld; de gebruiker is overal afgemeld.",
			"user_removed":        "De gebruiker is verwijderd.",
			"user_confirm_needed": "Vink het vakje aan om de gebruiker te verwijderen.",
			"user_last_admin": "%s is de laatste beheerder en kan niet worden verwijderd of een andere rol krijgen. " +
				"Maak eerst een andere gebruiker beheerder.",
			"audit_user_change": "Gebruiker gewijzigd", "audit_user_remove": "Gebruiker verwijderd",
			"audit_user_password": "Wachtwoord ingesteld",
			"password_nav":        "Wachtwoord", "password_title": "Wachtwoord wijzigen",
			"password_help":    "Vul uw huidige wachtwoord in en een nieuw. U blijft hier ingelogd; overal anders wordt u afgemeld.",
			"password_current": "Huidig wachtwoord", "password_new": "Nieuw wachtwoord", "password_save": "Wachtwoord wijzigen",
			"password_changed":       "Uw wachtwoord is gewijzigd. Op andere apparaten bent u afgemeld.",
			"password_wrong_current": "Dit is niet uw huidige wachtwoord.",
			"password_no_current":    "Vul uw huidige wachtwoord in.",
			"password_no_new":        "Vul een nieuw wachtwoord in.",
		},
		"en": {
			"nav/users": "Users", "nav_users": "Users",
			"users_intro": "Who can sign in, with which role. A new role or a new password signs the user out everywhere; a " +
				"removed user is signed out everywhere at once, their API tokens stop working, their e-mail digest stops and " +
				"their follow-ups are nobody's again. The audit log keeps every line about them.",
			"users_caption": "Users", "user_role": "Role", "user_agent": "Agent name (on the tickets)",
			"user_team": "Team", "user_last_sign_in": "Last signed in", "user_never_signed_in": "not known",
			"user_you": "you", "user_manage": "Change",
			"user_new_password":   "New password",
			"user_password_help":  "Pass it on to the user safely; they can then change it themselves under Password.",
			"user_set_password":   "Set password",
			"user_remove_help":    "Removing cannot be undone.",
			"user_remove_confirm": "Yes, remove this user", "user_remove": "Remove user",
			"user_new": "New user", "user_add": "Add user",
			"user_created": "The user was added.", "user_changed": "The user was changed.",
			"user_password_set":   "The password is set; the user is signed out everywhere.",
			"user_removed":        "The user was removed.",
			"user_confirm_needed": "Tick the box to remove the user.",
			"user_last_admin": "%s is the last administrator and cannot be removed or given another role. " +
				"Make another user an administrator first.",
			"audit_user_change": "User changed", "audit_user_remove": "User removed",
			"audit_user_password": "Password set",
			"password_nav":        "Password", "password_title": "Change password",
			"password_help":    "Enter your current password and a new one. You stay signed in here; everywhere else you are signed out.",
			"password_current": "Current password", "password_new": "New password", "password_save": "Change password",
			"password_changed":       "Your password was changed. You are signed out on other devices.",
			"password_wrong_current": "This is not your current password.",
			"password_no_current":    "Enter your current password.",
			"password_no_new":        "Enter a new password.",
		},
	})
}
