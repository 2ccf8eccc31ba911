// Package chtest gives tests a real ClickHouse server: Debian's clickhouse-server (18.16) with a
// configuration of its own in a temporary folder, listening on a free loopback port, stopped
// when the tests end. Each test gets a database of its own. $KLANTPULS_CH_DSN
// (clickhouse://HOST:PORT) names an existing server to use instead.
//
// Without the binary a test skips — except in CI (CI=true), where .ci/run installs it and its
// absence fails the test. The server is kept small (a 64 MB mark cache, no uncompressed cache,
// two threads a query, 1 GB a query at most): the machine is shared with other tests.
package chtest

import (
	"context"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/ClickHouse/clickhouse-go/v2"

	"github.com/klantpuls/klantpuls/internal/testneed"
)

// Server is a running ClickHouse.
type Server struct {
	addr   string // HOST:PORT of the native protocol
	proc   *os.Process
	exited chan error // receives when the process has ended (and is reaped)
	dir    string
}

var (
	shared     *Server
	sharedErr  error
	sharedOnce sync.Once
	counter    atomic.Int64
)

// Binary is where Debian's package puts the server.
const Binary = "/usr/sbin/clickhouse-server"

// Shared starts the package's one server on first use. Call Stop from TestMain after m.Run.
func Shared(t testing.TB) *Server {
	t.Helper()
	sharedOnce.Do(func() { shared, sharedErr = start() })
	if sharedErr != nil {
		if testneed.InCI() || !strings.Contains(sharedErr.Error(), "not installed") {
			t.Fatalf("chtest: %v", sharedErr)
		}
		t.Skipf("chtest: %v", sharedErr)
	}
	return shared
}

// Stop stops the shared server, if one was started; TestMain calls it.
func Stop() {
	if shared != nil && shared.proc != nil {
		shared.proc.Kill()
		<-shared.exited
		os.RemoveAll(shared.dir)
	}
}

func start() (*Server, error) {
	if dsn := os.Getenv("KLANTPULS_CH_DSN"); dsn != "" {
		return &Server{addr: strings.TrimSuffix(strings.TrimPrefix(dsn, "clickhouse://"), "/")}, nil
	}
	if _, err := os.Stat(Binary); err != nil {
		return nil, fmt.Errorf("ClickHouse is not installed (apt-get install clickhouse-server)")
	}
	// The free port is found by listening and closing, so another process may take it before
	// the server binds it: then try another.
	var err error
	for range 3 {
		var s *Server
		if s, err = startOnce(); err == nil || !strings.Contains(err.Error(), "already in use") {
			return s, err
		}
	}
	return nil, err
}

// startOnce starts a server in a new temporary folder on a free port.
func startOnce() (*Server, error) {
	port, err := freePort()
	if err != nil {
		return nil, err
	}
	return startAt(port, "")
}

// startAt starts a server in a new temporary folder on port, its configuration ending in more.
func startAt(port int, more string) (*Server, error) {
	dir, err := testneed.ServerDir("klantpuls-ch-")
	if err != nil {
		return nil, err
	}
	for name, text := range map[string]string{"config.xml": configXML(dir, port, more), "users.xml": usersXML} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
			os.RemoveAll(dir)
			return nil, err
		}
	}
	cmd := exec.Command(Binary, "--config-file="+filepath.Join(dir, "config.xml"))
	cmd.Dir = dir
	out, err := os.Create(filepath.Join(dir, "stdout.log"))
	if err != nil {
		os.RemoveAll(dir)
		return nil, err
	}
	defer out.Close()
	cmd.Stdout, cmd.Stderr = out, out
	if err := testneed.StartServer(cmd); err != nil { // it ends with the tests
		os.RemoveAll(dir)
		return nil, fmt.Errorf("starting %s: %v", Binary, err)
	}
	s := &Server{addr: fmt.Sprintf("127.0.0.1:%d", port), proc: cmd.Process, exited: make(chan error, 1), dir: dir}
	go func() { s.exited <- cmd.Wait() }()
	if err := s.waitReady(); err != nil {
		s.proc.Kill()
		<-s.exited
		log, _ := os.ReadFile(filepath.Join(dir, "err.log"))
		os.RemoveAll(dir)
		return nil, fmt.Errorf("%v\n%s", err, log)
	}
	return s, nil
}

// waitReady pings the server until it answers (it takes a second or two to load its system
// tables), it exits, or a minute passes.
func (s *Server) waitReady() error {
	deadline := time.Now().Add(time.Minute)
	for {
		select {
		case err := <-s.exited:
			s.exited <- err // for the caller, who waits for the exit too
			return fmt.Errorf("clickhouse-server exited: %v", err)
		default:
		}
		conn, err := s.connect("default")
		if err == nil {
			err = conn.Ping(context.Background())
			conn.Close()
			if err == nil {
				return nil
			}
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("clickhouse-server did not answer within a minute: %v", err)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

func (s *Server) connect(database string) (clickhouse.Conn, error) {
	return clickhouse.Open(&clickhouse.Options{
		Addr:        []string{s.addr},
		Auth:        clickhouse.Auth{Database: database, Username: "default"},
		DialTimeout: 5 * time.Second,
	})
}

func freePort() (int, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer ln.Close()
	return ln.Addr().(*net.TCPAddr).Port, nil
}

// Addr is the server's HOST:PORT (native protocol).
func (s *Server) Addr() string { return s.addr }

// NewDatabase names a database for one test and returns its DSN (clickhouse://HOST:PORT/NAME);
// the database is dropped when the test ends. It is not created: creating it is the code
// under test's job.
func (s *Server) NewDatabase(t testing.TB) string {
	t.Helper()
	name := fmt.Sprintf("kp_%d_%d", os.Getpid(), counter.Add(1))
	t.Cleanup(func() { s.Exec(t, "DROP DATABASE IF EXISTS "+name) })
	return "clickhouse://" + s.addr + "/" + name
}

// Exec runs one statement on the server, outside any test database: what a test does to the
// server behind the code's back (drop a database, stop merges).
func (s *Server) Exec(t testing.TB, statement string) {
	t.Helper()
	conn, err := s.connect("default")
	if err != nil {
		t.Fatalf("chtest: %v", err)
	}
	defer conn.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if err := conn.Exec(ctx, statement); err != nil {
		t.Fatalf("chtest: %s: %v", statement, err)
	}
}

// PID is the server's process id (0 for an external server): a test reads its memory.
func (s *Server) PID() int {
	if s.proc == nil {
		return 0
	}
	return s.proc.Pid
}

// configXML is the server's own configuration: loopback only, the native port only (no HTTP,
// no interserver port), everything in dir, caches small. 18.16 knows no
// max_server_memory_usage; the per-query limit is in the profile (usersXML).
func configXML(dir string, port int, more string) string {
	return fmt.Sprintf(`<?xml version="1.0"?>
<yandex>
  <logger><level>warning</level><log>%[1]s/server.log</log><errorlog>%[1]s/err.log</errorlog><console>0</console></logger>
  <listen_host>127.0.0.1</listen_host>
  <tcp_port>%[2]d</tcp_port>
  <path>%[1]s/data/</path>
  <tmp_path>%[1]s/tmp/</tmp_path>
  <user_files_path>%[1]s/user_files/</user_files_path>
  <format_schema_path>%[1]s/format_schemas/</format_schema_path>
  <mark_cache_size>67108864</mark_cache_size>
  <uncompressed_cache_size>0</uncompressed_cache_size>
  <max_concurrent_queries>20</max_concurrent_queries>
  <users_config>users.xml</users_config>
  <default_profile>default</default_profile>
  <default_database>default</default_database>
  <timezone>UTC</timezone>
%[3]s</yandex>
`, dir, port, more)
}

const usersXML = `<?xml version="1.0"?>
<yandex>
  <profiles><default>
    <max_memory_usage>1000000000</max_memory_usage>
    <max_threads>2</max_threads>
    <background_pool_size>2</background_pool_size>
  </default></profiles>
  <users><default>
    <password></password>
    <networks><ip>127.0.0.1</ip><ip>::1</ip></networks>
    <profile>default</profile><quota>default</quota>
  </default></users>
  <quotas><default></default></quotas>
</yandex>
`

// Number runs a query of one UInt64 (a count) on the server, outside any test database: what
// a test reads of one server behind the code's back (a shard's own table).
func (s *Server) Number(t testing.TB, query string) uint64 {
	t.Helper()
	conn, err := s.connect("default")
	if err != nil {
		t.Fatalf("chtest: %v", err)
	}
	defer conn.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	var n uint64
	if err := conn.QueryRow(ctx, query).Scan(&n); err != nil {
		t.Fatalf("chtest: %s: %v", query, err)
	}
	return n
}
