package web

// The configuration file's mistakes (internal/config), said by the command line in its language
// (Refused): each names the file, and the line or the key, then why. The words of the toml
// package (a syntax error) and of the system (a file it cannot read) stay theirs, in English.
func init() {
	addWords(map[string]map[string]string{
		"nl": {
			"config_not_found":         "%s: configuratiebestand niet gevonden",
			"config_unreadable":        "%s: kan het bestand niet lezen: %v",
			"config_syntax":            "%s: regel %d: geen geldige TOML: %s",
			"config_shape":             "%s: een waarde heeft niet de vorm die de instelling vraagt: %s",
			"config_want_table":        "%s: regel %s: %s: hier hoort een tabel, zoals [%s]",
			"config_criteria_tables":   "%s: regel %s: %s: schrijf elk criterium als een eigen tabel, [[scorecards.criteria]]",
			"config_unknown_key":       "%s: onbekende sleutel %s",
			"config_key_case":          "%s: onbekende sleutel %s (sleutels worden in kleine letters geschreven)",
			"config_wrong_type":        "%s: %s: verwacht %s, niet %s",
			"config_not_one_of":        "%s: %s: %q is geen van %s",
			"config_unusable_number":   "%s: %s: %v is geen bruikbaar getal",
			"config_not_a_time_zone":   "%s: %s: %q is geen naam van een tijdzone zoals %q",
			"config_unknown_time_zone": "%s: %s: onbekende tijdzone %q",
			"config_a_whole_number":    "een geheel getal",
			"config_a_number":          "een getal",
			"config_true_or_false":     "true of false",
			"config_a_string":          "tekst tussen aanhalingstekens",
			"config_a_list_like":       "een lijst zoals [%s]",
			"config_strings_like":      "teksten zoals %s",
			"config_a_time_zone":       "de naam van een tijdzone zoals %q",
			"config_a_list":            "een lijst",
			"config_a_table":           "een tabel",
			"config_unquoted_time":     "de datum of tijd %s zonder aanhalingstekens",
		},
		"en": {
			"config_not_found":         "%s: configuration file not found",
			"config_unreadable":        "%s: %v",
			"config_syntax":            "%s: line %d: %s",
			"config_shape":             "%s: %s",
			"config_want_table":        "%s: line %s: %s: want a table here, like [%s]",
			"config_criteria_tables":   "%s: line %s: %s: write each criterion as a table of its own, [[scorecards.criteria]]",
			"config_unknown_key":       "%s: unknown key %s",
			"config_key_case":          "%s: unknown key %s (keys are written in lower case)",
			"config_wrong_type":        "%s: %s: want %s, not %s",
			"config_not_one_of":        "%s: %s: %q is not one of %s",
			"config_unusable_number":   "%s: %s: %v is not a usable number",
			"config_not_a_time_zone":   "%s: %s: %q is not a time zone name like %q",
			"config_unknown_time_zone": "%s: %s: unknown time zone %q",
			"config_a_whole_number":    "a whole number",
			"config_a_number":          "a number",
			"config_true_or_false":     "true or false",
			"config_a_string":          "a string",
			"config_a_list_like":       "a list like [%s]",
			"config_strings_like":      "strings like %s",
			"config_a_time_zone":       "a time zone name like %q",
			"config_a_list":            "a list",
			"config_a_table":           "a table",
			"config_unquoted_time":     "the unquoted date or time %s",
		},
	})
}
