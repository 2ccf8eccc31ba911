package app

import (
	"context"
	"time"

	"github.com/klantpuls/klantpuls/internal/cx"
	"github.com/klantpuls/klantpuls/internal/store"
)

// Users, login sessions, API tokens and sign-in attempts, as the server reads and changes
// them. Secrets are stored hashed; a look-up that finds nothing is a cx.ENOTFOUND error.

// signInLimit holds back failed sign-ins per account (the address typed, whether a user has it
// or not, so the answers do not tell which exist): five attempts at once, then a hold of 1 s
// that doubles with each failure up to 15 minutes, and is gone after a success or a quiet day —
// never a permanent lock, and kept in the store, so every node and a restart share it (OWASP
// Authentication Cheat Sheet, "Login Throttling").
var signInLimit = store.SignInLimit{Free: 5, First: time.Second, Max: 15 * time.Minute, Forget: 24 * time.Hour}

// ClaimSignIn counts a sign-in attempt on account (the cx.NameKey of the address tried) at now.
// While the account is held back it counts nothing and says until when.
func (a *App) ClaimSignIn(ctx context.Context, account string, now time.Time) (held bool, until time.Time, err error) {
	return a.accounts.ClaimSignIn(ctx, account, now, signInLimit)
}

// SignInSucceeded clears the account's failures: the attempt it claimed was no failure.
func (a *App) SignInSucceeded(ctx context.Context, account string) error {
	return a.accounts.SignInSucceeded(ctx, account)
}

// UseSetupLink spends the one-time link that lets the first administrator be created
// (cx.ENOTFOUND when unknown, used or expired).
func (a *App) UseSetupLink(ctx context.Context, hash []byte, now time.Time) error {
	return a.accounts.UseSetupLink(ctx, hash, now)
}

// CountUsers is how many users there are.
func (a *App) CountUsers(ctx context.Context) (int, error) { return a.accounts.CountUsers(ctx) }

// UserByID reads one user.
func (a *App) UserByID(ctx context.Context, id int64) (*cx.User, error) {
	return a.accounts.UserByID(ctx, id)
}

// UserByEmail reads one user by e-mail address, compared case-insensitively.
func (a *App) UserByEmail(ctx context.Context, email string) (*cx.User, error) {
	return a.accounts.UserByEmail(ctx, email)
}

// Users lists every user.
func (a *App) Users(ctx context.Context) ([]cx.User, error) { return a.accounts.Users(ctx) }

// CreateSession stores a login session.
func (a *App) CreateSession(ctx context.Context, s *cx.Session) error {
	return a.accounts.CreateSession(ctx, s)
}

// SessionByHash reads the session with the secret's hash; one expired at now is not found.
func (a *App) SessionByHash(ctx context.Context, hash []byte, now time.Time) (*cx.Session, error) {
	return a.accounts.SessionByHash(ctx, hash, now)
}

// DeleteSession ends a login session.
func (a *App) DeleteSession(ctx context.Context, hash []byte) error {
	return a.accounts.DeleteSession(ctx, hash)
}

// TokenByHash reads the API token with the secret's hash.
func (a *App) TokenByHash(ctx context.Context, hash []byte) (*cx.Token, error) {
	return a.accounts.TokenByHash(ctx, hash)
}

// Tokens lists every API token.
func (a *App) Tokens(ctx context.Context) ([]cx.Token, error) { return a.accounts.Tokens(ctx) }

// DeleteToken removes an API token.
func (a *App) DeleteToken(ctx context.Context, id int64) error {
	return a.accounts.DeleteToken(ctx, id)
}

// TouchToken records when a token was last used.
func (a *App) TouchToken(ctx context.Context, id int64, at time.Time) error {
	return a.accounts.TouchToken(ctx, id, at)
}
