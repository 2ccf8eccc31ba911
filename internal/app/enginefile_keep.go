package app

import (
	"context"
	"log/slog"
	"sync"
	"time"
)

// A server keeps its engine file current: not on every write (a file of the whole engine for
// one answer), but in the background every so often when the engine changed, at once after a
// large change (an import), and when it stops — so a restart, or a `klantpuls report` beside
// it, applies little more than what came after.
const (
	// keepEvery is how often a changed engine is written at most, write after write.
	keepEvery = 10 * time.Minute
	// keepLarge is a change large enough (in change numbers, about records) to write at once.
	keepLarge = 100_000
	// keepCheck is how often the keeper looks.
	keepCheck = 10 * time.Second
)

// Keeper writes one engine file for an App (KeepEngineFile).
type Keeper struct {
	a     *App
	path  string
	log   *slog.Logger
	mu    sync.Mutex // one write at a time
	saved int64      // the change number in the file; -1 when the file is not known good
	gone  int64      // the deletions caught up on (App.deletions) when the file was written
	at    time.Time  // when it was written
	retry time.Time  // after a failed write, when to try again (a full disk: not every check)
}

// KeepEngineFile returns the keeper of the engine file at path; the engine is loaded (from the
// file when st.FromFile, which is then known good up to the changes applied since).
func (a *App) KeepEngineFile(path string, st Started, log *slog.Logger) *Keeper {
	k := &Keeper{a: a, path: path, log: log, saved: -1, at: time.Now(), gone: a.deletions.Load()}
	if st.FromFile {
		k.saved = a.Seq() - int64(st.Applied)
		k.gone -= int64(st.Deleted)
	}
	return k
}

// Run writes the file when it is due until ctx ends; the last write is Save's, after the
// requests in flight are done.
func (k *Keeper) Run(ctx context.Context) {
	tick := time.NewTicker(keepCheck)
	defer tick.Stop()
	for {
		if k.due(time.Now()) {
			k.Save()
		}
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
		}
	}
}

// due tells whether the engine changed enough, or long enough ago, to be written.
func (k *Keeper) due(now time.Time) bool {
	k.mu.Lock()
	defer k.mu.Unlock()
	seq := k.a.Seq()
	if n := k.a.restored.Load(); k.saved < 0 && n != nil {
		k.saved = *n // loaded from the file after the keeper began (DeferEngine): it is good
	}
	switch {
	case seq == k.saved || now.Before(k.retry):
		return false
	case k.saved < 0 || seq-k.saved >= keepLarge || k.a.deletions.Load() != k.gone:
		// A deletion caught up on (another process's erasure): the file holds what it
		// took away.
		return true
	}
	return now.Sub(k.at) >= keepEvery
}

// Save writes the file when the engine changed since it was last written, and logs it
// (saveEngineFile: pages are not held up meanwhile).
func (k *Keeper) Save() {
	k.mu.Lock()
	defer k.mu.Unlock()
	if k.a.engine.Load() == nil || k.a.Seq() == k.saved {
		return
	}
	start, gone := time.Now(), k.a.deletions.Load()
	seq, err := k.a.saveEngineFile(k.path)
	if err != nil {
		k.log.Warn("engine file not written", slog.String("file", k.path), slog.Any("error", err))
		k.retry = time.Now().Add(keepEvery)
		return
	}
	k.saved, k.at, k.gone = seq, time.Now(), gone
	k.log.Info("engine file written", slog.String("file", k.path), slog.Int64("change", seq),
		slog.Duration("took", time.Since(start)))
}
