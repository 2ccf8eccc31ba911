package web

import (
	"context"
	"encoding/json"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/klantpuls/klantpuls/internal/app"
	"github.com/klantpuls/klantpuls/internal/cx"
	"github.com/klantpuls/klantpuls/internal/ingest"
)

// Changing and removing users through the API (an admin's login session, as creating one):
// PATCH /api/v1/users/{id} with the members to change, DELETE /api/v1/users/{id}. The rules
// are app's (users.go); the users page (ui_users.go) goes through the same functions here.

// userMembers are the members a change of a user may have, as its errors name them.
var userMembers = []string{"role", "agent", "team", "password"}

// userChangeAPI changes the members the body names of one user and answers the user as stored.
func (s *Server) userChangeAPI(w http.ResponseWriter, r *http.Request) {
	id, err := userIDOf(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	ch, ok := decodeMembers(w, r, "api_user_change_hint", userChangeOf)
	if !ok {
		return
	}
	u, err := s.changeUser(r, id, ch)
	if err != nil {
		s.failNamed(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, u)
}

// userChangeOf reads a change of a user from a JSON object: member names matched as encoding/json
// matches a new user's (memberNamed), so "PASSWORD" and "paſſword" are the password; any other member (the e-mail
// address among them: it is the login, and cannot be changed) and a value of the wrong type are
// listed by pointer, each said in lang. null removes an agent or team.
func userChangeOf(lang ingest.Lang, body map[string]json.RawMessage) (app.UserChange, []ProblemField) {
	var ch app.UserChange
	var fields []ProblemField
	if len(body) == 0 {
		fields = append(fields, ProblemField{Pointer: "", Detail: apiWords(lang, "api_user_change_nothing")})
	}
	names := make([]string, 0, len(body))
	for name := range body {
		names = append(names, name)
	}
	slices.Sort(names) // the same body, the same errors in the same order
	for _, name := range names {
		raw := body[name]
		pointer := "/" + ingest.PointerEscape(name)
		var target **string
		switch memberNamed(name, userMembers) {
		case "role":
			target = &ch.Role
		case "agent":
			target = &ch.Agent
		case "team":
			target = &ch.Team
		case "password":
			target = &ch.Password
		default:
			fields = append(fields, ProblemField{Pointer: pointer,
				Detail: apiWords(lang, "api_user_change_member", strings.Join(userMembers, ", "))})
			continue
		}
		var v *string
		if err := json.Unmarshal(raw, &v); err != nil {
			fields = append(fields, ProblemField{Pointer: pointer, Detail: apiWords(lang, "api_must_be_string")})
			continue
		}
		if v == nil {
			if target == &ch.Role || target == &ch.Password {
				fields = append(fields, ProblemField{Pointer: pointer, Detail: apiWords(lang, "api_not_null")})
				continue
			}
			v = new(string) // null removes the agent or team
		}
		*target = v
	}
	return ch, fields
}

// changeUser applies ch to the user with id and records it in the audit log: a change of role,
// agent or team as one entry, a new password as another, which never holds the password. An
// admin's own password is not set here: whoever has their session would need no password for
// it, where /settings/password asks the current one (ownPasswordElsewhere).
func (s *Server) changeUser(r *http.Request, id int64, ch app.UserChange) (*cx.User, error) {
	if ch.Password != nil && principalOf(r).user.ID == id {
		return nil, ownPasswordElsewhere
	}
	var after *cx.User
	err := s.audited(r, func(ctx context.Context) ([]cx.AuditEntry, error) {
		before, changed, err := s.app.ChangeUser(ctx, id, ch)
		if err != nil {
			return nil, err
		}
		after = changed
		var lines []cx.AuditEntry
		if ch.Role != nil || ch.Agent != nil || ch.Team != nil {
			lines = append(lines, line(cx.AuditUserChange, after.Email, app.UserChangeWords(before, after)...)...)
		}
		if ch.Password != nil {
			lines = append(lines, line(cx.AuditUserPassword, after.Email, cx.Phrase("password_admin"))...)
		}
		return lines, nil
	})
	if err != nil {
		return nil, err
	}
	return after, nil
}

// ownPasswordElsewhere refuses an admin's own new password on the users page and API: one's own
// is changed on /settings/password, with the current one.
var ownPasswordElsewhere = cx.Refuse(cx.EINVALID, "password", "user_own_password",
	"change your own password on /settings/password, giving your current one")

// userRemoveAPI removes one user (204).
func (s *Server) userRemoveAPI(w http.ResponseWriter, r *http.Request) {
	if _, err := s.removeUser(r); err != nil {
		s.fail(w, r, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

// removeUser removes the user the path names and records it in the audit log.
func (s *Server) removeUser(r *http.Request) (*cx.User, error) {
	id, err := userIDOf(r)
	if err != nil {
		return nil, err
	}
	var u *cx.User
	err = s.audited(r, func(ctx context.Context) ([]cx.AuditEntry, error) {
		removed, gone, err := s.app.RemoveUser(ctx, id)
		if err != nil {
			return nil, err
		}
		u = removed
		return line(cx.AuditUserRemove, u.Email, app.UserRemovedWords(u, gone)...), nil
	})
	if err != nil {
		return nil, err
	}
	return u, nil
}

// userIDOf reads the user id of the path.
func userIDOf(r *http.Request) (int64, error) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id < 1 {
		return 0, cx.Errorf(cx.ENOTFOUND, "no user %q", r.PathValue("id"))
	}
	return id, nil
}

// failNamed answers err as fail does; when its message starts with a member of a user's change
// ("role: …"), the problem names that member by a JSON pointer too, in the request's language.
func (s *Server) failNamed(w http.ResponseWriter, r *http.Request, err error) {
	code := cx.ErrorCode(err)
	name, rest, ok := strings.Cut(err.Error(), ": ")
	if !ok || !slices.Contains(userMembers, name) || code != cx.EINVALID && code != cx.ECONFLICT {
		s.fail(w, r, err)
		return
	}
	// In the request's language as fail says a keyed refusal: the member's sentence whole (its
	// Dutch names the member itself, "Rol: …").
	varyByLanguage(w)
	detail := apiReason(apiLanguage(r), err, err.Error())
	if detail != err.Error() {
		rest = detail
	}
	writeProblem(w, r, Problem{Status: statusOf[code], Detail: detail, Errors: []ProblemField{{Pointer: "/" + name, Detail: rest}}})
}
