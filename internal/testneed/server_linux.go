package testneed

import (
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
