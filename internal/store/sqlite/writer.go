package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"math"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	moderncsqlite "modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"

	"github.com/klantpuls/klantpuls/internal/store"
)

// writer is the one write connection. Every write goes through its ExecContext or BeginTx,
// which bound the wait (store.WriteWait: for this process's one write connection and for
// SQLite's write lock, which another process's import can hold for minutes) and turn SQLite's
// "database is locked" into store.ErrBusy, in one place. Reads of it (a PRAGMA) may use the
// *sql.DB directly.
type writer struct {
	*sql.DB
	// waits is the busy_timeout the connection has, in ms, as the last turn set it.
	waits *atomic.Int64
	// handed counts the connections BeginTx handed to a transaction that are not closed yet.
	handed *handedOut
}

// newWriter is the writer on db. What busy_timeout the connection has is unknown until the
// first turn sets it (writeOptions' is not repeated here, to be kept in step by hand).
func newWriter(db *sql.DB) writer {
	w := writer{DB: db, waits: new(atomic.Int64), handed: newHandedOut()}
	w.waits.Store(math.MinInt64 / 2) // far from any wait: the first turn sets it
	return w
}

// waitSlack is how far the connection's busy_timeout may be from a turn's wait before the turn
// sets it: setting it is a statement of its own (parsed anew each time, the number being in
// its text), a tenth of a small write's time, and a turn that got the connection at once
// would set it to about what it is.
const waitSlack = 250

// turn gets the write connection and sets SQLite's wait for the write lock to what is left of
// store.WriteWait, or of ctx's deadline when that is sooner. A *sql.DB has no bound for the wait of
// a connection but ctx, and ctx also bounds the statement: hence a connection of its own.
func (w writer) turn(ctx context.Context) (*sql.Conn, error) {
	deadline := time.Now().Add(store.WriteWait)
	if d, ok := ctx.Deadline(); ok && d.Before(deadline) {
		deadline = d
	}
	waitCtx, cancel := context.WithDeadline(ctx, deadline)
	defer cancel()
	conn, err := w.Conn(waitCtx)
	if err != nil {
		return nil, busyOr(err)
	}
	left := max(time.Until(deadline).Milliseconds(), 0)
	if d := left - w.waits.Load(); d > -waitSlack && d < waitSlack {
		return conn, nil
	}
	if _, err := conn.ExecContext(ctx, "PRAGMA busy_timeout = "+strconv.FormatInt(left, 10)); err != nil {
		conn.Close()
		// The connection came at the end of the wait: the deadline can pass here too.
		return nil, busyOr(err)
	}
	w.waits.Store(left)
	return conn, nil
}

// ExecContext runs one write statement, which SQLite commits alone.
func (w writer) ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error) {
	conn, err := w.turn(ctx)
	if err != nil {
		return nil, err
	}
	defer conn.Close()
	res, err := conn.ExecContext(ctx, query, args...)
	return res, busyOr(err)
}

// BeginTx starts a write transaction; with _txlock=immediate it holds the write lock from here.
func (w writer) BeginTx(ctx context.Context, opts *sql.TxOptions) (*sql.Tx, error) {
	conn, err := w.turn(ctx)
	if err != nil {
		return nil, err
	}
	tx, err := conn.BeginTx(ctx, opts)
	if err != nil {
		conn.Close()
		return nil, busyOr(err)
	}
	// Close waits until the transaction has ended (database/sql documents it so), then hands
	// the connection back: in a goroutine, as the transaction is the caller's to end. Counted,
	// so that closing the store waits for it (close): handed back after the pool is closed, the
	// connection is closed there, running SQLite's last checkpoint of the file.
	w.handed.add()
	go func() {
		defer w.handed.done()
		conn.Close()
	}()
	return tx, nil
}

// close closes the write connection once every transaction's connection is handed back, so
// that it is closed, and SQLite done with the file, when close returns; then it calls release.
// A transaction still open holds it until it ends (committed, rolled back, or its context
// ended) — but no longer than store.WriteWait, what a write waits for the one before it: one
// that a bug never ends would have a shutdown hang for ever. Then the pool is closed all the
// same, the transaction's connection is closed when it ends, release waits for that (the
// file is not free before: a restore must not replace it under the connection), and the
// error says why.
func (w writer) close(release func()) error {
	if !w.handed.waitUpTo(store.WriteWait) {
		err := w.DB.Close()
		go func() {
			w.handed.wait()
			release()
		}()
		return errors.Join(fmt.Errorf("store: closed while a write transaction was still open after %v; "+
			"its connection closes when it ends", store.WriteWait), err)
	}
	err := w.DB.Close()
	release()
	return err
}

// handedOut counts connections handed out and not back yet. Not a sync.WaitGroup: BeginTx may
// hand one out while the store closes, and a WaitGroup's Add must not race its Wait.
type handedOut struct {
	mu   sync.Mutex
	n    int
	back chan struct{} // closed when n comes to 0; a new one when n leaves 0
}

func newHandedOut() *handedOut {
	h := &handedOut{back: make(chan struct{})}
	close(h.back)
	return h
}

func (h *handedOut) add() {
	h.mu.Lock()
	if h.n++; h.n == 1 {
		h.back = make(chan struct{})
	}
	h.mu.Unlock()
}

func (h *handedOut) done() {
	h.mu.Lock()
	if h.n--; h.n == 0 {
		close(h.back)
	}
	h.mu.Unlock()
}

// wait returns when no connection is out.
func (h *handedOut) wait() {
	h.waitUpTo(-1)
}

// waitUpTo returns true when no connection is out, or false when one still is after d; a
// negative d waits for as long as it takes.
func (h *handedOut) waitUpTo(d time.Duration) bool {
	h.mu.Lock()
	back := h.back
	h.mu.Unlock()
	if d < 0 {
		<-back
		return true
	}
	timer := time.NewTimer(d)
	defer timer.Stop()
	select {
	case <-back:
		return true
	case <-timer.C:
		return false
	}
}

// busyOr returns store.ErrBusy for SQLite's "database is locked" (SQLITE_BUSY, and
// SQLITE_LOCKED for a lock inside this process), and any other err as it is. The caller's
// deadline may end the wait just before SQLite's own bound does: that is the same outcome.
func busyOr(err error) error {
	if errors.Is(err, context.DeadlineExceeded) {
		return store.ErrBusy()
	}
	var e *moderncsqlite.Error
	if errors.As(err, &e) {
		if code := e.Code() & 0xff; code == sqlite3.SQLITE_BUSY || code == sqlite3.SQLITE_LOCKED {
			return store.ErrBusy()
		}
	}
	return err
}
