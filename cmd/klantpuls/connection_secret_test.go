package main

import (
	"strings"
	"testing"

	"github.com/klantpuls/klantpuls/internal/store/sqlite/sqlitetest"
)

const sharedSecret = "trengo_sign_merk_A_5Qw2x"

// addTrengo runs connection add for a Trengo connection with secret; path is what it printed.
func addTrengo(p *project, name, secret string) (path, errOut string, code int) {
	p.t.Helper()
	stdin = strings.NewReader(secret + "\n")
	defer func() { stdin = strings.NewReader("") }()
	out, errOut, code := p.run("connection", "add", "--source", "trengo", "--name", name, "--secret-stdin")
	return strings.TrimSpace(out), errOut, code
}

// TestConnectionAddRefusesASecretInUse: connection add refuses a secret another connection has
// (exit 2), in Dutch by default, naming the field, the connection that has it and why, never the
// secret; another secret is taken.
func TestConnectionAddRefusesASecretInUse(t *testing.T) {
	t.Setenv("KLANTPULS_LANG", "") // Dutch by default
	p := newProject(t)
	const secret = sharedSecret
	add := func(name, secret string) (string, string, int) { return addTrengo(p, name, secret) }
	first, errOut, code := add("Trengo Merk A", secret)
	if code != 0 {
		t.Fatalf("the first: exit %d %s", code, errOut)
	}
	want := "klantpuls: Geheim: dit geheim gebruikt koppeling 'Trengo Merk A' al; geef elke koppeling een eigen geheim " +
		"(anders wordt een levering voor de ene ook bij de andere aangenomen).\n"
	if out, errOut, code := add("Trengo Merk B", secret); code != 2 || errOut != want || out != "" {
		t.Errorf("the same secret: exit %d, %q %q; want 2 saying %q", code, out, errOut, want)
	}
	second, errOut, code := add("Trengo Merk B", "trengo_sign_merk_B_8Lp4v")
	if code != 0 || !strings.HasPrefix(second, "/hooks/trengo/") {
		t.Fatalf("another secret: exit %d %s %s", code, second, errOut)
	}
	out, errOut, _ := p.run("connection", "list")
	if strings.Contains(errOut, "hetzelfde geheim") || !strings.Contains(out, first) || !strings.Contains(out, second) {
		t.Errorf("list of two secrets:\n%s%s", out, errOut)
	}
}

// TestConnectionListNamesSharedSecrets: connections an older release let share a secret are named
// by connection list on standard error, in the command's language, never the secret; the table
// on standard output is unchanged.
func TestConnectionListNamesSharedSecrets(t *testing.T) {
	if onPostgres {
		t.Skip("SQLite only: an older release's pair is made in the file (sqlitetest)")
	}
	p := newProject(t)
	const secret = sharedSecret
	add := func(name, secret string) (string, string, int) { return addTrengo(p, name, secret) }
	first, errOut, code := add("Trengo Merk A", secret)
	if code != 0 {
		t.Fatalf("A: exit %d %s", code, errOut)
	}
	second, errOut, code := add("Trengo Merk B", "trengo_sign_merk_B_8Lp4v")
	if code != 0 {
		t.Fatalf("B: exit %d %s", code, errOut)
	}
	// As an older release could leave them: A set aside and removed, C made with its secret,
	// A put back.
	firstID := first[strings.LastIndex(first, "/")+1:]
	putBack := sqlitetest.ConnectionSetAside(t, p.db, firstID)
	if _, errOut, code := p.run("connection", "remove", firstID); code != 0 {
		t.Fatalf("remove: exit %d %s", code, errOut)
	}
	third, errOut, code := add("Trengo Merk C", secret)
	if code != 0 {
		t.Fatalf("after the removal: exit %d %s", code, errOut)
	}
	putBack()
	for lang, want := range map[string][]string{
		"nl": {"klantpuls: Koppelingen 'Trengo Merk ", "' gebruiken hetzelfde geheim: een levering voor de ene wordt ook bij de andere aangenomen"},
		"en": {"klantpuls: Connections 'Trengo Merk ", "' share one secret: a delivery to one is taken by the other too"},
	} {
		t.Setenv("KLANTPULS_LANG", lang)
		out, errOut, code := p.run("connection", "list")
		lines := strings.Split(strings.TrimSpace(errOut), "\n")
		if code != 0 || len(lines) != 1 || !strings.HasPrefix(lines[0], want[0]) || !strings.Contains(lines[0], want[1]) ||
			!strings.Contains(lines[0], "'Trengo Merk A'") || !strings.Contains(lines[0], "'Trengo Merk C'") ||
			strings.Contains(lines[0], "Merk B") || strings.Contains(out+errOut, secret) {
			t.Errorf("%s: exit %d, standard error %q; want one line naming A and C", lang, code, errOut)
		}
		for _, path := range []string{first, second, third} {
			if !strings.Contains(out, path) {
				t.Errorf("%s: the table lacks %s:\n%s", lang, path, out)
			}
		}
	}
}
