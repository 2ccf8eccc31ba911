package web

import (
	"net/http"
	"time"

	"github.com/klantpuls/klantpuls/internal/app"
	"github.com/klantpuls/klantpuls/internal/cx"
)

// The users page, for admins: every user with their role, agent, team, when they were made and
// last signed in, and forms to add a user, change one's role, agent or team, set their password
// and remove them. The forms go through the functions of the users API (api_users.go), so the
// rules and the audit log are the same.

type usersPage struct {
	Rows  []userRow
	Roles []string // the roles a form offers, in order
	Me    int64    // the admin looking: their own row says so
}

type userRow struct {
	cx.User
	LastSignIn time.Time // zero: not in the audit log
}

// userDone are the flashes a form's redirect may ask for (?done=), one a form.
var userDone = map[string]string{"created": "user_created", "changed": "user_changed", "password": "user_password_set",
	"removed": "user_removed"}

func (s *Server) usersPage(w http.ResponseWriter, r *http.Request) {
	s.renderUsers(w, r, http.StatusOK, "")
}

// renderUsers writes the users page with status; problem, when set, says what a form got wrong.
func (s *Server) renderUsers(w http.ResponseWriter, r *http.Request, status int, problem string) {
	d := s.newDash(r, "nav_users", "/users")
	d.NoPeriod = true
	if key, ok := userDone[r.URL.Query().Get("done")]; ok && problem == "" {
		d.Flash = d.T(key)
	}
	d.Error = problem
	list, err := s.app.Users(r.Context())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	up := &usersPage{Roles: []string{cx.RoleAdmin, cx.RoleManager, cx.RoleAgent}, Me: principalOf(r).user.ID}
	for _, u := range list {
		row := userRow{User: u}
		// The last sign-in is the audit log's, by the log's own index on who acted; an entry
		// older than the user is a former user's of the same address.
		entries, err := s.app.AuditLog(r.Context(), app.AuditQuery{Action: cx.AuditSignIn, Actor: u.Email, Limit: 1})
		if err != nil {
			s.fail(w, r, err)
			return
		}
		if len(entries) == 1 && !entries[0].At.Before(u.CreatedAt) {
			row.LastSignIn = entries[0].At
		}
		up.Rows = append(up.Rows, row)
	}
	d.Users = up
	s.renderDashStatus(w, r, status, "users", d)
}

// usersFormFailed shows the users page again with what a form got wrong, in the page's language
// where it has words for it; an error that is not the form's (the database) is answered as such.
func (s *Server) usersFormFailed(w http.ResponseWriter, r *http.Request, err error) {
	code := cx.ErrorCode(err)
	if code != cx.EINVALID && code != cx.ECONFLICT {
		s.fail(w, r, missing(err, "user", r.PathValue("id")))
		return
	}
	p := s.newPage(r, "")
	s.renderUsers(w, r, statusOf[code], p.problem(err))
}

// userCreateForm adds a user from the form.
func (s *Server) userCreateForm(w http.ResponseWriter, r *http.Request) {
	f := r.PostFormValue
	if _, err := s.createUser(r, f("email"), f("password"), f("role"), f("agent"), f("team")); err != nil {
		s.usersFormFailed(w, r, err)
		return
	}
	http.Redirect(w, r, "/users?done=created", http.StatusSeeOther)
}

// userChangeForm changes a user's role, agent and team. A new role of the admin's own ends
// their sessions: they sign in again.
func (s *Server) userChangeForm(w http.ResponseWriter, r *http.Request) {
	id, err := userIDOf(r)
	if err != nil {
		s.usersFormFailed(w, r, err)
		return
	}
	role, agent, team := r.PostFormValue("role"), r.PostFormValue("agent"), r.PostFormValue("team")
	if _, err := s.changeUser(r, id, app.UserChange{Role: &role, Agent: &agent, Team: &team}); err != nil {
		s.usersFormFailed(w, r, err)
		return
	}
	s.afterUserForm(w, r, id, "changed")
}

// userPasswordForm sets another user's password; the user's sessions end.
func (s *Server) userPasswordForm(w http.ResponseWriter, r *http.Request) {
	id, err := userIDOf(r)
	if err != nil {
		s.usersFormFailed(w, r, err)
		return
	}
	password := r.PostFormValue("password")
	if _, err := s.changeUser(r, id, app.UserChange{Password: &password}); err != nil {
		s.usersFormFailed(w, r, err)
		return
	}
	s.afterUserForm(w, r, id, "password")
}

// userRemoveForm removes a user once the form's box is ticked (a page without script has no
// dialog to ask).
func (s *Server) userRemoveForm(w http.ResponseWriter, r *http.Request) {
	if r.PostFormValue("confirm") != "yes" {
		s.renderUsers(w, r, http.StatusUnprocessableEntity, s.newPage(r, "").T("user_confirm_needed"))
		return
	}
	u, err := s.removeUser(r)
	if err != nil {
		s.usersFormFailed(w, r, err)
		return
	}
	s.afterUserForm(w, r, u.ID, "removed")
}

// afterUserForm sends the admin back to the users page saying what was done, or to the login
// page when the change ended their own session (they removed or demoted themselves).
func (s *Server) afterUserForm(w http.ResponseWriter, r *http.Request, id int64, done string) {
	if principalOf(r).user.ID == id {
		if _, err := s.app.SessionByHash(r.Context(), sessionHash(r), s.now()); cx.ErrorCode(err) == cx.ENOTFOUND {
			http.Redirect(w, r, "/login", http.StatusSeeOther)
			return
		}
	}
	http.Redirect(w, r, "/users?done="+done, http.StatusSeeOther)
}
