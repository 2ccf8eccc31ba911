// Package web is klantpuls's HTTP server: the JSON API under /api/v1, the pages people log in
// with, live updates over server-sent events, health and metrics. Every route is listed once,
// in routes.go, with the permission it needs. The package never writes SQL and imports no
// store: every read and write goes through app.
package web

import (
	"cmp"
	"context"
	"errors"
	"log/slog"
	"net"
	"net/http"
	"net/netip"
	"sync"
	"sync/atomic"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/klantpuls/klantpuls/internal/app"
	"github.com/klantpuls/klantpuls/internal/ingest"
	"github.com/klantpuls/klantpuls/internal/survey"
)

// Options configure a server.
type Options struct {
	App *app.App
	Log *slog.Logger
	Now func() time.Time // the clock; time.Now when nil

	// RatePerSecond and Burst limit each API token; an account (a user's tokens and sessions
	// together) may make accountTokens times as many.
	RatePerSecond float64
	Burst         int
	// MaxBody bounds a request body; a batch of 10,000 records fits the default.
	MaxBody int64
	// SessionTTL is how long a login lasts.
	SessionTTL time.Duration
	// Surveys asks customers and records their answers (the survey pages, widget and
	// invitations); nil serves no survey pages.
	Surveys *survey.Service
	// TrustedProxies are the reverse proxies whose X-Forwarded-For and X-Forwarded-Proto are
	// believed (clientaddr.go); none: the headers are ignored.
	TrustedProxies []netip.Prefix
	// ImportDir holds the files uploaded for an import in the browser while they wait, and the
	// rejects files of those imports; "" is klantpuls-imports in the system's temporary
	// directory. klantpuls serve puts it beside a SQLite database.
	ImportDir string
	// Drain is how long a stopping server keeps answering, /readyz with 503, before it stops
	// accepting: a load balancer that checks every few seconds sees it leave and sends no new
	// requests to a closed port. 0 (one node, the default) stops accepting at once.
	Drain time.Duration
	// Grace is how long a stopping server waits for requests in flight before it closes their
	// connections (a slow upload) and stops all the same; 0 is 30 seconds.
	Grace time.Duration
}

// Limits on every server phase (DESIGN: timeouts on every phase, so a slow client cannot hold
// a connection).
const (
	readHeaderTimeout = 5 * time.Second
	readTimeout       = 60 * time.Second
	writeTimeout      = 60 * time.Second // live streams extend their own deadline
	idleTimeout       = 120 * time.Second
	handlerTimeout    = 30 * time.Second
	shutdownTimeout   = 30 * time.Second
	// importStopTimeout bounds the wait, after the requests, for the imports running in the
	// background to stop and record that they did: the unit's TimeoutStopSec is 60 s.
	importStopTimeout = 15 * time.Second
	// MaxBatch is the most records one ingest request may carry.
	MaxBatch = ingest.MaxBatch
)

// Server serves klantpuls over HTTP.
type Server struct {
	app     *app.App
	surveys *survey.Service
	log     *slog.Logger
	now     func() time.Time
	opts    Options
	answers map[string]answerKind // how each route answers, by pattern (errorpage.go)

	limiter  *limiter // per API token
	accounts *limiter // per user: their tokens and sessions together
	logins   *limiter // failed sign-ins and setup attempts per client address (ui_login.go)
	widget   *widgetLimits
	// pageAnswers limits the answers of the customer's pages (survey_limits.go).
	pageAnswers *answerLimits
	metrics     *metrics
	registry    *prometheus.Registry
	handler     http.Handler
	// importFiles are the browser's uploads waiting and imports running (import_files.go).
	importFiles *importFiles
	// hookLimits bound webhook deliveries per connection, per source, and failures per address.
	hookLimits *hookLimits
	unsigned   unsignedRefusals // deliveries refused before their signature was checked
	// hookClient asks a tool's API back (hooks_fetch.go); atomic, as a test swaps it for one
	// that reaches a stand-in while the server runs.
	hookClient atomic.Pointer[http.Client]
	// dataMonths are the months with data, for the first screen's period (dash_period.go).
	dataMonths dataMonths

	streams streams // the live streams open (live_limit.go)

	// done is closed when the server shuts down, so live streams end and let it finish.
	done     chan struct{}
	doneOnce sync.Once
	ready    bool
	readyMu  sync.RWMutex
}

// accountTokens is how many tokens' worth of requests an account may make (by default 200 a
// second, bursts of 400): an integration is one token asking at most its own limit (a shop's or
// help desk's connector, a BI tool reading reports), and a company runs one or two of them at once
// under one user. Four at their limit together is no integration but a script making tokens to
// multiply its rate, or a session looping on the API, and is held back as one. It follows the
// token's rate, so a server given a higher one gives its accounts the same room.
const accountTokens = 4

// New builds a server; its handler is ready to serve.
func New(o Options) *Server {
	dummyHash() // made now, not at a first sign-in (ui_login.go)
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.Log == nil {
		o.Log = slog.Default()
	}
	if o.RatePerSecond == 0 {
		o.RatePerSecond, o.Burst = 50, 100
	}
	if o.MaxBody == 0 {
		o.MaxBody = 32 << 20
	}
	if o.SessionTTL == 0 {
		o.SessionTTL = 12 * time.Hour
	}
	s := &Server{app: o.App, surveys: o.Surveys, log: o.Log, now: o.Now, opts: o,
		limiter:  newLimiter(o.RatePerSecond, o.Burst),
		accounts: newLimiter(accountTokens*o.RatePerSecond, accountTokens*o.Burst),
		logins:   newLimiter(addrFailuresPerSecond, addrFailuresBurst), done: make(chan struct{})}
	s.widget = newWidgetLimits()
	s.pageAnswers = newAnswerLimits()
	s.hookLimits = newHookLimits()
	s.hookClient.Store(newHookClient())
	s.importFiles = newImportFiles(o.ImportDir)
	s.registry = prometheus.NewRegistry()
	s.metrics = newMetrics(s.registry, s.app)
	s.handler = s.routes()
	return s
}

// Handler is the server's whole HTTP handler.
func (s *Server) Handler() http.Handler { return s.handler }

// SetReady marks the server ready (it can answer: readyz) or not, for /readyz.
func (s *Server) SetReady(ready bool) {
	s.readyMu.Lock()
	s.ready = ready
	s.readyMu.Unlock()
}

// Serve answers on ln until ctx ends, then shuts down gracefully: it stops accepting, ends live
// streams, and waits for requests in flight — a write that has begun is committed and answered
// — up to Options.Grace; the connections of requests still running then (a slow upload) are
// closed, and the stop goes on. Imports running in the background are stopped, and waited for
// until they record in the history that the shut down ended them, so their uploads are removed
// and their run does not stay "running" once the store closes.
func (s *Server) Serve(ctx context.Context, ln net.Listener) error {
	srv := &http.Server{
		Handler:           s.handler,
		ReadHeaderTimeout: readHeaderTimeout,
		ReadTimeout:       readTimeout,
		WriteTimeout:      writeTimeout,
		IdleTimeout:       idleTimeout,
		ErrorLog:          slog.NewLogLogger(s.log.Handler(), slog.LevelWarn),
		BaseContext:       func(net.Listener) context.Context { return context.WithoutCancel(ctx) },
	}
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	go s.importFiles.sweepEvery(ctx, uploadSweep, s.now)
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	s.SetReady(false)
	if s.opts.Drain > 0 {
		s.log.Info("stopping: /readyz answers 503 while the load balancer takes this node out", slog.Duration("drain", s.opts.Drain))
		select {
		case err := <-errc:
			return err
		case <-time.After(s.opts.Drain):
		}
	}
	s.log.Info("shutting down: finishing requests in flight")
	s.doneOnce.Do(func() { close(s.done) })
	grace := cmp.Or(s.opts.Grace, shutdownTimeout)
	sctx, cancel := context.WithTimeout(context.Background(), grace)
	defer cancel()
	if err := srv.Shutdown(sctx); errors.Is(err, context.DeadlineExceeded) {
		// The service manager gives the stop a bound too; the engine file is still to be
		// written, which matters more than a request that did not finish in time.
		s.log.Warn("requests still in flight after the grace period: their connections are closed",
			slog.Duration("grace", grace))
		srv.Close()
	} else if err != nil {
		return err
	}
	if err := <-errc; !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	if !s.importFiles.wait(importStopTimeout) {
		s.log.Warn("an import did not stop in time: its run may stay \"running\" until the next start",
			slog.Duration("waited", importStopTimeout))
	}
	return nil
}
