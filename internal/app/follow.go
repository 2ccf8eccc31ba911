package app

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/klantpuls/klantpuls/internal/cx"
	"github.com/klantpuls/klantpuls/internal/engine"
	"github.com/klantpuls/klantpuls/internal/store"
)

// Several processes write to one database: nodes sharing a PostgreSQL, and on SQLite a
// `klantpuls import` or a second `serve` beside the server. Each server keeps its own engine
// and follows the store's change sequence: whatever another process commits reaches this
// engine (and its dashboards) within a second — at once when the store wakes followers
// (PostgreSQL's LISTEN/NOTIFY).

// catchUpBatch is how many changes are applied in one write turn.
const catchUpBatch = 5000

// CatchUp applies every record committed since the engine's change number. The number to
// reach is read first and every kind is read from the old number, so a commit that lands
// meanwhile is applied now or next time, never skipped.
func (a *App) CatchUp(ctx context.Context) (applied int, err error) {
	e := a.engine.Load()
	if e == nil {
		return 0, errors.New("app: the engine is not loaded")
	}
	target, err := a.store.LastSeq(ctx)
	if err != nil {
		return 0, err
	}
	from := a.seq.Load()
	if target <= from {
		return 0, nil
	}
	// The changes are read on a second goroutine while this one applies them: a catch-up on
	// millions of changes (after a large import) takes the time of the slower of the two, not
	// of both. Each batch is applied in a write turn: a write of this process commits and
	// applies in one turn, so a record another process changed after it is never overtaken.
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	full := make(chan batch, 2)
	var readErr error
	go func() {
		defer close(full)
		for _, kind := range cx.Kinds {
			var recs []cx.Record
			_, err := a.store.Changes(ctx, kind, from, func(r cx.Record) error {
				if recs = append(recs, r); len(recs) < catchUpBatch {
					return nil
				}
				err := handOver(ctx, full, batch{kind: kind, recs: recs})
				recs = nil
				return err
			})
			if err == nil && len(recs) > 0 {
				err = handOver(ctx, full, batch{kind: kind, recs: recs})
			}
			if err != nil {
				readErr = fmt.Errorf("app: following changes: %w", err)
				return
			}
		}
	}()
	kinds := []cx.Kind{}
	// Deletions applied, erasures forgotten: an engine file written before them holds what
	// they took away, and is written again at once.
	deletions := 0
	for c := range full {
		a.writeMu.Lock()
		e.Apply(c.recs...)
		a.writeMu.Unlock()
		for _, r := range c.recs {
			if _, ok := r.(cx.Deletion); ok {
				deletions++
			}
		}
		applied += len(c.recs)
		if len(kinds) == 0 || kinds[len(kinds)-1] != c.kind {
			kinds = append(kinds, c.kind)
		}
	}
	if readErr != nil { // set before the channel was closed
		return applied, readErr
	}
	forgotten, err := a.forgetErased(ctx, e, from, target)
	if err != nil {
		return applied, err
	}
	deletions += forgotten
	// An engine file written before these deletions and erasures holds what they took away
	// (an erased customer's id and words): it is written again at once (Started.Rewrite,
	// Keeper.due).
	a.deletions.Add(int64(deletions))
	// A write of this process may have moved the number past target meanwhile; keep the higher.
	for cur := a.seq.Load(); cur < target && !a.seq.CompareAndSwap(cur, target); cur = a.seq.Load() {
	}
	if applied > 0 {
		a.recordNames(ctx, e)
		a.publishCommitted(Change{Kinds: kinds, Count: applied, At: time.Now()})
	}
	return applied, nil
}

// forgetErased has the engine forget the old ids of the customers erased under the change
// numbers in (from, to] (Erase does so on its own node): by now every record naming them names
// the pseudonym instead, or is deleted, as the erasure's changes came in this catch-up. The
// changes hold only the keyed hash of an erased id (store.Erasure.ErasedSince) — the id may be
// the customer's address, and a customer known only by the id on their tickets and answers left
// no deletion of a customers row to read it from — so every customer id of the engine is
// hashed: a pass over them, for an erasure, which is rare.
func (a *App) forgetErased(ctx context.Context, e *engine.Engine, from, to int64) (int, error) {
	er, ok := a.store.(store.Erasure)
	if !ok {
		return 0, nil
	}
	hashes, err := er.ErasedSince(ctx, from, to)
	if err != nil || len(hashes) == 0 {
		return 0, err
	}
	key, err := a.installKey(ctx, eraseKeySetting, &a.eraseKey)
	if err != nil {
		return 0, err
	}
	erased := &erasedIDs{hashes: hashSet(hashes), mac: hmac.New(sha256.New, key)}
	return e.ForgetCustomers(func(id string) (string, bool) {
		p, ok := erased.pseudonym(id)
		return forgottenAs(p), ok
	}), nil
}

// Follow keeps the engine current with what other processes commit until ctx ends: it waits
// for the store's wake-up (a store.Notifier) or a second, then catches up. Catching up first
// reads the last change number, so a second without news costs one small query; this
// process's own writes move the engine's number themselves (Ingest) and are not read back.
// Until the engine is loaded there is nothing to keep current.
func (a *App) Follow(ctx context.Context, log *slog.Logger) {
	notifier, _ := a.store.(store.Notifier)
	for ctx.Err() == nil {
		wait, cancel := context.WithTimeout(ctx, time.Second)
		if notifier != nil {
			notifier.WaitChange(wait)
		} else {
			<-wait.Done()
		}
		cancel()
		if a.engine.Load() == nil {
			continue // not loaded yet (DeferEngine): its load reads what was committed meanwhile
		}
		if _, err := a.CatchUp(ctx); err != nil && ctx.Err() == nil {
			log.Warn("following changes", slog.Any("error", err))
		}
	}
}

// Start loads the engine: from a snapshot file when there is a usable one (then only the
// changes since it are read), else from every stored record. It tells which (StartEngine
// tells more, in enginefile.go).
func (a *App) Start(ctx context.Context, snapshot string) (fromSnapshot bool, err error) {
	st, err := a.StartEngine(ctx, snapshot)
	return st.FromFile, err
}
