package app

import (
	"context"
	"errors"
	"fmt"
	"runtime/debug"
	"sync"

	"github.com/klantpuls/klantpuls/internal/cx"
)

// ImportResult tells what importing one file did.
type ImportResult struct {
	Rows    int             // data rows read
	Records map[cx.Kind]int // valid records put, per kind (a tool's export can hold several)
	Written int             // rows inserted or changed (0 when the same file is imported again)
	// Replaced is how many of the written rows replaced one stored with the same key: a later
	// export of the same tickets replaces them (data.md: a later import of an id replaces it).
	Replaced int
	// Forgotten is how many records named an erased customer: they were stored under the
	// customer's pseudonym, without their text (erase_forget.go).
	Forgotten int
	// Deleted is how many of the written rows were stored records the file deleted: an order
	// a later export shows cancelled (a mapping's delete rule). A deletion of a key never
	// stored is nothing, and not counted.
	Deleted int
}

// batchSize is how many records travel from the CSV reader to the writer at a time.
const batchSize = 4096

// Import commits the records read hands to put in one transaction, or nothing of them when read
// fails (with a CSV file, an *importer.Errors listing its bad rows). The records may be of any
// kinds: a tool's export mapped by importer.Mapped gives several, and they are committed
// together; a cx.Deletion among them deletes the stored record of its key in the same
// transaction, leaving its tombstone in the change sequence as `klantpuls delete` does. read returns the number of rows it read; importer.Reader.From and
// importer.Mapped.From make one of a file. Reading and writing run side by
// side: the file is parsed on one core while SQLite writes on the other. The engine, when loaded,
// is brought up to date by catching up on the import's changes. progress, when not nil, is called with the number of rows
// read so far every few thousand rows.
func (a *App) Import(ctx context.Context, read func(put func(cx.Record) error) (int, error), progress func(rows int)) (ImportResult, error) {
	return a.ImportExpecting(ctx, read, progress, nil)
}

// ImportExpecting is Import with expect, when not nil, estimating the rows of the whole file
// from what was read so far (its bytes against the file's size): the engine the import feeds
// then makes room for them once (engine.Loader.Expect), after expectAfter rows.
func (a *App) ImportExpecting(ctx context.Context, read func(put func(cx.Record) error) (int, error), progress func(rows int),
	expect func() int) (ImportResult, error) {
	return a.importRecording(ctx, read, progress, expect, nil)
}

// ImportRecorded is Import of the file of run, a run of the history StartImport began: the run
// records how far the import has come (its phase), so a server killed during it has it ended as
// what it was when the server starts again (EndAbandonedImports).
func (a *App) ImportRecorded(ctx context.Context, run *cx.ImportRun, read func(put func(cx.Record) error) (int, error),
	progress func(rows int)) (ImportResult, error) {
	return a.importRecording(ctx, read, progress, nil, func(phase string, res ImportResult) { a.recordPhase(ctx, run, phase, res) })
}

// importRecording is ImportExpecting telling phase, when not nil, that the import is about to
// commit and that it has committed.
func (a *App) importRecording(ctx context.Context, read func(put func(cx.Record) error) (int, error), progress func(rows int),
	expect func() int, phase func(string, ImportResult)) (ImportResult, error) {
	res, err := a.importTx(ctx, read, progress, expect, phase)
	if err != nil {
		return res, err
	}
	if phase != nil {
		phase(cx.ImportCommitted, res)
	}
	if a.ImportCommitted != nil {
		a.ImportCommitted(ctx)
	}
	if err := a.catchUpAfter(ctx, res.Written); err != nil {
		return res, fmt.Errorf("%w: %w", ErrNotCaughtUp, err)
	}
	return res, nil
}

// ErrNotCaughtUp is wrapped by the error of an import that committed, whose records the engine
// did not then catch up on (a stop meanwhile): the file is stored, and the figures show it once
// the engine catches up, at the latest when the engine loads on the next start.
var ErrNotCaughtUp = errors.New("the import was committed; the figures were not brought up to date with it")

// importTx is Import's transaction, in the write turn.
func (a *App) importTx(ctx context.Context, read func(put func(cx.Record) error) (int, error), progress func(rows int),
	expect func() int, phase func(string, ImportResult)) (ImportResult, error) {
	a.writeMu.Lock()
	defer a.writeMu.Unlock()
	tx, err := a.store.Begin(ctx)
	if err != nil {
		return ImportResult{}, err
	}
	defer tx.Rollback()
	erased, err := a.erasedIDs(ctx)
	if err != nil {
		return ImportResult{}, err
	}

	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	// With StreamImports, a third goroutine puts each batch the writer has written into the
	// engine (import_stream.go): the records are then no longer touched by the writer.
	loader, fed := a.feed()
	committed := false
	defer func() { fed(committed) }()
	var toEngine chan []cx.Record
	var fedAll sync.WaitGroup
	if loader != nil {
		toEngine = make(chan []cx.Record, 4)
		fedAll.Go(func() { feedEngine(loader, toEngine, expect) })
	}
	batches := make(chan []cx.Record, 4)
	written := make(chan error, 1)
	go func() {
		var err error
		for b := range batches {
			kept := b[:0]
			for _, rec := range b {
				if err != nil {
					break
				}
				// The engine is given what is stored: a supplement's place takes the record it
				// completed, and a stale versioned record has none. A record of an erased
				// customer is forgotten first, so a supplement completes the pseudonym's record.
				// A deletion of a key not stored changes nothing, and the engine is not told.
				var ok bool
				if rec, err = erased.forget(tx, rec); err != nil {
					break
				}
				if d, del := rec.(cx.Deletion); del {
					if ok, _, err = deleteRecord(tx, d); ok {
						kept = append(kept, d.Stored())
					}
				} else if rec, ok, err = complete(tx, rec); ok && err == nil {
					err = tx.Put(rec)
					kept = append(kept, rec)
				}
			}
			b = kept
			if err != nil {
				cancel() // the reader stops at its next batch
			} else if toEngine != nil {
				toEngine <- b
			}
		}
		if toEngine != nil {
			close(toEngine)
		}
		written <- err
	}()

	batch := make([]cx.Record, 0, batchSize)
	sent := 0
	var gc gcRelax // import_gc.go
	defer gc.stop()
	res := ImportResult{Records: map[cx.Kind]int{}}
	rows, readErr := read(func(rec cx.Record) error {
		if _, del := rec.(cx.Deletion); !del {
			res.Records[rec.RecordKind()]++
		}
		score(rec) // on the reader's core, before the record reaches the store (sentiment.go)
		batch = append(batch, rec)
		if len(batch) == batchSize {
			if sent += len(batch); progress != nil {
				progress(sent)
			}
			if sent >= relaxAfter {
				gc.start()
				gc.check()
			}
			select {
			case batches <- batch:
			case <-ctx.Done():
				return ctx.Err()
			}
			batch = make([]cx.Record, 0, batchSize)
		}
		return nil
	})
	if readErr == nil && len(batch) > 0 {
		batches <- batch
	}
	close(batches)
	writeErr := <-written
	fedAll.Wait()
	gc.stop()
	res.Rows = rows
	switch {
	case readErr != nil && !errors.Is(readErr, context.Canceled): // the rows are wrong
		return res, readErr
	case writeErr != nil: // the reader may only have seen the cancellation it caused
		return res, writeErr
	case readErr != nil:
		return res, readErr
	}
	// What reading a large file took is garbage now: its row keys (about 15 bytes a row, and
	// the garbage collector let the heap grow to twice what was live) and the records on their
	// way. It goes back to the system before the commit, where SQLite builds the dropped
	// indexes again in memory of its own, and before the engine catches up: the import of a
	// 500 MB file peaked at 444 MB resident in its commit with it kept (issue 11 point 7).
	if rows >= 100_000 {
		debug.FreeOSMemory()
	}
	if phase != nil {
		phase(cx.ImportCommitting, res)
	}
	result, err := tx.Commit()
	if err != nil {
		return res, err
	}
	committed = true
	if loader != nil {
		// As App.commit: the engine held every change up to Begun and holds this commit's
		// now; when another process committed in between, the catch-up reads both.
		a.seq.CompareAndSwap(result.Begun, result.Last)
	}
	res.Written, res.Replaced, res.Forgotten = result.Written, result.Replaced, erased.forgotten()
	res.Deleted = result.Deleted
	return res, nil
}

// recordLoader is what feedEngine puts records into: the engine's loader.
type recordLoader interface {
	Put(cx.Record)
	Expect(cx.Kind, int)
}

// expectAfter is how many rows an import reads before it estimates the rest (ImportExpecting):
// some 40 MB of a CSV file, so the reader's read-ahead moves the estimate by a few per mille.
const expectAfter = 1 << 18

// feedEngine puts the batches of an import into the engine as they come. With expect, after
// expectAfter rows it makes room for the rest of the file, per kind as the kinds came so far
// (a Shopify export holds customers and orders), with a percent to spare: an estimate a little
// short costs one more growth of the columns at the end, one too long some unused capacity.
func feedEngine(loader recordLoader, batches <-chan []cx.Record, expect func() int) {
	seen, n := map[cx.Kind]int{}, 0
	for b := range batches {
		for _, rec := range b {
			if expect != nil {
				seen[rec.RecordKind()]++
			}
			loader.Put(rec)
		}
		if n += len(b); expect != nil && n >= expectAfter {
			if total := expect(); total > n {
				for kind, k := range seen {
					loader.Expect(kind, int(float64(total-n)*float64(k)/float64(n)*1.01))
				}
			}
			expect = nil
		}
	}
}
