package web

import (
	"fmt"
	"testing"
	"time"
)

// TestCounter: a counter takes max uses of a key for keep from its first, gives none back in
// between (a bucket would), forgets the key after keep, and holds no more than share keys of a
// group; a group at its share takes no room of another's, and a key is counted once, whatever
// group it comes in.
func TestCounter(t *testing.T) {
	type use struct {
		group, key string
		at         time.Duration
	}
	t0 := time.Date(2026, 3, 10, 9, 0, 0, 0, time.UTC)
	for _, tt := range []struct {
		name string
		uses []use
		want string
	}{
		{"three, then none all day", []use{{"s", "a", 0}, {"s", "a", time.Minute}, {"s", "a", time.Hour}, {"s", "a", 2 * time.Hour}, {"s", "a", 23*time.Hour + 59*time.Minute}},
			"[ok ok ok wait 22h0m0s wait 1m0s]"},
		{"forgotten after keep", []use{{"s", "a", 0}, {"s", "a", 0}, {"s", "a", 0}, {"s", "a", 24 * time.Hour}, {"s", "a", 25 * time.Hour}},
			"[ok ok ok ok ok]"},
		// The third waits until a, the oldest, is forgotten: 22 hours.
		{"two keys fill a group; a third waits for room", []use{{"s", "a", 0}, {"s", "b", time.Hour}, {"s", "c", 2 * time.Hour}, {"s", "b", 3 * time.Hour}, {"s", "c", 24*time.Hour + time.Minute}},
			"[ok ok wait 22h0m0s ok ok]"},
		{"a full group takes no room of another's", []use{{"s", "a", 0}, {"s", "b", 0}, {"s", "c", 0}, {"t", "d", time.Hour}, {"t", "e", time.Hour}, {"t", "f", time.Hour}},
			"[ok ok wait 24h0m0s ok ok wait 24h0m0s]"},
		// A widget token is its survey's, which several sites may show: its three are three
		// wherever they are sent, and it takes no room of the second group.
		{"a key is counted once in any group", []use{{"s", "a", 0}, {"t", "a", time.Hour}, {"s", "a", 2 * time.Hour}, {"t", "a", 3 * time.Hour}, {"t", "b", 3 * time.Hour}, {"t", "c", 3 * time.Hour}, {"t", "d", 3 * time.Hour}},
			"[ok ok ok wait 21h0m0s ok ok wait 24h0m0s]"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			c := newCounter(3, 24*time.Hour, 2)
			var got []string
			for _, u := range tt.uses {
				got = append(got, outcome(c.take(u.group, u.key, t0.Add(u.at))))
			}
			if fmt.Sprint(got) != fmt.Sprint(tt.want) {
				t.Errorf("got %v, want %s", got, tt.want)
			}
		})
	}
}

// outcome is a use taken ("ok") or refused ("wait 9m59s"), the wait in whole seconds as
// Retry-After gives it (a bucket's refill is a float).
func outcome(ok bool, retry time.Duration) string {
	if ok {
		return "ok"
	}
	return "wait " + retry.Round(time.Second).String()
}

// TestLimiterForgets: a limiter forgets a bucket only once it is full again, and holds no more
// than size buckets, giving the place of the least recently used to a new key rather than
// refusing it. Each case is a bucket of 2 refilled one every 10 minutes, as slow as a widget
// site's (full 20 minutes after its last use; a site's, 33), in a limiter of 3 keys.
func TestLimiterForgets(t *testing.T) {
	type ask struct {
		key string
		at  time.Duration
	}
	t0 := time.Date(2026, 3, 10, 9, 0, 0, 0, time.UTC)
	for _, tt := range []struct {
		name string
		asks []ask
		want string
	}{
		// Forgotten after 10 minutes unused, as it was, it came back full: 2 more at once.
		{"kept until full again", []ask{{"a", 0}, {"a", 0}, {"a", 0}, {"a", 11 * time.Minute}, {"a", 11 * time.Minute}},
			"[ok ok wait 10m0s ok wait 9m0s]"},
		{"a full bucket is as a new one", []ask{{"a", 0}, {"a", 0}, {"a", 20 * time.Minute}, {"a", 20 * time.Minute}, {"a", 20 * time.Minute}},
			"[ok ok ok ok wait 10m0s]"},
		// a, held back and tried again, is the most recently used when d comes: b goes, and a
		// stays held back.
		{"full: the least recently used goes", []ask{{"a", 0}, {"a", 0}, {"b", 0}, {"c", 0}, {"a", time.Second}, {"d", time.Second}, {"a", time.Second}},
			"[ok ok ok ok wait 9m59s ok wait 9m59s]"},
		{"a new key is never refused for room", []ask{{"a", 0}, {"b", 0}, {"c", 0}, {"d", 0}, {"e", 0}, {"f", 0}},
			"[ok ok ok ok ok ok]"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			l := newLimiter(1.0/600, 2)
			l.size = 3
			var got []string
			for _, a := range tt.asks {
				got = append(got, outcome(l.allow(a.key, t0.Add(a.at))))
				if len(l.buckets) > l.size || l.order.Len() != len(l.buckets) {
					t.Fatalf("%d buckets, %d in order; at most %d", len(l.buckets), l.order.Len(), l.size)
				}
			}
			if fmt.Sprint(got) != tt.want {
				t.Errorf("got %v, want %s", got, tt.want)
			}
		})
	}
}

// TestLimiterBoundAgainstRotatingAddresses: a script from ever new IPv6 networks (a /48 holds
// 65,536 /64s) asks as a sign-in would; the limiter's memory stays at limiterKeys buckets.
// Before the bound it kept one per network for 10 minutes: 3 × limiterKeys here.
func TestLimiterBoundAgainstRotatingAddresses(t *testing.T) {
	l := newLimiter(addrFailuresPerSecond, addrFailuresBurst)
	now := time.Date(2026, 3, 10, 9, 0, 0, 0, time.UTC)
	for i := range 3 * limiterKeys {
		l.unspent(fmt.Sprintf("login:2001:db8:%x:%x::/64", i>>16, i&0xffff), now)
		l.spend(fmt.Sprintf("login:2001:db8:%x:%x::/64", i>>16, i&0xffff), now)
	}
	if len(l.buckets) != limiterKeys {
		t.Errorf("%d buckets after %d networks, want %d", len(l.buckets), 3*limiterKeys, limiterKeys)
	}
}
