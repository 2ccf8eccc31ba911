// Package postgres is the store on PostgreSQL, for production and for several klantpuls
// nodes sharing one database. It holds the same rows as the SQLite store, the same way (a test
// proves it), with writers serialised by an advisory lock so that the change sequence is in
// commit order, COPY for bulk writes, and NOTIFY after each commit so followers wake at once.
package postgres

import (
	"context"
	"database/sql"
	"embed"
	"fmt"
	"io/fs"

	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/jackc/pgx/v5/stdlib"
	"github.com/pressly/goose/v3"
	"github.com/pressly/goose/v3/lock"
)

//go:embed migrations/*.sql
var migrations embed.FS

// Store is a PostgreSQL database holding every record.
type Store struct {
	pool    *pgxpool.Pool
	changes *listener // LISTENs for commits (WaitChange)
}

// Open connects to the database at dsn (postgres://…) and brings its schema up to date.
func Open(ctx context.Context, dsn string) (*Store, error) {
	cfg, err := pgxpool.ParseConfig(dsn)
	if err != nil {
		return nil, fmt.Errorf("store: unable to read the PostgreSQL address: %w", err)
	}
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		return nil, fmt.Errorf("store: unable to connect to PostgreSQL: %w", err)
	}
	if err := pool.Ping(ctx); err != nil {
		pool.Close()
		return nil, fmt.Errorf("store: unable to connect to PostgreSQL: %w", err)
	}
	if err := Migrate(ctx, stdlib.OpenDBFromPool(pool)); err != nil {
		pool.Close()
		return nil, err
	}
	return &Store{pool: pool, changes: newListener()}, nil
}

// Migrate applies the embedded migrations that db has not had yet. Two nodes starting at once
// both try; goose's own lock (a PostgreSQL advisory lock) lets one do it.
func Migrate(ctx context.Context, db *sql.DB) error {
	dir, err := fs.Sub(migrations, "migrations")
	if err != nil {
		return err
	}
	locker, err := lock.NewPostgresSessionLocker()
	if err != nil {
		return fmt.Errorf("store: unable to migrate: %w", err)
	}
	p, err := goose.NewProvider(goose.DialectPostgres, db, dir, goose.WithSessionLocker(locker),
		goose.WithLogger(goose.NopLogger()), goose.WithDisableGlobalRegistry(true))
	if err != nil {
		return fmt.Errorf("store: unable to migrate: %w", err)
	}
	if _, err := p.Up(ctx); err != nil {
		return fmt.Errorf("store: unable to migrate: %w", err)
	}
	return nil
}

// Close closes the connections.
func (s *Store) Close() error {
	s.changes.stop()
	s.pool.Close()
	return nil
}
