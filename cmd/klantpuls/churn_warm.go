package main

import (
	"context"
	"log/slog"
	"time"

	"github.com/klantpuls/klantpuls/internal/app"
	"github.com/klantpuls/klantpuls/internal/web"
)

// churnWarmEvery is how often serve asks for the churn model of the day: a new day (or new
// orders) fits it again in the background, any other time it is the engine's cached one.
const churnWarmEvery = 15 * time.Minute

// warmChurn fits the churn risk model in the background at start and whenever the day or the
// orders change, so the Risico page reads a model instead of fitting one while a manager waits.
func warmChurn(ctx context.Context, a *app.App, log *slog.Logger) {
	t := time.NewTicker(churnWarmEvery)
	defer t.Stop()
	said := "" // the last failure logged: an install without data says it once, not four times an hour
	for {
		settings, err := a.Settings(ctx)
		if err == nil {
			start := time.Now()
			if _, err = a.ChurnRisk(ctx, time.Now(), web.SLATargets(settings)); err == nil && time.Since(start) > time.Second {
				log.Info("churn risk model fitted", slog.Duration("took", time.Since(start)))
			}
		}
		if err != nil && ctx.Err() == nil && err.Error() != said {
			said = err.Error()
			log.Info("churn risk model not fitted", slog.Any("error", err))
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}
