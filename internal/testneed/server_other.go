//go:build !linux

package testneed

import "os/exec"

// EndsWithTests does nothing here: only Linux ends a child with its parent (server_linux.go).
func EndsWithTests(cmd *exec.Cmd) {}
