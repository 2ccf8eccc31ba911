package testneed

import (
	"os/exec"
	"syscall"
)

// EndsWithTests makes the server cmd will start end when the test binary does, however it
// ends: a test that panics at its timeout runs no TestMain cleanup, and the servers it had
// started (ClickHouse, PostgreSQL) kept running beside the next run, which then timed out in
// turn. The kernel sends the server SIGKILL when the thread that started it ends; Go ends a
// thread only with the process (or a goroutine locked to it, which the helpers do not lock).
func EndsWithTests(cmd *exec.Cmd) {
	if cmd.SysProcAttr == nil {
		cmd.SysProcAttr = &syscall.SysProcAttr{}
	}
	cmd.SysProcAttr.Pdeathsig = syscall.SIGKILL
}
