// Package sqlite is the embedded store: one SQLite file, written by one connection and read by a
// small pool, through the pure-Go driver modernc.org/sqlite.
package sqlite

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"os"
	"runtime"
	"slices"
	"strings"

	"github.com/pressly/goose/v3"
	moderncsqlite "modernc.org/sqlite" // registers the driver "sqlite"
	sqlite3 "modernc.org/sqlite/lib"

	"github.com/klantpuls/klantpuls/internal/cx"
	"github.com/klantpuls/klantpuls/internal/store"
	"github.com/klantpuls/klantpuls/internal/store/sqldb"
)

//go:embed migrations/*.sql
var migrationFiles embed.FS

// migrations are the SQL files and, at version 33, the re-keying of addresses (sqldb.AddressKeys).
var migrations = sqldb.Migrations{SQL: migrationFiles, Go: []*goose.Migration{sqldb.AddressKeys(33, dialect)}}

// writeOptions: WAL lets readers go on while the one writer commits; synchronous=FULL syncs the
// WAL at every commit, so a committed record survives a power loss too (DESIGN: committed
// durably before it is acknowledged). It costs one fsync per transaction, not per row: an
// import is one transaction. Foreign keys stay off: files arrive in any order, so an order may
// name a customer that is not stored yet. _txlock=immediate takes the write lock at BEGIN, so two
// processes wait on busy_timeout instead of failing to upgrade a read lock. The busy_timeout here
// serves opening and migrating; each write sets its own, what is left of WriteWait, when that
// differs from what the connection has (writer.go).
//
// temp_store=MEMORY keeps the statement journal of each multi-row upsert in memory: on a file it
// cost a write system call for every page a statement touched, a third of an import's time. A
// 32 MiB page cache (default 2 MiB; about 60 MiB of memory with the driver's allocator) keeps the
// id index in memory when ids do not follow insertion order (UUIDs): 1M such tickets import at
// ~105k rows/s instead of ~30k.
const writeOptions = "?_pragma=busy_timeout(5000)&_pragma=journal_mode(WAL)" +
	"&_pragma=synchronous(FULL)&_pragma=foreign_keys(0)&_pragma=temp_store(MEMORY)" +
	"&_pragma=cache_size(-" + writeCacheKiB + ")&_txlock=immediate"

// writeCacheKiB is the write connection's page cache, in KiB (writeOptions); an index build
// sets a smaller one for its while and this one back (buildIndexes).
const writeCacheKiB = "32768"

// readOptions: query_only guards against a write slipping past the single writer.
const readOptions = "?_pragma=busy_timeout(5000)&_pragma=query_only(1)"

// dialect is how SQLite differs from PostgreSQL in the SQL of the shared store.
var dialect = sqldb.Dialect{
	Mark: "?", Order: "rowid", Queued: "rowid", NoLimit: -1, LastInsertID: true,
	OriginsValue: "%s", OriginsColumn: "origins", IsDuplicate: isDuplicate,
	// seq has an index (migration 22): a catch-up on a few records (a report after a server's
	// writes, the ClickHouse shipper's next batch) reads them, not every table. A bulk write
	// keeps it (tx.go: appended at its right edge, as seq only grows).
	Changes: func(table, list string) string {
		return "SELECT seq, " + list + " FROM " + table + " WHERE seq > $1 AND seq <= $2 ORDER BY seq"
	},
	LastChange: func(table string) string {
		return "SELECT id, seq FROM " + table + " WHERE seq <= $1 ORDER BY seq DESC LIMIT 1"
	},
}

// seqIndex is the name of table's index on seq (migration 22).
func seqIndex(table string) string { return table + "_seq" }

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
	write writer // one connection: SQLite has one writer at a time anyway
	// prepared are the statements of small writes, prepared once on write (prepared.go).
	prepared prepared
	read     *sql.DB
	release  func() // the lock that tells restore the file is in use (claim.go)
}

var _ store.Store = (*Store)(nil)

// Open opens or creates the database file at path and brings its schema up to date. path must be
// a file: readers use their own connections, which an in-memory database would not share.
func Open(ctx context.Context, path string) (*Store, error) {
	if path == "" || path == ":memory:" {
		return nil, cx.Errorf(cx.EINVALID, "store: a SQLite database needs a file path, not %q", path)
	}
	// Another program's file is refused before the write connection, whose journal_mode(WAL)
	// would turn it into a WAL database, opens it (Claim). Migrate looks again under the lock.
	release, err := Claim(ctx, path, Share)
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

// OpenUnclaimed is Open without the claim: for a restore's copy of a backup, which no other
// process knows of and which stays under the restore's exclusive claim of the database it is
// to replace (Claim). A claim of its own would leave a lock file beside it for ever.
func OpenUnclaimed(ctx context.Context, path string) (*Store, error) {
	s, err := open(ctx, path)
	if err != nil {
		return nil, err
	}
	s.release = func() {}
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
	migration, err := Migrate(ctx, write)
	if err != nil {
		write.Close()
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	stmts, err := prepare(ctx, write)
	if err != nil {
		write.Close()
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	read, err := sql.Open("sqlite", path+readOptions)
	if err != nil {
		stmts.close()
		write.Close()
		return nil, fmt.Errorf("store: unable to open %s for reading: %w", path, err)
	}
	readers := max(4, runtime.NumCPU())
	read.SetMaxOpenConns(readers)
	read.SetMaxIdleConns(readers)
	w := newWriter(write)
	d := dialect
	d.Records = sqldb.DriverRecords(read) // a stream of records past database/sql's Scan
	return &Store{Store: sqldb.New(read, w, d, migration), write: w, read: read, prepared: stmts}, nil
}

// Migrate applies the embedded migrations that db has not had yet. A file that holds another
// program's tables and no klantpuls schema (a --db mistyped to a neighbour's .db) is refused
// as it is, not given klantpuls's tables beside its own.
func Migrate(ctx context.Context, db *sql.DB) (store.Migration, error) {
	if _, err := klantpulsOrNew(ctx, db); err != nil {
		return store.Migration{}, err
	}
	return sqldb.Migrate(ctx, db, goose.DialectSQLite3, migrations)
}

// MigrateUpTo makes the new database file at path with the embedded migrations up to version
// only: the schema of an older release, which a test of its upgrade starts from (a restore of
// an old backup).
func MigrateUpTo(ctx context.Context, path string, version int64) error {
	db, err := sql.Open("sqlite", path)
	if err != nil {
		return err
	}
	defer db.Close()
	p, err := sqldb.Provider(db, goose.DialectSQLite3, migrations)
	if err == nil {
		_, err = p.UpTo(ctx, version)
	}
	return err
}

// Claim claims the database at path with claim (Share, or Exclusive for a restore) once it
// knows the file is klantpuls's (Ours). A file klantpuls has opened before — its lock file is
// there — is claimed first and looked at under the claim, so the look never reads a file a
// restore in another process is replacing (closing a reader's connection then could remove the
// restored database's -wal and -shm). A file without one is looked at first, so that refusing
// another program's file makes no lock file beside it.
func Claim(ctx context.Context, path string, claim func(string) (func(), error)) (func(), error) {
	if _, err := os.Stat(path + ".lock"); err != nil {
		if err := Ours(ctx, path); err != nil {
			return nil, err
		}
		return claim(path)
	}
	release, err := claim(path)
	if err != nil {
		return nil, err
	}
	if err := Ours(ctx, path); err != nil {
		release()
		return nil, err
	}
	return release, nil
}

// Ours tells, without writing anything or making a file, whether the file at path may be
// opened as a klantpuls database: nil for one, and for no database yet (no file, or an empty
// one, which Open makes); a *ForeignDatabaseError for another program's; the error of reading
// it for a file that is no SQLite database. Every command refuses such a file, so they ask
// here before they make the lock file beside it (Share, Exclusive).
func Ours(ctx context.Context, path string) error {
	if fi, err := os.Stat(path); err != nil || fi.Size() == 0 {
		return nil // Open makes it, or says why it cannot
	}
	// A reader's connection: it reads the schema as the pool does, sets no journal mode, and
	// leaves no -wal or -shm file behind once closed.
	db, err := sql.Open("sqlite", path+readOptions)
	if err != nil {
		return fmt.Errorf("store: unable to open %s: %w", path, err)
	}
	defer db.Close()
	if _, err := klantpulsOrNew(ctx, db); err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	return nil
}

// klantpulsOrNew is the one rule of what a SQLite database is to klantpuls, for every command
// that opens one (Ours, Migrate) and for a restore's check of a backup (CheckBackup): klantpuls's
// own holds goose's version table and meta, the table of the change sequence that the first
// migration makes, with its one row; a new one holds no table but goose's (a first migration cut
// off), and fresh is true; anything else is another program's, a *ForeignDatabaseError — a
// table named meta, or goose's, alone is a name other programs use too.
func klantpulsOrNew(ctx context.Context, db *sql.DB) (fresh bool, err error) {
	var tables []string
	rows, err := db.QueryContext(ctx, `SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\_%' ESCAPE '\' ORDER BY name`)
	if err != nil {
		return false, err
	}
	for rows.Next() {
		var name string
		if err := rows.Scan(&name); err != nil {
			rows.Close()
			return false, err
		}
		tables = append(tables, name)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return false, err
	}
	goosed := slices.Contains(tables, goose.DefaultTablename)
	switch {
	case len(tables) == 0 || goosed && len(tables) == 1:
		return true, nil
	case !goosed || !slices.Contains(tables, "meta"):
		return false, &ForeignDatabaseError{Tables: tables}
	}
	var n int
	if err := db.QueryRowContext(ctx, "SELECT count(*) FROM meta").Scan(&n); err != nil {
		return false, err
	}
	if n != 1 {
		return false, &ForeignDatabaseError{Tables: tables}
	}
	return false, nil
}

// ForeignDatabaseError is a SQLite file of another program: tables, and none of klantpuls's.
type ForeignDatabaseError struct {
	Tables []string
}

func (e *ForeignDatabaseError) Error() string {
	return "store: this is not a klantpuls database: it holds tables of another program (" + e.listed() +
		") and klantpuls writes nothing into it; give --db a new file or a klantpuls database"
}

// listed names the first five tables, and how many more there are.
func (e *ForeignDatabaseError) listed() string {
	shown := e.Tables[:min(len(e.Tables), 5)]
	more := ""
	if len(e.Tables) > len(shown) {
		more = fmt.Sprintf(" and %d more", len(e.Tables)-len(shown))
	}
	return strings.Join(shown, ", ") + more
}

// Close closes the database and then releases the claim. It waits for a write transaction still
// open to end (writer.close), up to store.WriteWait: SQLite's last checkpoint of the file is
// done when Close returns nil. One still open then is an error, and the claim is released
// when it ends.
func (s *Store) Close() error {
	return errors.Join(s.read.Close(), s.prepared.close(), s.write.close(s.release))
}
