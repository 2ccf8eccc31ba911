// Package sqlite is the embedded store: one SQLite file, written by one connection and read by a
// small pool, through the pure-Go driver modernc.org/sqlite.
package sqlite

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"runtime"

	"github.com/pressly/goose/v3"
	moderncsqlite "modernc.org/sqlite" // registers the driver "sqlite"
	sqlite3 "modernc.org/sqlite/lib"

	"github.com/klantpuls/klantpuls/internal/cx"
	"github.com/klantpuls/klantpuls/internal/store"
	"github.com/klantpuls/klantpuls/internal/store/sqldb"
)

//go:embed migrations/*.sql
var migrations embed.FS

// writeOptions: WAL lets readers go on while the one writer commits; synchronous=FULL syncs the
// WAL at every commit, so a committed record survives a power loss too (DESIGN: committed
// durably before it is acknowledged). It costs one fsync per transaction, not per row: an
// import is one transaction. Foreign keys stay off: files arrive in any order, so an order may
// name a customer that is not stored yet. _txlock=immediate takes the write lock at BEGIN, so two
// processes wait on busy_timeout instead of failing to upgrade a read lock. The busy_timeout here
// serves opening and migrating; each write sets its own, what is left of WriteWait (writer.go).
//
// temp_store=MEMORY keeps the statement journal of each multi-row upsert in memory: on a file it
// cost a write system call for every page a statement touched, a third of an import's time. A
// 32 MiB page cache (default 2 MiB; about 60 MiB of memory with the driver's allocator) keeps the
// id index in memory when ids do not follow insertion order (UUIDs): 1M such tickets import at
// ~105k rows/s instead of ~30k.
const writeOptions = "?_pragma=busy_timeout(5000)&_pragma=journal_mode(WAL)" +
	"&_pragma=synchronous(FULL)&_pragma=foreign_keys(0)&_pragma=temp_store(MEMORY)" +
	"&_pragma=cache_size(-32768)&_txlock=immediate"

// readOptions: query_only guards against a write slipping past the single writer.
const readOptions = "?_pragma=busy_timeout(5000)&_pragma=query_only(1)"

// dialect is how SQLite differs from PostgreSQL in the SQL of the shared store.
var dialect = sqldb.Dialect{
	Mark: "?", Order: "rowid", Queued: "rowid", NoLimit: -1, LastInsertID: true,
	OriginsValue: "%s", OriginsColumn: "origins", IsDuplicate: isDuplicate,
	// seq has no index: on SQLite only a restart from a snapshot asks this (once), and an index
	// would cost every import.
	Changes: func(table, list string) string {
		return "SELECT seq, " + list + " FROM " + table + " WHERE seq > $1 ORDER BY seq"
	},
}

// isDuplicate reports whether err is a UNIQUE or PRIMARY KEY constraint failing.
func isDuplicate(err error) bool {
	var e *moderncsqlite.Error
	return errors.As(err, &e) &&
		(e.Code() == sqlite3.SQLITE_CONSTRAINT_UNIQUE || e.Code() == sqlite3.SQLITE_CONSTRAINT_PRIMARYKEY)
}

// Store is a SQLite file holding every record. Accounts, surveys and the audit log, like records,
// are written on the one write connection and read from the pool.
type Store struct {
	*sqldb.Store
	write   writer // one connection: SQLite has one writer at a time anyway
	read    *sql.DB
	release func() // the lock that tells restore the file is in use (claim.go)
}

var _ store.Store = (*Store)(nil)

// Open opens or creates the database file at path and brings its schema up to date. path must be
// a file: readers use their own connections, which an in-memory database would not share.
func Open(ctx context.Context, path string) (*Store, error) {
	if path == "" || path == ":memory:" {
		return nil, cx.Errorf(cx.EINVALID, "store: a SQLite database needs a file path, not %q", path)
	}
	release, err := Share(path)
	if err != nil {
		return nil, err
	}
	s, err := open(ctx, path)
	if err != nil {
		release()
		return nil, err
	}
	s.release = release
	return s, nil
}

func open(ctx context.Context, path string) (*Store, error) {
	write, err := sql.Open("sqlite", path+writeOptions)
	if err != nil {
		return nil, fmt.Errorf("store: unable to open %s: %w", path, err)
	}
	write.SetMaxOpenConns(1)
	if err := write.PingContext(ctx); err != nil {
		write.Close()
		return nil, fmt.Errorf("store: unable to open %s: %w", path, err)
	}
	if err := migrate(ctx, write); err != nil {
		write.Close()
		return nil, fmt.Errorf("store: unable to migrate %s: %w", path, err)
	}
	read, err := sql.Open("sqlite", path+readOptions)
	if err != nil {
		write.Close()
		return nil, fmt.Errorf("store: unable to open %s for reading: %w", path, err)
	}
	readers := max(4, runtime.NumCPU())
	read.SetMaxOpenConns(readers)
	read.SetMaxIdleConns(readers)
	return &Store{Store: sqldb.New(read, writer{write}, dialect), write: writer{write}, read: read}, nil
}

// Migrate applies the embedded migrations that db has not had yet. It uses a goose provider of its
// own, so it neither prints nor touches goose's global state, which the PostgreSQL store shares.
func Migrate(ctx context.Context, db *sql.DB) error {
	if err := migrate(ctx, db); err != nil {
		return fmt.Errorf("store: unable to migrate: %w", err)
	}
	return nil
}

func migrate(ctx context.Context, db *sql.DB) error {
	dir, err := fs.Sub(migrations, "migrations")
	if err != nil {
		return err
	}
	p, err := goose.NewProvider(goose.DialectSQLite3, db, dir,
		goose.WithLogger(goose.NopLogger()), goose.WithDisableGlobalRegistry(true))
	if err != nil {
		return err
	}
	_, err = p.Up(ctx)
	return err
}

// Close closes the database; an open transaction is rolled back.
func (s *Store) Close() error {
	err := errors.Join(s.read.Close(), s.write.Close())
	s.release()
	return err
}

// Count returns the number of stored records of kind.
func (s *Store) Count(ctx context.Context, kind cx.Kind) (int, error) {
	t, err := tableFor(kind)
	if err != nil {
		return 0, err
	}
	var n int
	if err := s.read.QueryRowContext(ctx, "SELECT count(*) FROM "+string(t.kind)).Scan(&n); err != nil {
		return 0, fmt.Errorf("store: unable to count %s: %w", kind, err)
	}
	return n, nil
}

// Stream calls fn with every record of kind in first-insertion order. It reads one snapshot: writes
// committed while it runs are not seen. An error from fn is returned as it is.
func (s *Store) Stream(ctx context.Context, kind cx.Kind, fn func(cx.Record) error) error {
	return s.selectWhere(ctx, kind, "", nil, fn)
}

// selectWhere calls fn with every record of kind that matches where (SQL after WHERE, with
// placeholders for args; empty for all), in first-insertion order.
func (s *Store) selectWhere(ctx context.Context, kind cx.Kind, where string, args []any, fn func(cx.Record) error) error {
	t, err := tableFor(kind)
	if err != nil {
		return err
	}
	query := t.selectAll
	if where != "" {
		query += " WHERE " + where
	}
	rows, err := s.read.QueryContext(ctx, query+" ORDER BY rowid", args...)
	if err != nil {
		return fmt.Errorf("store: unable to read %s: %w", kind, err)
	}
	defer rows.Close()
	if err := t.scanRows(rows, string(kind), fn); err != nil {
		return err
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("store: unable to read %s: %w", kind, err)
	}
	return nil
}

// scanRows calls fn with the record of every row of rows, whose columns are t's after those
// that extra scans (seq, for Changes). Errors other than fn's name what; rows.Err is left to
// the caller.
func (t *table) scanRows(rows *sql.Rows, what string, fn func(cx.Record) error, extra ...any) error {
	// Scanning into *any takes database/sql's shortest path: the driver's value as it is.
	values := make([]any, len(t.columns))
	dest := extra
	for i := range values {
		dest = append(dest, &values[i])
	}
	r := row{values: values}
	for rows.Next() {
		if err := rows.Scan(dest...); err != nil {
			return fmt.Errorf("store: unable to read %s: %w", what, err)
		}
		r.i = 0
		rec := t.scan(&r)
		if r.err != nil {
			return fmt.Errorf("store: unable to read %s: %w", what, r.err)
		}
		if err := fn(rec); err != nil {
			return err
		}
	}
	return nil
}

// Begin starts the one write transaction; it waits while another is open.
func (s *Store) Begin(ctx context.Context) (store.Tx, error) {
	return s.begin(ctx)
}

func (s *Store) begin(ctx context.Context) (*Tx, error) {
	tx, err := s.write.BeginTx(ctx, nil)
	if cx.ErrorCode(err) == cx.EUNAVAILABLE {
		return nil, err // says it all
	} else if err != nil {
		return nil, fmt.Errorf("store: unable to begin a transaction: %w", err)
	}
	var seq int64
	if err := tx.QueryRowContext(ctx, "SELECT seq FROM meta").Scan(&seq); err != nil {
		tx.Rollback()
		return nil, fmt.Errorf("store: unable to read the change sequence: %w", err)
	}
	return &Tx{ctx: ctx, tx: tx, seq: seq, begun: seq}, nil
}
