package app

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/klantpuls/klantpuls/internal/auth"
	"github.com/klantpuls/klantpuls/internal/cx"
)

// The rules of accounts: who may be a user, what a password and a token must be, how the first
// administrator comes about. The command line, the setup page and the users and tokens API all
// go through here, so one rule holds for each.

// CreateUser validates and stores a user with a hashed password (cx.ECONFLICT when the e-mail
// address is taken).
func (a *App) CreateUser(ctx context.Context, email, password, role, agent, team string, now time.Time) (*cx.User, error) {
	if err := ValidateUser(email, password, role, agent); err != nil {
		return nil, err
	}
	hash, err := auth.HashPassword(password)
	if err != nil {
		return nil, err
	}
	u := &cx.User{Email: strings.TrimSpace(email), PasswordHash: hash, Role: role, Agent: strings.TrimSpace(agent),
		Team: strings.TrimSpace(team), CreatedAt: now}
	if err := a.accounts.CreateUser(ctx, u); cx.ErrorCode(err) == cx.ECONFLICT {
		// The store's one unique key of a user is their address.
		return nil, cx.Refuse(cx.ECONFLICT, "email", "user_email_taken", "%s is the address of another user", u.Email)
	} else if err != nil {
		return nil, err
	}
	return u, nil
}

// ValidateUser checks what a new user needs: an e-mail address, a role, an agent name for an
// agent, and a password that is long enough and not easy to guess (auth.ValidatePassword).
func ValidateUser(email, password, role, agent string) error {
	if !EmailAddress(strings.TrimSpace(email)) {
		return cx.Refuse(cx.EINVALID, "email", "user_bad_email", "%q is not an e-mail address", email)
	}
	if err := validRole(role, agent); err != nil {
		return err
	}
	return validPassword(password, email)
}

// maxAddress is the longest e-mail address there is: a path of 256 octets, its angle brackets
// included (RFC 5321, 4.5.3.1.3).
const maxAddress = 254

// EmailAddress tells whether s is one e-mail address (cx.ParseAddress, the one rule) as a
// user's is written — no name, no brackets, no spaces around it — of at most 254 bytes.
func EmailAddress(s string) bool {
	addr, err := cx.ParseAddress(s)
	return err == nil && addr.Address == s && len(s) <= maxAddress
}

// validRole checks a user's role and, for an agent, that they have the agent name their tickets
// carry: for a new user and a changed one alike.
func validRole(role, agent string) error {
	if !auth.ValidRole(role) {
		return cx.Refuse(cx.EINVALID, "role", "user_bad_role", "%q is not admin, manager or agent", role)
	}
	if role == cx.RoleAgent && strings.TrimSpace(agent) == "" {
		return cx.Refuse(cx.EINVALID, "agent", "user_need_agent", "an agent user needs the agent name their tickets carry")
	}
	return nil
}

// validPassword checks a new password (auth.ValidatePassword), the problem named as the field
// as cx.Refuse names one: the field in the English of the API and the command line, the key of
// the pages' sentence kept, so a Dutch command says the pages' Dutch (web.Refused says a
// refusal wrapped in words of its own as it is).
func validPassword(password, email string) error {
	err := auth.ValidatePassword(password, email)
	var refused *cx.Error
	if !errors.As(err, &refused) {
		return err
	}
	return &cx.Error{Code: refused.Code, Message: "password: " + refused.Message, Field: "password", Key: refused.Key, Args: refused.Args}
}

// CreateToken makes an API token for a user that never expires; see CreateTokenUntil.
func (a *App) CreateToken(ctx context.Context, userID int64, name, scope string, now time.Time) (plain string, t *cx.Token, err error) {
	return a.CreateTokenUntil(ctx, userID, name, scope, time.Time{}, now)
}

// CreateTokenUntil makes an API token for a user that works until expires (zero: always); the
// plain secret is returned once and only its hash is stored.
func (a *App) CreateTokenUntil(ctx context.Context, userID int64, name, scope string, expires, now time.Time) (plain string, t *cx.Token, err error) {
	name = strings.TrimSpace(name)
	if !nameFits(name) {
		return "", nil, cx.Refuse(cx.EINVALID, "name", "need_name", "give the token a name of at most %d characters", maxName)
	}
	if !auth.ValidScope(scope) {
		return "", nil, cx.Refuse(cx.EINVALID, "scope", "token_bad_scope", "%q is not read or write", scope)
	}
	plain, hash := auth.NewToken()
	t = &cx.Token{Name: name, Hash: hash, Scope: scope, UserID: userID, CreatedAt: now, ExpiresAt: expires}
	if err := a.accounts.CreateToken(ctx, t); err != nil {
		return "", nil, err
	}
	return plain, t, nil
}

// maxName bounds the name of a token or a wall screen, in characters: the forms' maxlength, and
// what their refusals say ("hoogstens 100 tekens"), where bytes refused a Dutch name with an é
// or a dash before it had 100.
const maxName = 100

// nameFits tells whether a token's or a wall screen's trimmed name may be stored: not empty, text
// (UTF-8, which PostgreSQL refuses otherwise, with its own words on the page), and at most
// maxName characters.
func nameFits(name string) bool {
	return name != "" && utf8.ValidString(name) && utf8.RuneCountInString(name) <= maxName
}

// maxTokenDays bounds a token's lifetime when one is given: ten years.
const maxTokenDays = 3650

// ParseTokenExpiry reads how long a new token lives, as the command line (--expires), the
// form and the API (expires) give it: a number of days like "90d", or "" or "never" for a
// token without an expiry. It returns when the token stops working, counted from now.
func ParseTokenExpiry(s string, now time.Time) (time.Time, error) {
	s = strings.ToLower(strings.TrimSpace(s))
	if s == "" || s == "never" {
		return time.Time{}, nil
	}
	days, err := strconv.Atoi(strings.TrimSuffix(s, "d"))
	if !strings.HasSuffix(s, "d") || err != nil || days < 1 || days > maxTokenDays {
		return time.Time{}, cx.Refuse(cx.EINVALID, "expires", "token_bad_expires", "%q is not a number of days from 1 to %d like \"90d\", or \"never\"", s, maxTokenDays)
	}
	return now.AddDate(0, 0, days), nil
}

// TokenWords describe a token for the audit log: its name, scope, owner and expiry.
func TokenWords(t *cx.Token, owner string) []cx.AuditPhrase {
	if t.ExpiresAt.IsZero() {
		return []cx.AuditPhrase{cx.Phrase("token", t.Name, cx.Word("scope/"+t.Scope), owner)}
	}
	return []cx.AuditPhrase{cx.Phrase("token_expires", t.Name, cx.Word("scope/"+t.Scope), owner, t.ExpiresAt.Format(time.DateOnly))}
}

// Bootstrap makes sure someone can log in on a server without users: it creates the admin from
// KLANTPULS_ADMIN_EMAIL and KLANTPULS_ADMIN_PASSWORD when given, else asks on a terminal
// (prompt, when not nil), else logs a one-time setup link valid for a day. An admin it
// creates is in the audit log, made on the command line.
func (a *App) Bootstrap(ctx context.Context, log *slog.Logger, email, password string,
	prompt func() (string, string, error), baseURL string, now time.Time) error {
	n, err := a.accounts.CountUsers(ctx)
	if err != nil || n > 0 {
		return err
	}
	how := "first_admin_env"
	switch {
	case email != "" && password == "":
		// Passed over for a setup link, the administrator the operator named would never be made.
		return cx.Errorf(cx.EINVALID, "KLANTPULS_ADMIN_EMAIL is set but KLANTPULS_ADMIN_PASSWORD is not: set both for the first administrator, or neither")
	case email == "" && password != "":
		return cx.Errorf(cx.EINVALID, "KLANTPULS_ADMIN_PASSWORD is set but KLANTPULS_ADMIN_EMAIL is not: set both for the first administrator, or neither")
	case email != "" && password != "":
	case prompt != nil:
		if email, password, err = prompt(); err != nil {
			return err
		}
		how = "first_admin_terminal"
	default:
		plain, hash := auth.NewSessionSecret()
		if err := a.accounts.CreateSetupLink(ctx, hash, now.Add(24*time.Hour)); err != nil {
			return err
		}
		log.Warn("no users yet: open the setup link to create the administrator (valid 24 hours, once)",
			slog.String("url", fmt.Sprintf("%s/setup?token=%s", strings.TrimRight(baseURL, "/"), plain)))
		return nil
	}
	var u *cx.User
	err = a.Audited(ctx, func(ctx context.Context) ([]cx.AuditEntry, error) {
		var err error
		if u, err = a.CreateUser(ctx, email, password, cx.RoleAdmin, "", "", now); err != nil {
			return nil, err
		}
		entry := CommandLine(cx.AuditUserCreate, u.Email, cx.Phrase(how))
		entry.At = now
		return []cx.AuditEntry{entry}, nil
	})
	if err != nil {
		made, merr := a.madeMeanwhile(ctx, email, err)
		if made {
			log.Info("administrator created by another node", slog.String("email", strings.TrimSpace(email)))
			return nil
		}
		return errors.Join(fmt.Errorf("creating the administrator: %w", err), merr)
	}
	log.Info("administrator created", slog.String("email", u.Email))
	return nil
}

// madeMeanwhile tells whether err, Bootstrap's creating the administrator with email, says that
// another node made that same administrator after this one counted no users: nodes started
// together on an empty database (README's production layout, one environment for all) each
// count none and each create them, and all but one find the address taken. That is the
// bootstrap done, not a reason to stop serve.
func (a *App) madeMeanwhile(ctx context.Context, email string, err error) (bool, error) {
	if cx.ErrorCode(err) != cx.ECONFLICT {
		return false, nil
	}
	u, uerr := a.accounts.UserByEmail(ctx, strings.TrimSpace(email))
	if cx.ErrorCode(uerr) == cx.ENOTFOUND {
		return false, nil
	} else if uerr != nil {
		return false, uerr
	}
	return u.Role == cx.RoleAdmin, nil
}
