package web

import (
	"fmt"
	"net/http"
	"slices"

	"github.com/klantpuls/klantpuls/internal/ingest"
)

// What the JSON API says of a request it does not take as a whole — a body too large or not
// read, a path it has not, an invitation, a user, a token or an erasure refused — in the
// language of the request (apiLanguage: its Accept-Language, else English), as it says a
// record it refuses in ingest's words. The words are the catalogue's, one entry per key in
// each language; the English is the API's own.

// apiSaid is the sentence under key in r's API language, with args. The answer then differs by
// Accept-Language, which w tells a cache.
func apiSaid(w http.ResponseWriter, r *http.Request, key string, args ...any) string {
	varyByLanguage(w)
	return apiWords(apiLanguage(r), key, args...)
}

// apiWords is the sentence under key in lang (apiLanguage), with args.
func apiWords(lang ingest.Lang, key string, args ...any) string {
	return fmt.Sprintf(words[string(lang)][key], args...)
}

// apiReason is reason, why err refused a field, as lang (apiLanguage) says it: in Dutch the
// sentence under err's key, as web.Refused says a refusal on the command line; in English
// reason, the words of the rule that refused it. The caller tells a cache that the answer
// differs by Accept-Language (varyByLanguage).
func apiReason(lang ingest.Lang, err error, reason string) string {
	if lang != ingest.English {
		if text, ok := said(string(lang), err); ok {
			return text
		}
	}
	return reason
}

// varyByLanguage tells a cache that the answer w writes differs by Accept-Language, once.
func varyByLanguage(w http.ResponseWriter) {
	if !slices.Contains(w.Header().Values("Vary"), "Accept-Language") {
		w.Header().Add("Vary", "Accept-Language")
	}
}

// writeSaid answers a problem of status whose detail is the sentence under key (apiSaid).
func writeSaid(w http.ResponseWriter, r *http.Request, status int, key string, args ...any) {
	writeProblem(w, r, Problem{Status: status, Detail: apiSaid(w, r, key, args...)})
}

func init() {
	addWords(map[string]map[string]string{
		"nl": {
			"api_body_too_large": "de body is groter dan %d bytes; stuur minder tegelijk",
			"api_body_empty":     "de body is leeg",
			"api_compressed":     "Content-Encoding %s wordt niet aangenomen: stuur de body ongecomprimeerd",
			"api_patch_type": "stuur de wijziging als %s (of application/json): een JSON-object met de velden die veranderen, " +
				"null om er een te verwijderen",
			"api_no_path": "de API heeft geen pad %s; zijn paden staan in %sopenapi.json",
			// POST /api/v1/invitations (api_invitations.go), and why survey refuses one.
			"api_invite_hint":       "stuur een uitnodiging als JSON-object, of een array ervan, met %s",
			"api_invite_too_many":   "%d uitnodigingen tegelijk; hoogstens %d",
			"api_invite_not_made":   "er is geen uitnodiging gemaakt",
			"api_invite_member":     "geen veld van een uitnodiging: %s",
			"api_not_object":        "geen JSON-object",
			"api_member_again":      "veld %q is %q nog eens in andere letters",
			"api_must_be_string":    "moet een tekst zijn",
			"api_must_be_number":    "moet een geheel getal zijn",
			"invite_no_survey":      "er is geen enquête %d",
			"invite_survey_off":     "enquête %d staat uit",
			"invite_bad_channel":    "%q is geen email of web",
			"invite_no_ticket":      "er is geen ticket %q opgeslagen, en er is geen adres gegeven",
			"invite_no_customer":    "er is geen klant %q opgeslagen, en er is geen adres gegeven",
			"invite_no_address_of":  "er is geen adres gegeven, en van klant %q is er geen bekend",
			"invite_no_address":     "er is geen adres gegeven, en geen klant om er een van te nemen",
			"invite_bad_address":    "%q is geen e-mailadres",
			"invite_bad_address_of": "het adres van klant %q, %q, is geen e-mailadres",
			// The users, tokens and erasure API (api_accounts.go, api_users.go, api_delete.go).
			"api_user_hint":           "stuur een JSON-object met email, password, role, agent en team",
			"api_token_hint":          `stuur een JSON-object met name, scope (read of write) en eventueel expires (zoals "90d")`,
			"api_user_change_hint":    "stuur een JSON-object met een of meer van role, agent, team en password",
			"api_user_change_member":  "geen veld van een wijziging van een gebruiker (%s); het e-mailadres kan niet veranderen",
			"api_user_change_nothing": "het object noemt niets om te wijzigen",
			"api_not_null":            "mag niet null zijn",
			"api_must_be_type":        "moet een %s zijn",
			"api_must_be_boolean":     "moet true of false zijn",
			"api_erase_hint": `stuur {"purge": false} om de scores van de klant anoniem te bewaren, ` +
				`{"purge": true} om de records van de klant te verwijderen`,
			"api_erase_member":         "geen veld van een wissing: stuur alleen purge",
			"api_erase_purge_required": "verplicht: true verwijdert de records van de klant, false bewaart de scores anoniem",
			"api_review_criterion":     "een rij van een review wordt genoemd met review_id en criterium: zet ?criterion=… achter het adres",
		},
		"en": {
			"api_body_too_large":       "the body is larger than %d bytes; send less at once",
			"api_body_empty":           "the body is empty",
			"api_compressed":           "Content-Encoding %s is not accepted: send the body uncompressed",
			"api_patch_type":           "send the patch as %s (or application/json): a JSON object of the fields to change, null to remove one",
			"api_no_path":              "the API has no path %s; its paths are in %sopenapi.json",
			"api_invite_hint":          "send an invitation object or an array of them: %s",
			"api_invite_too_many":      "%d invitations at once; at most %d",
			"api_invite_not_made":      "no invitation was made",
			"api_invite_member":        "not a member of an invitation: %s",
			"api_not_object":           "not a JSON object",
			"api_member_again":         "member %q is %q again in other letters",
			"api_must_be_string":       "must be a string",
			"api_must_be_number":       "must be a whole number",
			"invite_no_survey":         "no survey %d",
			"invite_survey_off":        "survey %d is not active",
			"invite_bad_channel":       "%q is not email or web",
			"invite_no_ticket":         "no ticket %q is stored, and no address given",
			"invite_no_customer":       "no customer %q is stored, and no address given",
			"invite_no_address_of":     "no address given, and none known for customer %q",
			"invite_no_address":        "no address given, and no customer to take one from",
			"invite_bad_address":       "%q is not an e-mail address",
			"invite_bad_address_of":    "the address of customer %q, %q, is not an e-mail address",
			"api_user_hint":            "send a JSON object with email, password, role, agent and team",
			"api_token_hint":           `send a JSON object with name, scope (read or write) and optionally expires (like "90d")`,
			"api_user_change_hint":     "send a JSON object with one or more of role, agent, team and password",
			"api_user_change_member":   "not a member of a user's change (%s); the e-mail address cannot be changed",
			"api_user_change_nothing":  "the object names nothing to change",
			"api_not_null":             "cannot be null",
			"api_must_be_type":         "must be a %s",
			"api_must_be_boolean":      "must be true or false",
			"api_erase_hint":           `send {"purge": false} to keep the customer's scores anonymously, {"purge": true} to delete their records`,
			"api_erase_member":         "not a member of an erasure: send only purge",
			"api_erase_purge_required": "required: true deletes the customer's records, false keeps their scores anonymously",
			"api_review_criterion":     "a review row is named by its review_id and criterion: add ?criterion=… to the address",
		},
	})
}
