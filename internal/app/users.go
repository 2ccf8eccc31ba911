package app

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/klantpuls/klantpuls/internal/auth"
	"github.com/klantpuls/klantpuls/internal/cx"
	"github.com/klantpuls/klantpuls/internal/store"
)

// Changing and removing users, and their passwords: the rules the users page, the users API
// and the command line share. A new role or password ends the user's sessions, so what they
// could do before stops at once; a removed user's sessions and API tokens go with them, their
// digest stops, and their follow-ups go back to the team's queue without an owner. The last
// administrator can be neither removed nor demoted: nobody could manage the users after.

// UserChange is what an administrator changes of a user; a nil field stays as it is.
type UserChange struct {
	Role, Agent, Team *string
	Password          *string // checked as a new user's password is
}

// ChangeUser applies ch to the user with id, all of it or nothing, and returns them as they
// were and as they are. A new role or a new password ends every session of the user, the one
// the change is made in too: a session secret from before (one that may have leaked) works no
// more. A user who changes their own password is given a new session by the caller.
//
// ch is applied to the user as the store holds them when its transaction has them
// (store.Accounts.ChangeUser), never to an earlier read: a demotion made while the user changes
// their password keeps the new password, and the role it names stands whatever changed
// meanwhile. What it returns is what the audit log's line says (UserChangeWords).
func (a *App) ChangeUser(ctx context.Context, id int64, ch UserChange) (before, after *cx.User, err error) {
	return a.changeUser(ctx, id, ch, "")
}

// changeUser is ChangeUser. proven, when not "", is the password hash the user proved they know
// (ChangeOwnPassword): when the user holds another by the time the change has them — an
// administrator set one meanwhile — the current password given is no longer theirs.
func (a *App) changeUser(ctx context.Context, id int64, ch UserChange, proven string) (before, after *cx.User, err error) {
	hash, err := a.passwordHash(ctx, id, ch.Password)
	if err != nil {
		return nil, nil, err
	}
	var email, role string // for the refusal of the last administrator's demotion
	before, after, err = a.accounts.ChangeUser(ctx, id, func(u *cx.User) (bool, error) {
		if proven != "" && u.PasswordHash != proven {
			return false, ErrWrongPassword
		}
		was := u.Role
		for _, f := range []struct{ to, from *string }{{&u.Role, ch.Role}, {&u.Agent, ch.Agent}, {&u.Team, ch.Team}} {
			if f.from != nil {
				*f.to = strings.TrimSpace(*f.from)
			}
		}
		if err := validRole(u.Role, u.Agent); err != nil {
			return false, err
		}
		if ch.Password != nil {
			u.PasswordHash = hash
		}
		email, role = u.Email, u.Role
		return u.Role != was || ch.Password != nil, nil
	})
	if err != nil {
		return nil, nil, lastAdmin(err, "role", email, "made "+role)
	}
	return before, after, nil
}

// passwordHash checks a new password, as a new user's is, and hashes it; "" for none (nil). It
// is hashed before the change's transaction, which would hold up every other writer for as
// long as the hashing takes (argon2id is slow on purpose). The address the check compares it
// with is read first: no change alters it.
func (a *App) passwordHash(ctx context.Context, id int64, password *string) (string, error) {
	if password == nil {
		return "", nil
	}
	u, err := a.accounts.UserByID(ctx, id)
	if err != nil {
		return "", err
	}
	if err := validPassword(*password, u.Email); err != nil {
		return "", err
	}
	return auth.HashPassword(*password)
}

// RemoveUser removes the user with id, with their sessions, tokens and digest; their
// follow-ups are left without an owner. It returns the user as they were and what went.
func (a *App) RemoveUser(ctx context.Context, id int64) (*cx.User, store.UserRemoved, error) {
	u, err := a.accounts.UserByID(ctx, id)
	if err != nil {
		return nil, store.UserRemoved{}, err
	}
	gone, err := a.accounts.DeleteUser(ctx, id)
	if err != nil {
		return nil, gone, lastAdmin(err, "", u.Email, "removed")
	}
	return u, gone, nil
}

// SetPassword gives the user with id a new password, checked as a new user's is, and ends
// every session of theirs.
func (a *App) SetPassword(ctx context.Context, id int64, password string) (*cx.User, error) {
	_, u, err := a.ChangeUser(ctx, id, UserChange{Password: &password})
	return u, err
}

// ErrWrongPassword is the answer to a change of one's own password with a current password
// that is not right.
var ErrWrongPassword = cx.Errorf(cx.EINVALID, "current_password: this is not your current password")

// ChangeOwnPassword is SetPassword for the user themselves, who proves it with their current
// password. Every session of theirs ends, the one they change it in too. The current password
// is the one the user holds when the change has them: one an administrator replaced after it
// was checked is wrong.
func (a *App) ChangeOwnPassword(ctx context.Context, id int64, current, password string) (*cx.User, error) {
	u, err := a.accounts.UserByID(ctx, id)
	if err != nil {
		return nil, err
	}
	if !auth.CheckPassword(u.PasswordHash, current) {
		return nil, ErrWrongPassword
	}
	_, after, err := a.changeUser(ctx, id, UserChange{Password: &password}, u.PasswordHash)
	return after, err
}

// lastAdmin says in the user's words that a change of email (made, the change) was refused
// because they are the last administrator; field is the member that asked for it ("" for none).
func lastAdmin(err error, field, email, made string) error {
	if !errors.Is(err, store.ErrLastAdmin) {
		return err
	}
	if field != "" {
		field += ": "
	}
	// The pages and a Dutch command say it by its key, naming who (web.Refused).
	return &cx.Error{Code: cx.ECONFLICT, Key: "user_last_admin", Args: []any{email},
		Message: fmt.Sprintf("%s%s is the last administrator and cannot be %s: make another user an administrator first", field, email, made)}
}

// UserChangeWords describe a change of a user's role, agent or team for the audit log: each
// field that changed, old → new, and whether their sessions were ended. A password is never in
// them: its change is an entry of its own (cx.AuditUserPassword).
func UserChangeWords(before, after *cx.User) []cx.AuditPhrase {
	var words []cx.AuditPhrase
	for _, f := range []struct {
		key      string
		old, new any // a cx.Word or a value as it is
	}{
		{"role_changed", cx.Word("role/" + before.Role), cx.Word("role/" + after.Role)}, {"agent_changed", before.Agent, after.Agent},
		{"team_changed", before.Team, after.Team},
	} {
		if f.old != f.new {
			words = append(words, cx.Phrase(f.key, f.old, f.new))
		}
	}
	if len(words) == 0 {
		return []cx.AuditPhrase{cx.Phrase("nothing_changed")}
	}
	if before.Role != after.Role {
		words = append(words, cx.Phrase("sessions_ended"))
	}
	return words
}

// UserRemovedWords describe a removal for the audit log: the user's role and what went with them.
func UserRemovedWords(u *cx.User, gone store.UserRemoved) []cx.AuditPhrase {
	return []cx.AuditPhrase{cx.Phrase("role", cx.Word("role/"+u.Role)), cx.Phrase("user_removed", strconv.FormatInt(gone.Sessions, 10),
		strconv.FormatInt(gone.Tokens, 10), strconv.FormatInt(gone.FollowUps, 10))}
}
