package soak

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// The administrator `serve` creates on first start; readers log in with it, tokens act for it.
const (
	adminEmail    = "soak-lead@example.com"
	adminPassword = "Zeven-zeeuwse-zeilboten-47"
)

// server is a running `klantpuls serve` process.
type server struct {
	bin, db string
	cmd     *exec.Cmd
	url     string
	logPath string
	exited  chan error
}

// startServer runs `klantpuls serve` on db on a free loopback port (the server picks it and
// logs it) and waits until it answers ready.
func startServer(t *testing.T, bin, db, dir, name string) *server {
	t.Helper()
	s := &server{bin: bin, db: db, logPath: filepath.Join(dir, name+".log"), exited: make(chan error, 1)}
	logFile, err := os.Create(s.logPath)
	if err != nil {
		t.Fatal(err)
	}
	defer logFile.Close()
	s.cmd = exec.Command(bin, "--db", db, "serve", "--addr", "127.0.0.1:0")
	s.cmd.Env = append(os.Environ(), "KLANTPULS_ADMIN_EMAIL="+adminEmail, "KLANTPULS_ADMIN_PASSWORD="+adminPassword)
	s.cmd.Stdout, s.cmd.Stderr = logFile, logFile
	if err := s.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() { s.exited <- s.cmd.Wait() }()
	t.Cleanup(func() { s.stop() })
	deadline := time.Now().Add(2 * time.Minute)
	for time.Now().Before(deadline) {
		if s.url == "" {
			s.url = s.listeningURL()
		}
		if s.url != "" {
			if res, err := http.Get(s.url + "/readyz"); err == nil {
				res.Body.Close()
				if res.StatusCode == http.StatusOK {
					return s
				}
			}
		}
		select {
		case err := <-s.exited:
			t.Fatalf("klantpuls serve ended at start (%v):\n%s", err, s.logTail(40))
		case <-time.After(100 * time.Millisecond):
		}
	}
	t.Fatalf("klantpuls serve was not ready within 2 minutes:\n%s", s.logTail(40))
	return nil
}

// listeningURL reads the address from the server's "listening" log line.
func (s *server) listeningURL() string {
	f, err := os.Open(s.logPath)
	if err != nil {
		return ""
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 64<<10), 1<<20)
	for sc.Scan() {
		var line struct{ Msg, Addr string }
		if json.Unmarshal(sc.Bytes(), &line) == nil && line.Msg == "listening" && line.Addr != "" {
			return "http://" + line.Addr
		}
	}
	return ""
}

// stop asks the server to stop (SIGTERM, as systemd does) and waits; it returns the exit error.
func (s *server) stop() error {
	if s.cmd.ProcessState != nil {
		return nil
	}
	s.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case err := <-s.exited:
		return err
	case <-time.After(90 * time.Second):
		s.cmd.Process.Kill()
		<-s.exited
		return fmt.Errorf("did not stop within 90 s of SIGTERM (killed)")
	}
}

// logTail returns the last n lines of the server's log.
func (s *server) logTail(n int) string {
	b, _ := os.ReadFile(s.logPath)
	lines := strings.Split(strings.TrimRight(string(b), "\n"), "\n")
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return strings.Join(lines, "\n")
}

// logLevels counts a server log's lines by level and keeps the first ERROR lines.
type logLevels struct {
	count  map[string]int
	errors []string
}

func (s *server) logLevels() logLevels {
	b, _ := os.ReadFile(s.logPath)
	l := logLevels{count: map[string]int{}}
	for _, line := range strings.Split(string(b), "\n") {
		var entry struct{ Level string }
		if json.Unmarshal([]byte(line), &entry) != nil {
			continue
		}
		l.count[entry.Level]++
		if entry.Level == "ERROR" && len(l.errors) < 10 {
			l.errors = append(l.errors, line)
		}
	}
	return l
}

// rss reads the server process's resident memory from /proc (bytes; 0 when unknown).
func (s *server) rss() int64 {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", s.cmd.Process.Pid))
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(b), "\n") {
		if rest, ok := strings.CutPrefix(line, "VmRSS:"); ok {
			kb, _ := strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(rest), " kB"), 10, 64)
			return kb << 10
		}
	}
	return 0
}

// klantpuls runs a klantpuls command on db and returns its stdout; an exit status other than
// 0 is an error carrying stderr.
func klantpuls(ctx context.Context, bin, db string, args ...string) (string, error) {
	cmd := exec.CommandContext(ctx, bin, append([]string{"--db", db}, args...)...)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		return stdout.String(), fmt.Errorf("klantpuls %s: %v: %s", strings.Join(args, " "), err, strings.TrimSpace(stderr.String()))
	}
	return stdout.String(), nil
}

// createToken makes an API token for the administrator with `klantpuls token create`.
func createToken(t *testing.T, bin, db, name, scope string) string {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	out, err := klantpuls(ctx, bin, db, "token", "create", "--name", name, "--scope", scope)
	if err != nil {
		t.Fatal(err)
	}
	return strings.TrimSpace(out)
}
