package web

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"log/slog"
	"net/http"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"unicode"

	"github.com/klantpuls/klantpuls/internal/app"
	"github.com/klantpuls/klantpuls/internal/cx"
	"github.com/klantpuls/klantpuls/internal/ingest"
)

// decodeJSON reads a small JSON object into v, its body read as every body is (readBody); on
// failure it answers (422 naming a field of the wrong type by the member its json tag names, or
// the body when it is no object; 400 naming the byte where it stops being JSON as ingest counts
// it, 400 otherwise) and returns false. A body that decodes is also checked as an ingest body is
// (ingest.CheckBody): a member given twice or text that is not UTF-8 would be taken silently
// (the last one winning, U+FFFD), so it gets a 422 naming the pointer. Every
// refusal is said in the request's language (apiLanguage), the one it returns for the caller's
// own refusals, with the sentence under hintKey telling what to send.
func decodeJSON(w http.ResponseWriter, r *http.Request, v any, hintKey string) (ingest.Lang, bool) {
	lang := apiLanguage(r)
	body, ok := readBody(w, r)
	if !ok {
		return lang, false
	}
	varyByLanguage(w)
	hint := apiWords(lang, hintKey)
	// Unmarshal, not a Decoder: it refuses anything after the value but white space (another
	// value, a stray "]") with the byte where it stops being JSON, as any other slip is named.
	err := json.Unmarshal(body, v)
	var typeErr *json.UnmarshalTypeError
	switch {
	case err == nil:
		problems := problemFields(ingest.CheckBodyIn(lang, body))
		if len(problems) == 0 {
			problems = membersAgain(lang, body)
		}
		if len(problems) == 0 {
			return lang, true
		}
		writeProblem(w, r, Problem{Status: http.StatusUnprocessableEntity, Detail: hint, Errors: problems})
	case errors.As(err, &typeErr) && typeErr.Field == "":
		// The body itself (an array, a number) is no object: the pointer to it is "".
		writeProblem(w, r, Problem{Status: http.StatusUnprocessableEntity, Detail: hint,
			Errors: []ProblemField{{Pointer: "", Detail: apiWords(lang, "api_not_object")}}})
	case errors.As(err, &typeErr):
		writeProblem(w, r, Problem{Status: http.StatusUnprocessableEntity, Detail: hint,
			Errors: []ProblemField{{Pointer: wrongTypePointer(body, typeErr), Detail: mustBe(lang, typeErr.Type)}}})
	default:
		badRequest(w, r, notJSONDetail(lang, body, err, hint))
	}
	return lang, false
}

// membersAgain names each member of body's object whose name is an earlier one's in other
// letters ("EMAIL" after "email", "ſcope" after "scope"). encoding/json fills a struct's field
// from any member whose name folds to its tag's, the last one winning, so such a pair is a
// member given twice that ingest.CheckBody, which compares names exactly, does not see: a
// proxy or log reading "scope":"read" would miss the "SCOPE":"write" the token was made with.
// Names fold as encoding/json folds them (foldName).
func membersAgain(lang ingest.Lang, body []byte) []ProblemField {
	dec := json.NewDecoder(bytes.NewReader(body))
	if tok, err := dec.Token(); err != nil || tok != json.Delim('{') {
		return nil // no object: nothing to fold (null decodes into a struct too)
	}
	first := map[string]string{} // folded name: the name as first given
	var out []ProblemField
	for dec.More() {
		tok, err := dec.Token()
		name, _ := tok.(string)
		var skip json.RawMessage
		if err != nil || dec.Decode(&skip) != nil {
			return out // decoded already: cannot happen
		}
		key := foldName(name)
		if was, seen := first[key]; !seen {
			first[key] = name
		} else if was != name { // the same name twice is CheckBody's
			out = append(out, ProblemField{Pointer: "", Detail: apiWords(lang, "api_member_again", name, was)})
		}
	}
	return out
}

// foldName is a member's name as encoding/json matches it to a field: each letter the smallest
// of those Unicode's simple case folding makes it equal to.
func foldName(name string) string {
	return strings.Map(func(r rune) rune {
		for {
			next := unicode.SimpleFold(r)
			if next <= r {
				return next
			}
			r = next
		}
	}, name)
}

// memberNamed is the one of members that a body's member called name fills as encoding/json
// fills a struct's field (foldName: "PASSWORD" and "paſſword" are password), or "" for none.
func memberNamed(name string, members []string) string {
	for _, m := range members {
		if foldName(m) == foldName(name) {
			return m
		}
	}
	return ""
}

// notJSONDetail is the detail of a 400 for a body that is no JSON (err, encoding/json's reading
// it): that it is empty, or the byte where it stops being JSON, then hint, what to send. Only an
// error that names no place is said by hint alone.
func notJSONDetail(lang ingest.Lang, body []byte, err error, hint string) string {
	if len(bytes.Trim(body, " \t\r\n")) == 0 {
		return apiWords(lang, "api_body_empty") + "; " + hint
	}
	if where, ok := ingest.NotJSON(lang, body, err); ok {
		return where + "; " + hint
	}
	return hint
}

// mustBe is what a value decoded into t must be, in lang: a string as the invitations API says
// it, any other type by its Go name.
func mustBe(lang ingest.Lang, t reflect.Type) string {
	if t.Kind() == reflect.String {
		return apiWords(lang, "api_must_be_string")
	}
	return apiWords(lang, "api_must_be_type", t.String())
}

// wrongTypePointer is the pointer of the member of body, a JSON object, whose value err (from
// encoding/json reading body into a struct) finds of the wrong type, by its name as body writes
// it: encoding/json fills a field from a member in other letters too ("EMAIL" fills email), and
// the caller's JSON has the value at "/EMAIL", not "/email". The member is the one whose value
// holds the byte where err stopped (its Offset). Without one (a field within a member, which
// these flat bodies do not have) it is the field's name.
func wrongTypePointer(body []byte, err *json.UnmarshalTypeError) string {
	dec := json.NewDecoder(bytes.NewReader(body))
	if tok, e := dec.Token(); e != nil || tok != json.Delim('{') {
		return "/" + ingest.PointerEscape(err.Field)
	}
	for dec.More() {
		tok, e := dec.Token()
		name, _ := tok.(string)
		start := dec.InputOffset()
		var skip json.RawMessage
		if e != nil || dec.Decode(&skip) != nil {
			break
		}
		if start < err.Offset && err.Offset <= dec.InputOffset() && foldName(name) == foldName(err.Field) {
			return "/" + ingest.PointerEscape(name)
		}
	}
	return "/" + ingest.PointerEscape(err.Field)
}

// decodeMembers reads a small JSON object's members with read, which names every problem by
// its pointer in the request's language; on a problem it answers (as decodeJSON does, or 422
// with read's problems) and returns false.
func decodeMembers[T any](w http.ResponseWriter, r *http.Request, hintKey string,
	read func(ingest.Lang, map[string]json.RawMessage) (T, []ProblemField)) (T, bool) {
	var body map[string]json.RawMessage
	lang, ok := decodeJSON(w, r, &body, hintKey)
	if !ok {
		var none T
		return none, false
	}
	v, problems := read(lang, body)
	if len(problems) > 0 {
		writeProblem(w, r, Problem{Status: http.StatusUnprocessableEntity, Detail: apiWords(lang, hintKey), Errors: problems})
		return v, false
	}
	return v, true
}

// me answers who the request acts for.
func (s *Server) me(w http.ResponseWriter, r *http.Request) {
	p := principalOf(r)
	out := map[string]any{"user": p.user}
	if p.token != nil {
		out["token"] = p.token
	}
	writeJSON(w, http.StatusOK, out)
}

func (s *Server) users(w http.ResponseWriter, r *http.Request) {
	list, err := s.app.Users(r.Context())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"users": list})
}

// userCreate adds a user: {"email", "password", "role", "agent", "team"}.
func (s *Server) userCreate(w http.ResponseWriter, r *http.Request) {
	var in struct { // tagged, so that a value of the wrong type is named by its member's pointer
		Email    string `json:"email"`
		Password string `json:"password"`
		Role     string `json:"role"`
		Agent    string `json:"agent"`
		Team     string `json:"team"`
	}
	if _, ok := decodeJSON(w, r, &in, "api_user_hint"); !ok {
		return
	}
	u, err := s.createUser(r, in.Email, in.Password, in.Role, in.Agent, in.Team)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusCreated, u)
}

// createUser adds a user with their line in the audit log, for the users API and page.
func (s *Server) createUser(r *http.Request, email, password, role, agent, team string) (*cx.User, error) {
	var u *cx.User
	err := s.audited(r, func(ctx context.Context) ([]cx.AuditEntry, error) {
		var err error
		if u, err = s.app.CreateUser(ctx, email, password, role, agent, team, s.now()); err != nil {
			return nil, err
		}
		return line(cx.AuditUserCreate, u.Email, cx.Phrase("role", cx.Word("role/"+u.Role))), nil
	})
	return u, err
}

// tokens lists the tokens of the logged-in user (an admin sees every token).
func (s *Server) tokens(w http.ResponseWriter, r *http.Request) {
	list, err := s.visibleTokens(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"tokens": list})
}

// visibleTokens are the API tokens the user may see and delete (visibleTo).
func (s *Server) visibleTokens(r *http.Request) ([]cx.Token, error) {
	all, err := s.app.Tokens(r.Context())
	if err != nil {
		return nil, err
	}
	if own := visibleTo(principalOf(r), all, func(t cx.Token) int64 { return t.UserID }); own != nil {
		return own, nil
	}
	return []cx.Token{}, nil // [] rather than null in JSON
}

// visibleTo is what of all (tokens, wall screens) the principal may see and revoke: an admin
// every one, anyone else those they made (madeBy).
func visibleTo[T any](p *principal, all []T, madeBy func(T) int64) []T {
	if p.user.Role == cx.RoleAdmin {
		return all
	}
	return slices.DeleteFunc(all, func(x T) bool { return madeBy(x) != p.user.ID })
}

// tokenCreateAPI makes a token for the logged-in user: {"name", "scope", "expires"}; the
// secret is in the answer, once.
func (s *Server) tokenCreateAPI(w http.ResponseWriter, r *http.Request) {
	var in struct { // tagged, as a new user's
		Name    string `json:"name"`
		Scope   string `json:"scope"`
		Expires string `json:"expires"`
	}
	if _, ok := decodeJSON(w, r, &in, "api_token_hint"); !ok {
		return
	}
	plain, t, err := s.createToken(r, in.Name, in.Scope, in.Expires)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	out := map[string]any{"token": plain, "id": t.ID, "name": t.Name, "scope": t.Scope}
	if !t.ExpiresAt.IsZero() {
		out["expires_at"] = t.ExpiresAt
	}
	writeJSON(w, http.StatusCreated, out)
}

// createToken makes a token for the request's user from the form or API fields, and records
// it in the audit log.
func (s *Server) createToken(r *http.Request, name, scope, expires string) (string, *cx.Token, error) {
	now := s.now()
	until, err := app.ParseTokenExpiry(expires, now)
	if err != nil {
		return "", nil, err
	}
	u := principalOf(r).user
	var plain string
	var t *cx.Token
	err = s.audited(r, func(ctx context.Context) ([]cx.AuditEntry, error) {
		if plain, t, err = s.app.CreateTokenUntil(ctx, u.ID, name, scope, until, now); err != nil {
			return nil, err
		}
		return line(cx.AuditTokenCreate, "token "+strconv.FormatInt(t.ID, 10), app.TokenWords(t, u.Email)...), nil
	})
	if err != nil {
		return "", nil, err
	}
	return plain, t, nil
}

func (s *Server) tokenDelete(w http.ResponseWriter, r *http.Request) {
	if err := s.deleteToken(r); err != nil {
		s.fail(w, r, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

// deleteToken removes a token the principal may see (their own; an admin's: any).
func (s *Server) deleteToken(r *http.Request) error {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		return cx.Refuse(cx.ENOTFOUND, "", "not_found/token", "no token %q", r.PathValue("id"))
	}
	list, err := s.visibleTokens(r)
	if err != nil {
		return err
	}
	for _, t := range list {
		if t.ID != id {
			continue
		}
		owner := "user " + strconv.FormatInt(t.UserID, 10) // the audit line names the number when the user is gone
		if u, err := s.app.UserByID(r.Context(), t.UserID); err == nil {
			owner = u.Email
		} else if cx.ErrorCode(err) != cx.ENOTFOUND {
			s.log.ErrorContext(r.Context(), "token owner not read for the audit log", slog.Any("error", err))
		}
		return s.audited(r, func(ctx context.Context) ([]cx.AuditEntry, error) {
			return line(cx.AuditTokenDelete, "token "+strconv.FormatInt(id, 10), app.TokenWords(&t, owner)...), s.app.DeleteToken(ctx, id)
		})
	}
	return cx.Refuse(cx.ENOTFOUND, "", "not_found/token", "no token %d", id)
}
