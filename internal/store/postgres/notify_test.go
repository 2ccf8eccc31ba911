package postgres

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/klantpuls/klantpuls/internal/cx"
	"github.com/klantpuls/klantpuls/internal/store/storetest"
)

// waitChange calls WaitChange with a deadline and returns its error.
func waitChange(s *Store, within time.Duration) error {
	ctx, cancel := context.WithTimeout(context.Background(), within)
	defer cancel()
	return s.WaitChange(ctx)
}

func TestWaitChange(t *testing.T) {
	follower, dsn := openFresh(t)
	writer := openDSN(t, dsn) // another node on the same database
	ticket := &cx.Ticket{ID: "T1", CreatedAt: time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)}

	// The first wait starts listening and returns at once: a commit just before could have
	// gone unheard.
	if err := waitChange(follower, 10*time.Second); err != nil {
		t.Fatalf("first wait: %v", err)
	}
	// Nothing committed: the wait lasts until its context ends, and the connection stays.
	pid := follower.changes.conn.PgConn().PID()
	if err := waitChange(follower, 100*time.Millisecond); !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("wait without a commit: %v, want the deadline", err)
	}
	if got := follower.changes.conn.PgConn().PID(); got != pid {
		t.Errorf("the listening connection changed after a deadline: %d, want %d", got, pid)
	}

	// A commit on the other node wakes the follower, also when it committed before the wait.
	storetest.Put(t, writer, ticket)
	if err := waitChange(follower, 10*time.Second); err != nil {
		t.Fatalf("wait after a commit: %v", err)
	}
	done := make(chan error, 1)
	go func() { done <- waitChange(follower, 10*time.Second) }()
	storetest.Put(t, writer, &cx.Ticket{ID: "T2", CreatedAt: ticket.CreatedAt})
	if err := <-done; err != nil {
		t.Fatalf("wait during a commit: %v", err)
	}

	// A commit that changed nothing, and a rollback, wake no one.
	storetest.Put(t, writer, ticket)
	tx, err := writer.Begin(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if err := tx.Put(&cx.Ticket{ID: "T3", CreatedAt: ticket.CreatedAt}); err != nil {
		t.Fatal(err)
	}
	if err := tx.Rollback(); err != nil {
		t.Fatal(err)
	}
	if err := waitChange(follower, 200*time.Millisecond); !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("wait after an unchanged commit and a rollback: %v, want the deadline", err)
	}
}

func TestWaitChangeAfterALostConnection(t *testing.T) {
	follower, dsn := openFresh(t)
	writer := openDSN(t, dsn)
	if err := waitChange(follower, 10*time.Second); err != nil {
		t.Fatal(err)
	}
	pid := follower.changes.conn.PgConn().PID()
	if _, err := writer.pool.Exec(context.Background(), "SELECT pg_terminate_backend($1)", pid); err != nil {
		t.Fatal(err)
	}
	// The wait notices, connects again and returns, so the caller looks for what it missed.
	if err := waitChange(follower, 10*time.Second); err != nil {
		t.Fatalf("wait after the connection was lost: %v", err)
	}
	if got := follower.changes.conn.PgConn().PID(); got == pid {
		t.Error("still the terminated connection")
	}
	storetest.Put(t, writer, &cx.Ticket{ID: "T1", CreatedAt: time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)})
	if err := waitChange(follower, 10*time.Second); err != nil {
		t.Fatalf("wait for a commit on the new connection: %v", err)
	}
}

func TestCloseEndsAWait(t *testing.T) {
	s, _ := openFresh(t)
	if err := waitChange(s, 10*time.Second); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- s.WaitChange(context.Background()) }()
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	if err := <-done; err == nil {
		t.Error("a wait ended by Close returned nil")
	}
	if err := s.WaitChange(context.Background()); err == nil {
		t.Error("a wait on a closed store returned nil")
	}
}
