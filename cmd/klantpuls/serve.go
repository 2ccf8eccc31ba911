package main

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/netip"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"golang.org/x/term"

	"github.com/klantpuls/klantpuls/internal/app"
	"github.com/klantpuls/klantpuls/internal/auth"
	"github.com/klantpuls/klantpuls/internal/config"
	"github.com/klantpuls/klantpuls/internal/pull"
	"github.com/klantpuls/klantpuls/internal/web"
)

type serveCmd struct {
	Addr     string `default:"127.0.0.1:8080" env:"KLANTPULS_ADDR" help:"Address to listen on (HOST:PORT, default ${default}; port 0 picks a free one)." placeholder:"HOST:PORT"`
	BaseURL  string `env:"KLANTPULS_BASE_URL" help:"Public URL of the server, for the setup link and every link klantpuls mails (default: http://ADDR)." placeholder:"URL"`
	Snapshot string `env:"KLANTPULS_SNAPSHOT" help:"The engine file, as --engine-file (which it replaces; kept for existing setups)." placeholder:"FILE"`
	// The config file's [server] trusted_proxies, replaced by this when given.
	TrustedProxies string `env:"KLANTPULS_TRUSTED_PROXIES" help:"Reverse proxies whose X-Forwarded-For and X-Forwarded-Proto are believed (addresses or CIDR ranges, comma-separated; replaces [server] trusted_proxies of the config)." placeholder:"CIDRS"`
	// The config file's [engine] clickhouse, replaced by this when given.
	Grace      time.Duration `env:"KLANTPULS_GRACE" default:"30s" help:"On SIGTERM, wait this long for requests in flight, then close their connections and stop all the same (write the engine file, exit 0); keep it well under the service manager's stop timeout (default ${default})." placeholder:"DURATION"`
	Drain      time.Duration `env:"KLANTPULS_DRAIN" default:"0s" help:"On SIGTERM, answer /readyz with 503 and keep serving this long before closing the port, so a load balancer takes the node out first (several nodes: a little over its health-check interval, such as 10s; default ${default})." placeholder:"DURATION"`
	ClickHouse string        `name:"clickhouse" env:"KLANTPULS_CLICKHOUSE" help:"Ship every record into this ClickHouse database as it is written (clickhouse://HOST:PORT/DATABASE[?cluster=NAME], native protocol; replaces [engine] clickhouse of the config)." placeholder:"DSN"`
}

// Run serves the API and pages until interrupted, then finishes the requests in flight.
func (c *serveCmd) Run(e *env) error {
	log := newLogger(e.stderr)
	if c.BaseURL != "" {
		base, err := config.BaseURL(c.BaseURL)
		if err != nil {
			return usageError{err}
		}
		c.BaseURL = base
	}
	a, err := e.open()
	if err != nil {
		return err
	}
	defer func() {
		// A write still open past its bound does not hold the stop up: the store closes all
		// the same, and the log says why (sqlite: Store.Close).
		if err := a.Close(); err != nil {
			log.Error("database closed with an error", slog.Any("error", err))
		}
	}()
	a.Log = log
	if m := a.Migration(); m.Applied > 0 {
		// An upgrade's log says what ran; a node that found the schema current says nothing.
		log.Info("schema migrated", slog.Int64("from_version", m.From), slog.Int64("to_version", m.To), slog.Int("migrations", m.Applied))
	}
	proxies, err := c.trustedProxies(a.Config)
	if err != nil {
		return err
	}
	shipTo, err := c.clickHouse(a.Config)
	if err != nil {
		return err
	}
	// [engine] kind = "clickhouse": reports come from ClickHouse (issue 18), which the shipper
	// below keeps current.
	closeCH, err := a.AnswerFromClickHouse(e.ctx, shipTo, false)
	if err != nil {
		return err
	}
	defer closeCH()
	tuneServeMemory()
	file := e.engineFile()
	if c.Snapshot != "" {
		file = c.Snapshot
	}
	keeper, err := startEngine(e, a, file, log)
	if err != nil {
		return err
	}
	// The engine file's keeper and the follower use the store: on any way out they stop, and
	// are waited for, before it closes (deferred after a.Close, so run before it) — a refused
	// first administrator logged "engine file not written … database is closed".
	bg, stopBg := context.WithCancel(e.ctx)
	var bgDone sync.WaitGroup
	defer func() {
		stopBg()
		bgDone.Wait()
	}()
	if keeper != nil {
		bgDone.Add(1)
		go func() {
			defer bgDone.Done()
			keeper.Run(bg)
		}()
	}
	// Other nodes on the same database: their writes reach this engine within a second.
	bgDone.Add(1)
	go func() {
		defer bgDone.Done()
		a.Follow(bg, log)
	}()
	// The store's changes into ClickHouse, caught up after any outage (app.ShipTo); with several
	// nodes, the one holding the lease ships (app.ShipHeld).
	if shipTo != "" {
		// Waited for on the way out, before the store closes: a node that stops gives the
		// lease back (the next takes over at once) and logs nothing after serve has returned.
		shipCtx, stopShipping := context.WithCancel(e.ctx)
		shipped := make(chan struct{})
		go func() {
			defer close(shipped)
			a.ShipHeld(shipCtx, shipTo, app.Holder(), log)
		}()
		defer func() {
			stopShipping()
			<-shipped
		}()
	}
	ln, err := net.Listen("tcp", c.Addr)
	if err != nil {
		return usageError{fmt.Errorf("--addr %s: %w", c.Addr, err)}
	}
	base := c.BaseURL
	if base == "" {
		base = "http://" + reachableAddr(ln.Addr())
	}
	var prompt func() (string, string, error)
	if isTerminal(os.Stdin) && isTerminal(e.stderr) {
		prompt = func() (string, string, error) { return e.askAdmin() }
	}
	err = a.Bootstrap(e.ctx, log, os.Getenv("KLANTPULS_ADMIN_EMAIL"), os.Getenv("KLANTPULS_ADMIN_PASSWORD"),
		prompt, base, time.Now())
	if err != nil {
		return err
	}
	surveys, senders, err := startLoop(e.ctx, a, base, c.Grace, log)
	if err != nil {
		return err
	}
	defer senders.stop() // before the store closes (deferred first)
	// [sync] every: this node pulls the configured help desks on a schedule; with several
	// nodes, a lease in the database lets one of them sync a service at a time.
	go pull.Schedule(e.ctx, a, a.Config.Sync, pull.Credentials{ZendeskToken: os.Getenv("KLANTPULS_ZENDESK_TOKEN"),
		FreshdeskKey: os.Getenv("KLANTPULS_FRESHDESK_KEY")}, log)
	srv := web.New(web.Options{App: a, Log: log, Surveys: surveys, TrustedProxies: proxies, ImportDir: importDir(e.globals.DB), Drain: c.Drain, Grace: c.Grace})
	if err := srv.EndAbandonedImports(e.ctx); err != nil {
		return err
	}
	go warmModels(e.ctx, a, srv, log) // the pages' models, fitted in the background (models_warm.go)
	if a.Config.Engine.Kind == config.EngineClickHouse {
		// The first screen and the pages viewed answered ahead, the live updates once shipped.
		go warmAnswers(e.ctx, a, srv, log) // models_warm.go
	}
	srv.SetReady(true)
	// Texts stored before an upgrade that brought a better sentiment scorer are scored again,
	// after ready: it takes minutes at millions of comments, the start from the engine file a
	// second. One node of several does it; a database that records this scorer costs one read.
	bgDone.Add(1)
	go func() {
		defer bgDone.Done()
		a.RescoreHeld(bg, app.Holder())
	}()
	log.Info("listening", slog.String("url", base), slog.String("addr", ln.Addr().String()))
	if err := srv.Serve(e.ctx, ln); err != nil {
		return err
	}
	if keeper != nil {
		keeper.Save()
	}
	return nil
}

// startEngine loads the in-memory engine before serving — or, in ClickHouse mode, leaves it
// to the first feature ClickHouse does not answer (app.DeferEngine), so the node is ready in
// seconds and small whatever the data (issue 18 point 3). It returns the keeper of the engine
// file (nil without one): written in the background when it was not usable, every so often
// when the engine changed, at once after a large import, and at the end (app.Keeper); it
// writes nothing while the engine is not loaded.
func startEngine(e *env, a *app.App, file string, log *slog.Logger) (*app.Keeper, error) {
	var started app.Started
	if a.Config.Engine.Kind == config.EngineClickHouse {
		a.DeferEngine(file)
		a.EngineLoaded = smallHeap()
		log.Info("engine loads on first use: reports come from ClickHouse", slog.String("engine_file", file))
	} else {
		start := time.Now()
		var err error
		if started, err = a.StartEngine(e.ctx, file); err != nil {
			return nil, err
		}
		log.Info("engine loaded", slog.Int("records", a.Engine().Records()), slog.Bool("from_snapshot", started.FromFile),
			slog.Int("caught_up", started.Applied), slog.String("engine_file", file), slog.Duration("took", time.Since(start)))
		returnGarbage() // the records read on the way, from the database or the file
	}
	if file == "" {
		return nil, nil
	}
	return a.KeepEngineFile(file, started, log), nil
}

// trustedProxies are the config file's [server] trusted_proxies, or the flag's list when it is
// given (also as $KLANTPULS_TRUSTED_PROXIES).
func (c *serveCmd) trustedProxies(cfg *config.Config) ([]netip.Prefix, error) {
	if c.TrustedProxies == "" {
		return cfg.Server.TrustedProxies, nil
	}
	proxies, err := config.ParseProxies(c.TrustedProxies)
	if err != nil {
		return nil, usageError{err}
	}
	return proxies, nil
}

// clickHouse is the ClickHouse database to ship to: the flag's ($KLANTPULS_CLICKHOUSE) when
// given, else the config file's [engine] clickhouse; "" ships nothing.
func (c *serveCmd) clickHouse(cfg *config.Config) (string, error) {
	if c.ClickHouse == "" {
		return cfg.Engine.ClickHouse, nil
	}
	if err := config.CheckClickHouse(c.ClickHouse); err != nil {
		return "", usageError{err}
	}
	return c.ClickHouse, nil
}

// newLogger is serve's log: JSON lines when stderr is not a terminal (a service manager, a
// container) and readable text when a person watches. The commands that answer and end say
// theirs in sentences (sayLogger).
func newLogger(w io.Writer) *slog.Logger {
	if isTerminal(w) {
		return slog.New(slog.NewTextHandler(w, nil))
	}
	return slog.New(slog.NewJSONHandler(w, nil))
}

// askAdmin asks for the first administrator on the terminal.
func (e *env) askAdmin() (email, password string, err error) {
	w := e.stderr
	e.say(w, msgAskAdmin)
	fmt.Fprint(w, msgAskEmail.In(e.lang))
	line, err := bufio.NewReader(os.Stdin).ReadString('\n')
	if err != nil {
		return "", "", err
	}
	email = strings.TrimSpace(line)
	for {
		fmt.Fprint(w, msgAskPassword.In(e.lang, auth.MinPasswordLength))
		pw, err := term.ReadPassword(int(os.Stdin.Fd()))
		fmt.Fprintln(w)
		if err != nil {
			return "", "", err
		}
		fmt.Fprint(w, msgAskAgain.In(e.lang))
		again, err := term.ReadPassword(int(os.Stdin.Fd()))
		fmt.Fprintln(w)
		if err != nil {
			return "", "", err
		}
		if string(pw) != string(again) {
			e.say(w, msgAskDiffer)
			continue
		}
		if err := auth.ValidatePassword(string(pw), email); err != nil {
			e.say(w, msgAskNotThis, strings.TrimSuffix(e.refusal(err), "."))
			continue
		}
		return email, string(pw), nil
	}
}

// importDir is where files uploaded for an import in the browser wait, and their rejects files
// are kept: beside a SQLite database (its data directory), else in the system's temporary
// directory.
func importDir(dsn string) string {
	if app.IsPostgres(dsn) {
		return filepath.Join(os.TempDir(), "klantpuls-imports")
	}
	return filepath.Join(filepath.Dir(dsn), "klantpuls-imports")
}

// reachableAddr is the listening address as a link may name it: on every address (":8080",
// "0.0.0.0:8080"), this machine's name — "http://[::]:8080" opens in no browser.
func reachableAddr(a net.Addr) string {
	host, port, err := net.SplitHostPort(a.String())
	if err != nil {
		return a.String()
	}
	if ip := net.ParseIP(host); ip != nil && ip.IsUnspecified() {
		host = "localhost"
		if name, err := os.Hostname(); err == nil && name != "" {
			host = name
		}
	}
	return net.JoinHostPort(host, port)
}
