package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/klantpuls/klantpuls/internal/app"
	"github.com/klantpuls/klantpuls/internal/cx"
	"github.com/klantpuls/klantpuls/internal/web"
)

type tokenCmd struct {
	Create tokenCreateCmd `cmd:"" help:"Create an API token and print it (once)."`
}

type tokenCreateCmd struct {
	Name    string `required:"" help:"What the token is for (e.g. the helpdesk export)."`
	Scope   string `enum:"read,write" default:"read" help:"read: reports; write: also send records."`
	User    string `help:"E-mail of the user the token acts for (default: the first administrator)." placeholder:"EMAIL"`
	Expires string `default:"never" help:"How long the token works: a number of days like 90d, or never (default ${default})." placeholder:"DAYS"`
}

// Run creates a token; only its hash is stored, so this is the one time it is shown.
func (c *tokenCreateCmd) Run(e *env) error {
	now := time.Now()
	expires, err := app.ParseTokenExpiry(c.Expires, now)
	if err != nil {
		// app's refusal, its arguments (the text, the most days) said naming the flag.
		if ce := (*cx.Error)(nil); errors.As(err, &ce) && ce.Key == "token_bad_expires" {
			return e.refused(msgTokenBadExpires, ce.Args...)
		}
		return usageError{fmt.Errorf("--%w", err)}
	}
	a, err := e.openStored()
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
			return errors.New(msgNoAdmin.In(e.lang))
		}
	}
	var plain string
	var t *cx.Token
	err = e.audited(a, func(ctx context.Context) ([]cx.AuditEntry, error) {
		if plain, t, err = a.CreateTokenUntil(ctx, owner.ID, c.Name, c.Scope, expires, now); err != nil {
			return nil, err
		}
		return commandLine(cx.AuditTokenCreate, "token "+strconv.FormatInt(t.ID, 10), app.TokenWords(t, owner.Email)...), nil
	})
	if err != nil {
		return err
	}
	until := msgTokenNoExpiry.In(e.lang)
	if !t.ExpiresAt.IsZero() {
		until = msgTokenExpires.In(e.lang, accountClock(t.ExpiresAt, a.Config.Timezone))
	}
	e.say(e.stderr, msgTokenMade, t.Name, t.Scope, owner.Email, until)
	fmt.Fprintln(e.stdout, plain)
	return nil
}

type userCmd struct {
	Add      userAddCmd      `cmd:"" help:"Add a user (password from $KLANTPULS_USER_PASSWORD)."`
	List     userListCmd     `cmd:"" help:"List the users: e-mail, role, agent, team, created."`
	Set      userSetCmd      `cmd:"" help:"Change a user's role, agent or team; a new role ends their sessions."`
	Password userPasswordCmd `cmd:"" help:"Set a user's password (from $KLANTPULS_USER_PASSWORD); ends their sessions."`
	Remove   userRemoveCmd   `cmd:"" help:"Remove a user: their sessions and API tokens stop, their digest stops, their follow-ups lose their owner."`
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
		return e.refused(msgUserNewPassword)
	}
	a, err := e.open()
	if err != nil {
		return err
	}
	defer a.Close()
	var u *cx.User
	err = e.audited(a, func(ctx context.Context) ([]cx.AuditEntry, error) {
		if u, err = a.CreateUser(ctx, c.Email, password, c.Role, c.Agent, c.Team, time.Now()); err != nil {
			return nil, err
		}
		return commandLine(cx.AuditUserCreate, u.Email, cx.Phrase("role", cx.Word("role/"+u.Role))), nil
	})
	if err != nil {
		return err
	}
	e.say(e.stderr, msgUserAdded, u.Email, u.Role)
	return nil
}

// accountClock writes an instant the commands print on the account's clock (config timezone),
// as the pages show it: the server process's zone (TZ=UTC in a container) is nobody's.
func accountClock(t time.Time, loc *time.Location) string {
	return t.In(loc).Format("2006-01-02 15:04")
}

type userListCmd struct{}

// Run prints one user a line, tab-separated: e-mail, role, agent, team and when made.
func (c *userListCmd) Run(e *env) error {
	a, err := e.openStored()
	if err != nil {
		return err
	}
	defer a.Close()
	users, err := a.Users(e.ctx)
	if err != nil {
		return err
	}
	w := tabwriter.NewWriter(e.stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(w, "EMAIL\tROLE\tAGENT\tTEAM\tCREATED")
	for _, u := range users {
		tableRow(w, u.Email, u.Role, u.Agent, u.Team, accountClock(u.CreatedAt, a.Config.Timezone))
	}
	return w.Flush()
}

type userSetCmd struct {
	Email string  `required:"" help:"E-mail address of the user to change."`
	Role  *string `enum:"admin,manager,agent" help:"admin, manager or agent; a new role ends the user's sessions."`
	Agent *string `help:"The agent name their tickets carry (\"\" removes it; an agent needs one)."`
	Team  *string `help:"Their team (\"\" removes it)."`
}

// Run changes what the flags name and keeps the rest.
func (c *userSetCmd) Run(e *env) error {
	if c.Role == nil && c.Agent == nil && c.Team == nil {
		return e.refused(msgUserSetNothing)
	}
	a, u, err := e.openUser(c.Email)
	if err != nil {
		return err
	}
	defer a.Close()
	var after *cx.User
	var detail []cx.AuditPhrase
	err = e.audited(a, func(ctx context.Context) ([]cx.AuditEntry, error) {
		before, changed, err := a.ChangeUser(ctx, u.ID, app.UserChange{Role: c.Role, Agent: c.Agent, Team: c.Team})
		if err != nil {
			return nil, err
		}
		after, detail = changed, app.UserChangeWords(before, changed)
		return commandLine(cx.AuditUserChange, after.Email, detail...), nil
	})
	if err != nil {
		return err
	}
	e.say(e.stderr, msgUserChanged, after.Email, web.AuditWords(string(e.lang), detail))
	return nil
}

type userPasswordCmd struct {
	Email string `required:"" help:"E-mail address of the user."`
}

// Run sets the password from $KLANTPULS_USER_PASSWORD, as user add takes it.
func (c *userPasswordCmd) Run(e *env) error {
	password := os.Getenv("KLANTPULS_USER_PASSWORD")
	if password == "" {
		return e.refused(msgUserPasswordNeeded)
	}
	a, u, err := e.openUser(c.Email)
	if err != nil {
		return err
	}
	defer a.Close()
	err = e.audited(a, func(ctx context.Context) ([]cx.AuditEntry, error) {
		if _, err := a.SetPassword(ctx, u.ID, password); err != nil {
			return nil, err
		}
		return commandLine(cx.AuditUserPassword, u.Email, cx.Phrase("password_cli")), nil
	})
	if err != nil {
		return err
	}
	e.say(e.stderr, msgUserPassword, u.Email)
	return nil
}

type userRemoveCmd struct {
	Email string `required:"" help:"E-mail address of the user to remove (not the last administrator)."`
}

// Run removes the user; the audit log keeps the lines that name them.
func (c *userRemoveCmd) Run(e *env) error {
	a, u, err := e.openUser(c.Email)
	if err != nil {
		return err
	}
	defer a.Close()
	var detail []cx.AuditPhrase
	err = e.audited(a, func(ctx context.Context) ([]cx.AuditEntry, error) {
		removed, gone, err := a.RemoveUser(ctx, u.ID)
		if err != nil {
			return nil, err
		}
		u, detail = removed, app.UserRemovedWords(removed, gone)
		return commandLine(cx.AuditUserRemove, u.Email, detail...), nil
	})
	if err != nil {
		return err
	}
	e.say(e.stderr, msgUserRemoved, u.Email, web.AuditWords(string(e.lang), detail))
	return nil
}

// openUser opens the project and reads the user with email; the caller closes the app. A user
// not there is said in the command's words, not the store's.
func (e *env) openUser(email string) (*app.App, *cx.User, error) {
	a, err := e.openStored()
	if err != nil {
		return nil, nil, err
	}
	u, err := a.UserByEmail(e.ctx, email)
	if err != nil {
		a.Close()
		if cx.ErrorCode(err) == cx.ENOTFOUND {
			err = cx.Errorf(cx.ENOTFOUND, "%s", msgNoUser.In(e.lang, email))
		}
		return nil, nil, err
	}
	return a, u, nil
}

// audited makes a command's change and its lines in the audit log one (app.Audited): both are
// stored or neither is.
func (e *env) audited(a *app.App, fn func(ctx context.Context) ([]cx.AuditEntry, error)) error {
	return a.Audited(e.ctx, fn)
}

// recordWithin is how long a record of what happened may take once the command was stopped.
const recordWithin = 10 * time.Second

// afterStop is a context for recording what a command did, which Ctrl-C (the end of e.ctx)
// does not end: a stopped import is recorded as stopped, in the audit log and the import
// history, rather than not at all. Its deadline keeps a database that does not answer from
// holding the stopped command for long.
func (e *env) afterStop() (context.Context, context.CancelFunc) {
	return context.WithTimeout(context.WithoutCancel(e.ctx), recordWithin)
}

// commandLine is the line of action on subject, as done by the operating system's user on this
// machine (app.CommandLine).
func commandLine(action, subject string, words ...cx.AuditPhrase) []cx.AuditEntry {
	return []cx.AuditEntry{app.CommandLine(action, subject, words...)}
}

// audit records what a command did in the audit log, as done by the operating system's user
// on this machine, after it: for an import's outcome, which no one transaction holds. What it
// records has happened, so a failure to record is a warning; it is recorded after Ctrl-C too
// (afterStop).
func (e *env) audit(a *app.App, action, subject string, words ...cx.AuditPhrase) {
	ctx, cancel := e.afterStop()
	defer cancel()
	if err := a.Audit(ctx, app.CommandLine(action, subject, words...)); err != nil {
		e.log.Warn(sayAuditNotWritten, slog.Any("error", err))
	}
}

// tableRow writes one row of a command's table (a tabwriter's): each cell made safe for a
// terminal (cx.TerminalSafe), as a name's tab or line break would otherwise start a column or a
// row of its own.
func tableRow(w io.Writer, cells ...string) {
	for i, c := range cells {
		cells[i] = cx.TerminalSafe(c)
	}
	fmt.Fprintln(w, strings.Join(cells, "\t"))
}
