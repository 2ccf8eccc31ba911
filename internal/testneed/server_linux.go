package testneed

import (
	"os"
	"os/exec"
	"runtime"
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

// ServerDir makes a new folder for a test server's data (os.MkdirTemp's pattern), in memory
// when /dev/shm is a tmpfs with room: the suite creates and drops thousands of databases, each
// hundreds of files (a PostgreSQL relation, a ClickHouse column), and ext4's search for a free
// inode among the recently deleted (recently_deleted, find_inode_bit) then took more CPU than
// the databases' work — 44 s of the 58 s of the command line's PostgreSQL tests, by perf. A
// test server's data is thrown away, so it need not be on disk.
func ServerDir(pattern string) (string, error) {
	var fs syscall.Statfs_t
	const tmpfs = 0x01021994 // TMPFS_MAGIC, linux/magic.h
	if syscall.Statfs("/dev/shm", &fs) == nil && fs.Type == tmpfs && fs.Bavail*uint64(fs.Bsize) >= 2<<30 {
		if dir, err := os.MkdirTemp("/dev/shm", pattern); err == nil {
			return dir, nil
		}
	}
	return os.MkdirTemp("", pattern)
}
