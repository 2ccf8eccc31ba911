package app

import (
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"testing"
	"time"
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
		{"this process, restarted under its id", host + ":" + strconv.Itoa(os.Getpid()) + "/0badf00d", true},
		{"… by an earlier release (no start mark)", host + ":" + strconv.Itoa(os.Getpid()), true},
		{"this very start of this process", Holder(), false},
		{"a process still running (the test's parent)", host + ":" + strconv.Itoa(os.Getppid()), false},
		{"another machine's", "elders-" + host + ":" + strconv.Itoa(ended.Process.Pid), false},
		{"the command line's (no node)", "", false},
		{"not a process id", host + ":web", false},
		{"a process that ended, with its start mark", host + ":" + strconv.Itoa(ended.Process.Pid) + "/12ab34cd", true},
		{"a process still running, with its start mark", host + ":" + strconv.Itoa(os.Getppid()) + "/12ab34cd", false},
		{"process 0", host + ":0", false},
	} {
		if got := Gone(tt.holder); got != tt.want {
			t.Errorf("%s (%q): gone %v, want %v", tt.name, tt.holder, got, tt.want)
		}
	}
}

// TestRemoveLeftBehind: of the temporary engine files beside klantpuls.engine, those of a
// process that is gone (killed while it wrote) are removed; a writer still running keeps its
// own, and files not named by a process (the engine file, an earlier release's temporary file)
// are left alone.
func TestRemoveLeftBehind(t *testing.T) {
	dir := t.TempDir()
	ended := exec.Command("true")
	if err := ended.Run(); err != nil {
		t.Fatal(err)
	}
	files := []struct {
		name  string
		stays bool
	}{
		{"klantpuls.engine.tmp-" + strconv.Itoa(ended.Process.Pid) + "-8127", false},
		{"klantpuls.engine.tmp-" + strconv.Itoa(os.Getppid()) + "-5512", true},
		{"klantpuls.engine.tmp-" + strconv.Itoa(os.Getpid()) + "-3", true}, // this process writing it now
		{"klantpuls.engine.tmp-4402917", true},
		{"klantpuls.engine", true},
		{"other.engine.tmp-" + strconv.Itoa(ended.Process.Pid) + "-1", true},
	}
	for _, f := range files {
		if err := os.WriteFile(filepath.Join(dir, f.name), nil, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	// One of this process's id, older than it: an earlier life's (a container's first process).
	earlier := "klantpuls.engine.tmp-" + strconv.Itoa(os.Getpid()) + "-4"
	if err := os.WriteFile(filepath.Join(dir, earlier), nil, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Chtimes(filepath.Join(dir, earlier), time.Time{}, processStarted.Add(-time.Minute)); err != nil {
		t.Fatal(err)
	}
	files = append(files, struct {
		name  string
		stays bool
	}{earlier, false})
	if n := RemoveLeftBehind(dir, tempPrefix(filepath.Join(dir, "klantpuls.engine"))); n != 2 {
		t.Errorf("removed %d files, want 2", n)
	}
	for _, f := range files {
		_, err := os.Stat(filepath.Join(dir, f.name))
		if stays := err == nil; stays != f.stays {
			t.Errorf("%s: there %v, want %v", f.name, stays, f.stays)
		}
	}
}
