package sqldb

import (
	"context"
	"strconv"
	"strings"

	"github.com/klantpuls/klantpuls/internal/cx"
	"github.com/klantpuls/klantpuls/internal/store"
)

// Changing and removing users: each one transaction with what follows from it, so a user whose
// role or password changed has no session left from before, a removed user no token, and two
// administrators demoting each other at once cannot leave nobody to manage the users.

// ChangeUser reads the user with id in its transaction, locked there (store.Accounts), has
// change change them, and writes them (every field but ID and CreatedAt), refusing with
// store.ErrLastAdmin a change that leaves no administrator; when change says so it ends the
// user's sessions. An error of change's is returned as it is.
func (s *Store) ChangeUser(ctx context.Context, id int64, change func(u *cx.User) (end bool, err error)) (before, after *cx.User, err error) {
	what := "user " + strconv.FormatInt(id, 10)
	var refused error // change's, returned as it is rather than as the store's
	err = s.inTx(ctx, "update "+what, func(tx execer) error {
		// The administrators first, then the user, as every change and removal locks them: two
		// changes each demoting one of two administrators wait for each other, not deadlock.
		admins, err := s.admins(ctx, tx)
		if err != nil {
			return err
		}
		found, err := listOn(ctx, s, tx, what, scanUser, userColumns+" WHERE id = $1"+s.d.forUpdate(), id)
		if err != nil {
			return err
		} else if len(found) == 0 {
			return cx.Errorf(cx.ENOTFOUND, "store: %s not found", what)
		}
		u := found[0]
		end, err := change(&u)
		if err != nil {
			refused = err
			return err
		}
		if u.Email = strings.TrimSpace(u.Email); u.Email == "" {
			return cx.Errorf(cx.EINVALID, "store: unable to update %s: no e-mail address", what)
		}
		if u.Role != cx.RoleAdmin && onlyAdmin(admins, id) {
			return store.ErrLastAdmin
		}
		_, err = tx.ExecContext(ctx, s.sql(`UPDATE users SET email = $1, email_key = $2, password_hash = $3,
			role = $4, agent = $5, team = $6 WHERE id = $7`),
			u.Email, cx.NameKey(u.Email), u.PasswordHash, u.Role, bindText(u.Agent), bindText(u.Team), id)
		if err := s.failed(err, "update "+what, "e-mail address "+u.Email+" is taken"); err != nil {
			return err
		}
		if end {
			_, err = tx.ExecContext(ctx, s.sql("DELETE FROM sessions WHERE user_id = $1"), id)
		}
		before, after = &found[0], &u
		return err
	})
	if refused != nil {
		return nil, nil, refused
	} else if err != nil {
		return nil, nil, err
	}
	return before, after, nil
}

// DeleteUser removes the user with id and what is theirs alone (see store.Accounts). Their
// follow-ups stay, without an owner, so the answers go back to the team's queue; the audit log
// names users by address and keeps every line.
func (s *Store) DeleteUser(ctx context.Context, id int64) (store.UserRemoved, error) {
	var gone store.UserRemoved
	what := "user " + strconv.FormatInt(id, 10)
	err := s.inTx(ctx, "remove "+what, func(tx execer) error {
		if err := s.keepAnAdmin(ctx, tx, id); err != nil {
			return err
		}
		n, err := rowsChanged(tx.ExecContext(ctx, s.sql("DELETE FROM users WHERE id = $1"), id))
		if err := changed(n, err, "remove", what); err != nil {
			return err
		}
		// SQLite runs without foreign keys (sqlite.go), so the digest tables' ON DELETE CASCADE
		// is PostgreSQL's only: both delete them here.
		steps := []struct {
			query string
			count *int64
		}{
			{"DELETE FROM sessions WHERE user_id = $1", &gone.Sessions},
			{"DELETE FROM tokens WHERE user_id = $1", &gone.Tokens},
			{"DELETE FROM digest_schedules WHERE user_id = $1", nil},
			{"DELETE FROM digests_sent WHERE user_id = $1", nil},
			{"UPDATE followups SET owner_id = NULL WHERE owner_id = $1", &gone.FollowUps},
		}
		for _, step := range steps {
			n, err := rowsChanged(tx.ExecContext(ctx, s.sql(step.query), id))
			if err != nil {
				return err
			}
			if step.count != nil {
				*step.count = n
			}
		}
		return nil
	})
	return gone, err
}

// keepAnAdmin refuses with store.ErrLastAdmin to let the user with id stop being an
// administrator when no other one is left.
func (s *Store) keepAnAdmin(ctx context.Context, tx execer, id int64) error {
	admins, err := s.admins(ctx, tx)
	if err != nil {
		return err
	}
	if onlyAdmin(admins, id) {
		return store.ErrLastAdmin
	}
	return nil
}

// admins reads the ids of the administrators in tx. On PostgreSQL their rows stay locked until
// the transaction ends, so a parallel change waits and then sees this one's outcome; SQLite's
// write transaction holds the whole database.
func (s *Store) admins(ctx context.Context, tx execer) ([]int64, error) {
	return listOn(ctx, s, tx, "the administrators", (*row).Integer, "SELECT id FROM users WHERE role = $1"+s.d.forUpdate(), cx.RoleAdmin)
}

// onlyAdmin tells whether the user with id is the one administrator of admins.
func onlyAdmin(admins []int64, id int64) bool { return len(admins) == 1 && admins[0] == id }
