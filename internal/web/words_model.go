package web

// Words of the customer-value models (BG/NBD, Gamma-Gamma) on the customer page.
func init() {
	addWords(map[string]map[string]string{
		"nl": {"p_alive": "Kans dat de klant nog actief is", "model_left": "– (vertrokken)",
			"alive_after_repeat": "Pas te schatten na een tweede aankoop"},
		"en": {"p_alive": "Chance the customer is still active", "model_left": "– (left)",
			"alive_after_repeat": "Not estimated before a second purchase"},
	})
}
