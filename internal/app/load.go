package app

import (
	"context"
	"errors"
	"fmt"

	"github.com/klantpuls/klantpuls/internal/cx"
	"github.com/klantpuls/klantpuls/internal/engine"
	"github.com/klantpuls/klantpuls/internal/store"
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
// order) on other goroutines (readKinds) and puts the records into the engine on this one, so
// the database's stepping and decoding (more than half of a load) runs beside the engine's
// interning and columns on two cores. use sees each record before the engine does, on
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

// partPlaces is how many places of a kind's first-insertion order one read covers: small
// enough that a reader gets a whole part ahead of the engine with a few megabytes, large enough
// that a statement per part costs nothing per record. A variable for the tests' small parts.
var partPlaces = 8192

// partReaders is how many connections read parts at once. Reading (SQLite's stepping and the
// records' decoding) took longer than the engine's half of a load; two readers and the engine
// keep two cores busy.
const partReaders = 2

// kindPart is one part of one kind; the kind's first carries its count (reserve).
type kindPart struct {
	kind    cx.Kind
	part    store.Part
	reserve int
}

// readKinds streams every kind into full in batches, in cx.Kinds order and each kind in
// first-insertion order, reusing the slices that come back on free. The kinds' parts are read
// by partReaders goroutines in turn (part i by reader i mod partReaders), each a part ahead,
// and handed over in their order. It returns when every record is sent, or at the first error.
func (a *App) readKinds(ctx context.Context, full chan<- batch, free <-chan []cx.Record) error {
	var parts []kindPart
	for _, kind := range cx.Kinds {
		n, err := a.store.Count(ctx, kind)
		if err != nil {
			return err
		}
		ps, err := a.store.Parts(ctx, kind, partPlaces)
		if err != nil {
			return err
		}
		for i, p := range ps { // none for a kind with no records: nothing to reserve either
			kp := kindPart{kind: kind, part: p}
			if i == 0 {
				kp.reserve = n
			}
			parts = append(parts, kp)
		}
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	read := make([]chan []batch, partReaders)
	errs := make([]error, partReaders)
	for r := range read {
		read[r] = make(chan []batch, 1)
		go func() {
			defer close(read[r])
			for i := r; i < len(parts); i += partReaders {
				bs, err := a.readPart(ctx, parts[i], free)
				if err != nil {
					errs[r] = err
					return
				}
				select {
				case read[r] <- bs:
				case <-ctx.Done():
					return
				}
			}
		}()
	}
	var sendErr error
	for i := range parts {
		bs, ok := <-read[i%partReaders]
		if !ok {
			break // its reader failed or was stopped: errs says why
		}
		for _, b := range bs {
			if sendErr = handOver(ctx, full, b); sendErr != nil {
				break
			}
		}
		if sendErr != nil {
			break
		}
	}
	cancel()
	for r := range read {
		for range read[r] { // drained so that each reader ends; errs is set before close
		}
	}
	for _, err := range errs {
		if err != nil && !errors.Is(err, context.Canceled) {
			return err
		}
	}
	if sendErr != nil {
		return sendErr
	}
	return errors.Join(errs...)
}

// readPart reads one part into batches of at most loadBatch records, the first carrying the
// kind's count when the part is its first.
func (a *App) readPart(ctx context.Context, p kindPart, free <-chan []cx.Record) ([]batch, error) {
	next := func() []cx.Record {
		select {
		case recs := <-free:
			return recs
		default:
			return make([]cx.Record, 0, loadBatch)
		}
	}
	out := []batch{{kind: p.kind, reserve: p.reserve, recs: next()}}
	err := a.store.StreamPart(ctx, p.kind, p.part, func(r cx.Record) error {
		cur := &out[len(out)-1]
		if len(cur.recs) == loadBatch {
			out = append(out, batch{kind: p.kind, recs: next()})
			cur = &out[len(out)-1]
		}
		cur.recs = append(cur.recs, r)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("app: loading %s: %w", p.kind, err)
	}
	return out, nil
}
