package app

import (
	"context"
	"time"

	"github.com/klantpuls/klantpuls/internal/engine"
)

// ChurnRisk is the churn risk model of the day as of now (engine.ChurnRisk: backtest, model
// and scored customers), fitted once per day and read from the engine's cache after.
func (a *App) ChurnRisk(ctx context.Context, now time.Time, target func(team string) int64) (*engine.ChurnRisk, error) {
	e, err := a.EngineFor(ctx, "the churn risk model")
	if err != nil {
		return nil, err
	}
	return e.ChurnRisk(now, target)
}
