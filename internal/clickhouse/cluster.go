package clickhouse

import (
	"context"
	"fmt"
	"net"
	"regexp"
	"strconv"
	"strings"
	"time"

	ch "github.com/ClickHouse/clickhouse-go/v2"
	"github.com/ClickHouse/clickhouse-go/v2/lib/driver"
)

// A cluster (clickhouse://HOST:PORT/DATABASE?cluster=NAME, NAME a cluster of the server's
// remote_servers): every table of the schema becomes a local table T_local on every node and a
// Distributed table under T's own name, sharded by a hash of the first column of its sorting
// key (the id; positions by kind, settings by key). Every version of a record then lands on the
// same shard, so ReplacingMergeTree's FINAL, which ClickHouse (18.16 too, tested) passes on to
// each shard, still reads one row per id, and the querier's SQL is the same as on one server.
// positions and settings are Distributed too: read through them, they are the cluster's.
//
// The statements are run on each node in turn rather than ON CLUSTER: ON CLUSTER needs the
// DDL queue in ZooKeeper, which a cluster without replicas does not have. A cluster whose
// shards have replicas needs ZooKeeper anyway; then the local tables are
// ReplicatedReplacingMergeTree under /clickhouse/tables/{shard}/DATABASE/TABLE with replica
// {replica} (each node's <macros>), and its remote_servers must say
// <internal_replication>true</internal_replication>, so a Distributed insert writes one
// replica and replication copies it.

// createStatement is the form of every CREATE TABLE of the schema on one server.
var createStatement = regexp.MustCompile(`^CREATE TABLE IF NOT EXISTS (\w+)\.(\w+) \((.*)\) ENGINE = ReplacingMergeTree\((\w+)\) ORDER BY \(?(\w+)(.*)$`)

// dropStatement is how Rebuild drops a table.
var dropStatement = regexp.MustCompile(`^DROP TABLE IF EXISTS (\w+)\.(\w+)$`)

// localSuffix names a table's part on one node.
const localSuffix = "_local"

// onNode turns a statement of the schema on one server into those that make it on one node of
// a cluster: a table becomes its local table and the Distributed table over all of them; a
// dropped table drops the node's part (the Distributed table, which holds nothing, stays).
func onNode(stmt, cluster string, replicated bool) ([]string, error) {
	if strings.HasPrefix(stmt, "CREATE DATABASE ") || strings.HasPrefix(stmt, "DROP DATABASE ") {
		return []string{stmt}, nil
	}
	if m := dropStatement.FindStringSubmatch(stmt); m != nil {
		return []string{fmt.Sprintf("DROP TABLE IF EXISTS %s.%s%s", m[1], m[2], localSuffix)}, nil
	}
	m := createStatement.FindStringSubmatch(stmt)
	if m == nil {
		return nil, fmt.Errorf("clickhouse: no form for a cluster of the statement %q", stmt)
	}
	dbName, name, cols, version, first, rest := m[1], m[2], m[3], m[4], m[5], m[6]
	local := name + localSuffix
	engine := fmt.Sprintf("ReplacingMergeTree(%s)", version)
	if replicated {
		engine = fmt.Sprintf("ReplicatedReplacingMergeTree('/clickhouse/tables/{shard}/%s/%s', '{replica}', %s)", dbName, name, version)
	}
	open := ""
	if strings.HasPrefix(stmt[strings.Index(stmt, "ORDER BY ")+len("ORDER BY "):], "(") {
		open = "("
	}
	return []string{
		fmt.Sprintf("CREATE TABLE IF NOT EXISTS %s.%s (%s) ENGINE = %s ORDER BY %s%s%s", dbName, local, cols, engine, open, first, rest),
		fmt.Sprintf("CREATE TABLE IF NOT EXISTS %s.%s AS %s.%s ENGINE = Distributed(%s, %s, %s, sipHash64(%s))",
			dbName, name, dbName, local, cluster, dbName, local, first),
	}, nil
}

// node is one server of a cluster, as the server the DSN names knows it (system.clusters).
type node struct {
	addr              string
	shard, replica    uint32
	replicatedCluster bool
}

// clusterNodes reads the nodes of the cluster from the server the connection is on.
func (db *DB) clusterNodes(ctx context.Context) ([]node, error) {
	rows, err := db.conn.Query(ctx, "SELECT host_name, port, shard_num, replica_num FROM system.clusters WHERE cluster = ? ORDER BY shard_num, replica_num", db.cluster)
	if err != nil {
		return nil, fmt.Errorf("clickhouse: unable to read the nodes of cluster %s on %s: %w", db.cluster, db.addr, err)
	}
	defer rows.Close()
	var nodes []node
	many := false
	for rows.Next() {
		var host string
		var port uint16
		var n node
		if err := rows.Scan(&host, &port, &n.shard, &n.replica); err != nil {
			return nil, fmt.Errorf("clickhouse: unable to read the nodes of cluster %s: %w", db.cluster, err)
		}
		n.addr = net.JoinHostPort(host, strconv.Itoa(int(port)))
		many = many || n.replica > 1
		nodes = append(nodes, n)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("clickhouse: unable to read the nodes of cluster %s: %w", db.cluster, err)
	}
	if len(nodes) == 0 {
		return nil, fmt.Errorf("clickhouse: %s knows no cluster %q (its <remote_servers> in config.xml)", db.addr, db.cluster)
	}
	for i := range nodes {
		nodes[i].replicatedCluster = many
	}
	return nodes, nil
}

// execSchema runs statements of the schema: on the one server, or on every node of the cluster.
func (db *DB) execSchema(ctx context.Context, stmts []string, what string) error {
	if db.cluster == "" {
		for _, s := range stmts {
			if err := db.conn.Exec(ctx, s); err != nil {
				return fmt.Errorf("clickhouse: unable to %s on %s: %w", what, db.Where(), err)
			}
		}
		return nil
	}
	nodes, err := db.clusterNodes(ctx)
	if err != nil {
		return err
	}
	for _, n := range nodes {
		if err := db.onEachNode(ctx, n, stmts, what); err != nil {
			return err
		}
	}
	return nil
}

// onEachNode runs the statements, in their form for a cluster, on one node.
func (db *DB) onEachNode(ctx context.Context, n node, stmts []string, what string) error {
	return db.atNode(ctx, n, func(conn driver.Conn) error {
		for _, s := range stmts {
			forms, err := onNode(s, db.cluster, n.replicatedCluster)
			if err != nil {
				return err
			}
			for _, f := range forms {
				if err := conn.Exec(ctx, f); err != nil {
					return fmt.Errorf("clickhouse: unable to %s on %s (shard %d, replica %d of cluster %s): %w",
						what, n.addr, n.shard, n.replica, db.cluster, err)
				}
			}
		}
		return nil
	})
}

// atNode calls fn with a connection to one node of the cluster.
func (db *DB) atNode(ctx context.Context, n node, fn func(driver.Conn) error) error {
	conn, err := ch.Open(&ch.Options{
		Addr:        []string{n.addr},
		Auth:        ch.Auth{Database: "default", Username: db.target.Username, Password: db.target.Password},
		DialTimeout: 10 * time.Second,
	})
	if err != nil {
		return fmt.Errorf("clickhouse: unable to connect to %s (shard %d of cluster %s): %w", n.addr, n.shard, db.cluster, err)
	}
	defer conn.Close()
	return fn(conn)
}

// DropDatabase drops the database of dsn, on every node of its cluster if it names one: the
// first step of a rebuild from the store (klantpuls clickhouse rebuild). The store keeps every
// record, so nothing is lost that the shipper does not ship again.
func DropDatabase(ctx context.Context, dsn string) error {
	db, err := connect(ctx, dsn)
	if err != nil {
		return err
	}
	defer db.Close()
	return db.execSchema(ctx, []string{"DROP DATABASE IF EXISTS " + db.name}, "drop the database")
}
