package web

import (
	"bytes"
	"encoding/json"
	"errors"
	"net/http"
	"strconv"
	"strings"

	"github.com/klantpuls/klantpuls/internal/cx"
	"github.com/klantpuls/klantpuls/internal/ingest"
	"github.com/klantpuls/klantpuls/internal/survey"
)

// invitationIn is one invitation request of the API.
type invitationIn struct {
	SurveyID   int64  `json:"survey_id"`
	CustomerID string `json:"customer_id"`
	TicketID   string `json:"ticket_id"`
	Email      string `json:"email"`
	Lang       string `json:"lang"`
	Channel    string `json:"channel"` // email (default) or web
}

// invitationMembers names the members of an invitation request, for a body that has others.
const invitationMembers = "survey_id, customer_id, ticket_id, email, lang, channel"

// invitationOut tells what became of it; a web invitation carries its link. An item that
// repeats an earlier one of its batch (survey.Repeats) makes none: its entry is the earlier
// item's invitation, and DuplicateOf names that item by its JSON pointer ("/0").
type invitationOut struct {
	ID          string `json:"id"`
	Status      string `json:"status"`
	URL         string `json:"url,omitempty"`
	DuplicateOf string `json:"duplicate_of,omitempty"`
}

// invitationsAPI invites one customer or a batch (an array): for example right after a ticket
// is solved, from a help desk's webhook. E-mail invitations are queued (or recorded as throttled
// or unsubscribed); a web invitation answers with its survey link. Every invitation of a batch
// is checked before any is made: one refused refuses the batch, naming it, and makes none. An
// address the batch names again is invited once (survey.Repeats); the answer has an entry an
// item, in the batch's order, a repeat's naming the item it repeats.
func (s *Server) invitationsAPI(w http.ResponseWriter, r *http.Request) {
	body, ok := readBody(w, r)
	if !ok {
		return
	}
	lang := apiLanguage(r)
	varyByLanguage(w)
	items, pointers, p := readInvitations(lang, body)
	if p != nil {
		writeProblem(w, r, *p)
		return
	}
	invs := make([]*cx.Invitation, 0, len(items))
	var refused []ProblemField
	for i, in := range items {
		inv, err := s.surveys.Prepare(r.Context(), survey.Request{SurveyID: in.SurveyID, CustomerID: in.CustomerID,
			TicketID: in.TicketID, Email: in.Email, Lang: in.Lang, Channel: in.Channel})
		if field, reason, ok := survey.Refusal(err); ok {
			refused = append(refused, ProblemField{Pointer: pointers[i] + "/" + field, Detail: apiReason(lang, err, reason)})
			continue
		}
		if err != nil {
			s.fail(w, r, err)
			return
		}
		invs = append(invs, inv)
	}
	if len(refused) > 0 {
		writeProblem(w, r, invalidInvitations(lang, refused))
		return
	}
	out := make([]invitationOut, 0, len(invs))
	made := map[int64]map[string]int{}
	defer s.auditInvitations(r, made) // what was made, also when storing a later one fails
	var repeats survey.Repeats
	for i, inv := range invs {
		if earlier, repeat := repeats.Of(inv, i); repeat {
			o := out[earlier]
			o.DuplicateOf = pointers[earlier]
			out = append(out, o)
			continue
		}
		if err := s.surveys.Make(r.Context(), inv); err != nil {
			s.fail(w, r, err)
			return
		}
		if made[inv.SurveyID] == nil {
			made[inv.SurveyID] = map[string]int{}
		}
		made[inv.SurveyID][inv.Status]++
		o := invitationOut{ID: inv.ID, Status: inv.Status}
		if survey.Handed(inv) {
			o.URL = s.surveys.PageLink(inv)
		}
		out = append(out, o)
	}
	writeJSON(w, http.StatusOK, map[string]any{"invitations": out})
}

// invalidInvitations is the answer to invitations refused (as many as ingest lists), in lang as
// the fields' own words are.
func invalidInvitations(lang ingest.Lang, fields []ProblemField) Problem {
	detail := ingest.RefusalDetail(lang, len(fields), apiWords(lang, "api_invite_not_made"))
	if len(fields) > ingest.MaxProblems {
		fields = fields[:ingest.MaxProblems]
	}
	return Problem{Status: http.StatusUnprocessableEntity, Title: "Invalid invitations", Detail: detail, Errors: fields}
}

// readInvitations reads one invitation object or an array of them, each with the JSON pointer
// of where it is in the body ("" for one object, "/1" for the second of an array). A body that
// is neither is a 400, naming the byte where it stops being JSON as ingest counts it; a member
// that is not an invitation's, a value of the wrong type, a member given twice or text that is
// not UTF-8 a 422 pointing at it (RFC 6901), as ingest's; each said in lang.
func readInvitations(lang ingest.Lang, body []byte) ([]invitationIn, []string, *Problem) {
	hint := apiWords(lang, "api_invite_hint", invitationMembers)
	if err := json.Unmarshal(body, new(json.RawMessage)); err != nil {
		return nil, nil, &Problem{Status: http.StatusBadRequest, Detail: notJSONDetail(lang, body, err, hint)}
	}
	t := bytes.TrimLeft(body, " \t\r\n") // not empty: JSON
	if t[0] != '{' && t[0] != '[' {      // JSON, but no object nor array
		return nil, nil, &Problem{Status: http.StatusBadRequest, Detail: hint}
	}
	raws := []json.RawMessage{body}
	pointers := []string{""}
	if t[0] == '[' {
		json.Unmarshal(body, &raws) // no error: valid JSON, and any array fits
		if len(raws) > MaxBatch {
			return nil, nil, &Problem{Status: http.StatusRequestEntityTooLarge,
				Detail: apiWords(lang, "api_invite_too_many", len(raws), MaxBatch)}
		}
		pointers = make([]string, len(raws))
		for i := range raws {
			pointers[i] = "/" + strconv.Itoa(i)
		}
	}
	fields := problemFields(ingest.CheckBodyIn(lang, body))
	items := make([]invitationIn, len(raws))
	for i, raw := range raws {
		dec := json.NewDecoder(bytes.NewReader(raw))
		dec.DisallowUnknownFields()
		err := dec.Decode(&items[i])
		var typeErr *json.UnmarshalTypeError
		switch {
		case err == nil:
		case errors.As(err, &typeErr) && typeErr.Field == "":
			fields = append(fields, ProblemField{Pointer: pointers[i], Detail: apiWords(lang, "api_not_object")})
		case errors.As(err, &typeErr):
			fields = append(fields, ProblemField{Pointer: pointers[i] + wrongTypePointer(raw, typeErr),
				Detail: apiWords(lang, jsonKind(typeErr.Type.Kind().String()))})
		default:
			// encoding/json says an unknown member only in its message: json: unknown field "x".
			name, known := strings.CutPrefix(err.Error(), "json: unknown field ")
			if !known {
				return nil, nil, &Problem{Status: http.StatusBadRequest, Detail: hint + " (" + err.Error() + ")"}
			}
			name, _ = strconv.Unquote(name)
			fields = append(fields, ProblemField{Pointer: pointers[i] + "/" + ingest.PointerEscape(name),
				Detail: apiWords(lang, "api_invite_member", invitationMembers)})
		}
	}
	if len(fields) > 0 {
		p := invalidInvitations(lang, fields)
		return nil, nil, &p
	}
	return items, pointers, nil
}

// jsonKind is the key of what a JSON value of a Go kind must be, in the API's words.
func jsonKind(kind string) string {
	if kind == "string" {
		return "api_must_be_string"
	}
	return "api_must_be_number"
}
