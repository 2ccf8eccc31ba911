package web

import (
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

// TestWallScreenIsRateLimited: a wall screen's link is the credential most likely to leak (it
// stands on a screen on the service floor, made to be opened without a login), and whoever holds
// it could ask for the wall's pages as fast as they like — every other credential is held to its
// bucket (allowRequest), the wall had none. It is held to a token's rate now, in a bucket of its
// own: the 429 says when to try again, and the maker's own session is not slowed by their wall.
// A token's burst is 3 here; a wall asks for a page every 20 seconds.
func TestWallScreenIsRateLimited(t *testing.T) {
	var clock atomic.Int64 // the server's clock, moved by the test
	clock.Store(time.Date(2026, 3, 25, 12, 0, 0, 0, time.UTC).UnixNano())
	ts := startServer(t, func(o *Options) {
		o.RatePerSecond, o.Burst = 1, 3
		o.Now = func() time.Time { return time.Unix(0, clock.Load()) }
	})
	admin := ts.login("admin@example.com")
	res := admin.form("POST", "/tokens/walls", url.Values{"name": {"Muur"}, "pages": {"overview"}})
	m := regexp.MustCompile(`/tv/connect#([A-Za-z0-9_-]{20,})`).FindStringSubmatch(res.body)
	if m == nil {
		t.Fatalf("no wall link: %d", res.status)
	}
	screen := ts.anonymous()
	if res := screen.form("POST", "/tv/connect", url.Values{"secret": {m[1]}}); res.status != http.StatusSeeOther {
		t.Fatalf("connecting: %d", res.status)
	}
	var got []string
	for range 5 {
		res := screen.get("/tv/slide/overview?lang=nl")
		if res.status == http.StatusTooManyRequests && res.header.Get("Retry-After") != "1" {
			t.Errorf("429 with Retry-After %q, want 1", res.header.Get("Retry-After"))
		}
		got = append(got, fmt.Sprint(res.status))
	}
	if runs := strings.Join(runsOf(got), " "); runs != "200×3 429×2" {
		t.Errorf("a wall screen's five pages at once: %s, want 200×3 429×2", runs)
	}
	if res := admin.get("/?lang=nl"); res.status != http.StatusOK {
		t.Errorf("the wall's maker after their wall's burst: %d, want 200 (the wall has a bucket of its own)", res.status)
	}
	clock.Add(int64(time.Second)) // a token's rate: one a second
	if res := screen.get("/tv/slide/overview?lang=nl"); res.status != http.StatusOK {
		t.Errorf("the wall a second later: %d, want 200", res.status)
	}
}
