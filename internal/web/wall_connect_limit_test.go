package web

import (
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"
)

// wallLink makes a wall screen as the admin and returns the secret of its link.
func (ts *testServer) wallLink(t *testing.T) string {
	t.Helper()
	res := ts.login("admin@example.com").form("POST", "/tokens/walls", url.Values{"name": {"Muur"}, "pages": {"overview"}})
	m := regexp.MustCompile(`/tv/connect#([A-Za-z0-9_-]{20,})`).FindStringSubmatch(res.body)
	if m == nil {
		t.Fatalf("no wall link: %d", res.status)
	}
	return m[1]
}

// connectScreen posts a wall link's secret from a screen at address from (X-Forwarded-For,
// believed from the trusted proxy), as the connect page's script does.
func (ts *testServer) connectScreen(from, secret string, header ...string) response {
	return ts.anonymous().form("POST", "/tv/connect", url.Values{"secret": {secret}}, append([]string{"X-Forwarded-For", from}, header...)...)
}

// TestWallConnectLimitedPerWallScreens: POST /tv/connect took wrong secrets without end, each a
// look-up. Now they are held back as wrong passwords of one account are (README, "Signing in is
// limited per account"): the wall screens together are the account, as a wrong secret names
// none. Five wrong at once, then a wait of 1 s, 2 s, …; the sixth is answered 429 with
// Retry-After and a line saying when, in Dutch and English. As at sign-in, the right secret does
// not get through the hold, from another address either; after the wait it connects, and the
// success ends the run.
func TestWallConnectLimitedPerWallScreens(t *testing.T) {
	c := newClock()
	ts := startServer(t, behindProxy(c))
	secret := ts.wallLink(t)
	const attacker, screen = "203.0.113.7", "198.51.100.10"
	for i := 1; i <= 5; i++ {
		if res := ts.connectScreen(attacker, "wrong-secret"); res.status != http.StatusUnprocessableEntity {
			t.Fatalf("wrong secret %d: %d, want 422", i, res.status)
		}
	}
	res := ts.connectScreen(attacker, "wrong-secret")
	if res.status != http.StatusTooManyRequests || res.header.Get("Retry-After") != "1" ||
		!strings.Contains(res.body, "Te veel mislukte pogingen. Probeer het over 1 seconde opnieuw.") {
		t.Fatalf("sixth wrong secret: %d, Retry-After %q; want 429, 1 and the line on the page\n%s", res.status, res.header.Get("Retry-After"), res.body)
	}
	res = ts.connectScreen(screen, secret, "Accept-Language", "en")
	if res.status != http.StatusTooManyRequests || res.header.Get("Retry-After") != "1" || !strings.Contains(res.body, "Too many failed attempts. Try again in 1 second.") {
		t.Fatalf("the right secret from another address within the hold: %d, Retry-After %q; want 429 and 1, with the line in English",
			res.status, res.header.Get("Retry-After"))
	}
	if strings.Contains(res.header.Get("Set-Cookie"), wallCookie) {
		t.Error("a held-back attempt got the wall cookie")
	}
	c.add(time.Second)
	res = ts.connectScreen(screen, secret)
	if res.status != http.StatusSeeOther || !strings.Contains(res.header.Get("Set-Cookie"), wallCookie+"=") {
		t.Fatalf("the right secret after the hold: %d, Set-Cookie %q; want 303 and the wall cookie", res.status, res.header.Get("Set-Cookie"))
	}
	// The success ended the run: five wrong secrets are answered again.
	for i := 1; i <= 5; i++ {
		if res := ts.connectScreen(attacker, "wrong-again"); res.status != http.StatusUnprocessableEntity {
			t.Fatalf("wrong secret %d after a success: %d, want 422", i, res.status)
		}
	}
}

// TestWallConnectLimitedPerAddress: an address's wrong secrets count with its failed sign-ins
// (50 at once, then 10 a minute). With a right secret from the office after each four, so the
// wall screens' run never reaches its hold (the fifth would be held), the attacker's 51st
// attempt — the right secret too — is refused with Retry-After 6; the office connects
// meanwhile, and the attacker's address after the 6 s.
func TestWallConnectLimitedPerAddress(t *testing.T) {
	c := newClock()
	ts := startServer(t, behindProxy(c))
	secret := ts.wallLink(t)
	const attacker, office = "203.0.113.66", "198.51.100.10"
	for i := 1; i <= 50; i++ {
		if res := ts.connectScreen(attacker, "wrong-secret"); res.status != http.StatusUnprocessableEntity {
			t.Fatalf("wrong secret %d: %d, want 422", i, res.status)
		}
		if i%4 == 0 {
			if res := ts.connectScreen(office, secret); res.status != http.StatusSeeOther {
				t.Fatalf("the office's screen after %d wrong secrets: %d, want 303", i, res.status)
			}
		}
	}
	res := ts.connectScreen(attacker, secret)
	if res.status != http.StatusTooManyRequests || res.header.Get("Retry-After") != "6" {
		t.Errorf("after 50 wrong secrets: %d, Retry-After %q; want 429 and 6", res.status, res.header.Get("Retry-After"))
	}
	if res := ts.connectScreen(office, secret); res.status != http.StatusSeeOther {
		t.Errorf("from another address meanwhile: %d, want 303", res.status)
	}
	c.add(6 * time.Second)
	if res := ts.connectScreen(attacker, secret); res.status != http.StatusSeeOther {
		t.Errorf("from the attacker's address after 6 s: %d, want 303", res.status)
	}
}
