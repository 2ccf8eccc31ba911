package web

import (
	"net/http/httptest"
	"testing"
	"time"
)

// TestRetryAfterSaysTheWait: Retry-After is a wait in whole seconds rounded up, so that a
// client waiting them is let in, and at least one (RFC 9110 §10.2.3 takes any delay-seconds;
// "0" would ask for the refused request again at once); the sign-in hold kept the one, the 429
// of the other limits did not, for a wait of none. And a refusal to wait said "try again in 1
// seconds" — "1 seconden" in Dutch. The wait is said as the login page says it (waitIn): one
// second in the singular, up to two minutes in seconds, longer waits in whole minutes rounded
// up; in both languages, and in the English the API and the command line keep. Retry-After
// says the seconds whatever the words.
func TestRetryAfterSaysTheWait(t *testing.T) {
	for _, tt := range []struct {
		name   string
		retry  time.Duration
		header string
		nl, en string // the wait as said in each language
	}{
		{"none", 0, "1", "1 seconde", "1 second"},
		{"a millisecond", time.Millisecond, "1", "1 seconde", "1 second"},
		{"under a second", 300 * time.Millisecond, "1", "1 seconde", "1 second"},
		{"one second", time.Second, "1", "1 seconde", "1 second"},
		{"a second and a bit", 1001 * time.Millisecond, "2", "2 seconden", "2 seconds"},
		{"a second and a half", 1500 * time.Millisecond, "2", "2 seconden", "2 seconds"},
		{"a minute", time.Minute, "60", "60 seconden", "60 seconds"},
		{"a second short of two minutes", 119 * time.Second, "119", "119 seconden", "119 seconds"},
		// 150 seconds: 2.5 minutes, rounded up to 3; Retry-After still says the seconds.
		{"two and a half minutes", 150 * time.Second, "150", "3 minuten", "3 minutes"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			w := httptest.NewRecorder()
			err := retryAfter(w, tt.retry)
			if got := w.Header().Get("Retry-After"); got != tt.header {
				t.Errorf("Retry-After for %v = %q, want %q", tt.retry, got, tt.header)
			}
			if got, _ := said("nl", err); got != "Te veel verzoeken kort na elkaar. Probeer het over "+tt.nl+" opnieuw." {
				t.Errorf("nl: %q, want the wait %q", got, tt.nl)
			}
			if got, _ := said("en", err); got != "Too many requests in a short time. Try again in "+tt.en+"." {
				t.Errorf("en: %q, want the wait %q", got, tt.en)
			}
			if got, want := err.Error(), "too many requests; try again in "+tt.en; got != want {
				t.Errorf("message: %q\nwant %q", got, want)
			}
		})
	}
}
