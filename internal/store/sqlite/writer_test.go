package sqlite

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/klantpuls/klantpuls/internal/cx"
	"github.com/klantpuls/klantpuls/internal/store"
	"github.com/klantpuls/klantpuls/internal/store/storetest"
)

// holdWriteLock opens another store on path and begins a transaction, which holds SQLite's
// write lock until the returned function is called: what another process's import does.
func holdWriteLock(t *testing.T, path string) func() {
	t.Helper()
	tx, err := openPath(t, path).Begin(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { tx.Rollback() })
	return func() { tx.Rollback() }
}

// TestWritesWhileAnotherProcessWrites: every kind of write, while another connection holds the
// write lock, gives up within its bound with cx.EUNAVAILABLE (never a bare "database is
// locked"), several at once each within the bound, and succeeds once the lock is free.
func TestWritesWhileAnotherProcessWrites(t *testing.T) {
	s, path := openTest(t)
	user := &cx.User{Email: "a@example.com", PasswordHash: "x", Role: "admin"}
	if err := s.CreateUser(context.Background(), user); err != nil {
		t.Fatal(err)
	}
	writes := []struct {
		name  string
		write func(ctx context.Context) error
	}{
		{"records", func(ctx context.Context) error {
			tx, err := s.Begin(ctx)
			if err != nil {
				return err
			}
			defer tx.Rollback()
			if err := tx.Put(storetest.MinimalRecords()[0]); err != nil {
				return err
			}
			_, err = tx.Commit()
			return err
		}},
		{"a session (one statement)", func(ctx context.Context) error {
			return s.CreateSession(ctx, &cx.Session{Hash: []byte(time.Now().String()), UserID: user.ID,
				CreatedAt: time.Now(), ExpiresAt: time.Now().Add(time.Hour)})
		}},
		{"a sign-in (a transaction)", func(ctx context.Context) error {
			_, _, err := s.ClaimSignIn(ctx, "a@example.com", time.Now(), store.SignInLimit{Free: 5, First: time.Second, Max: time.Minute, Forget: time.Hour})
			return err
		}},
	}
	// The bound is store.WriteWait or the caller's deadline, whichever is sooner: a short deadline
	// keeps the test short.
	const bound = 300 * time.Millisecond
	release := holdWriteLock(t, path)
	var wg sync.WaitGroup
	for _, w := range writes {
		for i := range 2 { // two at once: the second must not wait for the first's whole bound
			wg.Add(1)
			go func() {
				defer wg.Done()
				ctx, cancel := context.WithTimeout(context.Background(), bound)
				defer cancel()
				start := time.Now()
				err := w.write(ctx)
				took := time.Since(start)
				if cx.ErrorCode(err) != cx.EUNAVAILABLE || cx.RetryAfter(err) != store.WriteWait {
					t.Errorf("%s #%d while the lock is held: %v (%s), want unavailable, retry after %v", w.name, i, err, cx.ErrorCode(err), store.WriteWait)
				}
				if took > bound+200*time.Millisecond {
					t.Errorf("%s #%d gave up after %v, want within %v", w.name, i, took, bound)
				}
			}()
		}
	}
	wg.Wait()
	if n, err := s.Count(context.Background(), cx.KindCustomers); err != nil || n != 0 {
		t.Errorf("customers stored by the refused writes: %d, %v", n, err)
	}
	release()
	for _, w := range writes {
		if err := w.write(context.Background()); err != nil {
			t.Errorf("%s once the lock is free: %v", w.name, err)
		}
	}
}
