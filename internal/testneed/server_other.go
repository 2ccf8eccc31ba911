//go:build !linux

package testneed

import (
	"os"
	"os/exec"
)

// StartServer starts cmd; only Linux ends a child with its parent (server_linux.go).
func StartServer(cmd *exec.Cmd) error { return cmd.Start() }

// ServerDir makes a new folder for a test server's data (os.MkdirTemp's pattern); only Linux
// looks for one in memory (server_linux.go).
func ServerDir(pattern string) (string, error) { return os.MkdirTemp("", pattern) }
