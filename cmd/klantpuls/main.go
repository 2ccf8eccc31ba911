// Command klantpuls measures customer experience: it imports what customers say and what the
// service team does, and reports every KPI of spec/metrics.md. This file only wires the
// subcommands; each lives in its own file.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"strings"
	"syscall"

	"github.com/alecthomas/kong"

	"github.com/klantpuls/klantpuls/internal/app"
	"github.com/klantpuls/klantpuls/internal/config"
	"github.com/klantpuls/klantpuls/internal/cx"
	"github.com/klantpuls/klantpuls/internal/importer"
	"github.com/klantpuls/klantpuls/internal/report"
	"github.com/klantpuls/klantpuls/internal/web"
)

// Exit statuses (data.md section 1: these three and no other, so a database a newer
// klantpuls migrated ends with 1 too, its message naming the version; README's upgrade of
// several nodes says what a service manager does with it).
const (
	exitOK    = 0
	exitInput = 1 // bad input: nothing of the offending file committed
	exitUsage = 2
)

// Globals are the flags every subcommand takes.
type Globals struct {
	DB     string `help:"Database: a SQLite file path or a postgres:// URL (default: ${default} in the working directory)." env:"KLANTPULS_DB" default:"klantpuls.db" placeholder:"DSN"`
	Config string `help:"Configuration file (TOML); without one the defaults of the data contract hold." env:"KLANTPULS_CONFIG" type:"path" placeholder:"FILE"`
	// Not type:"path": "none" is a word, not a file of the working directory.
	EngineFile string `help:"The engine file, kept current so report and serve start in seconds: read at start and checked (database, its history, options, damage), written when it was not usable. Default: <db>.engine beside a SQLite database, none for PostgreSQL; none turns it off." env:"KLANTPULS_ENGINE_FILE" placeholder:"PATH|none"`
}

// cli is the whole command line.
type cli struct {
	Globals
	Import  importCmd  `cmd:"" help:"Load CSV, Excel (.xlsx) or JSON files of customers, orders, tickets, messages, responses, mentions, reviews or events (docs/import.md)."`
	Report  reportCmd  `cmd:"" help:"Report every metric for a period."`
	Serve   serveCmd   `cmd:"" help:"Serve the HTTP API and pages."`
	Demo    demoCmd    `cmd:"" help:"Fill a new database with a realistic year of demo data (one that holds or has held your data is refused)."`
	Token   tokenCmd   `cmd:"" help:"Manage API tokens."`
	User    userCmd    `cmd:"" help:"Manage users."`
	Migrate migrateCmd `cmd:"" help:"Bring the database schema up to date."`
	Backup  backupCmd  `cmd:"" help:"Back up a SQLite database while it is in use."`
	Restore restoreCmd `cmd:"" help:"Restore a SQLite database from a backup; customers the database replaced had erased are erased again in it."`

	Connection connectionCmd `cmd:"" help:"Manage webhook connections: a tool's deliveries to /hooks/SOURCE/ID (README, Live connections)."`
	Delete     deleteCmd     `cmd:"" help:"Delete one record (every server follows)."`
	Erase      eraseCmd      `cmd:"" help:"Erase a customer's personal data (GDPR); --purge deletes their records too."`
	Sync       syncCmd       `cmd:"" help:"Pull what changed in Zendesk or Freshdesk since the last sync (set up in the config file, section sync)."`
	Model      modelCmd      `cmd:"" help:"Customer-value models (BG/NBD, Gamma-Gamma): 'model fit' prints the fitted parameters."`
	Digest     digestCmd     `cmd:"" help:"E-mail digests of the KPIs: set a user's schedule, or send theirs now (README, Digests)."`
	Sentiment  sentimentCmd  `cmd:"" help:"Score texts on standard input, one per line: prints label<TAB>score per line (Dutch or English, offline)."`
	Rescore    rescoreCmd    `cmd:"" help:"After an upgrade that brought a better sentiment scorer, score the stored comments, mentions and follow-up replies again now (serve does it in its background)."`
	ClickHouse clickhouseCmd `cmd:"" name:"clickhouse" help:"The ClickHouse database the serve nodes ship to: 'clickhouse rebuild' makes it again from the store (README, Production layout)."`
	Help       helpCmd       `cmd:"" help:"Show the help of a command, as --help does: klantpuls help import."`
}

// env is what a subcommand runs with.
type env struct {
	ctx            context.Context
	stdout, stderr io.Writer
	globals        *Globals
	// log is what app says of a command's run, in sentences on stderr (say.go): every App the
	// command opens (openWith) logs by it; serve replaces it with its structured log.
	log *slog.Logger
	// lang is the language the command speaks to its user (language): its confirmations,
	// summaries and refusals (say_words.go), as its log.
	lang importer.Lang
}

// newEnv is the environment a command runs in: the one place its log is chosen, in the
// language of a command without --lang (language); one with it says so (sayIn).
func newEnv(ctx context.Context, stdout, stderr io.Writer, globals *Globals) *env {
	e := &env{ctx: ctx, stdout: stdout, stderr: stderr, globals: globals}
	e.sayIn(language(""))
	return e
}

// sayIn makes the command speak lang, and its log say what app logs in it, before the command
// opens an App.
func (e *env) sayIn(lang report.Lang) {
	e.lang = importer.Lang(lang)
	e.log = sayLogger(e.stderr, slog.LevelInfo, e.lang)
}

// say writes m on w, a line in the command's language.
func (e *env) say(w io.Writer, m importer.Message, args ...any) {
	fmt.Fprintln(w, m.In(e.lang, args...))
}

// number is x as the command's language writes it ("1.234,5" in Dutch).
func (e *env) number(x float64, decimals int) string { return report.Lang(e.lang).Number(x, decimals) }

// whole is n as the command's language writes it, without a noun ("12.345"; env.count with one).
func (e *env) whole(n int) string { return e.number(float64(n), 0) }

// count is n of c (say_words.go), the number as the command's language writes it: "1 record",
// "1.234 records" (importer.Count.Of, which words made before or without an env call).
func (e *env) count(c importer.Count, n int) string { return c.Of(e.lang, n) }

// refused is m in the command's language as a usage error (exit status 2).
func (e *env) refused(m importer.Message, args ...any) error {
	return usageError{errors.New(m.In(e.lang, args...))}
}

func main() {
	// SIGTERM is how systemd and container runtimes ask a service to stop.
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

// exit carries kong's exit request (after --help) out of the parser.
type exit int

// run runs the command line and returns the exit status; tests call it directly.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) (code int) {
	var c cli
	parser, err := kong.New(&c,
		kong.Name("klantpuls"),
		kong.Description("Customer-experience analytics: NPS, CSAT, CES, response and resolution times, churn, CLV and more."),
		kong.Writers(stdout, stderr),
		kong.Exit(func(code int) { panic(exit(code)) }),
		kong.UsageOnError(),
		kong.ConfigureHelp(kong.HelpOptions{Compact: true}),
		kong.WithBeforeApply(refuseRepeatedFlags),
	)
	if err != nil {
		fmt.Fprintln(stderr, "klantpuls:", err)
		return exitUsage
	}
	defer func() {
		switch p := recover().(type) {
		case nil:
		case exit:
			code = int(p)
			if code != exitOK {
				code = exitUsage
			}
		default:
			panic(p)
		}
	}()
	kctx, err := parser.Parse(args)
	if err != nil {
		// In the language the command would have spoken: kong's sentence is English.
		lang := parseLanguage(err)
		fmt.Fprintf(stderr, "klantpuls: %s\n", terminalLines(kongRefusalIn(err.Error(), lang)))
		fmt.Fprintln(stderr, msgSeeHelp.In(lang))
		return exitUsage
	}
	e := newEnv(ctx, stdout, stderr, &c.Globals)
	err = kctx.Run(e)
	return exitStatus(stderr, err, e.lang)
}

// terminalLines is a refusal as its lines can stand on a terminal: a refusal often quotes
// someone else's text (a flag or file name a script passed on, a cell of a file, a server's
// reply), and an escape in it would recolour or clear the screen of whoever reads it, a bidi
// override turn the line round (cx.TerminalSafe, each line); its own line breaks, one per
// mistake of a configuration file, stay.
func terminalLines(text string) string {
	lines := strings.Split(text, "\n")
	for i, l := range lines {
		lines[i] = cx.TerminalSafe(l)
	}
	return strings.Join(lines, "\n")
}

// usageError is a problem with the command line itself (exit status 2).
type usageError struct{ error }

// exitStatus prints err in lang (refusal) and maps it to an exit status.
func exitStatus(stderr io.Writer, err error, lang importer.Lang) int {
	var u usageError
	switch {
	case err == nil:
		return exitOK
	case errors.As(err, &u):
		fmt.Fprintf(stderr, "klantpuls: %s\n", terminalLines(refusal(u.error, lang)))
		return exitUsage
	}
	// data.md allows three statuses; a failure that is not the input's fault (a full disk)
	// also ends with 1, its message saying what broke.
	fmt.Fprintf(stderr, "klantpuls: %s\n", terminalLines(refusal(err, lang)))
	sayCause(stderr, err, lang)
	return exitInput
}

// refusal is err in lang: a refusal the pages word too (a cx.Error with a Key: the last
// administrator, a connection's source or kinds, a password) in their words (web.Refused),
// any other error as it is.
func refusal(err error, lang importer.Lang) string { return web.Refused(string(lang), err) }

// refusal is err in the command's language (refusal).
func (e *env) refusal(err error) string { return refusal(err, e.lang) }

// sayCause prints what the database said underneath err, when err keeps it (cx.Error.Cause):
// its words as they are, in a line of lang.
func sayCause(stderr io.Writer, err error, lang importer.Lang) {
	if e := (*cx.Error)(nil); errors.As(err, &e) && e.Cause != nil {
		// A page keeps the database's words for the log; whoever runs a command runs the server.
		fmt.Fprintln(stderr, "klantpuls: "+terminalLines(msgDatabaseSaid.In(lang, e.Cause)))
	}
}

// loadConfig reads the --config file, or the defaults.
func (e *env) loadConfig() (*config.Config, error) {
	if e.globals.Config == "" {
		return config.Default(), nil
	}
	return config.Load(e.globals.Config)
}

// open loads the configuration and opens the database.
func (e *env) open() (*app.App, error) {
	cfg, err := e.loadConfig()
	if err != nil {
		return nil, err
	}
	return e.openWith(cfg)
}

// openStored opens a database that is there already: for the commands that read or change
// what one holds (user list, delete, erase, …). A mistyped --db would otherwise make an empty
// database there and answer from it (no users, nothing to delete). Those that fill a new one —
// import, sync's first run, serve, demo, migrate, user add, connection add — use open.
func (e *env) openStored() (*app.App, error) {
	if err := e.mustExist(); err != nil {
		return nil, err
	}
	return e.open()
}

// mustExist refuses a --db file that is not there: opening it would create an empty one.
func (e *env) mustExist() error {
	return e.mustExistOr(msgBeginWithImport.In(e.lang))
}

// mustExistOr is mustExist whose refusal says how the command's database is begun (begin).
func (e *env) mustExistOr(begin string) error {
	dsn := e.globals.DB
	if err := app.CheckDSN(dsn); err != nil {
		return err
	}
	if strings.Contains(dsn, "://") {
		return nil
	}
	if _, err := os.Stat(dsn); err != nil {
		return cx.Errorf(cx.ENOTFOUND, "%s", msgNoDatabase.In(e.lang, dsn, begin))
	}
	return nil
}

// importCommitted, when set (by tests), is called after each import's commit, before the
// engine catches up on it (app.App.ImportCommitted): a test stops the command there.
var importCommitted func(context.Context)

// openWith opens the database with a configuration already loaded.
func (e *env) openWith(cfg *config.Config) (*app.App, error) {
	a, err := app.Open(e.ctx, e.globals.DB, cfg)
	if err != nil {
		return nil, err
	}
	a.Log, a.ImportCommitted = e.log, importCommitted
	return a, nil
}

// isTerminal tells whether w is an interactive terminal (for progress bars and colour).
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	fi, err := f.Stat()
	return err == nil && fi.Mode()&os.ModeCharDevice != 0
}
