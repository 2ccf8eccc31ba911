package sqlite

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"modernc.org/libc"
	sqlite3 "modernc.org/sqlite/lib"

	"github.com/klantpuls/klantpuls/internal/cx"
)

// TestConnectionMutexesOnly: a connection's mutex is the marker, which locks nothing, and every
// other kind of mutex still excludes — taken on one thread, another cannot have it until it is
// left.
func TestConnectionMutexesOnly(t *testing.T) {
	tls, other := libc.NewTLS(), libc.NewTLS()
	defer tls.Close()
	defer other.Close()
	if got := sqlite3.Xsqlite3_mutex_alloc(tls, sqlite3.SQLITE_MUTEX_RECURSIVE); got != marker {
		t.Fatalf("a connection's mutex = %#x, want the marker %#x", got, marker)
	}
	kinds := []struct {
		name string
		kind int32
	}{{"fast", sqlite3.SQLITE_MUTEX_FAST}, {"static main", sqlite3.SQLITE_MUTEX_STATIC_MAIN}, {"static LRU", sqlite3.SQLITE_MUTEX_STATIC_LRU}}
	for _, k := range kinds {
		kind := k.kind
		t.Run(k.name, func(t *testing.T) {
			m := sqlite3.Xsqlite3_mutex_alloc(tls, kind)
			if m == 0 || m == marker {
				t.Fatalf("mutex of kind %d = %#x, want a real one", kind, m)
			}
			sqlite3.Xsqlite3_mutex_enter(tls, m)
			if rc := sqlite3.Xsqlite3_mutex_try(other, m); rc != sqlite3.SQLITE_BUSY {
				t.Errorf("another thread took a held mutex: %d, want SQLITE_BUSY", rc)
				sqlite3.Xsqlite3_mutex_leave(other, m)
			}
			sqlite3.Xsqlite3_mutex_leave(tls, m)
			if rc := sqlite3.Xsqlite3_mutex_try(other, m); rc != sqlite3.SQLITE_OK {
				t.Errorf("another thread could not take a left mutex: %d", rc)
			} else {
				sqlite3.Xsqlite3_mutex_leave(other, m)
			}
			if kind == sqlite3.SQLITE_MUTEX_FAST {
				sqlite3.Xsqlite3_mutex_free(tls, m)
			}
		})
	}
}

// TestReadersBesideTheWriter: with connections unlocked, the pool's readers and the writer run
// at once (under -race in CI) and every read sees a whole commit: a count is a multiple of the
// batch, never less than one read before it, and the last is all.
func TestReadersBesideTheWriter(t *testing.T) {
	s, _ := openTest(t)
	const batches, batch, readers = 40, 50, 4
	ctx := context.Background()
	done := make(chan struct{})
	var wg sync.WaitGroup
	errs := make(chan error, readers+1)
	wg.Add(1)
	go func() {
		defer wg.Done()
		defer close(done)
		for b := range batches {
			tx, err := s.Begin(ctx)
			if err != nil {
				errs <- err
				return
			}
			for i := range batch {
				id := fmt.Sprintf("T%d-%d", b, i)
				if err := tx.Put(&cx.Ticket{ID: id, CreatedAt: time.Date(2026, 1, 1+b%28, 9, i, 0, 0, time.UTC), Channel: "chat"}); err != nil {
					tx.Rollback()
					errs <- err
					return
				}
			}
			if _, err := tx.Commit(); err != nil {
				errs <- err
				return
			}
		}
	}()
	for range readers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			last := 0
			for stop := false; !stop; {
				select {
				case <-done:
					stop = true // one more read after the last commit
				default:
				}
				n := 0
				err := s.Stream(ctx, cx.KindTickets, func(r cx.Record) error {
					if r.(*cx.Ticket).Channel != "chat" {
						return fmt.Errorf("ticket %s read as %+v", r.Key(), r)
					}
					n++
					return nil
				})
				if err == nil && (n%batch != 0 || n < last) {
					err = fmt.Errorf("read %d tickets after %d: not whole commits", n, last)
				}
				if err == nil && stop && n != batches*batch {
					err = fmt.Errorf("read %d tickets at the end, want %d", n, batches*batch)
				}
				if err != nil {
					errs <- err
					return
				}
				last = n
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
}
