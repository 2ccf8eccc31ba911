package web

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/klantpuls/klantpuls/internal/cx"
)

// TestOwnPasswordEmptyFormIsNoSignIn: a password form sent without the current password, or
// without a new one, guessed no password: it is refused in the page's language, counts toward
// no lock-out (five of them, then the right password signs in at once, where five failures
// hold the sixth attempt back) and writes no sign_in_failed line. Five wrong current passwords
// still count: the sign-in right after is held back (429).
func TestOwnPasswordEmptyFormIsNoSignIn(t *testing.T) {
	ts := startServer(t)
	here := ts.login("anna@example.com")
	forms := []struct {
		lang, want string
		form       url.Values
	}{
		{"nl", "Vul uw huidige wachtwoord in.", url.Values{"password": {newPassword}}},
		{"en", "Enter your current password.", url.Values{"current": {""}, "password": {newPassword}}},
		{"nl", "Vul uw huidige wachtwoord in.", url.Values{}},
		{"en", "Enter your current password.", url.Values{"current": {""}, "password": {""}}},
		{"nl", "Vul uw huidige wachtwoord in.", url.Values{"current": {""}}},
	}
	check := func(lang, want string, form url.Values) {
		t.Helper()
		res := here.form("POST", "/settings/password?lang="+lang, form)
		if res.status != http.StatusUnprocessableEntity || !strings.Contains(res.body, want) {
			t.Errorf("form %v: %d, want 422 saying %q", form, res.status, want)
		}
	}
	for _, f := range forms {
		check(f.lang, f.want, f.form)
	}
	if res := ts.signIn("127.0.0.1", "anna@example.com", testPassword); res.status != http.StatusSeeOther {
		t.Errorf("sign-in after five empty forms: %d, want 303 (not held back)", res.status)
	}
	// Without a new password the current one is not checked either: nothing to change.
	check("en", "Enter a new password.", url.Values{"current": {"not my password"}})
	check("nl", "Vul een nieuw wachtwoord in.", url.Values{"current": {"not my password"}, "password": {""}})
	admin := ts.login("admin@example.com")
	if e := auditOf(t, admin, cx.AuditSignInFailed); len(e) != 0 {
		t.Errorf("failed sign-ins = %+v, want none for empty forms", e)
	}
	for range 5 {
		here.form("POST", "/settings/password?lang=en", url.Values{"current": {"not my password"}, "password": {newPassword}})
	}
	if res := ts.signIn("127.0.0.1", "anna@example.com", testPassword); res.status != http.StatusTooManyRequests {
		t.Errorf("sign-in after five wrong current passwords: %d, want 429", res.status)
	}
	if e := auditOf(t, admin, cx.AuditSignInFailed); len(e) != 5 {
		t.Errorf("failed sign-ins = %d, want the five wrong current passwords", len(e))
	}
}
