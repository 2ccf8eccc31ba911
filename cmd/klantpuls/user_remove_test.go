package main

import (
	"context"
	"testing"
	"time"

	"github.com/klantpuls/klantpuls/internal/app"
	"github.com/klantpuls/klantpuls/internal/auth"
	"github.com/klantpuls/klantpuls/internal/cx"
	"github.com/klantpuls/klantpuls/internal/web"
)

// TestUserRemoveCountsOneInTheSingular: `klantpuls user remove` of a user with one session and
// one API token says "1 sessie en 1 API-token" ("1 session and 1 API token"), and none
// "0 opvolgingen", in both languages, and the audit page says the same of its line. It said
// "1 sessies en 1 API-tokens".
func TestUserRemoveCountsOneInTheSingular(t *testing.T) {
	for _, lang := range []string{"nl", "en"} {
		t.Run(lang, func(t *testing.T) {
			t.Setenv("KLANTPULS_LANG", lang)
			in := inLang(lang)
			p := newProject(t)
			ctx := context.Background()
			t.Setenv("KLANTPULS_USER_PASSWORD", "klantpuls-demo")
			for _, add := range [][]string{{"--email", "lead@example.com", "--role", "admin"}, {"--email", "anna@example.com", "--role", "agent", "--agent", "Anna"}} {
				if _, stderr, code := p.run(append([]string{"user", "add"}, add...)...); code != 0 {
					t.Fatalf("user add %v: %s", add, stderr)
				}
			}
			a, err := app.Open(ctx, p.db, nil)
			if err != nil {
				t.Fatal(err)
			}
			defer a.Close()
			anna, err := a.UserByEmail(ctx, "anna@example.com")
			if err != nil {
				t.Fatal(err)
			}
			if err := a.CreateSession(ctx, &cx.Session{Hash: auth.HashSecret("s"), UserID: anna.ID, ExpiresAt: time.Now().Add(time.Hour)}); err != nil {
				t.Fatal(err)
			}
			if _, _, err := a.CreateToken(ctx, anna.ID, "bi", cx.ScopeRead, time.Now()); err != nil {
				t.Fatal(err)
			}
			detail := in("rol medewerker; 1 sessie en 1 API-token beëindigd, overzicht per e-mail gestopt, 0 opvolgingen zonder eigenaar",
				"role agent; 1 session and 1 API token ended, digest stopped, 0 follow-ups left without an owner")
			p.says(in("gebruiker anna@example.com verwijderd: ", "user anna@example.com removed: ")+detail, 0, "user", "remove", "--email", "anna@example.com")
			log, err := a.AuditLog(ctx, app.AuditQuery{Action: cx.AuditUserRemove})
			if err != nil || len(log) != 1 {
				t.Fatalf("user_remove lines %+v %v, want one", log, err)
			}
			if got := web.AuditDetail(lang, log[0]); got != detail {
				t.Errorf("the audit page says %q, want %q", got, detail)
			}
		})
	}
}
