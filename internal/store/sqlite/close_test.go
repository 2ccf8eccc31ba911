package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/klantpuls/klantpuls/internal/cx"
	"github.com/klantpuls/klantpuls/internal/store"
)

// TestClosedOnceCloseReturns: after a change written with its audit line (a unit, whose
// transaction's connection the writer hands back in a goroutine), Close returns with the write
// connection closed — its last checkpoint done — so the next process finds the file free at
// once. Before the fix Close returned while the connection was still open and released the
// claim: a write straight after it, from a connection that does not wait (no busy_timeout,
// what the test helpers' triggers use), was refused "database is locked" most times.
func TestClosedOnceCloseReturns(t *testing.T) {
	path := filepath.Join(t.TempDir(), "klantpuls.db")
	ctx := context.Background()
	// The goroutine ran late in about three closes of four before the fix: twenty make a
	// pass by luck next to impossible.
	for i := range 20 {
		s, err := Open(ctx, path)
		if err != nil {
			t.Fatal(err)
		}
		err = s.Audited(ctx, func(ctx context.Context) ([]cx.AuditEntry, error) {
			u := &cx.User{Email: fmt.Sprintf("user%d@example.com", i), PasswordHash: "x", Role: "admin"}
			if err := s.CreateUser(ctx, u); err != nil {
				return nil, err
			}
			return []cx.AuditEntry{{Actor: "cli:test", From: "test", Action: "user.add", Subject: u.Email}}, nil
		})
		if err != nil {
			t.Fatal(err)
		}
		if err := s.Close(); err != nil {
			t.Fatal(err)
		}
		db, err := sql.Open("sqlite", path) // no busy_timeout: a lock held is a refusal at once
		if err != nil {
			t.Fatal(err)
		}
		_, err = db.Exec("INSERT INTO audit_log (at, actor, actor_key, origin, action) VALUES (0, 'other', 'other', 'test', 'probe')")
		db.Close()
		if err != nil {
			t.Fatalf("close %d: a write after Close: %v; want the file free", i+1, err)
		}
	}
}

// TestCloseBoundsTheWaitForAnOpenWrite: a write transaction a bug never ends holds Close up no
// longer than store.WriteWait — before, Close waited for it for ever, and a server's stop hung
// — and Close then says a write was still open. The file stays claimed until the transaction
// ends: a restore must not replace it under the connection still open.
func TestCloseBoundsTheWaitForAnOpenWrite(t *testing.T) {
	path := filepath.Join(t.TempDir(), "klantpuls.db")
	ctx := context.Background()
	s, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	tx, err := s.Begin(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback()
	start := time.Now()
	closed := make(chan error, 1)
	go func() { closed <- s.Close() }()
	select {
	case err = <-closed:
	case <-time.After(store.WriteWait + 5*time.Second):
		t.Fatalf("Close still waits %v after it was called, for a transaction never ended", time.Since(start))
	}
	if took := time.Since(start); took < store.WriteWait {
		t.Errorf("Close returned after %v, before the transaction had store.WriteWait (%v) to end", took, store.WriteWait)
	}
	if err == nil || !strings.Contains(err.Error(), "a write transaction was still open") {
		t.Errorf("Close = %v, want an error saying a write transaction was still open", err)
	}
	if release, err := Exclusive(path); err == nil {
		release()
		t.Error("the file was free for a restore while the transaction's connection was open")
	}
	tx.Rollback()
	// The claim goes once the connection is back, which the writer does in a goroutine.
	for deadline := time.Now().Add(5 * time.Second); ; {
		release, err := Exclusive(path)
		if err == nil {
			release()
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the file is still claimed after the transaction ended: %v", err)
		}
		time.Sleep(10 * time.Millisecond) // a poll for the goroutine, not a wait for an event
	}
}

// TestCloseWaitsForAWriteEndedInTime: a transaction that ends while Close waits is committed,
// Close returns nil once its connection is closed, and the file is free when it does.
func TestCloseWaitsForAWriteEndedInTime(t *testing.T) {
	path := filepath.Join(t.TempDir(), "klantpuls.db")
	ctx := context.Background()
	s, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	tx, err := s.Begin(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if err := tx.Put(&cx.Customer{ID: "C1", AcquiredAt: time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)}); err != nil {
		t.Fatal(err)
	}
	closed := make(chan error, 1)
	go func() { closed <- s.Close() }()
	// Close closes the readers first: once they are, it is waiting for the writer.
	for s.read.PingContext(ctx) == nil {
		runtime.Gosched()
	}
	select {
	case err := <-closed:
		t.Fatalf("Close returned (%v) while the transaction was open", err)
	default:
	}
	if _, err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
	if err := <-closed; err != nil {
		t.Fatalf("Close = %v after the transaction ended in time, want nil", err)
	}
	db, err := sql.Open("sqlite", path) // no busy_timeout: a lock held is a refusal at once
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var n int
	if err := db.QueryRow("SELECT count(*) FROM customers WHERE id = 'C1'").Scan(&n); err != nil || n != 1 {
		t.Fatalf("customers C1: %d, %v; want the committed record", n, err)
	}
	if _, err := db.Exec("INSERT INTO audit_log (at, actor, actor_key, origin, action) VALUES (0, 'other', 'other', 'test', 'probe')"); err != nil {
		t.Fatalf("a write after Close: %v; want the file free", err)
	}
}
