package web

import (
	"fmt"
	"net/http"
)

// What the JSON API says of a request it does not take as a whole — a body too large or not
// read, a path it has not, an invitation refused — in the language of the request
// (apiLanguage: its Accept-Language, else English), as it says a record it refuses in ingest's
// words. The words are the catalogue's, one entry per key in each language; the English is the
// API's own.

// apiSaid is the sentence under key in r's API language, with args. The answer then differs by
// Accept-Language, which w tells a cache.
func apiSaid(w http.ResponseWriter, r *http.Request, key string, args ...any) string {
	w.Header().Add("Vary", "Accept-Language")
	return fmt.Sprintf(words[string(apiLanguage(r))][key], args...)
}

// writeSaid answers a problem of status whose detail is the sentence under key (apiSaid).
func writeSaid(w http.ResponseWriter, r *http.Request, status int, key string, args ...any) {
	writeProblem(w, r, Problem{Status: status, Detail: apiSaid(w, r, key, args...)})
}

func init() {
	addWords(map[string]map[string]string{
		"nl": {
			"api_body_too_large":  "de body is te groot",
			"api_batch_too_large": "de body is groter dan %d bytes; stuur kleinere batches",
			"api_compressed":      "Content-Encoding %s wordt niet aangenomen: stuur de body ongecomprimeerd",
			"api_patch_type": "stuur de wijziging als %s (of application/json): een JSON-object met de velden die veranderen, " +
				"null om er een te verwijderen",
			"api_no_path": "de API heeft geen pad %s; zijn paden staan in %sopenapi.json",
		},
		"en": {
			"api_body_too_large":  "the body is too large",
			"api_batch_too_large": "the body is larger than %d bytes; send smaller batches",
			"api_compressed":      "Content-Encoding %s is not accepted: send the body uncompressed",
			"api_patch_type":      "send the patch as %s (or application/json): a JSON object of the fields to change, null to remove one",
			"api_no_path":         "the API has no path %s; its paths are in %sopenapi.json",
		},
	})
}
