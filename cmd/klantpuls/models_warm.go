package main

import (
	"context"
	"fmt"
	"log/slog"
	"time"

	"github.com/klantpuls/klantpuls/internal/app"
	"github.com/klantpuls/klantpuls/internal/web"
)

// modelsWarmEvery is how often serve asks for the models of the day: a new day, or orders
// that change what a model observed, fit them again in the background; any other time the
// engine answers from its cache at no cost. The first tick after midnight is the nightly refit.
const modelsWarmEvery = 15 * time.Minute

// warmModels fits, in the background, at start and whenever the day or the orders change: the
// customer-value models as of the days the dashboard's views end on (web.Server.ModelEnds), then
// the churn risk model — so the overview, the customer pages and Risico read models instead of
// fitting them while a manager waits. Nothing is fitted while the engine is not loaded.
func warmModels(ctx context.Context, a *app.App, srv *web.Server, log *slog.Logger) {
	t := time.NewTicker(modelsWarmEvery)
	defer t.Stop()
	said := map[string]string{} // the last failure logged per model: said once, not four times an hour
	tell := func(model string, err error) {
		if err != nil && ctx.Err() == nil && err.Error() != said[model] {
			log.Info(model+" not fitted", slog.Any("error", err))
		}
		if err == nil {
			said[model] = ""
		} else {
			said[model] = err.Error()
		}
	}
	first := true
	for {
		if a.Engine() == nil {
			// ClickHouse mode, the engine not loaded yet (app.DeferEngine): the models are
			// fitted from its columns, and loading it only to warm them is what the mode
			// spares; a page that needs a model loads it, and the next tick warms the rest.
			select {
			case <-ctx.Done():
				return
			case <-t.C:
				continue
			}
		}
		start := time.Now()
		var err error
		for _, end := range srv.ModelEnds(ctx) {
			if _, ferr := a.ModelFit(ctx, end); ferr != nil && err == nil {
				// The others are fitted all the same: a page may ask for them. Which day it
				// is said, as a day early in the data (the start of the year before, on a
				// young shop) has too few orders to fit, and then only that period's page
				// says so: the log should not read as if no model were fitted.
				err = fmt.Errorf("as of %s: %w", end.Format(time.DateOnly), ferr)
			}
		}
		tell("customer-value model", err) // of one day at least (the first that failed)
		if settings, serr := a.Settings(ctx); serr != nil {
			tell("churn risk model", serr)
		} else {
			_, err = a.ChurnRisk(ctx, time.Now(), web.SLATargets(settings))
			tell("churn risk model", err)
		}
		if took := time.Since(start); took > time.Second {
			log.Info("models fitted", slog.Duration("took", took))
		}
		if first {
			returnGarbage() // the first fits, just after the load, leave the most (serve_memory.go)
			first = false
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

// warmAnswers, with reports from ClickHouse, asks the first screen's question once at start —
// a cold page there costs a second or two at tens of millions of records, and the first viewer
// of the day should not wait for it — then keeps the questions asked lately answered as records
// arrive and sends the live updates once they are in ClickHouse (app.KeepAnswersWarm), until
// ctx ends.
func warmAnswers(ctx context.Context, a *app.App, srv *web.Server, log *slog.Logger) {
	start := time.Now()
	if _, err := a.Query(ctx, srv.FirstScreen(ctx)); err != nil {
		if ctx.Err() == nil {
			log.Info("first screen not answered ahead", slog.Any("error", err))
		}
	} else {
		log.Info("first screen answered ahead", slog.Duration("took", time.Since(start)))
	}
	a.KeepAnswersWarm(ctx)
}
