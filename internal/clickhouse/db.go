// Package clickhouse keeps the engine's records in ClickHouse, for installations past one
// machine's memory (issue 18): one table per record kind, filled by the shipper (app.Ship)
// from the store's change sequence, with the shipper's position per kind kept in the same
// database. The store stays the system of record, so dropping the ClickHouse database and
// shipping again rebuilds it. It talks the native protocol (github.com/ClickHouse/clickhouse-go/v2)
// and keeps to SQL that runs on Debian's ClickHouse 18.16 and on current releases.
package clickhouse

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"time"

	ch "github.com/ClickHouse/clickhouse-go/v2"
	"github.com/ClickHouse/clickhouse-go/v2/lib/driver"

	"github.com/klantpuls/klantpuls/internal/cx"
)

// DB is a ClickHouse database holding the shipped records.
type DB struct {
	conn driver.Conn
	name string // the database, a plain identifier (ParseDSN)
	addr string
	// cluster is the cluster the schema is made on ("": one server); target is the DSN's, for
	// connecting to each node of it (cluster.go).
	cluster string
	target  Target

	mu      sync.Mutex
	written uint64 // the last stamp written (positions, settings), so stamps of this process only grow
}

// Open connects to the database of dsn (clickhouse://HOST:PORT/DATABASE), creating it and its
// tables when they are missing.
func Open(ctx context.Context, dsn string) (*DB, error) {
	db, err := connect(ctx, dsn)
	if err != nil {
		return nil, err
	}
	if err := db.createSchema(ctx); err != nil {
		db.Close()
		return nil, err
	}
	return db, nil
}

// connect connects to the server of dsn. On a cluster an insert returns once every shard has
// its rows (insert_distributed_sync), so the shipper writes a position only after the rows
// it covers are stored, as on one server. It pings first, so an unreachable server is named
// as such.
func connect(ctx context.Context, dsn string) (*DB, error) {
	t, err := ParseDSN(dsn)
	if err != nil {
		return nil, err
	}
	opts := &ch.Options{
		Addr:        []string{t.Addr},
		Auth:        ch.Auth{Database: "default", Username: t.Username, Password: t.Password},
		DialTimeout: 10 * time.Second,
	}
	if t.Cluster != "" {
		opts.Settings = ch.Settings{"insert_distributed_sync": 1}
	}
	conn, err := ch.Open(opts)
	if err != nil {
		return nil, fmt.Errorf("clickhouse: unable to connect to %s: %w", t.Addr, err)
	}
	if err := conn.Ping(ctx); err != nil {
		conn.Close()
		return nil, fmt.Errorf("clickhouse: unable to reach %s: %w", t.Addr, err)
	}
	return &DB{conn: conn, name: t.Database, addr: t.Addr, cluster: t.Cluster, target: t}, nil
}

// Close closes the connections.
func (db *DB) Close() error { return db.conn.Close() }

// Where names the server and database (and cluster), for logs (never the password).
func (db *DB) Where() string {
	if db.cluster != "" {
		return db.addr + "/" + db.name + " (cluster " + db.cluster + ")"
	}
	return db.addr + "/" + db.name
}

// createSchema creates the database, a table per kind and the positions table. A table made by
// an older release keeps its columns: a change of columns is a rebuild (drop the database),
// which checkLayout asks for.
func (db *DB) createSchema(ctx context.Context) error {
	if err := db.checkLayout(ctx); err != nil {
		return err
	}
	stmts := []string{"CREATE DATABASE IF NOT EXISTS " + db.name}
	for i := range tables {
		stmts = append(stmts, db.createTable(&tables[i]))
	}
	// The messages by ticket (derive.go). The answers by ticket are read from the store
	// (derive_answers.go); the ticket_answers table of the release before stays unused.
	stmts = append(stmts, db.createTicketMessages())
	// The position of each kind: the highest change number shipped. written orders the writes
	// (a stamp that grows), so argMax(seq, written) is the last one written, which may go back
	// (a test rewinds it) where max(seq) could not.
	stmts = append(stmts, "CREATE TABLE IF NOT EXISTS "+db.name+".positions (kind String, seq UInt64, written UInt64) "+
		"ENGINE = ReplacingMergeTree(written) ORDER BY kind")
	stmts = append(stmts, "CREATE TABLE IF NOT EXISTS "+db.name+".settings (key String, value String, written UInt64) "+
		"ENGINE = ReplacingMergeTree(written) ORDER BY key")
	return db.execSchema(ctx, stmts, "create the schema")
}

// createTable makes a kind's table. Its sorting key is the id alone, and it has no partitions:
// ReplacingMergeTree replaces a row only by one with the same whole sorting key in the same
// partition, and a record's instants change (a ticket solved later; a deletion row has none), so
// a key or partition that held an instant would keep the old row beside the new.
func (db *DB) createTable(t *table) string {
	var b strings.Builder
	fmt.Fprintf(&b, "CREATE TABLE IF NOT EXISTS %s.%s (id String", db.name, t.kind)
	for _, c := range t.cols {
		fmt.Fprintf(&b, ", %s %s", c.name, c.typ)
	}
	b.WriteString(", version UInt64, deleted UInt8) ENGINE = ReplacingMergeTree(version) ORDER BY id")
	return b.String()
}

// Change is one change of the store's sequence to ship: a record or a cx.Deletion, and its
// change number.
type Change struct {
	Record cx.Record
	Seq    int64
}

// Insert writes changes of one kind in one INSERT naming its column list. Shipping a change
// twice is harmless: the table keeps one row per id and version.
func (db *DB) Insert(ctx context.Context, kind cx.Kind, changes []Change, d *Derive) error {
	t, ok := tableOf(kind)
	if !ok {
		return fmt.Errorf("clickhouse: no table for kind %q", kind)
	}
	if len(changes) == 0 {
		return nil
	}
	if kind == cx.KindResponses { // they take from their tickets, which are in (derive_answers.go)
		return db.InsertStep(ctx, ShipStep{Responses: changes, UpTo: changes[len(changes)-1].Seq}, d)
	}
	names := []string{"id"}
	for _, c := range t.cols {
		names = append(names, c.name)
	}
	names = append(names, "version", "deleted")
	batch, err := db.conn.PrepareBatch(ctx, fmt.Sprintf("INSERT INTO %s.%s (%s)", db.name, kind, strings.Join(names, ", ")))
	if err != nil {
		return fmt.Errorf("clickhouse: unable to insert %s: %w", kind, err)
	}
	defer batch.Close()
	for _, c := range changes {
		if c.Record.RecordKind() != kind {
			return fmt.Errorf("clickhouse: %s among changes of %s", cx.String(c.Record), kind)
		}
		if err := batch.Append(t.values(c.Record, c.Seq, d)...); err != nil {
			return fmt.Errorf("clickhouse: unable to insert %s: %w", cx.String(c.Record), err)
		}
	}
	if err := batch.Send(); err != nil {
		return fmt.Errorf("clickhouse: unable to insert %d %s: %w", len(changes), kind, err)
	}
	return nil
}

// Position is the highest change number of kind shipped (0: none).
func (db *DB) Position(ctx context.Context, kind cx.Kind) (int64, error) {
	var seq uint64
	err := db.conn.QueryRow(ctx, "SELECT argMax(seq, written) FROM "+db.name+".positions WHERE kind = ?", string(kind)).Scan(&seq)
	if err != nil {
		return 0, fmt.Errorf("clickhouse: unable to read the position of %s: %w", kind, err)
	}
	return int64(seq), nil
}

// SetPosition records that the changes of kind up to seq are shipped. The shipper writes it
// after the batch it covers, so a crash between the two ships that batch again.
func (db *DB) SetPosition(ctx context.Context, kind cx.Kind, seq int64) error {
	if err := db.unsettleAbove(ctx, kind, seq); err != nil {
		return err
	}
	batch, err := db.conn.PrepareBatch(ctx, "INSERT INTO "+db.name+".positions (kind, seq, written)")
	if err == nil {
		defer batch.Close()
		if err = batch.Append(string(kind), uint64(seq), db.stamp()); err == nil {
			err = batch.Send()
		}
	}
	if err != nil {
		return fmt.Errorf("clickhouse: unable to record the position of %s: %w", kind, err)
	}
	return nil
}

// stamp orders the writes of positions and settings: the wall clock in nanoseconds, above the
// last stamp of this process.
func (db *DB) stamp() uint64 {
	db.mu.Lock()
	defer db.mu.Unlock()
	db.written = max(uint64(time.Now().UnixNano()), db.written+1)
	return db.written
}

// Dedup is how a query reads one row per id from a ReplacingMergeTree, whose merges run when
// they run: FINAL merges while reading; ArgMax takes each column's value at the highest version
// (argMax), which works where FINAL is slow or, on distributed tables, absent.
type Dedup int

const (
	Final Dedup = iota
	ArgMax
)

// Count returns how many records of kind are stored (not deleted), one per id.
func (db *DB) Count(ctx context.Context, kind cx.Kind, how Dedup) (int, error) {
	if _, ok := tableOf(kind); !ok {
		return 0, fmt.Errorf("clickhouse: no table for kind %q", kind)
	}
	q := fmt.Sprintf("SELECT count() FROM %s.%s FINAL WHERE deleted = 0", db.name, kind)
	if how == ArgMax {
		q = fmt.Sprintf("SELECT count() FROM (SELECT id, argMax(deleted, version) AS gone FROM %s.%s GROUP BY id) WHERE gone = 0", db.name, kind)
	}
	var n uint64
	if err := db.conn.QueryRow(ctx, q).Scan(&n); err != nil {
		return 0, fmt.Errorf("clickhouse: unable to count %s: %w", kind, err)
	}
	return int(n), nil
}

// Conn is the connection, for queries of the report engine to come and for tests.
func (db *DB) Conn() driver.Conn { return db.conn }

// Name is the database's name.
func (db *DB) Name() string { return db.name }

// checkLayout refuses a database made before the answers carried what they take from their
// tickets (its responses table lacks counted): its answers would be counted without their
// tickets' channel, team, agent and category; the store rebuilds it all.
func (db *DB) checkLayout(ctx context.Context) error {
	var cols, counted uint64
	err := db.conn.QueryRow(ctx, "SELECT count(), countIf(name = 'counted') FROM system.columns WHERE database = ? AND table = ?",
		db.name, string(cx.KindResponses)).Scan(&cols, &counted)
	if err != nil {
		return fmt.Errorf("clickhouse: unable to read the columns of %s.%s: %w", db.name, cx.KindResponses, err)
	}
	if cols > 0 && counted == 0 {
		return cx.Errorf(cx.EINVALID, "clickhouse: the database %s was made by an older release: its answers lack what they take from "+
			"their tickets; make it again from the store with 'klantpuls clickhouse rebuild' (the store keeps every record)", db.name)
	}
	return nil
}
