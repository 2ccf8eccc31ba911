package web

import (
	"context"
	"encoding/json"
	"maps"
	"net/http"
	"slices"
	"strings"

	"github.com/klantpuls/klantpuls/internal/cx"
	"github.com/klantpuls/klantpuls/internal/ingest"
)

// recordDelete deletes one record of a kind: 204 once the deletion is committed (every node
// follows it), a 404 problem when no record has the key. Whoever may send records may delete
// them (the ingest permission).
func (s *Server) recordDelete(kind cx.Kind) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		key, ok := recordKey(w, r, kind)
		if !ok {
			return
		}
		if err := s.app.Delete(s.acting(r), kind, key); err != nil {
			s.fail(w, r, err)
			return
		}
		w.WriteHeader(http.StatusNoContent)
	}
}

// recordKey is the key of the record an address names: its id, and for a review's row (one
// criterion of a review) the ?criterion= too. Without it the request is incomplete: 400.
func recordKey(w http.ResponseWriter, r *http.Request, kind cx.Kind) (string, bool) {
	key := strings.TrimSpace(r.PathValue("id")) // as a record's id is read when it is written
	if kind != cx.KindReviews {
		return key, true
	}
	criterion := r.URL.Query().Get("criterion")
	if strings.TrimSpace(criterion) == "" {
		badRequest(w, r, apiSaid(w, r, "api_review_criterion"))
		return "", false
	}
	return cx.ReviewKey(key, strings.TrimSpace(criterion)), true
}

// customerErase erases a customer's personal data (app.Erase): 200 with what it changed, once
// committed and scrubbed from the database's files; a 404 problem when no record names the
// customer. Admins only; never a GET, so no link or prefetch can set it off.
func (s *Server) customerErase(w http.ResponseWriter, r *http.Request) {
	purge, ok := decodeMembers(w, r, "api_erase_hint", readErase)
	if !ok {
		return
	}
	// Once begun it finishes, also when the client goes away: a scrub cut off half-way would
	// leave the erased text in the database's files.
	res, err := s.app.Erase(context.WithoutCancel(s.acting(r)), strings.TrimSpace(r.PathValue("id")), purge)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, res)
}

// readErase reads an erasure's body, {"purge": true} or false and nothing else (the OpenAPI
// document's EraseRequest). An erasure cannot be undone, so a body that does not say which one
// — {}, a purge that is no boolean, or a misspelt member — erases nothing: decoded into a
// plain bool, {"purge_all": true} erased with purge false. Each problem is said in lang.
func readErase(lang ingest.Lang, body map[string]json.RawMessage) (purge bool, problems []ProblemField) {
	for _, name := range slices.Sorted(maps.Keys(body)) {
		if name != "purge" {
			problems = append(problems, ProblemField{Pointer: "/" + ingest.PointerEscape(name),
				Detail: apiWords(lang, "api_erase_member")})
		}
	}
	var v *bool
	raw, given := body["purge"]
	switch {
	case !given:
		problems = append(problems, ProblemField{Pointer: "/purge", Detail: apiWords(lang, "api_erase_purge_required")})
	case json.Unmarshal(raw, &v) != nil || v == nil:
		problems = append(problems, ProblemField{Pointer: "/purge", Detail: apiWords(lang, "api_must_be_boolean")})
	default:
		purge = *v
	}
	return purge, problems
}
