package chtest

import (
	"fmt"
	"os"
	"strings"
	"sync"
	"testing"

	"github.com/klantpuls/klantpuls/internal/testneed"
)

// Cluster is two ClickHouse servers on loopback, each one shard of the cluster ClusterName in
// both servers' remote_servers: what a production layout with shards looks like, small. The
// shards have no replicas (replicas need ZooKeeper, which is not installed here).
type Cluster struct {
	Shards []*Server
}

// ClusterName is the cluster's name in remote_servers.
const ClusterName = "kp_test"

var (
	sharedCluster     *Cluster
	sharedClusterErr  error
	sharedClusterOnce sync.Once
)

// SharedCluster starts the package's one cluster on first use; StopCluster (from TestMain)
// stops it. Without the binary it skips, in CI it fails, as Shared.
func SharedCluster(t testing.TB) *Cluster {
	t.Helper()
	sharedClusterOnce.Do(func() {
		if _, err := os.Stat(Binary); err != nil {
			sharedClusterErr = fmt.Errorf("ClickHouse is not installed (apt-get install clickhouse-server)")
			return
		}
		for range 3 { // a free port may be taken before the server binds it: try others
			if sharedCluster, sharedClusterErr = startCluster(2); sharedClusterErr == nil ||
				!strings.Contains(sharedClusterErr.Error(), "already in use") {
				return
			}
		}
	})
	if sharedClusterErr != nil {
		if testneed.InCI() || !strings.Contains(sharedClusterErr.Error(), "not installed") {
			t.Fatalf("chtest: %v", sharedClusterErr)
		}
		t.Skipf("chtest: %v", sharedClusterErr)
	}
	return sharedCluster
}

// StopCluster stops the shared cluster, if one was started.
func StopCluster() {
	if sharedCluster != nil {
		sharedCluster.stop()
	}
}

// startCluster starts n servers, each knowing all n as the shards of ClusterName.
func startCluster(n int) (*Cluster, error) {
	ports := make([]int, n)
	var shards strings.Builder
	for i := range ports {
		p, err := freePort()
		if err != nil {
			return nil, err
		}
		ports[i] = p
		fmt.Fprintf(&shards, "<shard><replica><host>127.0.0.1</host><port>%d</port></replica></shard>", p)
	}
	more := fmt.Sprintf("  <remote_servers><%s>%s</%[1]s></remote_servers>\n", ClusterName, shards.String())
	c := &Cluster{}
	for _, p := range ports {
		s, err := startAt(p, more)
		if err != nil {
			c.stop()
			return nil, err
		}
		c.Shards = append(c.Shards, s)
	}
	return c, nil
}

func (c *Cluster) stop() {
	for _, s := range c.Shards {
		s.proc.Kill()
		<-s.exited
		os.RemoveAll(s.dir)
	}
}

// NewDatabase names a database for one test and returns its DSN on the cluster
// (clickhouse://FIRST-SHARD/NAME?cluster=ClusterName); the database is dropped on every shard
// when the test ends. As Server.NewDatabase, it is not created.
func (c *Cluster) NewDatabase(t testing.TB) string {
	t.Helper()
	name := fmt.Sprintf("kpc_%d_%d", os.Getpid(), counter.Add(1))
	t.Cleanup(func() {
		for _, s := range c.Shards {
			s.Exec(t, "DROP DATABASE IF EXISTS "+name)
		}
	})
	return "clickhouse://" + c.Shards[0].addr + "/" + name + "?cluster=" + ClusterName
}
