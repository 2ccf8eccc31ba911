package postgres

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgtype"

	"github.com/klantpuls/klantpuls/internal/cx"
	"github.com/klantpuls/klantpuls/internal/store"
)

// Accounts take no part in the change sequence: each write is one statement on the pool,
// committed alone, and takes no advisory lock, so it never waits for a record transaction.
var _ store.Accounts = (*Store)(nil)

// instantOrZero reads an optional instant: NULL is the zero time.
func instantOrZero(n pgtype.Int8) time.Time {
	if !n.Valid {
		return time.Time{}
	}
	return store.FromUnix(n.Int64)
}

// isUniqueViolation reports whether err is a UNIQUE or PRIMARY KEY constraint failing.
func isUniqueViolation(err error) bool {
	var e *pgconn.PgError
	return errors.As(err, &e) && e.Code == "23505" // unique_violation
}

// exec runs one statement and returns the number of rows it changed.
func (s *Store) exec(ctx context.Context, query string, args ...any) (int64, error) {
	tag, err := s.pool.Exec(ctx, query, args...)
	if err != nil {
		return 0, err
	}
	return tag.RowsAffected(), nil
}

// list runs query and scans every row with scan; what names the rows in errors. No rows is a
// nil slice, as in the SQLite store.
func list[T any](ctx context.Context, s *Store, what string, scan func(pgx.Row) (*T, error),
	query string, args ...any) ([]T, error) {
	rows, err := s.pool.Query(ctx, query, args...)
	if err != nil {
		return nil, fmt.Errorf("store: unable to read %s: %w", what, err)
	}
	defer rows.Close()
	var out []T
	for rows.Next() {
		v, err := scan(rows)
		if err != nil {
			return nil, fmt.Errorf("store: unable to read %s: %w", what, err)
		}
		out = append(out, *v)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: unable to read %s: %w", what, err)
	}
	return out, nil
}

// CountUsers returns the number of users: none means klantpuls still needs its first admin.
func (s *Store) CountUsers(ctx context.Context) (int, error) {
	var n int
	if err := s.pool.QueryRow(ctx, "SELECT count(*) FROM users").Scan(&n); err != nil {
		return 0, fmt.Errorf("store: unable to count users: %w", err)
	}
	return n, nil
}

// CreateUser stores u and sets u.ID. u.Email is trimmed and u.CreatedAt, now when zero, kept in
// whole seconds, so u equals what a look-up returns.
func (s *Store) CreateUser(ctx context.Context, u *cx.User) error {
	email := strings.TrimSpace(u.Email)
	if email == "" {
		return cx.Errorf(cx.EINVALID, "store: unable to create a user without an e-mail address")
	}
	created := store.Stamp(u.CreatedAt)
	var id int64
	err := s.pool.QueryRow(ctx, `INSERT INTO users
		(email, email_key, password_hash, role, agent, team, created_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
		email, cx.NameKey(email), u.PasswordHash, u.Role, store.BindText(u.Agent), store.BindText(u.Team),
		created.Unix()).Scan(&id)
	switch {
	case isUniqueViolation(err):
		return cx.Errorf(cx.ECONFLICT, "store: unable to create user %s: the e-mail address is taken", email)
	case err != nil:
		return fmt.Errorf("store: unable to create user %s: %w", email, err)
	}
	u.ID, u.Email, u.CreatedAt = id, email, created
	return nil
}

// UpdateUser writes every field of u but ID and CreatedAt to the user with u.ID.
func (s *Store) UpdateUser(ctx context.Context, u *cx.User) error {
	email := strings.TrimSpace(u.Email)
	if email == "" {
		return cx.Errorf(cx.EINVALID, "store: unable to update user %d: no e-mail address", u.ID)
	}
	n, err := s.exec(ctx, `UPDATE users SET email = $1, email_key = $2, password_hash = $3,
		role = $4, agent = $5, team = $6 WHERE id = $7`,
		email, cx.NameKey(email), u.PasswordHash, u.Role, store.BindText(u.Agent), store.BindText(u.Team), u.ID)
	switch {
	case isUniqueViolation(err):
		return cx.Errorf(cx.ECONFLICT, "store: unable to update user %d: e-mail address %s is taken", u.ID, email)
	case err != nil:
		return fmt.Errorf("store: unable to update user %d: %w", u.ID, err)
	case n == 0:
		return cx.Errorf(cx.ENOTFOUND, "store: user %d not found", u.ID)
	}
	u.Email = email
	return nil
}

const userColumns = "id, email, password_hash, role, agent, team, created_at"

// UserByID returns the user with id.
func (s *Store) UserByID(ctx context.Context, id int64) (*cx.User, error) {
	u, err := scanUser(s.pool.QueryRow(ctx, "SELECT "+userColumns+" FROM users WHERE id = $1", id))
	switch {
	case errors.Is(err, pgx.ErrNoRows):
		return nil, cx.Errorf(cx.ENOTFOUND, "store: user %d not found", id)
	case err != nil:
		return nil, fmt.Errorf("store: unable to read user %d: %w", id, err)
	}
	return u, nil
}

// UserByEmail returns the user with email, in any case and with any surrounding spaces.
func (s *Store) UserByEmail(ctx context.Context, email string) (*cx.User, error) {
	u, err := scanUser(s.pool.QueryRow(ctx, "SELECT "+userColumns+" FROM users WHERE email_key = $1",
		cx.NameKey(email)))
	switch {
	case errors.Is(err, pgx.ErrNoRows):
		return nil, cx.Errorf(cx.ENOTFOUND, "store: no user with e-mail address %s", strings.TrimSpace(email))
	case err != nil:
		return nil, fmt.Errorf("store: unable to read user %s: %w", strings.TrimSpace(email), err)
	}
	return u, nil
}

// Users returns every user, oldest first.
func (s *Store) Users(ctx context.Context) ([]cx.User, error) {
	return list(ctx, s, "users", scanUser, "SELECT "+userColumns+" FROM users ORDER BY id")
}

func scanUser(row pgx.Row) (*cx.User, error) {
	var (
		u           cx.User
		agent, team pgtype.Text
		created     int64
	)
	if err := row.Scan(&u.ID, &u.Email, &u.PasswordHash, &u.Role, &agent, &team, &created); err != nil {
		return nil, err
	}
	u.Agent, u.Team, u.CreatedAt = agent.String, team.String, store.FromUnix(created)
	return &u, nil
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
	created := store.Stamp(sess.CreatedAt)
	_, err := s.exec(ctx, `INSERT INTO sessions (hash, user_id, created_at, expires_at)
		VALUES ($1, $2, $3, $4)`, sess.Hash, sess.UserID, created.Unix(), sess.ExpiresAt.Unix())
	switch {
	case isUniqueViolation(err):
		return cx.Errorf(cx.ECONFLICT, "store: unable to create a session: its secret is in use")
	case err != nil:
		return fmt.Errorf("store: unable to create a session for user %d: %w", sess.UserID, err)
	}
	sess.CreatedAt, sess.ExpiresAt = created, store.FromUnix(sess.ExpiresAt.Unix())
	return nil
}

// SessionByHash returns the session whose secret hashes to hash, unless it has expired: a
// session is good until, not at, its ExpiresAt.
func (s *Store) SessionByHash(ctx context.Context, hash []byte, now time.Time) (*cx.Session, error) {
	var (
		sess             cx.Session
		created, expires int64
	)
	err := s.pool.QueryRow(ctx, `SELECT hash, user_id, created_at, expires_at FROM sessions
		WHERE hash = $1 AND expires_at > $2`, hash, now.Unix()).
		Scan(&sess.Hash, &sess.UserID, &created, &expires)
	switch {
	case errors.Is(err, pgx.ErrNoRows):
		return nil, cx.Errorf(cx.ENOTFOUND, "store: session not found or expired")
	case err != nil:
		return nil, fmt.Errorf("store: unable to read a session: %w", err)
	}
	sess.CreatedAt, sess.ExpiresAt = store.FromUnix(created), store.FromUnix(expires)
	return &sess, nil
}

// DeleteSession ends a session. Ending one that is not there is no error: logging out twice,
// or after the session expired and was swept, leaves the same state.
func (s *Store) DeleteSession(ctx context.Context, hash []byte) error {
	if _, err := s.exec(ctx, "DELETE FROM sessions WHERE hash = $1", hash); err != nil {
		return fmt.Errorf("store: unable to delete a session: %w", err)
	}
	return nil
}

// DeleteExpiredSessions removes the sessions expired at now, which SessionByHash already hides.
func (s *Store) DeleteExpiredSessions(ctx context.Context, now time.Time) error {
	if _, err := s.exec(ctx, "DELETE FROM sessions WHERE expires_at <= $1", now.Unix()); err != nil {
		return fmt.Errorf("store: unable to delete expired sessions: %w", err)
	}
	return nil
}

// CreateToken stores t and sets t.ID. t.CreatedAt, now when zero, is kept in whole seconds, as
// is t.ExpiresAt (zero: never).
func (s *Store) CreateToken(ctx context.Context, t *cx.Token) error {
	if len(t.Hash) == 0 {
		return cx.Errorf(cx.EINVALID, "store: unable to create token %q without a secret", t.Name)
	}
	created := store.Stamp(t.CreatedAt)
	var id int64
	err := s.pool.QueryRow(ctx, `INSERT INTO tokens
		(name, hash, scope, user_id, created_at, last_used_at, expires_at) VALUES ($1, $2, $3, $4, $5, $6, $7)
		RETURNING id`,
		t.Name, t.Hash, t.Scope, t.UserID, created.Unix(), store.BindInstant(t.LastUsedAt),
		store.BindInstant(t.ExpiresAt)).Scan(&id)
	switch {
	case isUniqueViolation(err):
		return cx.Errorf(cx.ECONFLICT, "store: unable to create token %q: its secret is in use", t.Name)
	case err != nil:
		return fmt.Errorf("store: unable to create token %q: %w", t.Name, err)
	}
	t.ID, t.CreatedAt, t.LastUsedAt, t.ExpiresAt = id, created, store.Seconds(t.LastUsedAt), store.Seconds(t.ExpiresAt)
	return nil
}

const tokenColumns = "id, name, hash, scope, user_id, created_at, last_used_at, expires_at"

// TokenByHash returns the token whose secret hashes to hash.
func (s *Store) TokenByHash(ctx context.Context, hash []byte) (*cx.Token, error) {
	t, err := scanToken(s.pool.QueryRow(ctx, "SELECT "+tokenColumns+" FROM tokens WHERE hash = $1", hash))
	switch {
	case errors.Is(err, pgx.ErrNoRows):
		return nil, cx.Errorf(cx.ENOTFOUND, "store: token not found")
	case err != nil:
		return nil, fmt.Errorf("store: unable to read a token: %w", err)
	}
	return t, nil
}

// Tokens returns every token, oldest first.
func (s *Store) Tokens(ctx context.Context) ([]cx.Token, error) {
	return list(ctx, s, "tokens", scanToken, "SELECT "+tokenColumns+" FROM tokens ORDER BY id")
}

func scanToken(row pgx.Row) (*cx.Token, error) {
	var (
		t        cx.Token
		created  int64
		lastUsed pgtype.Int8
		expires  pgtype.Int8
	)
	if err := row.Scan(&t.ID, &t.Name, &t.Hash, &t.Scope, &t.UserID, &created, &lastUsed, &expires); err != nil {
		return nil, err
	}
	t.CreatedAt, t.LastUsedAt, t.ExpiresAt = store.FromUnix(created), instantOrZero(lastUsed), instantOrZero(expires)
	return &t, nil
}

// DeleteToken revokes the token with id.
func (s *Store) DeleteToken(ctx context.Context, id int64) error {
	n, err := s.exec(ctx, "DELETE FROM tokens WHERE id = $1", id)
	switch {
	case err != nil:
		return fmt.Errorf("store: unable to delete token %d: %w", id, err)
	case n == 0:
		return cx.Errorf(cx.ENOTFOUND, "store: token %d not found", id)
	}
	return nil
}

// TouchToken records that the token with id was used at at. Requests finish out of order, so
// the latest use is kept rather than the last written (GREATEST passes over a NULL). Each call
// is a write: a caller that sees every request should skip it while the stored use is recent.
func (s *Store) TouchToken(ctx context.Context, id int64, at time.Time) error {
	if at.IsZero() {
		return cx.Errorf(cx.EINVALID, "store: unable to touch token %d without a time", id)
	}
	n, err := s.exec(ctx, "UPDATE tokens SET last_used_at = GREATEST(last_used_at, $1) WHERE id = $2",
		at.Unix(), id)
	switch {
	case err != nil:
		return fmt.Errorf("store: unable to touch token %d: %w", id, err)
	case n == 0:
		return cx.Errorf(cx.ENOTFOUND, "store: token %d not found", id)
	}
	return nil
}

// CreateSetupLink stores a one-time setup link that works until, not at, expires.
func (s *Store) CreateSetupLink(ctx context.Context, hash []byte, expires time.Time) error {
	if len(hash) == 0 {
		return cx.Errorf(cx.EINVALID, "store: unable to create a setup link without a secret")
	}
	_, err := s.exec(ctx, "INSERT INTO setup_links (hash, expires_at) VALUES ($1, $2)", hash, expires.Unix())
	switch {
	case isUniqueViolation(err):
		return cx.Errorf(cx.ECONFLICT, "store: unable to create a setup link: its secret is in use")
	case err != nil:
		return fmt.Errorf("store: unable to create a setup link: %w", err)
	}
	return nil
}

// UseSetupLink marks a setup link used. Of two requests racing with one link exactly one
// succeeds, on one node or several: the second UPDATE waits for the first's row lock and then
// reads the row again, finding it used.
func (s *Store) UseSetupLink(ctx context.Context, hash []byte, now time.Time) error {
	n, err := s.exec(ctx, `UPDATE setup_links SET used_at = $1
		WHERE hash = $2 AND used_at IS NULL AND expires_at > $1`, now.Unix(), hash)
	switch {
	case err != nil:
		return fmt.Errorf("store: unable to use a setup link: %w", err)
	case n == 0:
		return cx.Errorf(cx.ENOTFOUND, "store: setup link unknown, used or expired")
	}
	return nil
}
