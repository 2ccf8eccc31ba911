package app

import (
	"context"
	"sync"
	"time"

	"github.com/klantpuls/klantpuls/internal/store"
)

// writeTurn lets one write at a time commit and apply, so the engine sees writes in the order the
// store committed them (a later write of an id must win in both). A sync.Mutex would do that;
// but while the write whose turn it is waits for the database (another process's import holds
// SQLite's write lock), the writes behind it must give up after a bound, not queue for ever.
type writeTurn struct {
	once  sync.Once
	token chan struct{} // holds one value while a write has the turn
}

func (w *writeTurn) init() { w.once.Do(func() { w.token = make(chan struct{}, 1) }) }

// Lock waits for the turn however long it takes: for an import or a bulk write, which has its
// process to itself.
func (w *writeTurn) Lock() {
	w.init()
	w.token <- struct{}{}
}

// Unlock ends the turn.
func (w *writeTurn) Unlock() { <-w.token }

// lockWithin waits for the turn at most store.WriteWait, then gives up with store.ErrBusy.
func (w *writeTurn) lockWithin(ctx context.Context) error {
	w.init()
	select {
	case w.token <- struct{}{}:
		return nil
	default:
	}
	timer := time.NewTimer(store.WriteWait)
	defer timer.Stop()
	select {
	case w.token <- struct{}{}:
		return nil
	case <-timer.C:
		return store.ErrBusy()
	case <-ctx.Done():
		return ctx.Err()
	}
}
