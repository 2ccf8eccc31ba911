package web

import (
	"context"
	"fmt"
	"log/slog"
	"net/mail"
	"strings"
	"time"

	"github.com/klantpuls/klantpuls/internal/auth"
	"github.com/klantpuls/klantpuls/internal/cx"
	"github.com/klantpuls/klantpuls/internal/store"
)

// CreateUser validates and stores a user with a hashed password. The command line, the setup
// page and the users API all create users through here.
func CreateUser(ctx context.Context, acc store.Accounts, email, password, role, agent, team string, now time.Time) (*cx.User, error) {
	if err := ValidateUser(email, password, role, agent); err != nil {
		return nil, err
	}
	hash, err := auth.HashPassword(password)
	if err != nil {
		return nil, err
	}
	u := &cx.User{Email: strings.TrimSpace(email), PasswordHash: hash, Role: role, Agent: strings.TrimSpace(agent),
		Team: strings.TrimSpace(team), CreatedAt: now}
	if err := acc.CreateUser(ctx, u); err != nil {
		return nil, err
	}
	return u, nil
}

// ValidateUser checks what a new user needs: an e-mail address, a role, an agent name for an
// agent, and a password long enough.
func ValidateUser(email, password, role, agent string) error {
	addr, err := mail.ParseAddress(strings.TrimSpace(email))
	if err != nil || addr.Address != strings.TrimSpace(email) {
		return cx.Errorf(cx.EINVALID, "email: %q is not an e-mail address", email)
	}
	if !auth.ValidRole(role) {
		return cx.Errorf(cx.EINVALID, "role: %q is not admin, manager or agent", role)
	}
	if role == cx.RoleAgent && strings.TrimSpace(agent) == "" {
		return cx.Errorf(cx.EINVALID, "agent: an agent user needs the agent name their tickets carry")
	}
	if err := auth.ValidatePassword(password); err != nil {
		return cx.Errorf(cx.EINVALID, "password: %v", err)
	}
	return nil
}

// CreateToken makes an API token for a user; the plain secret is returned once and only its
// hash is stored.
func CreateToken(ctx context.Context, acc store.Accounts, userID int64, name, scope string, now time.Time) (plain string, t *cx.Token, err error) {
	name = strings.TrimSpace(name)
	if name == "" || len(name) > 100 {
		return "", nil, cx.Errorf(cx.EINVALID, "name: give the token a name of at most 100 characters")
	}
	if !auth.ValidScope(scope) {
		return "", nil, cx.Errorf(cx.EINVALID, "scope: %q is not read or write", scope)
	}
	plain, hash := auth.NewToken()
	t = &cx.Token{Name: name, Hash: hash, Scope: scope, UserID: userID, CreatedAt: now}
	if err := acc.CreateToken(ctx, t); err != nil {
		return "", nil, err
	}
	return plain, t, nil
}

// Bootstrap makes sure someone can log in on a server without users: it creates the admin from
// KLANTPULS_ADMIN_EMAIL and KLANTPULS_ADMIN_PASSWORD when given, else asks on a terminal
// (prompt, when not nil), else logs a one-time setup link valid for a day.
func Bootstrap(ctx context.Context, acc store.Accounts, log *slog.Logger, email, password string,
	prompt func() (string, string, error), baseURL string, now time.Time) error {
	n, err := acc.CountUsers(ctx)
	if err != nil || n > 0 {
		return err
	}
	switch {
	case email != "" && password != "":
	case prompt != nil:
		if email, password, err = prompt(); err != nil {
			return err
		}
	default:
		plain, hash := auth.NewSessionSecret()
		if err := acc.CreateSetupLink(ctx, hash, now.Add(24*time.Hour)); err != nil {
			return err
		}
		log.Warn("no users yet: open the setup link to create the administrator (valid 24 hours, once)",
			slog.String("url", fmt.Sprintf("%s/setup?token=%s", strings.TrimRight(baseURL, "/"), plain)))
		return nil
	}
	u, err := CreateUser(ctx, acc, email, password, cx.RoleAdmin, "", "", now)
	if err != nil {
		return fmt.Errorf("creating the administrator: %w", err)
	}
	log.Info("administrator created", slog.String("email", u.Email))
	return nil
}
