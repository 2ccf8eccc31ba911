// Package testneed decides what a test does when a part it needs is missing (a browser, a
// database server, a tool, the front-end files): in CI (CI=true), where .ci/run installs every
// part, the test fails, so a green run means every test ran; elsewhere it skips, saying how to
// get the part.
package testneed

import (
	"os"
	"testing"
)

// InCI reports whether the tests run in CI (CI=true), where nothing may be missing.
func InCI() bool { return os.Getenv("CI") == "true" }

// Missing fails the test in CI and skips it elsewhere; msg says what is missing and how to
// install it.
func Missing(t testing.TB, msg string) {
	t.Helper()
	if InCI() {
		t.Fatal(msg)
	}
	t.Skip(msg)
}
