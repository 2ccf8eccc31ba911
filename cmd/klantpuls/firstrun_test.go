package main

import (
	"context"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/klantpuls/klantpuls/internal/pgtest"
)

// A new user's first hour: what README and data.md promise of --db, --base-url, the first
// administrator's variables and the systemd recipe.

const dbSecret = "Geheim-Wachtwoord-99"

// TestMistypedPostgresURLKeepsPassword: a PostgreSQL URL whose scheme is written with a
// capital (URL schemes are case-insensitive, RFC 3986 section 3.1) or mistyped is taken for a
// SQLite file path, and the error prints the whole address, password and all — to the terminal,
// or to the journal under systemd, where KLANTPULS_DB comes from the environment file.
// pgx's own errors write the password as xxxxx; klantpuls's must not undo that.
func TestMistypedPostgresURLKeepsPassword(t *testing.T) {
	for _, dsn := range []string{
		"Postgres://kp:" + dbSecret + "@db.internal/klantpuls",
		"postgress://kp:" + dbSecret + "@db.internal/klantpuls",
		// libpq's keyword form (PostgreSQL documentation 34.1.1): data.md reads paths and URLs only.
		"host=db.internal dbname=klantpuls user=kp password=" + dbSecret,
		"host=db.internal password='" + dbSecret + " x' dbname=klantpuls",
	} {
		for _, cmd := range [][]string{{"user", "list"}, {"report"}, {"migrate"}} {
			dir := t.TempDir()
			t.Chdir(dir)
			var out, errOut strings.Builder
			code := run(context.Background(), append([]string{"--db", dsn, "--engine-file", "none"}, cmd...), &out, &errOut)
			if code == 0 {
				t.Errorf("--db %s %s: exit 0, want a refusal", dsn, cmd[0])
			}
			if strings.Contains(errOut.String(), dbSecret) {
				t.Errorf("--db %s %s: the error shows the database password:\n%s", dsn, cmd[0], errOut.String())
			}
			if made, _ := os.ReadDir(dir); len(made) > 0 {
				t.Errorf("--db %s %s: made %s in the working directory, want nothing", dsn, cmd[0], made[0].Name())
			}
		}
	}
}

// TestDemoOnPostgresKeepsPassword: `klantpuls demo` ends with a hint to run a report,
// printing --db as given; for PostgreSQL that is the URL with its password.
func TestDemoOnPostgresKeepsPassword(t *testing.T) {
	dsn := pgtest.Shared(t).NewDatabase(t)
	u, err := url.Parse(dsn)
	if err != nil {
		t.Fatal(err)
	}
	// The test server trusts every local connection, so any password connects.
	u.User = url.UserPassword(u.User.Username(), dbSecret)
	var out, errOut strings.Builder
	code := run(context.Background(), []string{"--db", u.String(), "demo", "--until", "2026-03-01"}, &out, &errOut)
	if code != 0 {
		t.Fatalf("demo: exit %d\n%s", code, errOut.String())
	}
	if strings.Contains(out.String()+errOut.String(), dbSecret) {
		t.Errorf("demo prints the database password:\n%s", errOut.String())
	}
}

// serveBriefly runs `klantpuls serve` on a free port until it logs "listening" or exits (at
// most 20 s), then stops it; it returns the exit status and the log.
func serveBriefly(t *testing.T, p *project, extra ...string) (int, string) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var errOut strings.Builder
	sw := &syncWriter{w: &errOut}
	done := make(chan int, 1)
	args := append([]string{"--db", p.db, "--engine-file", "none", "serve"}, extra...)
	if !slices.Contains(extra, "--addr") { // given twice, a flag is refused
		args = append(args, "--addr", "127.0.0.1:0")
	}
	go func() { done <- run(ctx, args, &strings.Builder{}, sw) }()
	deadline := time.Now().Add(20 * time.Second)
	for time.Now().Before(deadline) {
		select {
		case code := <-done:
			return code, errOut.String()
		case <-time.After(50 * time.Millisecond):
		}
		sw.mu.Lock()
		listening := strings.Contains(errOut.String(), `"msg":"listening"`)
		sw.mu.Unlock()
		if listening {
			break
		}
	}
	cancel()
	code := <-done
	return code, errOut.String()
}

// TestBaseURLWithoutScheme: README (Production, TLS) says to set
// KLANTPULS_BASE_URL=https://klantpuls.example.nl "so links in e-mails point there"; the setup
// link, survey links, unsubscribe links and alert links are all built on it. A base URL
// without a scheme is accepted without a word, and every link made from it is broken
// (the setup link logged is "klantpuls.example.nl/setup?token=…").
func TestBaseURLWithoutScheme(t *testing.T) {
	p := newProject(t)
	t.Setenv("KLANTPULS_ADMIN_EMAIL", "")
	t.Setenv("KLANTPULS_ADMIN_PASSWORD", "")
	code, logs := serveBriefly(t, p, "--base-url", "klantpuls.example.nl")
	if code == 0 {
		t.Errorf("serve --base-url klantpuls.example.nl: exit 0, want a refusal naming --base-url; logs:\n%s", logs)
	}
	if regexp.MustCompile(`"url":"klantpuls\.example\.nl/setup\?token=`).MatchString(logs) {
		t.Errorf("the setup link has no scheme:\n%s", logs)
	}
}

// TestAdminEnvHalfSet: README (The server and its API) — on first start "it creates the
// administrator from KLANTPULS_ADMIN_EMAIL and KLANTPULS_ADMIN_PASSWORD". With the e-mail
// given and the password forgotten (or empty in the environment file), serve says nothing about
// it and falls back to a setup link: the administrator the operator named is not created.
func TestAdminEnvHalfSet(t *testing.T) {
	p := newProject(t)
	t.Setenv("KLANTPULS_ADMIN_EMAIL", "admin@example.com")
	t.Setenv("KLANTPULS_ADMIN_PASSWORD", "")
	code, logs := serveBriefly(t, p)
	if code == 0 && !strings.Contains(logs, "KLANTPULS_ADMIN_PASSWORD") {
		t.Errorf("KLANTPULS_ADMIN_EMAIL without KLANTPULS_ADMIN_PASSWORD: serve started (exit 0) without naming the missing variable:\n%s", logs)
	}
}

// TestSystemdInstallRecipe runs the install recipe at the top of deploy/klantpuls.service
// (README, Production: "deploy/klantpuls.service (a dedicated user, secrets in an environment
// file …)") with /etc/klantpuls moved into a temp dir and the owner options left out. Pasted as
// written, `install … /etc/klantpuls/klantpuls.toml` fails because nothing makes /etc/klantpuls,
// and the environment file holding the database URL and KLANTPULS_MAIL_PASSWORD is written by
// `printf … >` under the usual umask 022: readable by every local user.
func TestSystemdInstallRecipe(t *testing.T) {
	unit, err := os.ReadFile(filepath.Join("..", "..", "deploy", "klantpuls.service"))
	if err != nil {
		t.Fatal(err)
	}
	root := t.TempDir()
	work := t.TempDir()
	if err := os.WriteFile(filepath.Join(work, "klantpuls.toml"), []byte("timezone = \"Europe/Amsterdam\"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	var script []string
	for _, line := range strings.Split(string(unit), "\n") {
		cmd, ok := strings.CutPrefix(line, "#   ")
		if !ok || !strings.Contains(cmd, "/etc/klantpuls") {
			continue
		}
		cmd = strings.ReplaceAll(cmd, "-o root -g klantpuls ", "")
		cmd = strings.ReplaceAll(cmd, "/etc/klantpuls", root+"/etc/klantpuls")
		script = append(script, cmd)
	}
	if len(script) == 0 {
		t.Fatal("no install lines for /etc/klantpuls found in deploy/klantpuls.service")
	}
	sh := exec.Command("sh", "-ec", "umask 022\n"+strings.Join(script, "\n"))
	sh.Dir = work
	if out, err := sh.CombinedOutput(); err != nil {
		t.Errorf("the unit's install recipe fails as written:\n%s\n%s", strings.Join(script, "\n"), out)
	}
	// Again with the directory made, to see what the recipe leaves the secrets readable by.
	sh = exec.Command("sh", "-ec", "umask 022\nmkdir -p "+root+"/etc/klantpuls\n"+strings.Join(script, "\n"))
	sh.Dir = work
	if out, err := sh.CombinedOutput(); err != nil {
		t.Fatalf("with /etc/klantpuls made: %v\n%s", err, out)
	}
	if fi, err := os.Stat(filepath.Join(root, "etc", "klantpuls", "env")); err != nil {
		t.Fatal(err)
	} else if fi.Mode().Perm()&0o004 != 0 {
		t.Errorf("the environment file with the secrets is world-readable: mode %v", fi.Mode().Perm())
	}
}

// TestSetupLinkOnEveryAddress: served on every address (--addr 0.0.0.0:PORT) without a base URL,
// the setup link names this machine, not "http://0.0.0.0:PORT" or "http://[::]:PORT", which
// no browser elsewhere opens.
func TestSetupLinkOnEveryAddress(t *testing.T) {
	p := newProject(t)
	t.Setenv("KLANTPULS_ADMIN_EMAIL", "")
	t.Setenv("KLANTPULS_ADMIN_PASSWORD", "")
	t.Setenv("KLANTPULS_BASE_URL", "")
	name, err := os.Hostname()
	if err != nil || name == "" {
		t.Skip("this machine has no name")
	}
	_, logs := serveBriefly(t, p, "--addr", "0.0.0.0:0")
	if !regexp.MustCompile(`"url":"http://` + regexp.QuoteMeta(name) + `:\d+/setup\?token=`).MatchString(logs) {
		t.Errorf("the setup link does not name %s:\n%s", name, logs)
	}
}

// TestRefusedAdminLeavesNoNoise: serve refusing the environment's administrator (a password too
// short) ends with that reason alone: the engine file's keeper and the follower stop before the
// database closes, instead of logging "engine file not written … database is closed" after it.
func TestRefusedAdminLeavesNoNoise(t *testing.T) {
	p := newProject(t)
	t.Setenv("KLANTPULS_ADMIN_EMAIL", "admin@example.com")
	t.Setenv("KLANTPULS_ADMIN_PASSWORD", "kort")
	for range 3 { // the keeper's first write races the refusal: a few tries show it
		var errOut strings.Builder
		sw := &syncWriter{w: &errOut}
		code := run(context.Background(), []string{"--db", p.db, "serve", "--addr", "127.0.0.1:0"}, &strings.Builder{}, sw)
		sw.mu.Lock()
		logs := errOut.String()
		sw.mu.Unlock()
		if code == 0 || !strings.Contains(logs, "password") {
			t.Fatalf("a short administrator password: exit %d, want a refusal saying why:\n%s", code, logs)
		}
		if strings.Contains(logs, "database is closed") {
			t.Fatalf("after the refusal the log says the database is closed:\n%s", logs)
		}
	}
}
