package internal_test

import (
	"os/exec"
	"slices"
	"strings"
	"testing"
)

// TestMakeRunBannerDutchFirst: the lines `make run` prints when the demo server starts give the
// address and the demo login in Dutch first, the default language, then in English. They were
// English only. make -n prints the commands of the recipe as make expands them, running none.
func TestMakeRunBannerDutchFirst(t *testing.T) {
	if _, err := exec.LookPath("make"); err != nil {
		t.Skip("no make on this machine")
	}
	out, err := exec.Command("make", "-n", "-C", "..", "run", "ADDR=127.0.0.1:9999").CombinedOutput()
	if err != nil {
		t.Fatalf("make -n run: %v\n%s", err, out)
	}
	lines := strings.Split(string(out), "\n")
	want := []string{
		`echo "  klantpuls: http://127.0.0.1:9999"`,
		`echo "  Inloggen met demo@example.com en wachtwoord klantpuls-demo; Ctrl-C stopt de server."`,
		`echo "  Log in as demo@example.com with password klantpuls-demo; Ctrl-C stops the server."`,
	}
	at := slices.Index(lines, want[0])
	if at < 0 || len(lines) < at+len(want) || !slices.Equal(lines[at:at+len(want)], want) {
		t.Errorf("make run's banner, want the lines\n%s\ngot\n%s", strings.Join(want, "\n"), out)
	}
}
