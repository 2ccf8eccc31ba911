package sqldb

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/klantpuls/klantpuls/internal/cx"
	"github.com/klantpuls/klantpuls/internal/store"
)

// Accounts take no part in the change sequence: each write is one statement, committed alone.
// On SQLite it waits for the one write connection, so a goroutine holding a record transaction
// must not call these; on PostgreSQL it takes no advisory lock and never waits for one.
var _ store.Accounts = (*Store)(nil)

// CountUsers returns the number of users: none means klantpuls still needs its first admin.
func (s *Store) CountUsers(ctx context.Context) (int, error) {
	n, err := one(ctx, s, "the number of users", (*row).Integer, "SELECT count(*) FROM users")
	if err != nil {
		return 0, err
	}
	return int(*n), nil
}

// CreateUser stores u and sets u.ID. u.Email is trimmed and u.CreatedAt, now when zero, kept in
// whole seconds, so u equals what a look-up returns.
func (s *Store) CreateUser(ctx context.Context, u *cx.User) error {
	email := strings.TrimSpace(u.Email)
	if email == "" {
		return cx.Errorf(cx.EINVALID, "store: unable to create a user without an e-mail address")
	}
	created := stamp(u.CreatedAt)
	id, _, err := s.insert(ctx, `INSERT INTO users
		(email, email_key, password_hash, role, agent, team, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
		email, cx.NameKey(email), u.PasswordHash, u.Role, bindText(u.Agent), bindText(u.Team), created.Unix())
	if err := s.failed(err, "create user "+email, "the e-mail address is taken"); err != nil {
		return err
	}
	u.ID, u.Email, u.CreatedAt = id, email, created
	return nil
}

const userColumns = "SELECT id, email, password_hash, role, agent, team, created_at FROM users"

// UserByID returns the user with id.
func (s *Store) UserByID(ctx context.Context, id int64) (*cx.User, error) {
	return one(ctx, s, "user "+strconv.FormatInt(id, 10), scanUser, userColumns+" WHERE id = $1", id)
}

// UserByEmail returns the user with email, in any case and with any surrounding spaces.
func (s *Store) UserByEmail(ctx context.Context, email string) (*cx.User, error) {
	return one(ctx, s, "user "+strings.TrimSpace(email), scanUser, userColumns+" WHERE email_key = $1", cx.NameKey(email))
}

// Users returns every user, oldest first.
func (s *Store) Users(ctx context.Context) ([]cx.User, error) {
	return list(ctx, s, "users", scanUser, userColumns+" ORDER BY id")
}

func scanUser(r *row) cx.User {
	return cx.User{ID: r.Integer(), Email: r.Text(), PasswordHash: r.Text(), Role: r.Text(), Agent: r.Text(),
		Team: r.Text(), CreatedAt: r.instant()}
}

// CreateSession stores a session. s.CreatedAt, now when zero, is kept in whole seconds; so is
// s.ExpiresAt, rounded down, so a session never outlives what it was given.
func (s *Store) CreateSession(ctx context.Context, sess *cx.Session) error {
	switch {
	case len(sess.Hash) == 0:
		return cx.Errorf(cx.EINVALID, "store: unable to create a session without a secret")
	case sess.ExpiresAt.IsZero():
		return cx.Errorf(cx.EINVALID, "store: unable to create a session without an expiry")
	}
	created := stamp(sess.CreatedAt)
	_, err := s.exec(ctx, "INSERT INTO sessions (hash, user_id, created_at, expires_at) VALUES ($1, $2, $3, $4)",
		sess.Hash, sess.UserID, created.Unix(), sess.ExpiresAt.Unix())
	if err := s.failed(err, "create a session", "its secret is in use"); err != nil {
		return err
	}
	sess.CreatedAt, sess.ExpiresAt = created, fromUnix(sess.ExpiresAt.Unix())
	return nil
}

// SessionByHash returns the session whose secret hashes to hash, unless it has expired: a
// session is good until, not at, its ExpiresAt.
func (s *Store) SessionByHash(ctx context.Context, hash []byte, now time.Time) (*cx.Session, error) {
	return one(ctx, s, "session", scanSession,
		"SELECT hash, user_id, created_at, expires_at FROM sessions WHERE hash = $1 AND expires_at > $2", hash, now.Unix())
}

func scanSession(r *row) cx.Session {
	return cx.Session{Hash: r.bytes(), UserID: r.Integer(), CreatedAt: r.instant(), ExpiresAt: r.instant()}
}

// DeleteSession ends a session. Ending one that is not there is no error: logging out twice,
// or after the session expired and was swept, leaves the same state.
func (s *Store) DeleteSession(ctx context.Context, hash []byte) error {
	_, err := s.exec(ctx, "DELETE FROM sessions WHERE hash = $1", hash)
	return s.failed(err, "delete a session", "")
}

// DeleteExpiredSessions removes the sessions expired at now, which SessionByHash already hides.
func (s *Store) DeleteExpiredSessions(ctx context.Context, now time.Time) error {
	_, err := s.exec(ctx, "DELETE FROM sessions WHERE expires_at <= $1", now.Unix())
	return s.failed(err, "delete expired sessions", "")
}

// CreateToken stores t and sets t.ID. t.CreatedAt, now when zero, is kept in whole seconds, as
// is t.ExpiresAt (zero: never).
func (s *Store) CreateToken(ctx context.Context, t *cx.Token) error {
	if len(t.Hash) == 0 {
		return cx.Errorf(cx.EINVALID, "store: unable to create token %q without a secret", t.Name)
	}
	created := stamp(t.CreatedAt)
	id, _, err := s.insert(ctx, `INSERT INTO tokens
		(name, hash, scope, user_id, created_at, last_used_at, expires_at) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
		t.Name, t.Hash, t.Scope, t.UserID, created.Unix(), bindInstant(t.LastUsedAt), bindInstant(t.ExpiresAt))
	if err := s.failed(err, fmt.Sprintf("create token %q", t.Name), "its secret is in use"); err != nil {
		return err
	}
	t.ID, t.CreatedAt, t.LastUsedAt, t.ExpiresAt = id, created, seconds(t.LastUsedAt), seconds(t.ExpiresAt)
	return nil
}

const tokenColumns = "SELECT id, name, hash, scope, user_id, created_at, last_used_at, expires_at FROM tokens"

// TokenByHash returns the token whose secret hashes to hash.
func (s *Store) TokenByHash(ctx context.Context, hash []byte) (*cx.Token, error) {
	return one(ctx, s, "token", scanToken, tokenColumns+" WHERE hash = $1", hash)
}

// Tokens returns every token, oldest first.
func (s *Store) Tokens(ctx context.Context) ([]cx.Token, error) {
	return list(ctx, s, "tokens", scanToken, tokenColumns+" ORDER BY id")
}

func scanToken(r *row) cx.Token {
	return cx.Token{ID: r.Integer(), Name: r.Text(), Hash: r.bytes(), Scope: r.Text(), UserID: r.Integer(),
		CreatedAt: r.instant(), LastUsedAt: r.instant(), ExpiresAt: r.instant()}
}

// DeleteToken revokes the token with id.
func (s *Store) DeleteToken(ctx context.Context, id int64) error {
	n, err := s.exec(ctx, "DELETE FROM tokens WHERE id = $1", id)
	return changed(n, err, "delete", "token "+strconv.FormatInt(id, 10))
}

// TouchToken records that the token with id was used at at. Requests finish out of order, so
// the latest use is kept rather than the last written (a NULL compares to nothing, so the CASE
// takes at). Each call is a durable write: a caller that sees every request should skip it while
// the stored use is recent.
func (s *Store) TouchToken(ctx context.Context, id int64, at time.Time) error {
	return s.touch(ctx, "tokens", "token", id, at)
}

// touch keeps at as the last use of the row with id in table (tokens, wall_screens: a name
// fixed by the caller, never input) unless a later use is stored: TouchToken's rule, for every
// credential whose use is recorded.
func (s *Store) touch(ctx context.Context, table, what string, id int64, at time.Time) error {
	if at.IsZero() {
		return cx.Errorf(cx.EINVALID, "store: unable to touch %s %d without a time", what, id)
	}
	n, err := s.exec(ctx, `UPDATE `+table+` SET last_used_at = CASE WHEN last_used_at >= $1 THEN last_used_at ELSE $1 END
		WHERE id = $2`, at.Unix(), id)
	return changed(n, err, "touch", what+" "+strconv.FormatInt(id, 10))
}

// CreateSetupLink stores a one-time setup link that works until, not at, expires.
func (s *Store) CreateSetupLink(ctx context.Context, hash []byte, expires time.Time) error {
	if len(hash) == 0 {
		return cx.Errorf(cx.EINVALID, "store: unable to create a setup link without a secret")
	}
	_, err := s.exec(ctx, "INSERT INTO setup_links (hash, expires_at) VALUES ($1, $2)", hash, expires.Unix())
	return s.failed(err, "create a setup link", "its secret is in use")
}

// UseSetupLink marks a setup link used. Of two requests racing with one link exactly one
// succeeds: on SQLite the statements take turns on the one writer; on PostgreSQL the second
// UPDATE waits for the first's row lock and then reads the row again, finding it used.
func (s *Store) UseSetupLink(ctx context.Context, hash []byte, now time.Time) error {
	n, err := s.exec(ctx, `UPDATE setup_links SET used_at = $1
		WHERE hash = $2 AND used_at IS NULL AND expires_at > $1`, now.Unix(), hash)
	if n == 0 && err == nil {
		return cx.Errorf(cx.ENOTFOUND, "store: setup link unknown, used or expired")
	}
	return s.failed(err, "use a setup link", "")
}
