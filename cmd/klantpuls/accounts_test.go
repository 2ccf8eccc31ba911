package main

import (
	"context"
	"reflect"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/klantpuls/klantpuls/internal/app"
	"github.com/klantpuls/klantpuls/internal/auth"
	"github.com/klantpuls/klantpuls/internal/cx"
	"github.com/klantpuls/klantpuls/internal/web"
)

// TestAccountCommands: `klantpuls user add` refuses weak passwords (defect 12) and a second
// account for an address in other letters, `token create --expires` makes a token that
// expires, and these commands and imports are in the audit log as done on the command line.
func TestAccountCommands(t *testing.T) {
	inEnglish(t)
	p := newProject(t)
	for _, weak := range []struct{ password, why string }{
		{"aaaaaaaaaa", "repeated or sequential"},
		{"welkom2024!", "common and leaked"},
		{"boss.example2024", "own e-mail address"},
	} {
		t.Setenv("KLANTPULS_USER_PASSWORD", weak.password)
		_, stderr, code := p.run("user", "add", "--email", "boss.example@example.com", "--role", "admin")
		if code != 1 || !strings.Contains(stderr, "password: ") || !strings.Contains(stderr, weak.why) {
			t.Errorf("user add with %q: exit %d %s; want 1 saying %q", weak.password, code, stderr, weak.why)
		}
	}
	t.Setenv("KLANTPULS_USER_PASSWORD", "klantpuls-demo")
	if _, stderr, code := p.run("user", "add", "--email", "boss.example@example.com", "--role", "admin"); code != 0 {
		t.Fatalf("user add: %s", stderr)
	}
	// One account per address in any case, as sign-in finds it (cx.NameKey).
	if _, stderr, code := p.run("user", "add", "--email", " Boss.Example@EXAMPLE.com", "--role", "manager"); code != 1 ||
		!strings.Contains(stderr, "Boss.Example@EXAMPLE.com is the address of another user") {
		t.Errorf("user add of the address in other letters: exit %d %s; want 1 saying it is taken", code, stderr)
	}
	before := time.Now()
	if _, stderr, code := p.run("token", "create", "--name", "export", "--expires", "90d"); code != 0 ||
		!strings.Contains(stderr, "it expires ") {
		t.Fatalf("token create --expires 90d: exit %d %s", code, stderr)
	}
	if _, stderr, code := p.run("token", "create", "--name", "x", "--expires", "3 months"); code != 2 ||
		!strings.Contains(stderr, "klantpuls: --expires: \"3 months\" is not a number of days") {
		t.Errorf("--expires 3 months: exit %d %s; want 2", code, stderr)
	}
	p.mustImport("events", "event_id,customer_id,kind,at\nE1,C1,login,2026-03-02 10:00\n")
	bad := p.file("bad.csv", "event_id,customer_id,kind,at\nE2,C1,login,gisteren\n")
	if _, _, code := p.run("import", "--kind", "events", bad); code != 1 {
		t.Errorf("a bad file: exit %d, want 1", code)
	}

	ctx := context.Background()
	a, tokens := p.oneToken()
	if d := tokens[0].ExpiresAt.Sub(before.AddDate(0, 0, 90)); d < -time.Second || d > time.Minute {
		t.Errorf("the token expires %v, want 90 days after %v", tokens[0].ExpiresAt, before)
	}
	entries, err := a.AuditLog(ctx, app.AuditQuery{})
	if err != nil {
		t.Fatal(err)
	}
	want := []struct{ action, subject, detail string }{
		{cx.AuditImport, bad, "events: refused, nothing imported"},
		{cx.AuditImport, p.dir + "/events.csv", "events: 1 row read, 1 written (0 replaced)"},
		{cx.AuditTokenCreate, "token 1", "export (read) for boss.example@example.com, expires " + tokens[0].ExpiresAt.Format(time.DateOnly)},
		{cx.AuditUserCreate, "boss.example@example.com", "role administrator"},
	}
	if len(entries) != len(want) {
		t.Fatalf("audit log: %+v, want %d entries", entries, len(want))
	}
	for i, w := range want {
		e := entries[i]
		if e.Action != w.action || e.Subject != w.subject || web.AuditDetail("en", e) != w.detail ||
			!strings.HasPrefix(e.Actor, "cli:") || !strings.HasPrefix(e.From, "cli on ") {
			t.Errorf("entry %d: %+v, want %s of %q (%q) by cli:… from cli on …", i, e, w.action, w.subject, w.detail)
		}
	}
	// The same two imports in the import history the dashboard shows, newest first.
	runs, err := a.ImportHistory(ctx, 0, 10)
	if err != nil {
		t.Fatal(err)
	}
	wantRuns := []cx.ImportRun{
		{File: bad, Source: "events", Rows: 0, Written: 0, Status: cx.ImportFailed},
		{File: p.dir + "/events.csv", Source: "events", Rows: 1, Written: 1, Status: cx.ImportDone},
	}
	if len(runs) != len(wantRuns) {
		t.Fatalf("import history: %+v, want %d runs", runs, len(wantRuns))
	}
	for i, w := range wantRuns {
		r := runs[i]
		if r.File != w.File || r.Source != w.Source || r.Rows != w.Rows || r.Written != w.Written || r.Status != w.Status ||
			!strings.HasPrefix(r.Actor, "cli:") || (w.Status == cx.ImportFailed) != strings.Contains(r.Error, "gisteren") {
			t.Errorf("run %d: %+v, want %+v by cli:…", i, r, w)
		}
	}
}

// TestServeTrustedProxies: a list of trusted proxies that is not one stops `serve` before it
// listens, naming where the list came from.
func TestServeTrustedProxies(t *testing.T) {
	p := newProject(t)
	t.Setenv("KLANTPULS_LANG", "en") // where is the point here; the Dutch is TestFlagMistakes… and TestConfigSectionMistakes…
	t.Setenv("KLANTPULS_TRUSTED_PROXIES", "10.0.0.0/8, nginx")
	_, stderr, code := p.run("serve", "--addr", "127.0.0.1:0")
	if code != 2 || !strings.Contains(stderr, `--trusted-proxies ($KLANTPULS_TRUSTED_PROXIES): "nginx" is not an IP address`) {
		t.Errorf("exit %d %s; want 2 naming the variable", code, stderr)
	}
	p.withConfig("[server]\ntrusted_proxies = [\"10.0.0.5/8\"]\n")
	t.Setenv("KLANTPULS_TRUSTED_PROXIES", "")
	_, stderr, code = p.run("serve", "--addr", "127.0.0.1:0")
	if code != 1 || !strings.Contains(stderr, `server.trusted_proxies: "10.0.0.5/8" has bits set past its length`) {
		t.Errorf("a bad config: exit %d %s; want 1 naming the key", code, stderr)
	}
}

// TestUserCommands: `klantpuls user set`, `password`, `remove` and `list` change, reset, remove
// and list users by the rules of the users page: a new role or password ends the user's
// sessions, a removed user's tokens stop, the last administrator stays one, and each change is
// in the audit log without a password.
func TestUserCommands(t *testing.T) {
	inEnglish(t)
	p := newProject(t)
	ctx := context.Background()
	t.Setenv("KLANTPULS_USER_PASSWORD", "klantpuls-demo")
	for _, add := range [][]string{
		{"--email", "lead@example.com", "--role", "admin"},
		{"--email", "anna@example.com", "--role", "agent", "--agent", "Anna", "--team", "Support"},
	} {
		if _, stderr, code := p.run(append([]string{"user", "add"}, add...)...); code != 0 {
			t.Fatalf("user add %v: %s", add, stderr)
		}
	}
	a, err := app.Open(ctx, p.db, nil)
	if err != nil {
		t.Fatal(err)
	}
	anna, err := a.UserByEmail(ctx, "anna@example.com")
	if err != nil {
		t.Fatal(err)
	}
	session := func(name string) {
		if err := a.CreateSession(ctx, &cx.Session{Hash: auth.HashSecret(name), UserID: anna.ID, ExpiresAt: time.Now().Add(time.Hour)}); err != nil {
			t.Fatal(err)
		}
	}
	lives := func(name string) bool {
		_, err := a.SessionByHash(ctx, auth.HashSecret(name), time.Now())
		return err == nil
	}
	session("before-team")
	plain, _, err := a.CreateToken(ctx, anna.ID, "bi", cx.ScopeRead, time.Now())
	if err != nil {
		t.Fatal(err)
	}

	steps := []struct {
		name   string
		args   []string
		code   int
		stderr string
	}{
		{"nothing to set", []string{"user", "set", "--email", "anna@example.com"}, 2, "give --role, --agent or --team"},
		{"a team", []string{"user", "set", "--email", "ANNA@example.com", "--team", "Sales"}, 0, `team "Support" → "Sales"`},
		{"an unknown user", []string{"user", "set", "--email", "nobody@example.com", "--team", "x"}, 1, "klantpuls: no user nobody@example.com (klantpuls user list shows them)"},
		{"an unknown role", []string{"user", "set", "--email", "anna@example.com", "--role", "boss"}, 2, "--role"},
		{"the last admin demoted", []string{"user", "set", "--email", "lead@example.com", "--role", "manager"}, 1,
			"lead@example.com is the last administrator and cannot be made manager"},
		{"the last admin removed", []string{"user", "remove", "--email", "lead@example.com"}, 1,
			"lead@example.com is the last administrator and cannot be removed"},
		{"a new role", []string{"user", "set", "--email", "anna@example.com", "--role", "manager", "--agent", ""}, 0,
			`role agent → manager; agent "Anna" → ""; sessions ended`},
	}
	for _, tt := range steps {
		_, stderr, code := p.run(tt.args...)
		if code != tt.code || !strings.Contains(stderr, tt.stderr) {
			t.Errorf("%s: exit %d %s; want %d saying %q", tt.name, code, stderr, tt.code, tt.stderr)
		}
		if tt.name == "a team" && !lives("before-team") {
			t.Error("a new team ended the session")
		}
	}
	if lives("before-team") {
		t.Error("the session from before the new role still works")
	}
	session("before-password")
	t.Setenv("KLANTPULS_USER_PASSWORD", "aaaaaaaaaaaa")
	if _, stderr, code := p.run("user", "password", "--email", "anna@example.com"); code != 1 || !strings.Contains(stderr, "password: ") {
		t.Errorf("a weak password: exit %d %s, want 1", code, stderr)
	}
	t.Setenv("KLANTPULS_USER_PASSWORD", "paarse olifant op de fiets")
	if _, stderr, code := p.run("user", "password", "--email", "anna@example.com"); code != 0 {
		t.Errorf("user password: exit %d %s", code, stderr)
	}
	if u, _ := a.UserByEmail(ctx, "anna@example.com"); lives("before-password") || !auth.CheckPassword(u.PasswordHash, "paarse olifant op de fiets") {
		t.Error("user password: the password is not set, or the session from before lives")
	}
	stdout, stderr, code := p.run("user", "list")
	if code != 0 || !strings.Contains(stdout, "EMAIL") || !strings.Contains(stdout, "lead@example.com") ||
		!regexp.MustCompile(`anna@example\.com +manager +Sales `).MatchString(stdout) {
		t.Errorf("user list: exit %d %s\n%s", code, stderr, stdout)
	}
	if _, stderr, code := p.run("user", "remove", "--email", "anna@example.com"); code != 0 ||
		!strings.Contains(stderr, "0 sessions and 1 API token ended") {
		t.Errorf("user remove: exit %d %s", code, stderr)
	}
	if _, err := a.TokenByHash(ctx, auth.HashSecret(plain)); cx.ErrorCode(err) != cx.ENOTFOUND {
		t.Errorf("the removed user's token: %v, want gone", err)
	}
	entries, err := a.AuditLog(ctx, app.AuditQuery{})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, e := range entries {
		if e.Subject == "anna@example.com" && strings.HasPrefix(e.Actor, "cli:") {
			got = append(got, e.Action)
		}
		if strings.Contains(web.AuditDetail("en", e), "olifant") {
			t.Errorf("a password in the audit log: %+v", e)
		}
	}
	want := []string{cx.AuditUserRemove, cx.AuditUserPassword, cx.AuditUserChange, cx.AuditUserChange, cx.AuditUserCreate}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("audit of anna, newest first: %v, want %v", got, want)
	}
}

// TestCommandLineTimesInAccountZone: the times the account commands print — when a token
// expires, when a user was made — are on the account's clock (config timezone), as every page
// shows them, not on the server process's (TZ=UTC in a container).
func TestCommandLineTimesInAccountZone(t *testing.T) {
	inEnglish(t)
	p := newProject(t).withConfig("timezone = \"Pacific/Auckland\"\n")
	auckland, err := time.LoadLocation("Pacific/Auckland")
	if err != nil {
		t.Fatal(err)
	}
	t.Setenv("KLANTPULS_USER_PASSWORD", "klantpuls-demo")
	if _, stderr, code := p.run("user", "add", "--email", "lead@example.com", "--role", "admin"); code != 0 {
		t.Fatalf("user add: %s", stderr)
	}
	_, stderr, code := p.run("token", "create", "--name", "export", "--expires", "90d")
	if code != 0 {
		t.Fatalf("token create: exit %d %s", code, stderr)
	}
	stdout, stderr2, code := p.run("user", "list")
	if code != 0 {
		t.Fatalf("user list: exit %d %s", code, stderr2)
	}
	ctx := context.Background()
	a, tokens := p.oneToken()
	if want := "it expires " + tokens[0].ExpiresAt.In(auckland).Format("2006-01-02 15:04"); !strings.Contains(stderr, want) {
		t.Errorf("token create: %s\nwant %q (Auckland)", stderr, want)
	}
	u, err := a.UserByEmail(ctx, "lead@example.com")
	if err != nil {
		t.Fatal(err)
	}
	if want := u.CreatedAt.In(auckland).Format("2006-01-02 15:04"); !strings.Contains(stdout, want) {
		t.Errorf("user list:\n%s\nwant made %s (Auckland)", stdout, want)
	}
}

// oneToken opens the project's database, which holds one API token, and returns that token.
func (p *project) oneToken() (*app.App, []cx.Token) {
	p.t.Helper()
	a, err := app.Open(context.Background(), p.db, nil)
	if err != nil {
		p.t.Fatal(err)
	}
	p.t.Cleanup(func() { a.Close() })
	tokens, err := a.Tokens(context.Background())
	if err != nil || len(tokens) != 1 {
		p.t.Fatalf("tokens: %+v %v", tokens, err)
	}
	return a, tokens
}
