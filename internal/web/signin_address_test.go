package web

import (
	"net/http"
	"net/url"
	"path/filepath"
	"strings"
	"testing"

	"github.com/klantpuls/klantpuls/internal/store/postgres/postgrestest"
)

// TestSignInByAddressHoweverWritten: an account's address is one address in any case and with
// spaces around (cx.NameKey, the users' email_key since the first accounts migration), so Anouk,
// added as "Anouk@Fietsenwinkel.NL", signs in as anouk@fietsenwinkel.nl and the admin, added
// as admin@example.com, as " Admin@Example.COM "; a second account for Anouk's address in
// other letters is refused; and the hold after five wrong passwords counts the writings
// together, so changing the case does not buy a sixth guess. On SQLite and on PostgreSQL.
func TestSignInByAddressHoweverWritten(t *testing.T) {
	for _, db := range []string{"SQLite", "PostgreSQL"} {
		t.Run(db, func(t *testing.T) {
			dsn := filepath.Join(t.TempDir(), "klantpuls.db")
			if db == "PostgreSQL" {
				dsn = postgrestest.Fresh(t)
			}
			c := newClock()
			ts := startServerOn(t, dsn, behindProxy(c))
			admin := ts.login(" Admin@Example.COM ")
			res := admin.form("POST", "/users?lang=nl", url.Values{"email": {"Anouk@Fietsenwinkel.NL"}, "password": {testPassword},
				"role": {"agent"}, "agent": {"Anouk"}})
			if res.status != http.StatusSeeOther {
				t.Fatalf("add Anouk: %d %s", res.status, res.body)
			}
			for _, typed := range []string{"anouk@fietsenwinkel.nl", "ANOUK@FIETSENWINKEL.NL", "\tAnouk@Fietsenwinkel.NL "} {
				if res := ts.signIn("198.51.100.10", typed, testPassword); res.status != http.StatusSeeOther {
					t.Errorf("Anouk signing in as %q: %d, want 303 (signed in)", typed, res.status)
				}
			}
			res = admin.form("POST", "/users?lang=nl", url.Values{"email": {" anouk@FIETSENWINKEL.nl"}, "password": {testPassword},
				"role": {"agent"}, "agent": {"Anouk"}})
			if res.status != http.StatusConflict || !strings.Contains(res.body, "al het adres van een andere gebruiker") {
				t.Errorf("a second Anouk in other letters: %d, want 409 saying the address is taken\n%s", res.status, res.body)
			}
			writings := []string{"anna@example.com", "Anna@example.com", "ANNA@EXAMPLE.COM", "anna@Example.com", " anna@example.com", "Anna@Example.Com"}
			for i, typed := range writings {
				want := http.StatusUnauthorized
				if i >= 5 {
					want = http.StatusTooManyRequests
				}
				if res := ts.signIn("203.0.113.7", typed, "wrong password!"); res.status != want {
					t.Errorf("wrong password %d as %q: %d, want %d", i+1, typed, res.status, want)
				}
			}
		})
	}
}
