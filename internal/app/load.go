package app

import (
	"context"
	"fmt"

	"github.com/klantpuls/klantpuls/internal/cx"
	"github.com/klantpuls/klantpuls/internal/engine"
)

// loadBatch is how many records the reading goroutine hands the engine at a time: large enough
// that the hand-over costs nothing per record, small enough that the batches in flight are a
// few megabytes.
const loadBatch = 1024

// loadBatches is how many full batches may wait for the engine: the reader runs ahead that far.
const loadBatches = 8

// batch is what the reader hands over: the records of one kind in first-insertion order, the
// first batch of a kind also carrying how many records the kind has (reserve > 0).
type batch struct {
	kind    cx.Kind
	reserve int
	recs    []cx.Record
}

// handOver sends b to the goroutine applying batches, unless ctx ends first (that goroutine
// stopped): the reading side of a load (streamInto) and of a catch-up (CatchUp).
func handOver(ctx context.Context, full chan<- batch, b batch) error {
	select {
	case full <- b:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// streamInto reads every kind from the store (cx.Kinds order, each kind in first-insertion
// order) on a second goroutine and puts the records into the engine on this one, so the
// database's stepping and decoding (about half of a load) runs beside the engine's interning
// and columns (the other half) on two cores. use sees each record before the engine does, on
// this goroutine. The records arrive in the same order as one goroutine would read them, so the
// engine's rows are the same.
func (a *App) streamInto(ctx context.Context, l *engine.Loader, use func(cx.Record) error) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	full := make(chan batch, loadBatches)
	free := make(chan []cx.Record, loadBatches+2)
	var readErr error
	go func() {
		defer close(full)
		readErr = a.readKinds(ctx, full, free)
	}()
	var useErr error
	for b := range full {
		if useErr != nil {
			continue // drained so the reader, cancelled, can finish
		}
		if b.reserve > 0 {
			l.Reserve(b.kind, b.reserve)
		}
		for _, r := range b.recs {
			if useErr = use(r); useErr != nil {
				cancel()
				break
			}
			l.Put(r)
		}
		clear(b.recs) // the engine keeps no record: let the collector have them
		select {
		case free <- b.recs[:0]:
		default:
		}
	}
	if useErr != nil {
		return useErr
	}
	return readErr // the channel is closed after readErr is set
}

// readKinds streams every kind into full in batches, reusing the slices that come back on
// free. It returns when every record is sent, or at the first error.
func (a *App) readKinds(ctx context.Context, full chan<- batch, free <-chan []cx.Record) error {
	next := func() []cx.Record {
		select {
		case recs := <-free:
			return recs
		default:
			return make([]cx.Record, 0, loadBatch)
		}
	}
	send := func(b batch) error { return handOver(ctx, full, b) }
	for _, kind := range cx.Kinds {
		n, err := a.store.Count(ctx, kind)
		if err != nil {
			return err
		}
		cur := batch{kind: kind, reserve: n, recs: next()}
		err = a.store.Stream(ctx, kind, func(r cx.Record) error {
			cur.recs = append(cur.recs, r)
			if len(cur.recs) < loadBatch {
				return nil
			}
			if err := send(cur); err != nil {
				return err
			}
			cur = batch{kind: kind, recs: next()}
			return nil
		})
		if err == nil && (len(cur.recs) > 0 || cur.reserve > 0) {
			err = send(cur)
		}
		if err != nil {
			return fmt.Errorf("app: loading %s: %w", kind, err)
		}
	}
	return nil
}
