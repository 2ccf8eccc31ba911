// Package store defines the system of record: the place every record is committed before it is
// acknowledged. Implementations live in subpackages (sqlite, postgres); the engine never sees
// them, so metrics are never computed in SQL.
package store

import (
	"context"

	"github.com/klantpuls/klantpuls/internal/cx"
)

// Store is the system of record: it knows rows, not metrics.
type Store interface {
	// Begin starts a write transaction. SQLite allows one at a time: a second Begin waits for
	// the first to end (or for ctx), so one goroutine must never hold two.
	Begin(ctx context.Context) (Tx, error)
	// Stream calls fn with every stored record of kind, in first-insertion order: an update
	// keeps a record's place. An error from fn stops the stream and is returned.
	Stream(ctx context.Context, kind cx.Kind, fn func(cx.Record) error) error
	// Count returns the number of stored records of kind.
	Count(ctx context.Context, kind cx.Kind) (int, error)
	Close() error
}

// Tx is one write transaction. It is not safe for concurrent use.
type Tx interface {
	// Put upserts rec by its key. Writes are buffered; a record whose values all equal the
	// stored ones is not written again. Within one transaction a later Put of a key wins.
	Put(rec cx.Record) error
	// Commit writes what is buffered and commits it.
	Commit() (Result, error)
	// Rollback discards the transaction; after Commit it does nothing.
	Rollback() error
}

// Result tells what a commit changed.
type Result struct {
	// Written counts rows inserted or changed; an upsert that changed nothing counts 0.
	Written int
}
