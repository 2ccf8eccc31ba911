package main

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/klantpuls/klantpuls/internal/chtest"
	"github.com/klantpuls/klantpuls/internal/pgtest"
	"github.com/klantpuls/klantpuls/internal/store/postgres/postgrestest"
)

// TestMain lets the test binary be klantpuls itself, so tests can start real `klantpuls serve`
// processes; and stops the PostgreSQL and ClickHouse servers the tests started.
func TestMain(m *testing.M) {
	if os.Getenv("KLANTPULS_RUN_MAIN") == "1" {
		main()
		return
	}
	code := m.Run()
	pgtest.Stop()
	chtest.Stop()
	chtest.StopCluster()
	os.Exit(code)
}

// node is a `klantpuls serve` process.
type node struct {
	t    *testing.T
	cmd  *exec.Cmd
	url  string
	mu   sync.Mutex
	logs strings.Builder
}

// startNode runs `klantpuls serve` on db and waits until it is ready.
func startNode(t *testing.T, db string, extra ...string) *node {
	t.Helper()
	// Port 0: the node takes a free port and logs it. A port found free beforehand and handed
	// over may be taken meanwhile by a server of another test, which then answers for the node.
	n := &node{t: t}
	n.cmd = exec.Command(os.Args[0], append([]string{"--db", db, "serve", "--addr", "127.0.0.1:0"}, extra...)...)
	n.cmd.Env = append(os.Environ(), "KLANTPULS_RUN_MAIN=1", "KLANTPULS_ADMIN_EMAIL=admin@example.com",
		"KLANTPULS_ADMIN_PASSWORD=a long enough password")
	stderr, _ := n.cmd.StderrPipe()
	if err := n.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() {
		sc := bufio.NewScanner(stderr)
		for sc.Scan() {
			n.mu.Lock()
			n.logs.WriteString(sc.Text() + "\n")
			n.mu.Unlock()
		}
	}()
	t.Cleanup(func() { n.stop() })
	for i := 0; i < 300; i++ {
		if n.url == "" {
			n.url = n.listening()
		}
		if n.url == "" {
			time.Sleep(50 * time.Millisecond)
			continue
		}
		if res, err := http.Get(n.url + "/readyz"); err == nil {
			res.Body.Close()
			if res.StatusCode == 200 {
				return n
			}
		}
		time.Sleep(50 * time.Millisecond)
	}
	t.Fatalf("node %s did not become ready:\n%s", n.url, n.log())
	return nil
}

// listening is the URL the node's log says it listens on, "" before it says so.
func (n *node) listening() string {
	for _, line := range strings.Split(n.log(), "\n") {
		var l struct{ Msg, URL string }
		if json.Unmarshal([]byte(line), &l) == nil && l.Msg == "listening" {
			return l.URL
		}
	}
	return ""
}

func (n *node) log() string {
	n.mu.Lock()
	defer n.mu.Unlock()
	return n.logs.String()
}

// stop asks the node to stop (SIGTERM) and waits.
func (n *node) stop() {
	if n.cmd.ProcessState != nil {
		return
	}
	n.cmd.Process.Signal(syscall.SIGTERM)
	done := make(chan error, 1)
	go func() { done <- n.cmd.Wait() }()
	select {
	case <-done:
	case <-time.After(30 * time.Second):
		n.cmd.Process.Kill()
		<-done
	}
}

func (n *node) do(method, path, token, body string) (int, string) {
	n.t.Helper()
	req, _ := http.NewRequest(method, n.url+path, strings.NewReader(body))
	req.Header.Set("Authorization", "Bearer "+token)
	req.Header.Set("Content-Type", "application/json")
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		n.t.Fatalf("%v\n%s", err, n.log())
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return res.StatusCode, string(b)
}

// promoters reads a node's NPS promoters of March 2026.
func (n *node) promoters(token string) int {
	_, body := n.do("GET", "/api/v1/report?from=2026-03-01&to=2026-04-01", token, "")
	var doc struct {
		Groups []struct {
			Metrics struct{ NPS struct{ Promoters int } }
		}
	}
	json.Unmarshal([]byte(body), &doc)
	if len(doc.Groups) == 0 {
		return -1
	}
	return doc.Groups[0].Metrics.NPS.Promoters
}

// TestTwoNodesOnePostgres runs two real `klantpuls serve` processes on one PostgreSQL: a record
// written or deleted through one is in (or gone from) the other's report within 2 seconds, and
// a node that restarts loads its snapshot and catches up with what it missed, deletions too.
func TestTwoNodesOnePostgres(t *testing.T) {
	twoNodes(t, postgrestest.Fresh(t))
}

// TestTwoServesOneSQLiteFile is the same with two `klantpuls serve` processes on one SQLite
// file: the second follows what the first commits, as it follows a CLI import.
func TestTwoServesOneSQLiteFile(t *testing.T) {
	twoNodes(t, filepath.Join(t.TempDir(), "shared.db"))
}

func twoNodes(t *testing.T, db string) {
	snapshot := filepath.Join(t.TempDir(), "b.snapshot")
	a := startNode(t, db)
	b := startNode(t, db, "--snapshot", snapshot)
	var out, errOut strings.Builder
	if code := run(context.Background(), []string{"--db", db, "token", "create", "--name", "nodes", "--scope", "write"}, &out, &errOut); code != 0 {
		t.Fatalf("token: %s", errOut.String())
	}
	token := strings.TrimSpace(out.String())

	send := func(id string) {
		status, body := a.do("POST", "/api/v1/responses", token,
			fmt.Sprintf(`{"response_id":%q,"survey":"nps","score":10,"submitted_at":"2026-03-05 10:00"}`, id))
		if status != 200 {
			t.Fatalf("ingest on node A: %d %s", status, body)
		}
	}
	// waitFor polls node b until it has want promoters, and returns how long it took.
	waitFor := func(node *node, want int) time.Duration {
		start := time.Now()
		for time.Since(start) < 5*time.Second {
			if node.promoters(token) == want {
				return time.Since(start)
			}
			time.Sleep(20 * time.Millisecond)
		}
		t.Fatalf("node %s has %d promoters after 5 s, want %d\n%s", node.url, node.promoters(token), want, node.log())
		return 0
	}
	send("R1")
	if took := waitFor(b, 1); took > 2*time.Second {
		t.Errorf("node B saw node A's record after %v, want within 2 s", took)
	} else {
		t.Logf("node B saw node A's record after %v", took)
	}
	// Node B stops (writing its snapshot), misses a record, starts again and catches up.
	b.stop()
	if _, err := os.Stat(snapshot); err != nil {
		t.Fatalf("no snapshot after stopping: %v\n%s", err, b.log())
	}
	send("R2")
	b = startNode(t, db, "--snapshot", snapshot)
	waitFor(b, 2)
	if !strings.Contains(b.log(), `"from_snapshot":true`) {
		t.Errorf("the restarted node reloaded everything instead of using its snapshot:\n%s", b.log())
	}

	// A deletion on node A reaches node B as a write does; B's snapshot keeps it, and a B that
	// was stopped learns of a deletion it missed (the tombstone in the change sequence).
	del := func(id string) {
		if status, body := a.do("DELETE", "/api/v1/responses/"+id, token, ""); status != http.StatusNoContent {
			t.Fatalf("delete %s on node A: %d %s", id, status, body)
		}
	}
	del("R1")
	if took := waitFor(b, 1); took > 2*time.Second {
		t.Errorf("node B saw node A's deletion after %v, want within 2 s", took)
	} else {
		t.Logf("node B saw node A's deletion after %v", took)
	}
	b.stop()
	del("R2")
	b = startNode(t, db, "--snapshot", snapshot)
	waitFor(b, 0)
	if status, _ := b.do("DELETE", "/api/v1/responses/R2", token, ""); status != http.StatusNotFound {
		t.Errorf("R2 deleted again on node B: %d, want 404", status)
	}
}
