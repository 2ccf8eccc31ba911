package clickhouse

import (
	"context"
	"strings"
	"testing"

	"github.com/klantpuls/klantpuls/internal/chtest"
)

// TestOnNode: each statement of the schema on one server becomes its form on a node of a
// cluster, written out by hand here.
func TestOnNode(t *testing.T) {
	for _, tt := range []struct {
		name, stmt string
		replicated bool
		want       []string
		err        string
	}{
		{"a kind's table", "CREATE TABLE IF NOT EXISTS kp.tickets (id String, team String, version UInt64, deleted UInt8) ENGINE = ReplacingMergeTree(version) ORDER BY id", false,
			[]string{"CREATE TABLE IF NOT EXISTS kp.tickets_local (id String, team String, version UInt64, deleted UInt8) ENGINE = ReplacingMergeTree(version) ORDER BY id",
				"CREATE TABLE IF NOT EXISTS kp.tickets AS kp.tickets_local ENGINE = Distributed(c1, kp, tickets_local, sipHash64(id))"}, ""},
		{"replicas", "CREATE TABLE IF NOT EXISTS kp.positions (kind String, seq UInt64, written UInt64) ENGINE = ReplacingMergeTree(written) ORDER BY kind", true,
			[]string{"CREATE TABLE IF NOT EXISTS kp.positions_local (kind String, seq UInt64, written UInt64) ENGINE = ReplicatedReplacingMergeTree('/clickhouse/tables/{shard}/kp/positions', '{replica}', written) ORDER BY kind",
				"CREATE TABLE IF NOT EXISTS kp.positions AS kp.positions_local ENGINE = Distributed(c1, kp, positions_local, sipHash64(kind))"}, ""},
		{"a sorting key of two columns shards by the first", "CREATE TABLE IF NOT EXISTS kp.tm (ticket_id String, id String, version UInt64) ENGINE = ReplacingMergeTree(version) ORDER BY (ticket_id, id)", false,
			[]string{"CREATE TABLE IF NOT EXISTS kp.tm_local (ticket_id String, id String, version UInt64) ENGINE = ReplacingMergeTree(version) ORDER BY (ticket_id, id)",
				"CREATE TABLE IF NOT EXISTS kp.tm AS kp.tm_local ENGINE = Distributed(c1, kp, tm_local, sipHash64(ticket_id))"}, ""},
		{"a dropped table drops the node's part", "DROP TABLE IF EXISTS kp.tickets", false, []string{"DROP TABLE IF EXISTS kp.tickets_local"}, ""},
		{"the database", "CREATE DATABASE IF NOT EXISTS kp", false, []string{"CREATE DATABASE IF NOT EXISTS kp"}, ""},
		{"another engine", "CREATE TABLE IF NOT EXISTS kp.x (id String) ENGINE = MergeTree ORDER BY id", false, nil, "no form for a cluster"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			got, err := onNode(tt.stmt, "c1", tt.replicated)
			if tt.err != "" {
				if err == nil || !strings.Contains(err.Error(), tt.err) {
					t.Fatalf("onNode = %q, %v; want an error with %q", got, err, tt.err)
				}
				return
			}
			if err != nil || strings.Join(got, "\n") != strings.Join(tt.want, "\n") {
				t.Fatalf("onNode =\n%s\n%v; want\n%s", strings.Join(got, "\n"), err, strings.Join(tt.want, "\n"))
			}
		})
	}
}

// TestEveryTableHasAClusterForm: every statement the schema makes has its form on a cluster.
func TestEveryTableHasAClusterForm(t *testing.T) {
	db := &DB{name: "kp"}
	for i := range tables {
		if _, err := onNode(db.createTable(&tables[i]), "c", false); err != nil {
			t.Error(err)
		}
	}
}

// TestOpenAnUnknownCluster: a cluster the server does not know is refused by name.
func TestOpenAnUnknownCluster(t *testing.T) {
	dsn := chtest.Shared(t).NewDatabase(t) + "?cluster=nowhere"
	_, err := Open(context.Background(), dsn)
	if err == nil || !strings.Contains(err.Error(), `knows no cluster "nowhere"`) {
		t.Fatalf("Open(%q): %v; want it refused, naming the cluster", dsn, err)
	}
}
