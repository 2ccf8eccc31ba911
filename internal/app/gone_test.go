package app

import (
	"os"
	"os/exec"
	"strconv"
	"testing"
)

// TestGone: the work a process left is cleaned up only when the process is known to be gone —
// of this machine, with no process of its id (or the id is the caller's own, restarted under
// it); a process of another machine, or one still running, keeps its work.
func TestGone(t *testing.T) {
	host, _ := os.Hostname()
	ended := exec.Command("true")
	if err := ended.Run(); err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		name   string
		holder string
		want   bool
	}{
		{"a process that ended", host + ":" + strconv.Itoa(ended.Process.Pid), true},
		{"this process, restarted under its id", host + ":" + strconv.Itoa(os.Getpid()), true},
		{"a process still running (the test's parent)", host + ":" + strconv.Itoa(os.Getppid()), false},
		{"another machine's", "elders-" + host + ":" + strconv.Itoa(ended.Process.Pid), false},
		{"the command line's (no node)", "", false},
		{"not a process id", host + ":web", false},
		{"process 0", host + ":0", false},
	} {
		if got := Gone(tt.holder); got != tt.want {
			t.Errorf("%s (%q): gone %v, want %v", tt.name, tt.holder, got, tt.want)
		}
	}
}
