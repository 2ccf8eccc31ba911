package app

import (
	"context"

	"github.com/klantpuls/klantpuls/internal/engine"
)

// TicketFlow is the tickets created and solved per step of q's period (engine.TicketFlow),
// from the engine, loaded first when it is not yet: what the backlog page's chart draws.
func (a *App) TicketFlow(ctx context.Context, q engine.Query) ([]engine.FlowBucket, error) {
	e, err := a.EngineFor(ctx, "the ticket flow")
	if err != nil {
		return nil, err
	}
	return e.TicketFlow(q)
}
