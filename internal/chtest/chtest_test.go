package chtest

import (
	"context"
	"os"
	"strings"
	"testing"

	"github.com/ClickHouse/clickhouse-go/v2"
)

func TestMain(m *testing.M) {
	code := m.Run()
	Stop()
	StopCluster()
	os.Exit(code)
}

func TestServer(t *testing.T) {
	s := Shared(t)
	a, b := s.NewDatabase(t), s.NewDatabase(t)
	if a == b || !strings.HasPrefix(a, "clickhouse://127.0.0.1:") {
		t.Fatalf("databases %q and %q", a, b)
	}
	conn, err := clickhouse.Open(&clickhouse.Options{Addr: []string{s.Addr()}})
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	var v string
	if err := conn.QueryRow(context.Background(), "SELECT version()").Scan(&v); err != nil || v == "" {
		t.Fatalf("version %q: %v", v, err)
	}
	t.Logf("ClickHouse %s", v)
}

// TestCluster: the two servers each know both as the shards of ClusterName, and a query
// through one reaches the other (remote() of the cluster counts a row per shard).
func TestCluster(t *testing.T) {
	c := SharedCluster(t)
	if len(c.Shards) != 2 || c.Shards[0].Addr() == c.Shards[1].Addr() {
		t.Fatalf("shards %v", c.Shards)
	}
	for _, s := range c.Shards {
		conn, err := clickhouse.Open(&clickhouse.Options{Addr: []string{s.Addr()}})
		if err != nil {
			t.Fatal(err)
		}
		var shards, rows uint64
		err = conn.QueryRow(context.Background(), "SELECT count() FROM system.clusters WHERE cluster = ?", ClusterName).Scan(&shards)
		if err == nil {
			err = conn.QueryRow(context.Background(), "SELECT count() FROM cluster("+ClusterName+", system, one)").Scan(&rows)
		}
		conn.Close()
		if err != nil || shards != 2 || rows != 2 {
			t.Fatalf("%s: %d shards, %d rows through the cluster, %v; want 2 and 2", s.Addr(), shards, rows, err)
		}
	}
	if dsn := c.NewDatabase(t); !strings.HasSuffix(dsn, "?cluster="+ClusterName) {
		t.Fatalf("dsn %q", dsn)
	}
}
