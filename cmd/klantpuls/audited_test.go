package main

import (
	"context"
	"strings"
	"testing"

	"github.com/klantpuls/klantpuls/internal/app"
	"github.com/klantpuls/klantpuls/internal/auth"
	"github.com/klantpuls/klantpuls/internal/cx"
	"github.com/klantpuls/klantpuls/internal/pgtest"
	"github.com/klantpuls/klantpuls/internal/store/sqlite/sqlitetest"
)

// TestCommandRefusedWithoutItsAuditLine: `user add`, `user password` and `token create` store
// their change with its line in the audit log or not at all. Before the fix the user, the
// password or the token stood, and the command only warned that the audit log was not
// written; now it fails (exit 1) saying nothing was stored, and what the database said.
func TestCommandRefusedWithoutItsAuditLine(t *testing.T) {
	inEnglish(t)
	p := newProject(t)
	p.adminThenNoAuditLog()
	t.Setenv("KLANTPULS_USER_PASSWORD", "een-ander-wachtwoord-42")
	for _, args := range [][]string{
		{"user", "add", "--email", "lead@example.com"},
		{"user", "password", "--email", "boss@example.com"},
		{"token", "create", "--name", "export"},
	} {
		_, stderr, code := p.run(args...)
		if code != 1 || !strings.Contains(stderr, "its line in the audit log could not be stored") ||
			!strings.Contains(stderr, "the database said: ") {
			t.Errorf("%s with the audit log refusing: exit %d %s; want 1, nothing stored, and the database's words", strings.Join(args[:2], " "), code, stderr)
		}
	}
	ctx := context.Background()
	a, err := app.Open(ctx, p.db, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	if u, err := a.UserByEmail(ctx, "lead@example.com"); cx.ErrorCode(err) != cx.ENOTFOUND {
		t.Errorf("user added without their line: %+v %v", u, err)
	}
	if boss, err := a.UserByEmail(ctx, "boss@example.com"); err != nil || !auth.CheckPassword(boss.PasswordHash, "klantpuls-demo") {
		t.Errorf("the password changed without its line (%v)", err)
	}
	if tokens, err := a.Tokens(ctx); err != nil || len(tokens) != 0 {
		t.Errorf("tokens %+v %v: made without their line", tokens, err)
	}
}

// adminThenNoAuditLog adds the admin boss@example.com, then has the project's database refuse
// every new audit line, as a full disk would.
func (p *project) adminThenNoAuditLog() {
	p.t.Helper()
	p.t.Setenv("KLANTPULS_USER_PASSWORD", "klantpuls-demo")
	if _, stderr, code := p.run("user", "add", "--email", "boss@example.com", "--role", "admin"); code != 0 {
		p.t.Fatalf("user add: %s", stderr)
	}
	if app.IsPostgres(p.db) {
		pgtest.RefuseInserts(p.t, p.db, "audit_log")
	} else {
		sqlitetest.RefuseInserts(p.t, p.db, "audit_log")
	}
}
