package testneed

import (
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"syscall"
)

// StartServer starts a server a test needs (ClickHouse, PostgreSQL) so that it ends when the
// test binary does, however that ends: a test that panics at its timeout runs no TestMain
// cleanup, and the servers it had started kept running beside the next run, which then timed
// out in turn. The kernel sends the server SIGKILL when the thread that started it ends, so it
// is started from a thread kept for the life of the process (Go may end a thread that a locked
// goroutine leaves: golang.org/issue/27505).
func StartServer(cmd *exec.Cmd) error {
	if cmd.SysProcAttr == nil {
		cmd.SysProcAttr = &syscall.SysProcAttr{}
	}
	cmd.SysProcAttr.Pdeathsig = syscall.SIGKILL
	started := make(chan error)
	go func() {
		runtime.LockOSThread() // never unlocked: the thread stays while the process runs
		started <- cmd.Start()
		select {}
	}()
	return <-started
}

// ServerDir makes a new folder for a test server's data, named for pattern, this process's id
// and a random part (os.MkdirTemp), in memory when /dev/shm is a tmpfs with room: the suite
// creates and drops thousands of databases, each hundreds of files (a PostgreSQL relation, a
// ClickHouse column), and ext4's search for a free inode among the recently deleted
// (recently_deleted, find_inode_bit) then took more CPU than the databases' work — 44 s of the
// 58 s of the command line's PostgreSQL tests, by perf. A test server's data is thrown away, so
// it need not be on disk.
//
// Only the process's Stop (from TestMain) removes its folder; a test binary that ends at its
// timeout, on Ctrl-C or in a panic left it, in memory until the machine restarts. So ServerDir
// first removes the folders of pattern whose process no longer runs (leftovers).
func ServerDir(pattern string) (string, error) {
	removeLeftovers(memoryDir, pattern)
	removeLeftovers(os.TempDir(), pattern)
	mine := pattern + strconv.Itoa(os.Getpid()) + "-"
	if tmpfsWithRoom(memoryDir, serverRoom) {
		if dir, err := os.MkdirTemp(memoryDir, mine); err == nil {
			return dir, nil
		}
	}
	return os.MkdirTemp("", mine)
}

// memoryDir is where ServerDir puts a server's folder when it is a tmpfs with serverRoom free.
const memoryDir = "/dev/shm"

// serverRoom is the free space memoryDir must have for ServerDir to put a folder there.
const serverRoom = 2 << 30

// tmpfsWithRoom tells whether dir is a tmpfs (in memory) with room bytes free.
func tmpfsWithRoom(dir string, room uint64) bool {
	const tmpfs = 0x01021994 // TMPFS_MAGIC, linux/magic.h
	var fs syscall.Statfs_t
	return syscall.Statfs(dir, &fs) == nil && fs.Type == tmpfs && fs.Bavail*uint64(fs.Bsize) >= room
}

// removeLeftovers removes the folders in dir that ServerDir made for pattern in a process that
// no longer runs. A folder of a running process stays (this one's, another test binary's), and
// so does one whose name holds no process id (a folder of an earlier release: its process is
// not known). What cannot be removed (another user's) stays too.
func removeLeftovers(dir, pattern string) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return
	}
	for _, e := range entries {
		rest, ok := strings.CutPrefix(e.Name(), pattern)
		if !ok || !e.IsDir() {
			continue
		}
		id, _, ok := strings.Cut(rest, "-")
		pid, err := strconv.Atoi(id)
		if !ok || err != nil || pid <= 0 || pid == os.Getpid() || running(pid) {
			continue
		}
		os.RemoveAll(filepath.Join(dir, e.Name()))
	}
}

// running tells whether process pid exists: signal 0 checks without sending, and EPERM is a
// process of another user.
func running(pid int) bool {
	err := syscall.Kill(pid, 0)
	return err == nil || errors.Is(err, syscall.EPERM)
}
