package app

import (
	"context"
	"errors"
	"io"
	"time"

	"github.com/klantpuls/klantpuls/internal/cx"
	"github.com/klantpuls/klantpuls/internal/importer"
)

// ImportResult tells what importing one file did.
type ImportResult struct {
	Rows    int // data rows read
	Written int // rows inserted or changed (0 when the same file is imported again)
}

// batchSize is how many records travel from the CSV reader to the writer at a time.
const batchSize = 4096

// ImportFile reads one canonical CSV file and commits it in one transaction, or nothing of it
// when any row is bad (the error is then an *importer.Errors listing the rows). Reading and
// writing run side by side: the file is parsed on one core while SQLite writes on the other.
// The engine, when loaded, is brought up to date by reloading.
// progress, when not nil, is called with the number of rows read so far every few thousand
// rows.
func (a *App) ImportFile(ctx context.Context, kind cx.Kind, name string, r io.Reader, progress func(rows int)) (ImportResult, error) {
	a.writeMu.Lock()
	defer a.writeMu.Unlock()
	tx, err := a.store.Begin(ctx)
	if err != nil {
		return ImportResult{}, err
	}
	defer tx.Rollback()

	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	batches := make(chan []cx.Record, 4)
	written := make(chan error, 1)
	go func() {
		var err error
		for b := range batches {
			for _, rec := range b {
				if err == nil {
					err = tx.Put(rec)
				}
			}
			if err != nil {
				cancel() // the reader stops at its next batch
			}
		}
		written <- err
	}()

	rd := importer.Reader{Kind: kind, File: name, Config: a.Config}
	batch := make([]cx.Record, 0, batchSize)
	sent := 0
	rows, readErr := rd.Read(r, func(rec cx.Record) error {
		batch = append(batch, rec)
		if len(batch) == batchSize {
			if sent += len(batch); progress != nil {
				progress(sent)
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
	res := ImportResult{Rows: rows}
	var rowErrs *importer.Errors
	switch {
	case errors.As(readErr, &rowErrs):
		return res, readErr
	case writeErr != nil: // the reader may only have seen the cancellation it caused
		return res, writeErr
	case readErr != nil:
		return res, readErr
	}
	committed, err := tx.Commit()
	if err != nil {
		return res, err
	}
	res.Written = committed.Written
	if a.engine.Load() != nil && committed.Written > 0 {
		if err := a.LoadEngine(ctx); err != nil {
			return res, err
		}
		a.publish(Change{Kinds: []cx.Kind{kind}, Count: committed.Written, At: time.Now()})
	}
	return res, nil
}
