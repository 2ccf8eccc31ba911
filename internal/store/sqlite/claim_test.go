package sqlite

import (
	"bufio"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/klantpuls/klantpuls/internal/cx"
)

// TestClaimHelper is not a test: run by holder below as another process, it holds the database
// at $CLAIM_PATH the way $CLAIM_MODE says until its standard input closes, or (try) reports
// what Exclusive answers.
func TestClaimHelper(t *testing.T) {
	path, mode := os.Getenv("CLAIM_PATH"), os.Getenv("CLAIM_MODE")
	if path == "" {
		t.Skip("a helper process for the claim tests")
	}
	var done func()
	switch mode {
	case "store": // a klantpuls command or server
		s, err := Open(context.Background(), path)
		if err != nil {
			fmt.Println(err)
			return
		}
		done = func() { s.Close() }
	case "sqlite3": // another program, without the lock file: a sqlite3 shell
		db, err := sql.Open("sqlite", path)
		if err == nil {
			_, err = db.Exec("SELECT count(*) FROM meta")
		}
		if err != nil {
			fmt.Println(err)
			return
		}
		done = func() { db.Close() }
	case "restore":
		release, err := Exclusive(path)
		if err != nil {
			fmt.Println(err)
			return
		}
		done = release
	case "try":
		release, err := Exclusive(path)
		if err != nil {
			fmt.Println(err)
			return
		}
		release()
		fmt.Println("ok")
		return
	}
	fmt.Println("ready")
	io.Copy(io.Discard, os.Stdin)
	done()
}

// holder is a helper process; stop ends it.
type holder struct {
	pid  int
	out  *bufio.Reader
	stop func()
}

// hold starts a helper process in mode on path and waits for its first line.
func hold(t *testing.T, mode, path string) (*holder, string) {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^TestClaimHelper$")
	cmd.Env = append(os.Environ(), "CLAIM_PATH="+path, "CLAIM_MODE="+mode)
	stdin, _ := cmd.StdinPipe()
	stdout, _ := cmd.StdoutPipe()
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	h := &holder{pid: cmd.Process.Pid, out: bufio.NewReader(stdout)}
	var once sync.Once
	h.stop = func() {
		once.Do(func() {
			stdin.Close()
			io.Copy(io.Discard, h.out)
			cmd.Wait()
		})
	}
	t.Cleanup(h.stop)
	line, err := h.out.ReadString('\n')
	if err != nil {
		t.Fatalf("helper %s: %v", mode, err)
	}
	return h, strings.TrimSpace(line)
}

// newDatabase makes a klantpuls database file and closes it.
func newDatabase(t *testing.T) string {
	path := filepath.Join(t.TempDir(), "klantpuls.db")
	s, err := Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	s.Close()
	return path
}

func TestExclusiveNamesTheProcessThatHasTheDatabaseOpen(t *testing.T) {
	for _, mode := range []string{"store", "sqlite3"} {
		t.Run(mode, func(t *testing.T) {
			path := newDatabase(t)
			h, line := hold(t, mode, path)
			if line != "ready" {
				t.Fatalf("helper: %s", line)
			}
			release, err := Exclusive(path)
			want := fmt.Sprintf("%s is open in process %d (%s -test.run=^TestClaimHelper$): stop it first", path, h.pid, os.Args[0])
			if err == nil || err.Error() != want {
				if release != nil {
					release()
				}
				t.Fatalf("Exclusive while another process has the database open:\n got %v\nwant %s", err, want)
			}
			h.stop()
			release, err = Exclusive(path)
			if err != nil {
				t.Fatalf("Exclusive once the other process ended: %v", err)
			}
			release()
		})
	}
}

func TestOpenWaitsForARestore(t *testing.T) {
	path := newDatabase(t)
	h, line := hold(t, "restore", path)
	if line != "ready" {
		t.Fatalf("helper: %s", line)
	}
	defer func(was time.Duration) { claimWait = was }(claimWait)

	claimWait = 200 * time.Millisecond
	_, err := Open(context.Background(), path)
	want := fmt.Sprintf("%s is being restored by process %d (", path, h.pid)
	if err == nil || !strings.HasPrefix(err.Error(), want) {
		t.Fatalf("Open during a restore longer than the wait:\n got %v\nwant %s…", err, want)
	}
	saysBeingRestored(t, err, path, h.pid)

	claimWait = 10 * time.Second
	time.AfterFunc(300*time.Millisecond, h.stop)
	start := time.Now()
	s, err := Open(context.Background(), path)
	if err != nil {
		t.Fatalf("Open after the restore ended: %v", err)
	}
	s.Close()
	if took := time.Since(start); took < 300*time.Millisecond {
		t.Errorf("Open took %v: it did not wait for the restore", took)
	}
}

// TestClaimIsCounted: closing one of two stores on a file must not drop the process's lock,
// which POSIX locks do when any descriptor of the file closes.
func TestClaimIsCounted(t *testing.T) {
	path := filepath.Join(t.TempDir(), "klantpuls.db")
	first, err := Share(path)
	if err != nil {
		t.Fatal(err)
	}
	second, err := Share(path)
	if err != nil {
		t.Fatal(err)
	}
	second()
	second() // a second release of one claim does nothing
	_, line := hold(t, "try", path)
	if want := "is open in process " + strconv.Itoa(os.Getpid()); !strings.Contains(line, want) {
		t.Errorf("another process's Exclusive with one claim left: %q, want it to contain %q", line, want)
	}
	first()
	if _, line := hold(t, "try", path); line != "ok" {
		t.Errorf("another process's Exclusive with no claim left: %q", line)
	}
}

func TestClaimsInOneProcess(t *testing.T) {
	path := filepath.Join(t.TempDir(), "klantpuls.db")
	release, err := Share(path)
	if err != nil {
		t.Fatal(err)
	}
	_, err = Exclusive(path)
	if e := (*cx.Error)(nil); !errors.As(err, &e) || e.Error() != path+" is open in this process" ||
		e.Key != "db_open_here" || len(e.Args) != 1 || e.Args[0] != path {
		t.Errorf("Exclusive with the database open in this process: %#v, want key db_open_here with %s", err, path)
	}
	release()
	release, err = Exclusive(path)
	if err != nil {
		t.Fatal(err)
	}
	defer release()
	// The restoring process may open the database it restores (to carry the audit log over);
	// that takes nothing from its exclusive claim.
	opened, err := Share(path)
	if err != nil {
		t.Fatalf("Share during this process's restore: %v", err)
	}
	opened()
	if _, line := hold(t, "try", path); !strings.Contains(line, "is open in process "+strconv.Itoa(os.Getpid())) {
		t.Errorf("another process's Exclusive during this one's restore: %q", line)
	}
}

// TestOpenLooksAtTheFileOnlyUnderItsClaim: a database klantpuls has opened before (its lock
// file is there) is looked at only once the restore that holds it is done. While another
// process restores it, the file may be anything — here, for the test, another program's
// file — and a look at it before the claim would read (and, closing, could clean up after)
// the file the restore is putting in place. Open waits for the restore and says so, as for a
// klantpuls database.
func TestOpenLooksAtTheFileOnlyUnderItsClaim(t *testing.T) {
	path := newDatabase(t)
	h, line := hold(t, "restore", path)
	if line != "ready" {
		t.Fatalf("helper: %s", line)
	}
	defer h.stop()
	for _, f := range []string{path, path + "-wal", path + "-shm"} {
		os.Remove(f)
	}
	other, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := other.Exec("CREATE TABLE facturen (nr INTEGER)"); err != nil {
		t.Fatal(err)
	}
	other.Close()
	defer func(was time.Duration) { claimWait = was }(claimWait)
	claimWait = 200 * time.Millisecond
	_, err = Open(context.Background(), path)
	want := fmt.Sprintf("%s is being restored by process %d (", path, h.pid)
	if err == nil || !strings.HasPrefix(err.Error(), want) {
		t.Fatalf("Open of a file being restored:\n got %v\nwant %s…", err, want)
	}
	saysBeingRestored(t, err, path, h.pid)
}

// saysBeingRestored checks that err, a refusal of a database being restored, carries the key
// the command line and the pages say it by in their language ("db_being_restored", the web
// package's catalogue), with the path and the process as its arguments.
func saysBeingRestored(t *testing.T, err error, path string, pid int) {
	t.Helper()
	var e *cx.Error
	if !errors.As(err, &e) || e.Key != "db_being_restored" || len(e.Args) != 2 || e.Args[0] != path ||
		!strings.HasPrefix(fmt.Sprint(e.Args[1]), strconv.Itoa(pid)+" (") {
		t.Errorf("refusal of a database being restored: %#v, want key db_being_restored with %s and process %d", err, path, pid)
	}
}
