package main

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/klantpuls/klantpuls/internal/app"
	"github.com/klantpuls/klantpuls/internal/cx"
	"github.com/klantpuls/klantpuls/internal/hooks"
	"github.com/klantpuls/klantpuls/internal/importer"
	"github.com/klantpuls/klantpuls/internal/web"
)

// connectionCmd manages webhook connections, as the Live koppelingen page does (README, "Live
// connections").
type connectionCmd struct {
	Add    connectionAddCmd    `cmd:"" help:"Make a webhook connection; print the path to send to and, when klantpuls makes the secret, the secret (once)."`
	List   connectionListCmd   `cmd:"" help:"List the webhook connections: id, name, path, kinds, the event a Trengo connection receives, whether an API token is kept, deliveries and errors."`
	Remove connectionRemoveCmd `cmd:"" help:"Remove a webhook connection: its path answers 404 from then on."`
}

type connectionAddCmd struct {
	Source      string   `required:"" help:"The tool that sends: klantpuls, or a tool's name (an unknown name lists them)." placeholder:"SOURCE"`
	Name        string   `required:"" help:"A name for people: the shop or help desk it comes from."`
	Kinds       []string `help:"The kinds of records it may write, comma-separated (default: every kind the source sends)." placeholder:"KIND"`
	SecretStdin bool     `name:"secret-stdin" help:"Read the secret the tool shows from standard input (its first line); without it klantpuls makes one."`
	TokenStdin  bool     `name:"api-token-stdin" help:"Read a token for the tool's API from standard input (the line after the secret with --secret-stdin, else the first): a tool whose webhooks carry only ids (Trengo) is asked for the rest with it."`
}

// stdin is where --secret-stdin reads; tests replace it.
var stdin io.Reader = os.Stdin

// Run makes the connection. A secret made here is printed once: it is kept sealed and never
// shown again.
func (c *connectionAddCmd) Run(e *env) error {
	in := bufio.NewReader(io.LimitReader(stdin, 16384))
	var secret, token string
	for _, l := range []struct {
		want bool
		flag string
		what importer.Message
		into *string
	}{{c.SecretStdin, "--secret-stdin", msgConnectionSecret, &secret}, {c.TokenStdin, "--api-token-stdin", msgConnectionToken, &token}} {
		if !l.want {
			continue
		}
		line, err := in.ReadString('\n')
		if err != nil && err != io.EOF {
			return fmt.Errorf("%s: %w", l.flag, err)
		}
		if *l.into = strings.TrimSpace(line); *l.into == "" {
			return e.refused(msgConnectionNoStdin, l.flag, l.what.In(e.lang))
		}
	}
	conn, keep, made, err := web.NewConnection(c.Source, c.Name, c.Kinds, secret)
	if err != nil {
		return usageError{err}
	}
	if token, err = web.ConnectionAPIToken(conn.Source, token); err != nil {
		return usageError{err}
	}
	a, err := e.open()
	if err != nil {
		return err
	}
	defer a.Close()
	conn.Actor, conn.CreatedAt = app.CommandLine("", "").Actor, time.Now()
	err = e.audited(a, func(ctx context.Context) ([]cx.AuditEntry, error) {
		if err := a.CreateConnection(ctx, &conn, keep, token); err != nil {
			return nil, err
		}
		return commandLine(cx.AuditConnectionCreate, "connection "+conn.ID, web.ConnectionMade(&conn, made)...), nil
	})
	if cx.ErrorCode(err) == cx.EINVALID {
		return usageError{err}
	} else if err != nil {
		return err
	}
	said := msgConnectionMade.In(e.lang, conn.Name, conn.ID, strings.Join(kindStrings(conn.Kinds), ", "), web.SourceTitle(string(e.lang), conn.Source))
	if made {
		said += msgConnectionSecretOnce.In(e.lang)
	}
	fmt.Fprintln(e.stderr, said+":")
	fmt.Fprintln(e.stdout, web.HookPath(&conn))
	if made {
		fmt.Fprintln(e.stdout, keep)
	}
	return nil
}

type connectionListCmd struct{}

func (c *connectionListCmd) Run(e *env) error {
	a, err := e.openStored()
	if err != nil {
		return err
	}
	defer a.Close()
	all, err := a.Connections(e.ctx)
	if err != nil {
		return err
	}
	if len(all) == 0 {
		e.say(e.stderr, msgConnectionNone)
		return nil
	}
	tw := tabwriter.NewWriter(e.stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tNAME\tPATH\tKINDS\tEVENT\tAPI TOKEN\tDELIVERIES\tLAST DELIVERY\tERRORS\tLAST ERROR")
	when := func(t time.Time) string {
		if t.IsZero() {
			return "-"
		}
		return accountClock(t, a.Config.Timezone)
	}
	for _, c := range all {
		last := "-"
		if c.LastError != "" {
			last = when(c.LastErrorAt) + " " + web.ConnectionError(string(e.lang), &c) // tableRow: TerminalSafe
		}
		token := "-"
		if c.APIToken {
			token = "kept"
		}
		// A source naming its event in the URL (Trengo): the one event the connection receives,
		// bound by its first delivery, so an admin sees why another is refused (403). A column
		// is for scripts, the same in every language, as "kept" is.
		event := "-"
		if src, ok := hooks.Lookup(c.Source); ok && src.EventInURL() {
			event = "unbound"
		}
		if c.Event != "" {
			event = c.Event
		}
		tableRow(tw, c.ID, c.Name, web.HookPath(&c), strings.Join(kindStrings(c.Kinds), ","),
			event, token, strconv.FormatInt(c.Deliveries, 10), when(c.LastDelivery), strconv.FormatInt(c.Errors, 10), last)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	// Connections sharing a secret (made before klantpuls refused that) are said on standard
	// error, for people: the table on standard output stays as scripts read it.
	shared, err := a.SharedSecrets(e.ctx)
	if err != nil {
		return err
	}
	for _, group := range shared {
		fmt.Fprintln(e.stderr, "klantpuls: "+cx.TerminalSafe(web.SharedSecretWarning(string(e.lang), group)))
	}
	return nil
}

type connectionRemoveCmd struct {
	ID string `arg:"" help:"The connection's id (the last part of its path; klantpuls connection list)."`
}

func (c *connectionRemoveCmd) Run(e *env) error {
	a, err := e.openStored()
	if err != nil {
		return err
	}
	defer a.Close()
	var conn *cx.Connection
	err = e.audited(a, func(ctx context.Context) ([]cx.AuditEntry, error) {
		if conn, err = a.DeleteConnection(ctx, c.ID); err != nil {
			return nil, err
		}
		return commandLine(cx.AuditConnectionDelete, "connection "+c.ID, web.ConnectionRemoved(conn)...), nil
	})
	if cx.ErrorCode(err) == cx.ENOTFOUND {
		return cx.Errorf(cx.ENOTFOUND, "%s", msgNoConnection.In(e.lang, c.ID))
	} else if err != nil {
		return err
	}
	e.say(e.stderr, msgConnectionRemoved, conn.Name, c.ID)
	return nil
}

func kindStrings(kinds []cx.Kind) []string {
	out := make([]string, len(kinds))
	for i, k := range kinds {
		out[i] = string(k)
	}
	return out
}
