package app

import (
	"errors"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// Work a process leaves half done when it is killed — an import's run left "running", an
// upload or a temporary engine file left on disk — is cleaned up by the next process to start,
// once the process that left it is known to be gone. Only processes of this machine can be
// asked; work of another host's process is left to a start on that host.

// Gone reports whether the process that holder names (Holder: host:pid/mark, or host:pid of
// an earlier release) no longer runs: it ran on this machine, and there is no process of its
// id, or the id is this process's own but not this start — a process restarted under the same
// id (a container's first process) holds nothing yet of what its earlier life left.
func Gone(holder string) bool {
	holder, mark, marked := strings.Cut(holder, "/")
	i := strings.LastIndexByte(holder, ':')
	if i < 0 {
		return false
	}
	host, _ := os.Hostname()
	if holder[:i] != host {
		return false
	}
	pid, err := strconv.Atoi(holder[i+1:])
	if err == nil && pid == os.Getpid() && marked {
		return mark != startMark
	}
	return err == nil && ProcessGone(pid)
}

// ProcessGone reports whether no process of this machine has id pid, or pid is this process's
// own (see Gone). A process of another user still counts as running.
func ProcessGone(pid int) bool {
	if pid <= 0 {
		return false
	}
	if pid == os.Getpid() {
		return true
	}
	return errors.Is(syscall.Kill(pid, 0), syscall.ESRCH)
}

// RemoveLeftBehind removes the files in dir named prefix<pid>-… of a process now gone
// (ProcessGone): what it was writing when it was killed. Those of a process still running stay,
// and this process's own unless they are older than it (an earlier life under the same id):
// another part of it may be writing one now. It returns how many it removed.
func RemoveLeftBehind(dir, prefix string) int {
	entries, _ := os.ReadDir(dir) // no directory: nothing left
	removed := 0
	for _, e := range entries {
		rest, ok := strings.CutPrefix(e.Name(), prefix)
		pid, _, named := strings.Cut(rest, "-")
		n, err := strconv.Atoi(pid)
		if !ok || !named || err != nil || !ProcessGone(n) {
			continue
		}
		if info, err := e.Info(); err != nil || (n == os.Getpid() && !info.ModTime().Before(processStarted)) {
			continue
		}
		if os.Remove(filepath.Join(dir, e.Name())) == nil {
			removed++
		}
	}
	return removed
}

// processStarted is about when this process started: before any file it wrote.
var processStarted = time.Now()
