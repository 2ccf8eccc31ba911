package testneed

import (
	"errors"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestStartServer: a parent (this test binary run again as a helper) starts a long sleep
// with StartServer and is then killed, as a test binary that panics at its timeout ends;
// the sleep must end with it (without the signal it lives on, and the test fails).
func TestStartServer(t *testing.T) {
	if os.Getenv("TESTNEED_PARENT") == "1" {
		cmd := exec.Command("sleep", "300")
		if err := StartServer(cmd); err != nil {
			os.Exit(3)
		}
		os.Stdout.WriteString(strconv.Itoa(cmd.Process.Pid) + "\n")
		time.Sleep(time.Minute) // killed before this ends
		os.Exit(0)
	}
	parent := exec.Command(os.Args[0], "-test.run=^TestStartServer$")
	parent.Env = append(os.Environ(), "TESTNEED_PARENT=1")
	out, err := parent.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := parent.Start(); err != nil {
		t.Fatal(err)
	}
	buf := make([]byte, 64)
	n, _ := out.Read(buf)
	pid, err := strconv.Atoi(strings.TrimSpace(string(buf[:n])))
	if err != nil {
		parent.Process.Kill()
		t.Fatalf("the helper said %q, not its child's pid", buf[:n])
	}
	parent.Process.Kill()
	parent.Wait()
	deadline := time.Now().Add(10 * time.Second)
	for alive(pid) {
		if time.Now().After(deadline) {
			syscall.Kill(pid, syscall.SIGKILL)
			t.Fatalf("the server (pid %d) outlived the killed test binary", pid)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// alive tells whether process pid still runs (not a zombie: the sleep's parent is gone, so
// init reaps it).
func alive(pid int) bool {
	b, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/stat")
	if err != nil {
		return false
	}
	f := strings.Fields(string(b))
	return len(f) > 2 && f[2] != "Z"
}

// TestServerDir: a server's folder is new and empty, in memory when /dev/shm is a tmpfs with
// room for it.
func TestServerDir(t *testing.T) {
	a, err := ServerDir("klantpuls-test-")
	if err != nil {
		t.Fatal(err)
	}
	defer os.RemoveAll(a)
	b, err := ServerDir("klantpuls-test-")
	if err != nil {
		t.Fatal(err)
	}
	defer os.RemoveAll(b)
	if a == b {
		t.Fatalf("two servers share %s", a)
	}
	if entries, err := os.ReadDir(a); err != nil || len(entries) != 0 {
		t.Fatalf("%s: %d entries, %v", a, len(entries), err)
	}
	// A GiB more than ServerDir asks: other tests' servers may take memory in between.
	if tmpfsWithRoom(memoryDir, serverRoom+1<<30) && !strings.HasPrefix(a, memoryDir+"/") {
		t.Errorf("%s is a tmpfs with room, yet the folder is %s", memoryDir, a)
	}
}

// TestServerDirRemovesLeftovers: a test binary that ends at its timeout, on Ctrl-C or in a
// panic runs no Stop, and its server's folder stayed in /dev/shm (memory) until the machine
// restarted. The next ServerDir of the same pattern removes the folder of a process that has
// ended, and leaves those of running processes (this one's, another's) and one whose name
// holds no process id.
func TestServerDirRemovesLeftovers(t *testing.T) {
	const pattern = "klantpuls-testneed-leftovers-"
	mine, err := ServerDir(pattern)
	if err != nil {
		t.Fatal(err)
	}
	defer os.RemoveAll(mine)
	ended := exec.Command("true")
	if err := ended.Run(); err != nil {
		t.Fatal(err)
	}
	running := exec.Command("sleep", "60")
	if err := running.Start(); err != nil {
		t.Fatal(err)
	}
	defer func() { running.Process.Kill(); running.Wait() }()
	parent := filepath.Dir(mine)
	dead := filepath.Join(parent, pattern+strconv.Itoa(ended.Process.Pid)+"-1")
	live := filepath.Join(parent, pattern+strconv.Itoa(running.Process.Pid)+"-1")
	unknown := filepath.Join(parent, pattern+"12345")
	for _, dir := range []string{dead, live, unknown} {
		if err := os.MkdirAll(filepath.Join(dir, "data"), 0o700); err != nil {
			t.Fatal(err)
		}
		defer os.RemoveAll(dir)
	}
	next, err := ServerDir(pattern)
	if err != nil {
		t.Fatal(err)
	}
	defer os.RemoveAll(next)
	if _, err := os.Stat(dead); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("the folder of ended process %d is still there (%v)", ended.Process.Pid, err)
	}
	for _, dir := range []string{live, mine, unknown} {
		if _, err := os.Stat(dir); err != nil {
			t.Errorf("%s was removed: %v", dir, err)
		}
	}
}
