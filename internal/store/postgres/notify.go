package postgres

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/klantpuls/klantpuls/internal/store"
)

var _ store.Notifier = (*Store)(nil)

// listener is the one connection, outside the pool, that LISTENs for commits. It is made on the
// first WaitChange and kept; one waiter at a time uses it.
type listener struct {
	turn    chan struct{} // holds a token while a waiter uses conn
	closing context.Context
	close   context.CancelFunc
	conn    *pgx.Conn
}

func newListener() *listener {
	l := &listener{turn: make(chan struct{}, 1)}
	l.closing, l.close = context.WithCancel(context.Background())
	return l
}

var errClosed = errors.New("store: unable to wait for changes: the store is closed")

// retryListen bounds the pause between attempts to connect the listener again.
const (
	retryListenFirst = 100 * time.Millisecond
	retryListenMost  = 5 * time.Second
)

// WaitChange blocks until a transaction that wrote records commits, on any node sharing the
// database, or until ctx ends (then it returns ctx's error). It may also return nil when nothing
// was committed: right after it started listening, the first time and after a lost connection
// (a commit in between could have gone unheard), so a caller reads the changes after every nil.
// While the database cannot be reached it tries again until ctx ends.
func (s *Store) WaitChange(ctx context.Context) error {
	l := s.changes
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	stop := context.AfterFunc(l.closing, cancel) // Close ends a wait
	defer stop()
	select {
	case l.turn <- struct{}{}:
		defer func() { <-l.turn }()
	case <-ctx.Done():
		return ctx.Err()
	}
	if l.closing.Err() != nil {
		return errClosed
	}
	if l.conn != nil {
		_, err := l.conn.WaitForNotification(ctx)
		switch {
		case err == nil:
			return nil
		case ctx.Err() != nil:
			// A deadline interrupts the wait without closing the connection: keep it.
			return ctx.Err()
		}
		l.conn.Close(context.WithoutCancel(ctx))
		l.conn = nil
	}
	pause := retryListenFirst
	for {
		conn, err := s.listen(ctx)
		if err == nil {
			l.conn = conn
			return nil
		}
		select {
		case <-ctx.Done():
			return errors.Join(ctx.Err(), err)
		case <-time.After(pause):
		}
		pause = min(2*pause, retryListenMost)
	}
}

// listen opens a connection of its own that LISTENs on the changes channel.
func (s *Store) listen(ctx context.Context) (*pgx.Conn, error) {
	conn, err := pgx.ConnectConfig(ctx, s.pool.Config().ConnConfig)
	if err != nil {
		return nil, fmt.Errorf("store: unable to listen for changes: %w", err)
	}
	if _, err := conn.Exec(ctx, "LISTEN "+changesChannel); err != nil {
		conn.Close(context.WithoutCancel(ctx))
		return nil, fmt.Errorf("store: unable to listen for changes: %w", err)
	}
	return conn, nil
}

// stop ends a wait in progress and closes the listening connection.
func (l *listener) stop() {
	l.close()
	l.turn <- struct{}{}
	if l.conn != nil {
		l.conn.Close(context.Background())
		l.conn = nil
	}
	<-l.turn
}
