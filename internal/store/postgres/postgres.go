// Package postgres is the store on PostgreSQL, for production and for several klantpuls
// nodes sharing one database. It holds the same rows as the SQLite store, the same way (a test
// proves it), with writers serialised by an advisory lock so that the change sequence is in
// commit order, COPY for bulk writes, and NOTIFY after each commit so followers wake at once.
package postgres

import (
	"cmp"
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/jackc/pgx/v5/stdlib"
	"github.com/pressly/goose/v3"
	"github.com/pressly/goose/v3/lock"

	"github.com/klantpuls/klantpuls/internal/store"
	"github.com/klantpuls/klantpuls/internal/store/sqldb"
)

//go:embed migrations/*.sql
var migrationFiles embed.FS

// migrations are the SQL files and, at version 32, the re-keying of addresses (sqldb.AddressKeys).
var migrations = sqldb.Migrations{SQL: migrationFiles, Go: []*goose.Migration{sqldb.AddressKeys(32, dialect)}}

// dialect is how PostgreSQL differs from SQLite in the SQL of the shared store.
var dialect = sqldb.Dialect{
	Mark: "$", Order: "ord", Queued: "queued", LockRows: true,
	Clock:        "CAST(floor(EXTRACT(EPOCH FROM now())) AS BIGINT)",
	OriginsValue: "ARRAY(SELECT json_array_elements_text(%s::json))", OriginsColumn: "array_to_json(origins)::text",
	IsDuplicate: func(err error) bool {
		var e *pgconn.PgError
		return errors.As(err, &e) && e.Code == "23505" // unique_violation
	},
	CommitUnknown: commitUnknown,
	// seq > $1, said so that the indexes on ord and on the seq of updated rows serve it. The
	// upper bound (the last number committed, which Changes reads first) changes no result, but it makes each condition a
	// range, which the planner reckons small even before ANALYZE has seen a table: with an open
	// "ord > $1" it guessed a third of the rows and read every row of a freshly imported table
	// at each catch-up (25 ms for 177k messages; a follower asks every kind every time).
	Changes: func(table, list string) string {
		return "SELECT seq, " + list + " FROM " + table +
			" WHERE (ord > $1 AND ord <= $2) OR (seq > $1 AND seq <= $2 AND seq <> ord)" +
			" ORDER BY seq"
	},
	// An updated row by the index of updated rows, a row never updated since it was inserted
	// by its ord (which equals its seq): each found by an index, as Changes finds them. The
	// walk down ord stops at the updated row found, which beats every row below it: after a
	// table was written again whole (an export imported anew) no row is of its first number,
	// and an unbounded walk read every row of the table looking for one.
	LastChange: func(table string) string {
		updated := "SELECT seq FROM " + table + " WHERE seq <> ord AND seq <= $1 ORDER BY seq DESC LIMIT 1"
		return "SELECT id, seq FROM (" +
			"(SELECT id, seq FROM " + table + " WHERE seq <> ord AND seq <= $1 ORDER BY seq DESC LIMIT 1)" +
			" UNION ALL " +
			"(SELECT id, seq FROM " + table + " WHERE ord <= $1 AND ord > COALESCE((" + updated + "), 0)" +
			" AND seq = ord ORDER BY ord DESC LIMIT 1)" +
			") last ORDER BY seq DESC LIMIT 1"
	},
}

// commitUnknown reports whether err, a failed COMMIT, leaves unknown whether the server
// committed. It is known when the server answered with an ERROR (a deferred constraint, a full
// disk: the transaction is rolled back), when it answered ROLLBACK for a transaction already
// failed (pgx.ErrTxCommitRollback), and when pgx sent nothing (pgconn.SafeToRetry: its context
// had ended before). Otherwise it is not: the connection lost, a FATAL as the server went
// down, or the context ending while the COMMIT ran — pgx then answers the context's own error
// and drops the connection, and the server, which does not hear it go, may well commit.
// database/sql answers that same error when the context ended just before it would have sent
// the COMMIT: the two cannot be told apart, and both are unknown.
func commitUnknown(err error) bool {
	var pg *pgconn.PgError
	if errors.As(err, &pg) {
		return cmp.Or(pg.SeverityUnlocalized, pg.Severity) != "ERROR" // a server speaking Dutch says FOUT
	}
	return !errors.Is(err, pgx.ErrTxCommitRollback) && !pgconn.SafeToRetry(err)
}

// Store is a PostgreSQL database holding every record. Accounts, surveys and the audit log take
// no part in the change sequence: their writes are statements on the pool, committed alone.
type Store struct {
	*sqldb.Store
	pool    *pgxpool.Pool
	db      *sql.DB   // the pool through database/sql, for the shared store
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
	db := stdlib.OpenDBFromPool(pool)
	migration, err := Migrate(ctx, db)
	if err != nil {
		db.Close()
		pool.Close()
		return nil, err
	}
	s := &Store{pool: pool, db: db, changes: newListener()}
	d := dialect
	d.Records = s.readRecords
	s.Store = sqldb.New(db, db, d, migration)
	return s, nil
}

// Migrate applies the embedded migrations that db has not had yet. Two nodes starting at once
// both try; goose's own lock (a PostgreSQL advisory lock) lets one do it.
func Migrate(ctx context.Context, db *sql.DB) (store.Migration, error) {
	locker, err := lock.NewPostgresSessionLocker()
	if err != nil {
		return store.Migration{}, fmt.Errorf("store: unable to migrate: %w", err)
	}
	return sqldb.Migrate(ctx, db, goose.DialectPostgres, migrations, goose.WithSessionLocker(locker))
}

// Close closes the connections.
func (s *Store) Close() error {
	s.changes.stop()
	err := s.db.Close()
	s.pool.Close()
	return err
}
