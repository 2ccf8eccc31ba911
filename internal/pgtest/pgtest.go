// Package pgtest gives tests a real PostgreSQL server: Debian's postgresql binaries, a data
// directory in a temporary folder, run as the postgres user (PostgreSQL refuses to run as
// root) on a free loopback port, stopped when the tests end. Each test gets a database of its
// own. $KLANTPULS_PG_DSN names an existing server to use instead.
//
// Without the binaries a test skips — except in CI (CI=true), where .ci/run installs them and
// their absence fails the test.
package pgtest

import (
	"context"
	"fmt"
	"net"
	"net/url"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/klantpuls/klantpuls/internal/testneed"
)

// Server is a running PostgreSQL.
type Server struct {
	dsn  string // of the maintenance database postgres
	dir  string
	bin  string
	stop func()

	mu        sync.Mutex
	templates map[string]*template // by the caller's name for it (NewDatabaseFrom)
}

// template is a database made once, that new databases copy.
type template struct {
	once sync.Once
	name string
	err  error
}

var (
	shared     *Server
	sharedErr  error
	sharedOnce sync.Once
	counter    atomic.Int64
)

// Shared starts the package's one server on first use. Call Stop from TestMain after m.Run.
func Shared(t testing.TB) *Server {
	t.Helper()
	sharedOnce.Do(func() { shared, sharedErr = start() })
	if sharedErr != nil {
		if testneed.InCI() || !strings.Contains(sharedErr.Error(), "not installed") {
			t.Fatalf("pgtest: %v", sharedErr)
		}
		t.Skipf("pgtest: %v", sharedErr)
	}
	return shared
}

// Stop stops the shared server, if one was started; TestMain calls it. On a server named by
// $KLANTPULS_PG_DSN it drops the templates this process made.
func Stop() {
	if shared == nil {
		return
	}
	if shared.stop != nil {
		shared.stop()
		return
	}
	for _, tm := range shared.templates {
		if tm.name != "" {
			shared.drop(tm.name)
		}
	}
}

// binDir finds Debian's PostgreSQL binaries (the newest installed major version).
func binDir() (string, error) {
	matches, _ := filepath.Glob("/usr/lib/postgresql/*/bin/pg_ctl")
	if len(matches) == 0 {
		return "", fmt.Errorf("PostgreSQL is not installed (apt-get install postgresql)")
	}
	return filepath.Dir(matches[len(matches)-1]), nil
}

func start() (*Server, error) {
	if dsn := os.Getenv("KLANTPULS_PG_DSN"); dsn != "" {
		return &Server{dsn: dsn}, nil
	}
	bin, err := binDir()
	if err != nil {
		return nil, err
	}
	dir, err := testneed.ServerDir("klantpuls-pg-")
	if err != nil {
		return nil, err
	}
	asUser, asServer, err := runAs(dir)
	if err != nil {
		os.RemoveAll(dir)
		return nil, err
	}
	data := filepath.Join(dir, "data")
	if out, err := asUser(filepath.Join(bin, "initdb"), "-D", data, "--auth=trust", "-U", "postgres", "--encoding=UTF8", "--locale=C").CombinedOutput(); err != nil {
		os.RemoveAll(dir)
		return nil, fmt.Errorf("initdb: %v\n%s", err, out)
	}
	port, err := freePort()
	if err != nil {
		os.RemoveAll(dir)
		return nil, err
	}
	// fsync off: a test server's data is thrown away, and the tests run much faster. The server
	// is this process's child (not pg_ctl's daemon), so that it ends with the tests however
	// they end (testneed.StartServer); its backends end with it.
	logFile, err := os.Create(filepath.Join(dir, "log"))
	if err != nil {
		os.RemoveAll(dir)
		return nil, err
	}
	defer logFile.Close()
	cmd := exec.Command(filepath.Join(bin, "postgres"), "-D", data, "-c", "listen_addresses=127.0.0.1", "-c", fmt.Sprintf("port=%d", port),
		"-c", "unix_socket_directories="+dir, "-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off",
		"-c", "max_connections=200")
	cmd.Stdout, cmd.Stderr = logFile, logFile
	cmd.SysProcAttr = asServer
	if err := testneed.StartServer(cmd); err != nil {
		os.RemoveAll(dir)
		return nil, fmt.Errorf("starting postgres: %v", err)
	}
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()
	s := &Server{dsn: fmt.Sprintf("postgres://postgres@127.0.0.1:%d/postgres?sslmode=disable", port), dir: dir, bin: bin}
	if err := waitReady(s.dsn, exited); err != nil {
		cmd.Process.Kill()
		log, _ := os.ReadFile(filepath.Join(dir, "log"))
		os.RemoveAll(dir)
		return nil, fmt.Errorf("postgres: %v\n%s", err, log)
	}
	s.stop = func() {
		asUser(filepath.Join(bin, "pg_ctl"), "-D", data, "-m", "immediate", "-w", "stop").Run()
		os.RemoveAll(dir)
	}
	return s, nil
}

// runAs returns how to run the server's commands, and the server itself: as the postgres user
// when we are root (PostgreSQL refuses to run as root), which then must own the folder.
func runAs(dir string) (func(name string, args ...string) *exec.Cmd, *syscall.SysProcAttr, error) {
	if os.Geteuid() != 0 {
		return exec.Command, nil, nil
	}
	u, err := user.Lookup("postgres")
	if err != nil {
		return nil, nil, fmt.Errorf("running as root needs the postgres user: %v", err)
	}
	uid, _ := strconv.Atoi(u.Uid)
	gid, _ := strconv.Atoi(u.Gid)
	if err := os.Chown(dir, uid, gid); err != nil {
		return nil, nil, err
	}
	asUser := func(name string, args ...string) *exec.Cmd {
		return exec.Command("runuser", append([]string{"-u", "postgres", "--", name}, args...)...)
	}
	return asUser, &syscall.SysProcAttr{Credential: &syscall.Credential{Uid: uint32(uid), Gid: uint32(gid)}}, nil
}

// waitReady connects to the server until it answers, it exits, or a minute passes (pg_ctl's
// -w did this when it started the server).
func waitReady(dsn string, exited <-chan error) error {
	deadline := time.Now().Add(time.Minute)
	for {
		select {
		case err := <-exited:
			return fmt.Errorf("exited before it was ready: %v", err)
		default:
		}
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		conn, err := pgx.Connect(ctx, dsn)
		if err == nil {
			err = conn.Ping(ctx)
			conn.Close(ctx)
		}
		cancel()
		if err == nil {
			return nil
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("not ready after a minute: %v", err)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

func freePort() (int, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer ln.Close()
	return ln.Addr().(*net.TCPAddr).Port, nil
}

// NewDatabase creates an empty database for one test and returns its URL; it is dropped when
// the test ends.
func (s *Server) NewDatabase(t testing.TB) string {
	t.Helper()
	return s.newCopy(t, "")
}

// newCopy creates a database for one test, a copy of the template named from ("" for an
// empty one), and returns its URL; it is dropped when the test ends.
func (s *Server) newCopy(t testing.TB, from string) string {
	t.Helper()
	name := fmt.Sprintf("kp_%d_%d", os.Getpid(), counter.Add(1))
	if err := s.create(name, from); err != nil {
		t.Fatalf("pgtest: %v", err)
	}
	t.Cleanup(func() { s.drop(name) })
	return s.dsnOf(name)
}

// NewDatabaseFrom creates a database for one test as a copy of a template (CREATE DATABASE …
// TEMPLATE) and returns its URL; it is dropped when the test ends. The template is made on
// first use of its key: an empty database that prepare, given its URL, fills and leaves with
// no connection open (a template with a session on it cannot be copied). A copy of a migrated
// schema takes a fraction of the migrations' time: goose parses every file and runs each
// version in a transaction of its own, some 0.5 s a database under the race detector.
func (s *Server) NewDatabaseFrom(t testing.TB, key string, prepare func(dsn string) error) string {
	t.Helper()
	s.mu.Lock()
	if s.templates == nil {
		s.templates = map[string]*template{}
	}
	tm := s.templates[key]
	if tm == nil {
		tm = &template{}
		s.templates[key] = tm
	}
	s.mu.Unlock()
	tm.once.Do(func() {
		name := fmt.Sprintf("kp_template_%d_%d", os.Getpid(), counter.Add(1))
		if tm.err = s.create(name, ""); tm.err != nil {
			return
		}
		if tm.err = prepare(s.dsnOf(name)); tm.err != nil {
			s.drop(name)
			return
		}
		tm.name = name
	})
	if tm.err != nil {
		t.Fatalf("pgtest: template %s: %v", key, tm.err)
	}
	return s.newCopy(t, tm.name)
}

// create creates database name, a copy of template unless that is "".
func (s *Server) create(name, template string) error {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	conn, err := pgx.Connect(ctx, s.dsn)
	if err != nil {
		return err
	}
	defer conn.Close(ctx)
	if template == "" {
		_, err = conn.Exec(ctx, "CREATE DATABASE "+name)
		return err
	}
	// FILE_COPY copies the template's files (PostgreSQL 15 and later): the default, WAL_LOG,
	// writes every block of them to the log, which took half as much CPU again for our small
	// databases. An older server (KLANTPULS_PG_DSN) knows no strategy and copies files anyway.
	if _, err = conn.Exec(ctx, "CREATE DATABASE "+name+" TEMPLATE "+template+" STRATEGY FILE_COPY"); err != nil &&
		strings.Contains(strings.ToLower(err.Error()), "strategy") {
		_, err = conn.Exec(ctx, "CREATE DATABASE "+name+" TEMPLATE "+template)
	}
	return err
}

// drop drops database name, ending its sessions.
func (s *Server) drop(name string) {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if conn, err := pgx.Connect(ctx, s.dsn); err == nil {
		conn.Exec(ctx, "DROP DATABASE IF EXISTS "+name+" WITH (FORCE)")
		conn.Close(ctx)
	}
}

// dsnOf is the URL of database name on the server.
func (s *Server) dsnOf(name string) string {
	u, _ := url.Parse(s.dsn)
	u.Path = "/" + name
	return u.String()
}

// Bin is the folder of the server's binaries (pg_dump for backup tests); "" with an external
// server.
func (s *Server) Bin() string { return s.bin }

// TableFile returns the bytes of the file that holds a table of the database at dsn (its main
// fork), after a CHECKPOINT has written every changed page home: what a test of erasure reads
// to find out whether a deleted or replaced row's text is physically gone. The server must be
// local and its files readable by the test (the test runs as root, the server as postgres).
func TableFile(t testing.TB, dsn, table string) []byte {
	t.Helper()
	ctx, conn, done := connect(t, dsn)
	defer done()
	var dir, rel string
	if _, err := conn.Exec(ctx, "CHECKPOINT"); err != nil {
		t.Fatalf("pgtest: %v", err)
	}
	if err := conn.QueryRow(ctx, "SELECT current_setting('data_directory'), pg_relation_filepath($1)", table).Scan(&dir, &rel); err != nil {
		t.Fatalf("pgtest: %v", err)
	}
	b, err := os.ReadFile(filepath.Join(dir, rel))
	if err != nil {
		t.Fatalf("pgtest: %v", err)
	}
	return b
}

// HoldTable locks table of the database at dsn against writes, on a connection of its own,
// until waiters sessions wait for the lock (or 30 s pass): what a test of nodes racing each
// other uses so that each is between its read and its write when the first write goes on — the
// race is then run whatever the machine's speed, not only when a fixed pause was long enough.
// It returns once the lock is held; the test's cleanup waits for the release.
func HoldTable(t testing.TB, dsn, table string, waiters int) {
	t.Helper()
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, dsn)
	if err != nil {
		t.Fatalf("pgtest: %v", err)
	}
	watch, err := pgx.Connect(ctx, dsn)
	if err != nil {
		conn.Close(ctx)
		t.Fatalf("pgtest: %v", err)
	}
	if _, err := conn.Exec(ctx, "BEGIN; LOCK TABLE "+pgx.Identifier{table}.Sanitize()+" IN EXCLUSIVE MODE"); err != nil {
		conn.Close(ctx)
		watch.Close(ctx)
		t.Fatalf("pgtest: %v", err)
	}
	released := make(chan struct{})
	go func() {
		defer close(released)
		for deadline := time.Now().Add(30 * time.Second); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
			var n int
			if watch.QueryRow(ctx, "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'").Scan(&n) != nil || n >= waiters {
				break
			}
		}
		conn.Exec(ctx, "COMMIT")
		conn.Close(ctx)
		watch.Close(ctx)
	}()
	t.Cleanup(func() { <-released })
}

// HoldCommits makes the COMMIT of every transaction that inserted into table wait, on the
// server, until the test lets it go: a deferred constraint trigger takes an advisory lock that
// a connection of the test's holds. waiting returns once a COMMIT waits for it (or fails the
// test after 30 s); release lets them all go on, and runs at the test's end too. What a test
// of a commit that is cut off while it runs (a stop, a lost connection) uses.
func HoldCommits(t testing.TB, dsn, table string) (waiting, release func()) {
	t.Helper()
	ctx := context.Background()
	holder, err := pgx.Connect(ctx, dsn)
	if err != nil {
		t.Fatalf("pgtest: %v", err)
	}
	const lock = heldCommitLock
	for _, statement := range []string{
		`CREATE FUNCTION pgtest_hold_commit() RETURNS trigger LANGUAGE plpgsql AS $$BEGIN PERFORM pg_advisory_xact_lock(` + strconv.Itoa(lock) + `); RETURN NULL; END$$`,
		`CREATE CONSTRAINT TRIGGER pgtest_hold_commit AFTER INSERT ON ` + pgx.Identifier{table}.Sanitize() +
			` DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION pgtest_hold_commit()`,
		`SELECT pg_advisory_lock(` + strconv.Itoa(lock) + `)`,
	} {
		if _, err := holder.Exec(ctx, statement); err != nil {
			holder.Close(ctx)
			t.Fatalf("pgtest: %v", err)
		}
	}
	var once sync.Once
	release = func() {
		once.Do(func() {
			if _, err := holder.Exec(ctx, "SELECT pg_advisory_unlock($1)", lock); err != nil {
				t.Errorf("pgtest: %v", err)
			}
			holder.Close(ctx)
		})
	}
	t.Cleanup(release)
	waiting = func() {
		t.Helper()
		for deadline := time.Now().Add(30 * time.Second); ; time.Sleep(10 * time.Millisecond) {
			var n int
			if err := holder.QueryRow(ctx, "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND objid = $1 AND NOT granted", lock).Scan(&n); err != nil {
				t.Fatalf("pgtest: %v", err)
			}
			if n > 0 {
				return
			}
			if time.Now().After(deadline) {
				t.Fatal("pgtest: no COMMIT waited for the lock")
			}
		}
	}
	return waiting, release
}

// heldCommitLock is the advisory lock a COMMIT held by HoldCommits waits for.
const heldCommitLock = 4711

// CutHeldCommits ends the connections whose COMMIT HoldCommits holds, as a database restarted
// or a network broken off mid-commit does: the client gets no answer to its COMMIT (the server
// says FATAL, or nothing). It returns how many it ended.
func CutHeldCommits(t testing.TB, dsn string) int {
	t.Helper()
	ctx, conn, done := connect(t, dsn)
	defer done()
	var n int
	err := conn.QueryRow(ctx, `SELECT count(*) FROM (SELECT pg_terminate_backend(pid) FROM pg_locks
		WHERE locktype = 'advisory' AND objid = $1 AND NOT granted) ended`, heldCommitLock).Scan(&n)
	if err != nil {
		t.Fatalf("pgtest: %v", err)
	}
	return n
}

// RefuseInserts has the database at dsn refuse every new row of table, as a full disk or a lost
// connection would refuse a write, until the returned func lifts it: what a test of a write that
// must be all or nothing uses to fail its last part.
func RefuseInserts(t testing.TB, dsn, table string) (lift func()) {
	t.Helper()
	return refuse(t, dsn, table, "")
}

// RefuseInsertsOf is RefuseInserts of only the rows whose column holds value (an upsert's too):
// what a test of a write of several rows uses to fail it halfway, after rows it wrote before.
func RefuseInsertsOf(t testing.TB, dsn, table, column, value string) (lift func()) {
	t.Helper()
	return refuse(t, dsn, table, ` WHEN (NEW.`+pgx.Identifier{column}.Sanitize()+` = '`+strings.ReplaceAll(value, "'", "''")+`')`)
}

// RefuseDeletes has the database at dsn refuse to delete any row of table, as a full disk or a
// lost connection would refuse a write, until the returned func lifts it: what a test of a
// deletion that must be all or nothing uses to fail it after the rows it deleted before.
func RefuseDeletes(t testing.TB, dsn, table string) (lift func()) {
	t.Helper()
	return trigger(t, dsn, "refuse_deletes_"+table, "DELETE", table, "", "deletions refused")
}

func refuse(t testing.TB, dsn, table, when string) (lift func()) {
	t.Helper()
	return trigger(t, dsn, "refuse_"+table, "INSERT", table, when, "new rows refused")
}

// trigger has table raise an exception, saying refused, before each row event (INSERT,
// DELETE) that when (a WHEN clause, or "") picks, until lift drops it.
func trigger(t testing.TB, dsn, name, event, table, when, refused string) (lift func()) {
	t.Helper()
	name = pgx.Identifier{name}.Sanitize()
	execSQL(t, dsn, `CREATE FUNCTION `+name+`() RETURNS trigger LANGUAGE plpgsql AS
		$$BEGIN RAISE EXCEPTION 'pgtest: `+refused+`'; END$$`)
	execSQL(t, dsn, `CREATE TRIGGER `+name+` BEFORE `+event+` ON `+pgx.Identifier{table}.Sanitize()+
		` FOR EACH ROW`+when+` EXECUTE FUNCTION `+name+`()`)
	return func() { execSQL(t, dsn, "DROP FUNCTION "+name+"() CASCADE") }
}

// RefuseCommits has the database at dsn refuse to commit any transaction that inserted a row
// into table — at COMMIT and not before, as a deferred constraint is checked, and as a full disk
// refuses a commit — until the returned func lifts it: what a test of a failed COMMIT uses.
func RefuseCommits(t testing.TB, dsn, table string) (lift func()) {
	t.Helper()
	name := pgx.Identifier{"refuse_commits_" + table}.Sanitize()
	execSQL(t, dsn, `CREATE FUNCTION `+name+`() RETURNS trigger LANGUAGE plpgsql AS
		$$BEGIN RAISE EXCEPTION 'pgtest: commit refused'; END$$`)
	execSQL(t, dsn, `CREATE CONSTRAINT TRIGGER `+name+` AFTER INSERT ON `+pgx.Identifier{table}.Sanitize()+
		` DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION `+name+`()`)
	return func() { execSQL(t, dsn, "DROP FUNCTION "+name+"() CASCADE") }
}

func execSQL(t testing.TB, dsn, statement string) {
	t.Helper()
	ctx, conn, done := connect(t, dsn)
	defer done()
	if _, err := conn.Exec(ctx, statement); err != nil {
		t.Fatalf("pgtest: %v", err)
	}
}

// connect opens a connection to the database at dsn for at most 30 s; done closes it.
func connect(t testing.TB, dsn string) (ctx context.Context, conn *pgx.Conn, done func()) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	conn, err := pgx.Connect(ctx, dsn)
	if err != nil {
		cancel()
		t.Fatalf("pgtest: %v", err)
	}
	return ctx, conn, func() { conn.Close(ctx); cancel() }
}
