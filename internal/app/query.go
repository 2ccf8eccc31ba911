package app

import (
	"context"
	"fmt"
	"log/slog"
	"time"

	"github.com/klantpuls/klantpuls/internal/clickhouse"
	"github.com/klantpuls/klantpuls/internal/config"
	"github.com/klantpuls/klantpuls/internal/cx"
	"github.com/klantpuls/klantpuls/internal/engine"
	"github.com/klantpuls/klantpuls/internal/model"
)

// Report answers a report query for its period alone (Step and PreviousFrom are not read): from
// the querier that answers reports (querier), loading the engine first when it is that.
func (a *App) Report(ctx context.Context, q engine.Query) ([]engine.Group, error) {
	q.Step, q.PreviousFrom = engine.NoStep, time.Time{}
	res, err := a.Query(ctx, q)
	if err != nil {
		return nil, err
	}
	return res.Groups, nil
}

// Query answers a query with its previous period and buckets when it asks for them, in one
// pass: what a dashboard page or a chart series needs in one call.
func (a *App) Query(ctx context.Context, q engine.Query) (*engine.Result, error) {
	qr, err := a.querier(ctx)
	if err != nil {
		return nil, err
	}
	return qr.Answer(ctx, q)
}

// querierBox holds a querier in an atomic pointer.
type querierBox struct{ engine.Querier }

// UseQuerier makes q answer reports (Report, Query) in place of the in-memory engine: the
// ClickHouse querier when [engine] kind = "clickhouse" (ClickHouseQuerier). nil goes back to
// the engine. Drill-downs, Why and the customer models stay the engine's.
func (a *App) UseQuerier(q engine.Querier) {
	if q == nil {
		a.reports.Store(nil)
		return
	}
	a.reports.Store(&querierBox{q})
}

// ClickHouseQuerier is a querier of the records shipped into db, reading the account's
// settings as the engine does (engineOptions). It answers nothing while db holds changes the
// store does not (notOfStore: a restored store, until the shipper has rebuilt ClickHouse from
// it): that is cx.EUNAVAILABLE, naming why.
func (a *App) ClickHouseQuerier(db *clickhouse.DB) *clickhouse.Querier {
	q := clickhouse.NewQuerier(db, engineOptions(a.Config))
	q.Check(func(ctx context.Context, of string, positions map[cx.Kind]uint64) error {
		why, err := a.notOfStore(ctx, of, positions)
		if err != nil || why == "" {
			return err
		}
		return cx.Errorf(cx.EUNAVAILABLE, "clickhouse: %s does not hold this database's records: %s; the shipper rebuilds it from "+
			"the database, and reports come from it again once it has", db.Where(), why)
	})
	return q
}

// AnswerFromClickHouse makes the reports come from the ClickHouse database of dsn when the
// config asks for it ([engine] kind = "clickhouse"), and returns what closes its connection;
// with the in-memory engine it does nothing. With catchUp it first brings ClickHouse up to what
// the store holds (a command's report: a record committed a moment ago belongs in it): it ships
// under the lease of shipping, or waits for the serve node that holds it (catchUp); serve's
// shipper keeps ClickHouse current itself.
// Drill-downs, Why and the customer models stay the engine's, which loads when asked.
func (a *App) AnswerFromClickHouse(ctx context.Context, dsn string, catchUp bool) (closeIt func() error, err error) {
	if a.Config.Engine.Kind != config.EngineClickHouse {
		return func() error { return nil }, nil
	}
	if dsn == "" {
		return nil, cx.Errorf(cx.EINVALID, `engine.kind "clickhouse" needs a database: set engine.clickhouse or $KLANTPULS_CLICKHOUSE`)
	}
	db, err := clickhouse.Open(ctx, dsn)
	if err != nil {
		return nil, err
	}
	if catchUp {
		if err := a.catchUp(ctx, db); err != nil {
			db.Close()
			return nil, fmt.Errorf("clickhouse: unable to catch up before the report: %w", err)
		}
	}
	a.UseQuerier(a.ClickHouseQuerier(db))
	return db.Close, nil
}

// ReportsAt is the state of the records reports answer from (Query), as a string that changes
// whenever an answer may: with ClickHouse its state (the positions: a write counts once it is
// shipped); with the in-memory engine its version, which every write moves; before the engine
// is loaded, the database's last change.
func (a *App) ReportsAt(ctx context.Context) (string, error) {
	if b := a.reports.Load(); b != nil {
		if s, ok := b.Querier.(interface {
			At(context.Context) (string, error)
		}); ok {
			at, err := s.At(ctx)
			return "shipped " + at, err
		}
	}
	if e := a.engine.Load(); e != nil {
		return fmt.Sprintf("engine %p %d", e, e.Version()), nil
	}
	last, err := a.store.LastSeq(ctx)
	return fmt.Sprintf("store %d", last), err
}

// querier is what answers reports: the one UseQuerier set, else the in-memory engine.
func (a *App) querier(ctx context.Context) (engine.Querier, error) {
	if b := a.reports.Load(); b != nil {
		return b.Querier, nil
	}
	return a.EngineFor(ctx, "reports")
}

// EngineFor is the engine, loaded first when it is not yet, for feature (what the log names).
// A server in ClickHouse mode (DeferEngine) starts without it: a feature ClickHouse does not
// answer loads it on first use, once — one load at a time, the others wait for it — from the
// engine file when it is usable (StartEngine), and says so in the log.
func (a *App) EngineFor(ctx context.Context, feature string) (*engine.Engine, error) {
	if e := a.engine.Load(); e != nil {
		return e, nil
	}
	a.loading.Lock()
	defer a.loading.Unlock()
	if e := a.engine.Load(); e != nil {
		return e, nil // loaded while this one waited
	}
	log := a.logger()
	if a.reports.Load() != nil {
		log.Info("the in-memory engine is loading for " + feature + ": ClickHouse does not answer it yet")
	}
	start := time.Now()
	// The load is for every later request too: the one that asked leaving must not end it.
	st, err := a.StartEngine(context.WithoutCancel(ctx), a.snapshot)
	if err != nil {
		return nil, err
	}
	if a.reports.Load() != nil {
		log.Info(LogEngineLoaded, slog.String("for", feature), slog.Int("records", a.Engine().Records()),
			slog.Bool("from_snapshot", st.FromFile), slog.Duration("took", time.Since(start)))
	}
	if a.EngineLoaded != nil {
		a.EngineLoaded()
	}
	return a.engine.Load(), nil
}

// DeferEngine makes the engine load on first use (EngineFor) instead of at start, from the
// engine file at path when it is usable ("" for none): a ClickHouse-mode server answers the
// reports from ClickHouse and holds no engine until a feature only the engine answers is asked.
func (a *App) DeferEngine(path string) { a.snapshot = path }

// Why answers what lies behind the period's figures (engine.Why): themes, emerging terms and
// the drivers of CSAT and NPS. target is a team's first-response target in business seconds.
func (a *App) Why(ctx context.Context, q engine.Query, target func(team string) int64) (*engine.Why, error) {
	e, err := a.EngineFor(ctx, "the why panel")
	if err != nil {
		return nil, err
	}
	return e.Why(q, target)
}

// Drill lists the records behind a metric's headline count for the query's period and filter
// (engine.Drill): what a figure of the dashboard opens.
func (a *App) Drill(ctx context.Context, q engine.Query, key string) (*engine.Records, error) {
	e, err := a.EngineFor(ctx, "drill-downs")
	if err != nil {
		return nil, err
	}
	return e.Drill(q, key)
}

// ModelFit fits (or reads the cached fit of) the customer-value models on every order up to
// the local day before to (engine.ModelFit).
func (a *App) ModelFit(ctx context.Context, to time.Time) (*model.Fit, error) {
	e, err := a.EngineFor(ctx, "the customer-value models")
	if err != nil {
		return nil, err
	}
	return e.ModelFit(to)
}

// CustomerModel is one customer's model value over the horizon and P(alive) as of the local
// day before to; false when the models cannot be fitted or the customer bought nothing by then.
func (a *App) CustomerModel(ctx context.Context, id string, to time.Time) (engine.CustomerModel, bool) {
	e, err := a.EngineFor(ctx, "the customer page's model")
	if err != nil {
		return engine.CustomerModel{}, false
	}
	return e.CustomerModel(id, to)
}

// KeepAnswersWarm, when reports come from ClickHouse, keeps the questions asked lately answered
// at the records as they are there now and tells the live updates' listeners when those records
// moved (clickhouse.Querier.KeepWarm), until ctx ends: with ClickHouse, what a report shows
// changes when a write has been shipped, not when it was committed, so that is when a dashboard
// should reload (publishCommitted holds the commit's). With the in-memory engine, which answers
// a page in a fraction of a second and shows a write once committed, it returns at once.
func (a *App) KeepAnswersWarm(ctx context.Context) {
	b := a.reports.Load()
	if b == nil {
		return
	}
	if w, ok := b.Querier.(interface {
		KeepWarm(context.Context, func([]cx.Kind))
	}); ok {
		w.KeepWarm(ctx, func(kinds []cx.Kind) { a.publish(Change{Kinds: kinds, At: time.Now()}) })
	}
}
