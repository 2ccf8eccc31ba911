package app

import (
	"context"
	"log/slog"
	"sync"

	"github.com/klantpuls/klantpuls/internal/engine"
	"github.com/klantpuls/klantpuls/internal/store"
)

// namesRecorded is how far a node has recorded the names its engine holds (recordNames).
type namesRecorded struct {
	mu    sync.Mutex
	of    *engine.Engine // the engine they were read from; a reload starts again
	count int            // its NameCount then
}

// recordNames records in the store the channel, team, agent, category and segment names the
// engine holds that the store does not know. A node of the release before the names table
// (during a rolling upgrade) writes records without recording their names, and the feedback
// list's filter and the customer list's segment find rows by a name only once it is recorded:
// this node does so when it loads its engine and when it catches up on other nodes' writes.
// It compares the engine's dictionaries, not rows, and only when they grew since the last
// time, so a catch-up that brings no new name costs a count. A failure is logged, not
// returned: the records were applied, and the next new name tries again. A command that
// answers and ends (Brief) writes nothing for it; the next server does.
func (a *App) recordNames(ctx context.Context, e *engine.Engine) {
	ns, ok := a.store.(store.Names)
	if !ok || e == nil || a.Brief {
		return
	}
	a.names.mu.Lock()
	defer a.names.mu.Unlock()
	count := e.NameCount()
	if a.names.of == e && a.names.count == count {
		return
	}
	var names []store.Name
	for dim, values := range e.NamedValues() {
		for _, v := range values {
			names = append(names, store.Name{Dimension: dim, Value: v})
		}
	}
	// Counted as done even when it failed: a database that refuses (a read-only role) is
	// asked again at the next new name, not at every catch-up.
	a.names.of, a.names.count = e, count
	if err := ns.RecordNames(ctx, names); err != nil {
		a.logger().Warn(LogNamesNotRecorded, slog.Any("error", err))
	}
}
