package main

import (
	"fmt"
	"os"
	"strconv"
	"time"

	"github.com/klantpuls/klantpuls/internal/app"
	"github.com/klantpuls/klantpuls/internal/cx"
)

type tokenCmd struct {
	Create tokenCreateCmd `cmd:"" help:"Create an API token and print it (once)."`
}

type tokenCreateCmd struct {
	Name    string `required:"" help:"What the token is for (e.g. the helpdesk export)."`
	Scope   string `enum:"read,write" default:"read" help:"read: reports; write: also send records."`
	User    string `help:"E-mail of the user the token acts for (default: the first administrator)." placeholder:"EMAIL"`
	Expires string `default:"never" help:"How long the token works: a number of days like 90d, or never." placeholder:"DAYS"`
}

// Run creates a token; only its hash is stored, so this is the one time it is shown.
func (c *tokenCreateCmd) Run(e *env) error {
	now := time.Now()
	expires, err := app.ParseTokenExpiry(c.Expires, now)
	if err != nil {
		return usageError{fmt.Errorf("--expires: %w", err)}
	}
	a, err := e.open()
	if err != nil {
		return err
	}
	defer a.Close()
	var owner *cx.User
	if c.User != "" {
		if owner, err = a.UserByEmail(e.ctx, c.User); err != nil {
			return err
		}
	} else {
		users, err := a.Users(e.ctx)
		if err != nil {
			return err
		}
		for i := range users {
			if users[i].Role == cx.RoleAdmin {
				owner = &users[i]
				break
			}
		}
		if owner == nil {
			return errNoAdmin
		}
	}
	plain, t, err := a.CreateTokenUntil(e.ctx, owner.ID, c.Name, c.Scope, expires, now)
	if err != nil {
		return err
	}
	e.audit(a, cx.AuditTokenCreate, "token "+strconv.FormatInt(t.ID, 10), app.TokenDetail(t, owner.Email))
	until := "it does not expire"
	if !t.ExpiresAt.IsZero() {
		until = "it expires " + t.ExpiresAt.Local().Format("2006-01-02 15:04")
	}
	fmt.Fprintf(e.stderr, "token %q (%s) for %s, %s; copy it now, it is not shown again:\n", t.Name, t.Scope, owner.Email, until)
	fmt.Fprintln(e.stdout, plain)
	return nil
}

type userCmd struct {
	Add userAddCmd `cmd:"" help:"Add a user (password from $KLANTPULS_USER_PASSWORD)."`
}

type userAddCmd struct {
	Email string `required:"" help:"E-mail address (the login)."`
	Role  string `enum:"admin,manager,agent" default:"manager" help:"admin, manager or agent."`
	Agent string `help:"For an agent: the agent name their tickets carry."`
	Team  string `help:"For an agent: their team."`
}

func (c *userAddCmd) Run(e *env) error {
	password := os.Getenv("KLANTPULS_USER_PASSWORD")
	if password == "" {
		return usageError{fmt.Errorf("set KLANTPULS_USER_PASSWORD to the new user's password")}
	}
	a, err := e.open()
	if err != nil {
		return err
	}
	defer a.Close()
	u, err := a.CreateUser(e.ctx, c.Email, password, c.Role, c.Agent, c.Team, time.Now())
	if err != nil {
		return err
	}
	e.audit(a, cx.AuditUserCreate, u.Email, "role "+u.Role)
	fmt.Fprintf(e.stderr, "user %s (%s) added\n", u.Email, u.Role)
	return nil
}

// audit records what a command did in the audit log, as done by the operating system's user
// on this machine. What it records has happened, so a failure to record is a warning.
func (e *env) audit(a *app.App, action, subject, detail string) {
	if err := a.Audit(e.ctx, app.CommandLine(action, subject, detail)); err != nil {
		fmt.Fprintf(e.stderr, "klantpuls: warning: the audit log was not written: %v\n", err)
	}
}
