package hook

import (
	"math"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"
)

// FuzzRetryAfter: a Retry-After header, whatever a server sends (a chat endpoint answering an
// alert, Zendesk or Freshdesk answering a sync), never panics; it is unreadable (-1) or a wait
// of at least what it asks — never a shorter one, which would send the next request before the
// server allows it.
func FuzzRetryAfter(f *testing.F) {
	for _, s := range []string{"", "0", "12", "-3", " 120 ", "Mon, 02 Mar 2026 10:00:45 GMT", "Mon, 02 Mar 2026 09:00:00 GMT",
		"later", "9223372036", "9223372037", "18446744074", "99999999999999999999", "+5", "1.5"} {
		f.Add(s)
	}
	now := time.Date(2026, 3, 2, 10, 0, 0, 0, time.UTC)
	f.Fuzz(func(t *testing.T, v string) {
		got := RetryAfter(v, now)
		if got == -1 {
			return
		}
		if got < 0 {
			t.Fatalf("RetryAfter(%q) = %v", v, got)
		}
		if s, err := strconv.ParseUint(strings.TrimSpace(v), 10, 64); err == nil {
			if asked := math.Min(float64(s)*1e9, math.MaxInt64); float64(got) < asked*(1-1e-9) {
				t.Errorf("RetryAfter(%q) = %v, shorter than the %d s asked", v, got, s)
			}
		}
		if at, err := http.ParseTime(strings.TrimSpace(v)); err == nil && at.After(now) && got != at.Sub(now) {
			t.Errorf("RetryAfter(%q) = %v, want %v", v, got, at.Sub(now))
		}
	})
}
