package web

import (
	"fmt"
	"html"
	"net/http"
	"net/netip"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/klantpuls/klantpuls/internal/cx"
)

// clock is a settable clock for the server under test.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func newClock() *clock { return &clock{t: time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)} }

func (c *clock) now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *clock) add(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

// behindProxy serves with the clock and the loopback address as the trusted reverse proxy, as
// `[server] trusted_proxies = ["127.0.0.1/32", "10.0.0.0/8"]` configures it.
func behindProxy(c *clock) func(*Options) {
	return func(o *Options) {
		o.Now = c.now
		o.TrustedProxies = []netip.Prefix{netip.MustParsePrefix("127.0.0.1/32"), netip.MustParsePrefix("10.0.0.0/8")}
	}
}

// signIn posts the login form as a client at address from (X-Forwarded-For, believed from the
// trusted proxy).
func (ts *testServer) signIn(from, email, password string) response {
	return ts.anonymous().form("POST", "/login", url.Values{"email": {email}, "password": {password}},
		"X-Forwarded-For", from)
}

// TestSignInLimitedPerAccount is defect 7: behind the reverse proxy every client was one
// address, so ten wrong passwords a minute locked everybody out, while an attacker with many
// addresses was not limited per account.
func TestSignInLimitedPerAccount(t *testing.T) {
	c := newClock()
	ts := startServer(t, behindProxy(c))
	const office = "198.51.100.10"

	// Ten wrong passwords for the admin from the office: five answered, then held back.
	for i := 1; i <= 10; i++ {
		res := ts.signIn(office, "admin@example.com", "wrong password!")
		want := http.StatusUnauthorized
		if i > 5 {
			want = http.StatusTooManyRequests
		}
		if res.status != want {
			t.Fatalf("wrong password %d: %d, want %d", i, res.status, want)
		}
	}
	// A colleague at the same office signs in.
	if res := ts.signIn(office, "manager@example.com", testPassword); res.status != http.StatusSeeOther {
		t.Errorf("a colleague from the same address: %d, want 303 (signed in)", res.status)
	}

	// An attacker with a new address for every try is held back on the account all the same.
	for i := 1; i <= 6; i++ {
		res := ts.signIn(fmt.Sprintf("203.0.113.%d", i), "anna@example.com", "guess number "+fmt.Sprint(i))
		if want := map[bool]int{true: 401, false: 429}[i <= 5]; res.status != want {
			t.Errorf("guess %d from its own address: %d, want %d", i, res.status, want)
		}
	}
}

// TestSignInHoldGrowsAndEnds: after five failures the account waits 1 s, then 2 s, …; the
// answer says when to try again (Retry-After and a line on the page), the right password does
// not get through a hold, and a success ends the run. An unknown address gets the very same
// answers, so they do not tell which accounts exist.
func TestSignInHoldGrowsAndEnds(t *testing.T) {
	c := newClock()
	ts := startServer(t, behindProxy(c))
	for _, email := range []string{"admin@example.com", "nobody@example.com"} {
		t.Run(email, func(t *testing.T) {
			for range 5 {
				if res := ts.signIn("198.51.100.10", email, "wrong password!"); res.status != 401 {
					t.Fatalf("first failures: %d, want 401", res.status)
				}
			}
			res := ts.signIn("198.51.100.10", email, testPassword)
			if res.status != 429 || res.header.Get("Retry-After") != "1" ||
				!strings.Contains(res.body, "Te veel mislukte pogingen. Probeer het over 1 seconde opnieuw.") {
				t.Fatalf("the right password within the hold: %d, Retry-After %q; want 429, 1 and the line on the page\n%s",
					res.status, res.header.Get("Retry-After"), res.body)
			}
			c.add(time.Second)
			if res := ts.signIn("198.51.100.10", email, "wrong again!!"); res.status != 401 {
				t.Fatalf("after the hold: %d, want 401", res.status)
			}
			res = ts.anonymous().form("POST", "/login", url.Values{"email": {email}, "password": {"x"}},
				"X-Forwarded-For", "198.51.100.10", "Accept-Language", "en")
			if res.status != 429 || res.header.Get("Retry-After") != "2" || !strings.Contains(res.body, "Try again in 2 seconds.") {
				t.Fatalf("sixth failure: %d, Retry-After %q; want 429, 2 and the line in English", res.status, res.header.Get("Retry-After"))
			}
			c.add(2 * time.Second)
		})
	}
	if res := ts.signIn("198.51.100.10", "admin@example.com", testPassword); res.status != 303 {
		t.Fatalf("the right password after the hold: %d, want 303", res.status)
	}
	// The success ended the run: five failures are free again.
	for i := range 5 {
		if res := ts.signIn("198.51.100.10", "admin@example.com", "wrong password!"); res.status != 401 {
			t.Fatalf("failure %d after a success: %d, want 401", i+1, res.status)
		}
	}
	// The hold is in the store: a restarted server keeps it.
	ts.stop()
	ts.open(behindProxy(c))
	if res := ts.signIn("198.51.100.10", "admin@example.com", testPassword); res.status != 429 {
		t.Errorf("after a restart: %d, want 429 (still held)", res.status)
	}
}

// TestSignInLimitedPerAddress: a single address trying many accounts is slowed once it has 50
// failures; successes cost it nothing.
func TestSignInLimitedPerAddress(t *testing.T) {
	c := newClock()
	ts := startServer(t, behindProxy(c))
	for i := range 50 {
		if res := ts.signIn("203.0.113.66", fmt.Sprintf("user%d@example.com", i/5), "wrong password!"); res.status != 401 {
			t.Fatalf("failure %d: %d, want 401", i+1, res.status)
		}
	}
	res := ts.signIn("203.0.113.66", "manager@example.com", testPassword)
	// 50 failures at once, then one each 6 s (10 a minute).
	if res.status != 429 || res.header.Get("Retry-After") != "6" {
		t.Errorf("after 50 failures: %d, Retry-After %q; want 429 and 6", res.status, res.header.Get("Retry-After"))
	}
	if res := ts.signIn("198.51.100.10", "manager@example.com", testPassword); res.status != 303 {
		t.Errorf("from another address: %d, want 303", res.status)
	}
	c.add(6 * time.Second)
	for range 3 { // successes spend nothing
		if res := ts.signIn("203.0.113.66", "manager@example.com", testPassword); res.status != 303 {
			t.Errorf("after 6 s: %d, want 303", res.status)
		}
	}
}

// TestSignInLimitedPerIPv6Network: the 50 failures per address are counted per /64 for IPv6,
// so a client cannot take a fresh share from each of the 2^64 addresses it holds. Before the
// fix each address had its own 50.
func TestSignInLimitedPerIPv6Network(t *testing.T) {
	c := newClock()
	ts := startServer(t, behindProxy(c))
	for i := range 50 {
		if res := ts.signIn(fmt.Sprintf("2001:db8:1:2::%x", i+1), fmt.Sprintf("user%d@example.com", i/5), "wrong password!"); res.status != 401 {
			t.Fatalf("failure %d: %d, want 401", i+1, res.status)
		}
	}
	if res := ts.signIn("2001:db8:1:2:aaaa::1", "manager@example.com", testPassword); res.status != 429 {
		t.Errorf("another address of the /64 after its 50 failures: %d, want 429", res.status)
	}
	if res := ts.signIn("2001:db8:1:3::1", "manager@example.com", testPassword); res.status != 303 {
		t.Errorf("from the next /64: %d, want 303", res.status)
	}
}

// TestLoginKeepsTheLinksLanguage: a link that names its language and view (the digest's "See these
// figures in the dashboard" is /?lang=en&…), opened signed out, leads to a login page in that
// language and, after sign-in, to the page it asked for.
func TestLoginKeepsTheLinksLanguage(t *testing.T) {
	ts := dashServer(t)
	c := ts.anonymous()
	res := c.do("GET", "/?lang=en&period=month", "", nil, "Accept-Language", "nl-NL,nl")
	if res.status != 303 {
		t.Fatalf("status %d", res.status)
	}
	to := res.header.Get("Location")
	page := c.do("GET", to, "", nil, "Accept-Language", "nl-NL,nl").body
	if !strings.Contains(page, `<html lang="en">`) {
		t.Errorf("the link asked for English; the login page (%s) is %s", to, regexp.MustCompile(`<html lang="[a-z]+">`).FindString(page))
	}
	next := regexp.MustCompile(`name="next" value="([^"]*)"`).FindStringSubmatch(page)
	if next == nil {
		t.Fatalf("the login form does not carry the page asked for:\n%s", page)
	}
	res = c.form("POST", regexp.MustCompile(`action="([^"]*)"`).FindStringSubmatch(page)[1],
		url.Values{"email": {"admin@example.com"}, "password": {testPassword}, "next": {html.UnescapeString(next[1])}}, "Accept-Language", "nl-NL,nl")
	if got := res.header.Get("Location"); res.status != http.StatusSeeOther || got != "/?lang=en&period=month" {
		t.Errorf("after sign-in: %d to %q, want the page the link asked for", res.status, got)
	}
	if page := c.do("GET", res.header.Get("Location"), "", nil, "Accept-Language", "nl-NL,nl").body; !strings.Contains(page, `<html lang="en">`) {
		t.Errorf("the dashboard after sign-in is not English")
	}

	// Only a path on this server is gone on to: a link cannot send the user elsewhere.
	for _, elsewhere := range []string{"https://evil.example/", "//evil.example/", "/\\evil.example/", "javascript:alert(1)"} {
		res := ts.anonymous().form("POST", "/login", url.Values{"email": {"admin@example.com"}, "password": {testPassword}, "next": {elsewhere}})
		if got := res.header.Get("Location"); res.status != http.StatusSeeOther || got != "/" {
			t.Errorf("next=%q: %d to %q, want the overview", elsewhere, res.status, got)
		}
	}
}

// TestFailedSignInNamesOnlyAnAddress: a failed sign-in records the address typed as who tried,
// and only when it is an e-mail address of a possible length: a password typed in the e-mail
// field (a common slip) or a screenful of text is recorded as "(no address)", never as typed —
// the audit log holds no secret.
func TestFailedSignInNamesOnlyAnAddress(t *testing.T) {
	ts := startServer(t)
	long := strings.Repeat("a", 64) + "@" + strings.Repeat("b", 187) + ".nl" // 255 bytes, one more than RFC 5321 allows
	for _, tt := range []struct{ typed, want string }{
		{"nobody@example.com", "nobody@example.com"},
		{"admin@example.com", "admin@example.com"},
		{"Zomer2024!geheim", "(no address)"},
		{"Anna <anna@example.com>", "(no address)"},
		{long, "(no address)"},
	} {
		if res := ts.signIn("127.0.0.1", tt.typed, "not the password"); res.status != http.StatusUnauthorized {
			t.Fatalf("%q: %d, want 401", tt.typed, res.status)
		}
		var log struct{ Entries []cx.AuditEntry }
		res := ts.withToken("adminRead").get("/api/v1/audit?action=sign_in_failed&limit=1")
		res.json(t, &log)
		if len(log.Entries) != 1 || log.Entries[0].Actor != tt.want {
			t.Errorf("%q recorded as %+v, want %q", tt.typed, log.Entries, tt.want)
		}
		if tt.want != tt.typed && strings.Contains(res.body, tt.typed) {
			t.Errorf("%q reached the audit log", tt.typed)
		}
	}
}
