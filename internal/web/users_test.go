package web

import (
	"context"
	"fmt"
	"html"
	"net/http"
	"net/url"
	"reflect"
	"strings"
	"testing"

	"github.com/klantpuls/klantpuls/internal/cx"
)

// newPassword is a password that passes the rules for a new one, other than testPassword.
const newPassword = "paarse olifant op de fiets"

// userID is the id of the user with email, as GET /api/v1/users lists them.
func userID(t *testing.T, admin *client, email string) int64 {
	t.Helper()
	var list struct {
		Users []struct {
			ID    int64
			Email string
		}
	}
	admin.get("/api/v1/users").json(t, &list)
	for _, u := range list.Users {
		if u.Email == email {
			return u.ID
		}
	}
	return 0
}

// auditOf returns the audit entries of action, newest first.
func auditOf(t *testing.T, admin *client, action string) []cx.AuditEntry {
	t.Helper()
	var log struct{ Entries []cx.AuditEntry }
	admin.get("/api/v1/audit?action="+action).json(t, &log)
	return log.Entries
}

// signedIn tells whether c's session or token still acts for someone.
func signedIn(t *testing.T, c *client) bool {
	t.Helper()
	switch res := c.get("/api/v1/me"); res.status {
	case http.StatusOK:
		return true
	case http.StatusUnauthorized:
		return false
	default:
		t.Fatalf("/api/v1/me: %d %s", res.status, res.body)
	}
	return false
}

// TestRemovedUserIsSignedOutEverywhere: removing a user ends their sessions and stops their API
// tokens at once, stops their digest and is in the audit log, which keeps naming them.
func TestRemovedUserIsSignedOutEverywhere(t *testing.T) {
	ts := startServer(t)
	admin, manager, token := ts.login("admin@example.com"), ts.login("manager@example.com"), ts.withToken("managerWrite")
	if res := manager.form("POST", "/settings/digest", url.Values{"frequency": {"daily"}, "weekday": {"mon"}, "time": {"08:00"}, "lang": {"nl"}}); res.status >= 400 {
		t.Fatalf("digest: %d %s", res.status, res.body)
	}
	id := userID(t, admin, "manager@example.com")
	if !signedIn(t, manager) || !signedIn(t, token) {
		t.Fatal("the manager's session and token work before the removal")
	}
	if res := admin.do("DELETE", fmt.Sprintf("/api/v1/users/%d", id), "", nil); res.status != http.StatusNoContent {
		t.Fatalf("DELETE: %d %s", res.status, res.body)
	}
	if signedIn(t, manager) {
		t.Error("the removed user's session still works")
	}
	if signedIn(t, token) {
		t.Error("the removed user's API token still works")
	}
	if userID(t, admin, "manager@example.com") != 0 {
		t.Error("the removed user is still listed")
	}
	if _, err := ts.app.DigestSchedule(context.Background(), id); cx.ErrorCode(err) != cx.ENOTFOUND {
		t.Errorf("the removed user's digest: %v, want none", err)
	}
	entries := auditOf(t, admin, cx.AuditUserRemove)
	want := "role manager; 1 session and 1 API token ended, digest stopped, 0 follow-ups left without an owner"
	if len(entries) != 1 || entries[0].Subject != "manager@example.com" || entries[0].Actor != "admin@example.com" || AuditDetail("en", entries[0]) != want {
		t.Errorf("audit = %+v, want one user_remove of manager@example.com by admin@example.com: %s", entries, want)
	}
	if res := admin.do("DELETE", fmt.Sprintf("/api/v1/users/%d", id), "", nil); res.status != http.StatusNotFound {
		t.Errorf("DELETE twice: %d, want 404", res.status)
	}
	// The address is free again, and a new user with it does not inherit anything.
	res := admin.postJSON("/api/v1/users", `{"email":"manager@example.com","password":"`+testPassword+`","role":"manager"}`)
	if res.status != http.StatusCreated || userID(t, admin, "manager@example.com") == id {
		t.Errorf("re-adding the address: %d %s, want a new user with a new id", res.status, res.body)
	}
}

// TestUserChangeAPI: PATCH /api/v1/users/{id} changes what the body names; a bad member is a 422
// naming it by pointer and changes nothing; a new role ends the user's sessions, while their
// token acts with the new role.
func TestUserChangeAPI(t *testing.T) {
	ts := startServer(t)
	admin, manager := ts.login("admin@example.com"), ts.login("manager@example.com")
	id := userID(t, admin, "manager@example.com")
	path := fmt.Sprintf("/api/v1/users/%d", id)
	refused := []struct {
		name, body string
		status     int
		want       []ProblemField
	}{
		{"the e-mail address", `{"email":"m@example.com"}`, 422,
			[]ProblemField{{"/email", "not a member of a user's change (role, agent, team, password); the e-mail address cannot be changed", ""}}},
		{"an unknown role", `{"role":"boss"}`, 422, []ProblemField{{"/role", `"boss" is not admin, manager or agent`, ""}}},
		{"an agent without an agent name", `{"role":"agent"}`, 422,
			[]ProblemField{{"/agent", "an agent user needs the agent name their tickets carry", ""}}},
		{"a repetitive password", `{"password":"aaaaaaaaaaaa"}`, 422, nil}, // the detail is auth's; the pointer is checked
		{"a team that is a number", `{"team":5}`, 422, []ProblemField{{"/team", "must be a string", ""}}},
		{"a null role", `{"role":null}`, 422, []ProblemField{{"/role", "cannot be null", ""}}},
		{"nothing", `{}`, 422, []ProblemField{{"", "the object names nothing to change", ""}}},
	}
	for _, tt := range refused {
		t.Run(tt.name, func(t *testing.T) {
			res := admin.do("PATCH", path, "application/merge-patch+json", strings.NewReader(tt.body))
			var got Problem
			res.json(t, &got)
			if res.status != tt.status || len(got.Errors) != 1 {
				t.Fatalf("%d %+v, want %d naming one member", res.status, got, tt.status)
			}
			if tt.want == nil {
				if got.Errors[0].Pointer != "/password" {
					t.Errorf("errors %+v, want /password", got.Errors)
				}
				return
			}
			if !reflect.DeepEqual(got.Errors, tt.want) {
				t.Errorf("errors %+v, want %+v", got.Errors, tt.want)
			}
		})
	}
	if !signedIn(t, manager) || len(auditOf(t, admin, cx.AuditUserChange)) != 0 {
		t.Fatal("a refused change ended a session or was audited")
	}
	res := admin.do("PATCH", path, "application/json", strings.NewReader(`{"Role":"agent","agent":" Marco ","team":"Support"}`))
	var u cx.User
	res.json(t, &u)
	if res.status != http.StatusOK || u.Role != cx.RoleAgent || u.Agent != "Marco" || u.Team != "Support" {
		t.Fatalf("PATCH: %d %+v", res.status, u)
	}
	if signedIn(t, manager) {
		t.Error("the session from before the new role still works")
	}
	var me struct{ User cx.User }
	ts.withToken("managerWrite").get("/api/v1/me").json(t, &me)
	if me.User.Role != cx.RoleAgent {
		t.Errorf("the token acts as %q, want the new role agent", me.User.Role)
	}
	entries := auditOf(t, admin, cx.AuditUserChange)
	want := `role manager → agent; agent "" → "Marco"; team "" → "Support"; sessions ended`
	if len(entries) != 1 || entries[0].Subject != "manager@example.com" || AuditDetail("en", entries[0]) != want {
		t.Errorf("audit = %+v, want %s", entries, want)
	}
	// A team alone keeps the sessions; null removes it.
	marco := ts.login("manager@example.com")
	if res := admin.do("PATCH", path, "application/json", strings.NewReader(`{"team":null}`)); res.status != http.StatusOK || !signedIn(t, marco) {
		t.Errorf("team null: %d %s, signed in %v; want 200 and the session kept", res.status, res.body, signedIn(t, marco))
	}
	if res := admin.do("PATCH", "/api/v1/users/999", "application/json", strings.NewReader(`{"team":"x"}`)); res.status != http.StatusNotFound {
		t.Errorf("PATCH of an unknown user: %d, want 404", res.status)
	}
}

// TestLastAdminStays: the last administrator can be neither demoted nor removed, by the API or
// the page (which says so in Dutch); with a second administrator both can.
func TestLastAdminStays(t *testing.T) {
	ts := startServer(t)
	admin := ts.login("admin@example.com")
	adminID, managerID := userID(t, admin, "admin@example.com"), userID(t, admin, "manager@example.com")
	self := fmt.Sprintf("/api/v1/users/%d", adminID)

	res := admin.do("PATCH", self, "application/json", strings.NewReader(`{"role":"manager"}`))
	var got Problem
	res.json(t, &got)
	wantDetail := "admin@example.com is the last administrator and cannot be made manager: make another user an administrator first"
	if res.status != http.StatusConflict || len(got.Errors) != 1 || got.Errors[0].Pointer != "/role" || got.Detail != "role: "+wantDetail {
		t.Errorf("demoting the last admin: %d %+v", res.status, got)
	}
	if res := admin.do("DELETE", self, "", nil); res.status != http.StatusConflict {
		t.Errorf("removing the last admin: %d %s, want 409", res.status, res.body)
	}
	page := admin.form("POST", fmt.Sprintf("/users/%d/delete?lang=nl", adminID), url.Values{"confirm": {"yes"}})
	if want := "admin@example.com is de laatste beheerder"; page.status != http.StatusConflict || !strings.Contains(html.UnescapeString(page.body), want) {
		t.Errorf("the page's removal of the last admin: %d, want 409 saying %q", page.status, want)
	}
	if !signedIn(t, admin) || len(auditOf(t, admin, cx.AuditUserRemove)) != 0 {
		t.Fatal("a refused change signed the admin out or was audited")
	}

	// A second administrator: now the first may step down, which ends their own session.
	if res := admin.do("PATCH", fmt.Sprintf("/api/v1/users/%d", managerID), "application/json", strings.NewReader(`{"role":"admin"}`)); res.status != http.StatusOK {
		t.Fatalf("promoting the manager: %d %s", res.status, res.body)
	}
	page = admin.form("POST", fmt.Sprintf("/users/%d", adminID), url.Values{"role": {"manager"}})
	if page.status != http.StatusSeeOther || page.header.Get("Location") != "/login" {
		t.Errorf("stepping down: %d to %q, want the login page", page.status, page.header.Get("Location"))
	}
	if signedIn(t, admin) {
		t.Error("the session of the admin who stepped down still works")
	}
	second := ts.login("manager@example.com")
	if res := second.do("DELETE", fmt.Sprintf("/api/v1/users/%d", managerID), "", nil); res.status != http.StatusConflict {
		t.Errorf("the new last admin removing themselves: %d, want 409", res.status)
	}
}

// TestAdminSetsPassword: an admin sets a user's password on the users page; the user's sessions
// end, the new password signs in and the old one does not; the audit log never holds it. A
// weak password is refused in the page's language.
func TestAdminSetsPassword(t *testing.T) {
	ts := startServer(t)
	admin, anna := ts.login("admin@example.com"), ts.login("anna@example.com")
	id := userID(t, admin, "anna@example.com")
	path := fmt.Sprintf("/users/%d/password", id)

	weak := admin.form("POST", path+"?lang=nl", url.Values{"password": {"aaaaaaaaaaaa"}})
	if want := "herhaalde of opeenvolgende tekens"; weak.status != http.StatusUnprocessableEntity || !strings.Contains(weak.body, want) {
		t.Errorf("a weak password: %d, want 422 saying %q", weak.status, want)
	}
	if !signedIn(t, anna) {
		t.Fatal("a refused password ended the session")
	}
	res := admin.form("POST", path, url.Values{"password": {newPassword}})
	if res.status != http.StatusSeeOther || res.header.Get("Location") != "/users?done=password" {
		t.Fatalf("set password: %d %s", res.status, res.header.Get("Location"))
	}
	if signedIn(t, anna) {
		t.Error("the user's session from before the new password still works")
	}
	if res := ts.signIn("127.0.0.1", "anna@example.com", testPassword); res.status != http.StatusUnauthorized {
		t.Errorf("the old password: %d, want 401", res.status)
	}
	if res := ts.signIn("127.0.0.1", "anna@example.com", newPassword); res.status != http.StatusSeeOther {
		t.Errorf("the new password: %d, want a sign-in", res.status)
	}
	entries := auditOf(t, admin, cx.AuditUserPassword)
	if len(entries) != 1 || entries[0].Subject != "anna@example.com" || strings.Contains(AuditDetail("en", entries[0]), newPassword) ||
		AuditDetail("en", entries[0]) != "set by an administrator; their sessions ended" {
		t.Errorf("audit = %+v", entries)
	}
	if page := admin.get("/users?done=password&lang=en"); !strings.Contains(page.body, "The password is set") {
		t.Errorf("the users page after: %d, no flash", page.status)
	}
}

// TestOwnPasswordChange: a user changes their own password with their current one; their other
// sessions end and this one stays. A wrong current password changes nothing and counts as a
// failed sign-in.
func TestOwnPasswordChange(t *testing.T) {
	ts := startServer(t)
	here, there := ts.login("anna@example.com"), ts.login("anna@example.com")
	wrong := here.form("POST", "/settings/password?lang=nl", url.Values{"current": {"not my password"}, "password": {newPassword}})
	if want := "Dit is niet uw huidige wachtwoord."; wrong.status != http.StatusUnprocessableEntity || !strings.Contains(wrong.body, want) {
		t.Errorf("a wrong current password: %d, want 422 saying %q", wrong.status, want)
	}
	weak := here.form("POST", "/settings/password?lang=en", url.Values{"current": {testPassword}, "password": {"anna@example.com1"}})
	if want := "built on your own e-mail address"; weak.status != http.StatusUnprocessableEntity || !strings.Contains(weak.body, want) {
		t.Errorf("a password built on the address: %d, want 422 saying %q", weak.status, want)
	}
	if !signedIn(t, there) {
		t.Fatal("a refused change ended a session")
	}
	res := here.form("POST", "/settings/password?lang=en", url.Values{"current": {testPassword}, "password": {newPassword}})
	if res.status != http.StatusOK || !strings.Contains(res.body, "Your password was changed") {
		t.Fatalf("change: %d", res.status)
	}
	if !signedIn(t, here) {
		t.Error("the session the password was changed in ended")
	}
	if signedIn(t, there) {
		t.Error("the user's other session still works")
	}
	if res := ts.signIn("127.0.0.1", "anna@example.com", newPassword); res.status != http.StatusSeeOther {
		t.Errorf("the new password: %d, want a sign-in", res.status)
	}
	admin := ts.login("admin@example.com")
	if e := auditOf(t, admin, cx.AuditSignInFailed); len(e) != 1 || e[0].Actor != "anna@example.com" {
		t.Errorf("failed sign-ins = %+v, want the wrong current password", e)
	}
	if e := auditOf(t, admin, cx.AuditUserPassword); len(e) != 1 || e[0].Actor != "anna@example.com" || e[0].Subject != "anna@example.com" {
		t.Errorf("password entries = %+v", e)
	}
}

// TestOwnPasswordChangeRenewsTheSession: changing one's password is the answer to a session
// secret that may have leaked; the session it is changed in gets a new secret (OWASP Session
// Management: renew the session ID after any privilege change, password changes included), else
// whoever holds the old cookie stays signed in. The user stays signed in (README) with a new
// cookie.
func TestOwnPasswordChangeRenewsTheSession(t *testing.T) {
	ts := startServer(t)
	here := ts.login("anna@example.com")
	// A copy of the very cookie (what a thief has).
	u, _ := url.Parse(ts.url)
	stolen := ts.anonymous()
	stolen.http.Jar.SetCookies(u, here.http.Jar.Cookies(u))
	if !signedIn(t, stolen) {
		t.Fatal("the copied cookie does not work before the change")
	}
	res := here.form("POST", "/settings/password?lang=en", url.Values{"current": {testPassword}, "password": {newPassword}})
	if res.status != http.StatusOK {
		t.Fatalf("change: %d", res.status)
	}
	if !signedIn(t, here) {
		t.Error("the user was signed out where they changed it")
	}
	if signedIn(t, stolen) {
		t.Error("the old session secret still works after the password change: the session was not renewed")
	}
}

// TestAdminsOwnPasswordOnlyWithTheCurrentOne: an admin's own password is not set on the users
// page or through the users API, which ask no current password — whoever sits at an admin's
// open session could lock them out; it is refused naming /settings/password, in the page's
// language, the password and the session as they were. The users page links there for one's
// own row instead of the form.
func TestAdminsOwnPasswordOnlyWithTheCurrentOne(t *testing.T) {
	ts := startServer(t)
	admin := ts.login("admin@example.com")
	self := userID(t, admin, "admin@example.com")
	page := postDutch(admin, fmt.Sprintf("/users/%d/password", self), url.Values{"password": {newPassword}})
	if want := "uw eigen wachtwoord wijzigt u bij Wachtwoord (/settings/password)"; page.status != http.StatusUnprocessableEntity ||
		!strings.Contains(pageError(page.body), want) {
		t.Errorf("own password on the users page: %d %q, want 422 saying %q", page.status, pageError(page.body), want)
	}
	api := admin.do("PATCH", fmt.Sprintf("/api/v1/users/%d", self), "application/merge-patch+json",
		strings.NewReader(`{"password":"`+newPassword+`"}`))
	var problem Problem
	api.json(t, &problem)
	want := []ProblemField{{"/password", "change your own password on /settings/password, giving your current one", ""}}
	if api.status != http.StatusUnprocessableEntity || !reflect.DeepEqual(problem.Errors, want) {
		t.Errorf("own password through the API: %d %+v, want 422 with %+v", api.status, problem.Errors, want)
	}
	if !signedIn(t, admin) {
		t.Error("a refused change ended the session")
	}
	if res := ts.signIn("127.0.0.1", "admin@example.com", testPassword); res.status != http.StatusSeeOther {
		t.Errorf("the password is no longer the old one: sign-in %d", res.status)
	}
	if e := auditOf(t, admin, cx.AuditUserPassword); len(e) != 0 {
		t.Errorf("password entries = %+v, want none", e)
	}
	users := admin.get("/users?lang=en").body
	if !strings.Contains(users, `action="/users/`+fmt.Sprint(userID(t, admin, "anna@example.com"))+`/password"`) ||
		strings.Contains(users, fmt.Sprintf(`action="/users/%d/password"`, self)) || !strings.Contains(users, `href="/settings/password"`) {
		t.Error("the users page does not offer another's password form and a link to /settings/password for one's own")
	}
}

// TestUsersPage: the admin's page lists the users and adds, changes and removes them; the
// menu links it for an admin only; removing needs the box ticked.
func TestUsersPage(t *testing.T) {
	ts := startServer(t)
	admin := ts.login("admin@example.com")
	if !strings.Contains(admin.get("/?lang=nl").body, `href="/users`) {
		t.Error("the admin's menu has no link to the users page")
	}
	if strings.Contains(ts.login("manager@example.com").get("/?lang=nl").body, `href="/users`) {
		t.Error("the manager's menu links the users page")
	}
	res := admin.form("POST", "/users", url.Values{"email": {"bram@example.com"}, "password": {testPassword},
		"role": {"agent"}, "agent": {"Bram"}, "team": {"<b>Support</b>"}})
	if res.status != http.StatusSeeOther {
		t.Fatalf("add: %d %s", res.status, res.body)
	}
	page := admin.get("/users?done=created&lang=nl")
	for _, want := range []string{"De gebruiker is toegevoegd.", "bram@example.com", "&lt;b&gt;Support&lt;/b&gt;", "anna@example.com", "niet bekend"} {
		if !strings.Contains(page.body, want) {
			t.Errorf("the users page lacks %q", want)
		}
	}
	if strings.Contains(page.body, "<b>Support</b>") {
		t.Error("a team name reaches the page unescaped")
	}
	id := userID(t, admin, "bram@example.com")
	if res := admin.form("POST", fmt.Sprintf("/users/%d", id), url.Values{"role": {"manager"}, "agent": {""}, "team": {"Sales"}}); res.status != http.StatusSeeOther {
		t.Errorf("change: %d %s", res.status, res.body)
	}
	if res := admin.form("POST", fmt.Sprintf("/users/%d/delete", id), nil); res.status != http.StatusUnprocessableEntity || userID(t, admin, "bram@example.com") == 0 {
		t.Errorf("remove without the box ticked: %d, want 422 and the user kept", res.status)
	}
	if res := admin.form("POST", fmt.Sprintf("/users/%d/delete", id), url.Values{"confirm": {"yes"}}); res.status != http.StatusSeeOther || userID(t, admin, "bram@example.com") != 0 {
		t.Errorf("remove: %d, want the user gone", res.status)
	}
	var actions []string
	for _, a := range []string{cx.AuditUserCreate, cx.AuditUserChange, cx.AuditUserRemove} {
		for _, e := range auditOf(t, admin, a) {
			if e.Subject == "bram@example.com" {
				actions = append(actions, e.Action)
			}
		}
	}
	if want := []string{cx.AuditUserCreate, cx.AuditUserChange, cx.AuditUserRemove}; !reflect.DeepEqual(actions, want) {
		t.Errorf("audit of bram = %v, want %v", actions, want)
	}
}

// TestUserFormRefusesInPageLanguage: the Gebruikers page (/users) says in Dutch what its new-user
// form got wrong: an agent without an agent name, an address in use (never the store's words),
// an address that is none.
func TestUserFormRefusesInPageLanguage(t *testing.T) {
	ts := dashServer(t)
	admin := dutchAdmin(ts)
	pw := "een heel lang wachtwoord 42"
	for what, v := range map[string]url.Values{
		"agent without agent name": {"email": {"nieuw@example.nl"}, "password": {pw}, "role": {"agent"}},
		"address already in use":   {"email": {"admin@example.com"}, "password": {pw}, "role": {"manager"}},
		"not an e-mail address":    {"email": {"geen-adres"}, "password": {pw}, "role": {"manager"}},
	} {
		t.Run(what, func(t *testing.T) { assertDutchError(t, what, postDutch(admin, "/users", v)) })
	}
}

// TestUserChangeMembersFoldAsJSON: a change's member names are matched as encoding/json matches a
// new user's (any case, Unicode's simple folding: ſ, U+017F LONG S, is s), so "paſſword" sets
// the password as it would in a POST of a new user; a name that folds to one given earlier is
// refused as for a new user.
func TestUserChangeMembersFoldAsJSON(t *testing.T) {
	ts := startServer(t)
	admin := ts.login("admin@example.com")
	path := fmt.Sprintf("/api/v1/users/%d", userID(t, admin, "anna@example.com"))
	patch := func(body string) response {
		return admin.do("PATCH", path, "application/json", strings.NewReader(body))
	}
	for _, body := range []string{`{"pa\u017f\u017fword":"` + newPassword + `"}`, `{"PASSWORD":"` + newPassword + `"}`} {
		if res := patch(body); res.status != http.StatusOK {
			t.Errorf("%s: %d %s, want 200", body, res.status, res.body)
		}
	}
	if res := ts.signIn("127.0.0.1", "anna@example.com", newPassword); res.status != http.StatusSeeOther {
		t.Errorf("the password set by paſſword: %d, want a sign-in", res.status)
	}
	var u cx.User
	res := patch(`{"Role":"manager"}`)
	if res.json(t, &u); res.status != http.StatusOK || u.Role != cx.RoleManager {
		t.Errorf("Role: %d %+v, want manager", res.status, u)
	}
	res = patch(`{"password":"` + newPassword + `","pa\u017f\u017fword":"` + testPassword + `"}`)
	var got Problem
	res.json(t, &got)
	want := []ProblemField{{"", `member "paſſword" is "password" again in other letters`, ""}}
	if res.status != http.StatusUnprocessableEntity || !reflect.DeepEqual(got.Errors, want) {
		t.Errorf("password twice: %d %+v, want 422 %+v", res.status, got.Errors, want)
	}
}
