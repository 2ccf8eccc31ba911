//go:build !linux

package testneed

import "os/exec"

// StartServer starts cmd; only Linux ends a child with its parent (server_linux.go).
func StartServer(cmd *exec.Cmd) error { return cmd.Start() }
