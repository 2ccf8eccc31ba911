package app

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/klantpuls/klantpuls/internal/config"
	"github.com/klantpuls/klantpuls/internal/cx"
	"github.com/klantpuls/klantpuls/internal/ingest"
	"github.com/klantpuls/klantpuls/internal/store"
)

// Write commits whole records and patches in one transaction and then applies what they made
// to the engine (when loaded): all or nothing. Records come first, then the patches in order,
// so a patch of a key given whole in recs, or patched before in patches, changes that version.
// A patch reads the stored record inside the transaction (store.Tx.Get), so a write of another
// node between the read and the commit cannot be lost, and is checked by ingest.Patch with the
// rules of a record sent whole: an invalid field refuses the whole call with an *ingest.Error
// naming it. Derived values (business seconds, first reply from messages) follow, because the
// engine is given the patched record whole, as if it had been imported.
func (a *App) Write(ctx context.Context, recs []cx.Record, patches []cx.Patch) (store.Result, error) {
	res, _, err := a.write(ctx, recs, patches)
	return res, err
}

// Patch commits one patch, as Write does, and returns the record it made, as stored.
func (a *App) Patch(ctx context.Context, p cx.Patch) (cx.Record, error) {
	_, recs, err := a.write(ctx, nil, []cx.Patch{p})
	if err != nil {
		return nil, err
	}
	return recs[len(recs)-1], nil
}

// write is Write, returning the records written too: recs, then what each patch made.
func (a *App) write(ctx context.Context, recs []cx.Record, patches []cx.Patch) (store.Result, []cx.Record, error) {
	// Bounded: a request must not wait for ever behind a write that waits for the database.
	if err := a.writeMu.lockWithin(ctx); err != nil {
		return store.Result{}, nil, err
	}
	defer a.writeMu.Unlock()
	tx, err := a.store.Begin(ctx)
	if err != nil {
		return store.Result{}, nil, err
	}
	defer tx.Rollback()
	w := written{tx: tx, at: map[recordKey]int{}}
	for _, r := range recs {
		if err := w.put(r); err != nil {
			return store.Result{}, nil, err
		}
	}
	for _, p := range patches {
		rec, err := w.patch(a, p)
		if err != nil {
			return store.Result{}, nil, err
		}
		if err := w.put(rec); err != nil {
			return store.Result{}, nil, err
		}
	}
	res, err := tx.Commit()
	if err != nil {
		return res, nil, err
	}
	if e := a.engine.Load(); e != nil {
		e.Apply(w.recs...)
		// The engine held every change up to Begun and now holds this commit's too: a
		// follower need not read them back. When another process committed in between, the
		// number stays, and the next catch-up reads both (applying ours again does no harm).
		a.seq.CompareAndSwap(res.Begun, res.Last)
	}
	if res.Written > 0 { // a record sent again unchanged is no news for dashboards
		a.publish(changeOf(w.recs, time.Now()))
		for _, f := range a.observers {
			f(ctx, w.recs)
		}
	}
	return res, w.recs, nil
}

// recordKey names a record across kinds.
type recordKey struct {
	kind cx.Kind
	key  string
}

// written is what one Write has put so far: every record in order, and by key the latest, which
// a later patch of the key changes.
type written struct {
	tx   store.Tx
	recs []cx.Record
	at   map[recordKey]int // index in recs of a key's latest version
}

func (w *written) put(rec cx.Record) error {
	if err := w.tx.Put(rec); err != nil {
		return err
	}
	w.at[recordKey{rec.RecordKind(), rec.Key()}] = len(w.recs)
	w.recs = append(w.recs, rec)
	return nil
}

// patch returns the record p makes of the latest version of its key: put earlier in this
// Write, or else stored.
func (w *written) patch(a *App, p cx.Patch) (cx.Record, error) {
	var stored cx.Record
	if i, ok := w.at[recordKey{p.Of, p.ID}]; ok {
		stored = w.recs[i]
	} else {
		var err error
		if stored, err = w.tx.Get(p.Of, p.ID); cx.ErrorCode(err) == cx.ENOTFOUND {
			return nil, patchOfNothing(p)
		} else if err != nil {
			return nil, err
		}
	}
	cfg := a.Config
	if cfg == nil { // an App opened without one (tests, tools) reads as the defaults say
		cfg = config.Default()
	}
	return ingest.Patch(p.Of, cfg, stored, p.Doc)
}

// patchOfNothing is the rule for a patch of a record that is not stored: it is refused, not
// kept until the rest arrives. A kept patch would be a second kind of stored state, to be
// carried through the change sequence to every node and snapshot, expired when its record never
// comes, and reported nowhere meanwhile, for the sake of an ordering that senders avoid anyway:
// the help desks and shops send the whole record when it is made (ticket created, order
// placed) and redeliver a webhook that was refused, so a patch that overtook its record is
// sent again after it. A refusal says plainly what to do instead.
func patchOfNothing(p cx.Patch) error {
	return cx.Errorf(cx.ENOTFOUND, "no %s %q to patch: a patch changes a stored record, so send the whole record first (POST /api/v1/%s)",
		strings.TrimSuffix(string(p.Of), "s"), displayKey(p), p.Of)
}

// displayKey is a patch's key as a person gave it: a review's is its id and criterion.
func displayKey(p cx.Patch) string {
	if id, criterion, ok := strings.Cut(p.ID, "\x1f"); ok && p.Of == cx.KindReviews {
		return fmt.Sprintf("%s, criterion %s", id, criterion)
	}
	return p.ID
}
