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

// ChangeUser writes u (every field but ID and CreatedAt), refusing with store.ErrLastAdmin a
// change that leaves no administrator, and when end is set ends the user's sessions.
func (s *Store) ChangeUser(ctx context.Context, u *cx.User, end bool) error {
	what := "user " + strconv.FormatInt(u.ID, 10)
	email := strings.TrimSpace(u.Email)
	if email == "" {
		return cx.Errorf(cx.EINVALID, "store: unable to update %s: no e-mail address", what)
	}
	err := s.inTx(ctx, "update "+what, func(tx execer) error {
		if err := s.keepAnAdmin(ctx, tx, u.ID, u.Role == cx.RoleAdmin); err != nil {
			return err
		}
		n, err := rowsChanged(tx.ExecContext(ctx, s.sql(`UPDATE users SET email = $1, email_key = $2, password_hash = $3,
			role = $4, agent = $5, team = $6 WHERE id = $7`),
			email, cx.NameKey(email), u.PasswordHash, u.Role, bindText(u.Agent), bindText(u.Team), u.ID))
		if err := s.failed(err, "update "+what, "e-mail address "+email+" is taken"); err != nil {
			return err
		}
		if err := changed(n, nil, "update", what); err != nil {
			return err
		}
		if end {
			_, err = tx.ExecContext(ctx, s.sql("DELETE FROM sessions WHERE user_id = $1"), u.ID)
		}
		return err
	})
	if err != nil {
		return err
	}
	u.Email = email
	return nil
}

// DeleteUser removes the user with id and what is theirs alone (see store.Accounts). Their
// follow-ups stay, without an owner, so the answers go back to the team's queue; the audit log
// names users by address and keeps every line.
func (s *Store) DeleteUser(ctx context.Context, id int64) (store.UserRemoved, error) {
	var gone store.UserRemoved
	what := "user " + strconv.FormatInt(id, 10)
	err := s.inTx(ctx, "remove "+what, func(tx execer) error {
		if err := s.keepAnAdmin(ctx, tx, id, false); err != nil {
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
// administrator (staysAdmin false) when no other one is left. On PostgreSQL the administrators'
// rows stay locked until the transaction ends, so a parallel change waits and then sees this
// one's outcome; SQLite's write transaction holds the whole database.
func (s *Store) keepAnAdmin(ctx context.Context, tx execer, id int64, staysAdmin bool) error {
	if staysAdmin {
		return nil
	}
	lock := ""
	if s.d.LockRows {
		lock = " FOR UPDATE"
	}
	rows, err := tx.QueryContext(ctx, s.sql("SELECT id FROM users WHERE role = $1"+lock), cx.RoleAdmin)
	if err != nil {
		return err
	}
	defer rows.Close()
	var admins []int64
	for rows.Next() {
		var a int64
		if err := rows.Scan(&a); err != nil {
			return err
		}
		admins = append(admins, a)
	}
	if err := rows.Err(); err != nil {
		return err
	}
	if len(admins) == 1 && admins[0] == id {
		return store.ErrLastAdmin
	}
	return nil
}
