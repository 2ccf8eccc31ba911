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
// seconds" — "1 seconden" in Dutch. The wait is said as the login page says it (waitText): one
// second in the singular, up to two minutes in seconds, longer waits in whole minutes rounded
// up; in both languages, and in the English the API and the command line keep. Retry-After
// says the seconds whatever the words.
func TestRetryAfterSaysTheWait(t *testing.T) {
	for _, tt := range []struct {
		name          string
		retry         time.Duration
		header        string
		nl, en, plain string
	}{
		{"none", 0, "1", "Te veel verzoeken kort na elkaar. Probeer het over 1 seconde opnieuw.",
			"Too many requests in a short time. Try again in 1 second.", "too many requests; try again in 1 second"},
		{"a millisecond", time.Millisecond, "1", "Te veel verzoeken kort na elkaar. Probeer het over 1 seconde opnieuw.",
			"Too many requests in a short time. Try again in 1 second.", "too many requests; try again in 1 second"},
		{"under a second", 300 * time.Millisecond, "1", "Te veel verzoeken kort na elkaar. Probeer het over 1 seconde opnieuw.",
			"Too many requests in a short time. Try again in 1 second.", "too many requests; try again in 1 second"},
		{"one second", time.Second, "1", "Te veel verzoeken kort na elkaar. Probeer het over 1 seconde opnieuw.",
			"Too many requests in a short time. Try again in 1 second.", "too many requests; try again in 1 second"},
		{"a second and a bit", 1001 * time.Millisecond, "2", "Te veel verzoeken kort na elkaar. Probeer het over 2 seconden opnieuw.",
			"Too many requests in a short time. Try again in 2 seconds.", "too many requests; try again in 2 seconds"},
		{"a second and a half", 1500 * time.Millisecond, "2", "Te veel verzoeken kort na elkaar. Probeer het over 2 seconden opnieuw.",
			"Too many requests in a short time. Try again in 2 seconds.", "too many requests; try again in 2 seconds"},
		{"a minute", time.Minute, "60", "Te veel verzoeken kort na elkaar. Probeer het over 60 seconden opnieuw.",
			"Too many requests in a short time. Try again in 60 seconds.", "too many requests; try again in 60 seconds"},
		{"a second short of two minutes", 119 * time.Second, "119", "Te veel verzoeken kort na elkaar. Probeer het over 119 seconden opnieuw.",
			"Too many requests in a short time. Try again in 119 seconds.", "too many requests; try again in 119 seconds"},
		// 150 seconds: 2.5 minutes, rounded up to 3; Retry-After still says the seconds.
		{"two and a half minutes", 150 * time.Second, "150", "Te veel verzoeken kort na elkaar. Probeer het over 3 minuten opnieuw.",
			"Too many requests in a short time. Try again in 3 minutes.", "too many requests; try again in 3 minutes"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			w := httptest.NewRecorder()
			err := retryAfter(w, tt.retry)
			if got := w.Header().Get("Retry-After"); got != tt.header {
				t.Errorf("Retry-After for %v = %q, want %q", tt.retry, got, tt.header)
			}
			if got, _ := said("nl", err); got != tt.nl {
				t.Errorf("nl: %q\nwant %q", got, tt.nl)
			}
			if got, _ := said("en", err); got != tt.en {
				t.Errorf("en: %q\nwant %q", got, tt.en)
			}
			if got := err.Error(); got != tt.plain {
				t.Errorf("message: %q\nwant %q", got, tt.plain)
			}
		})
	}
}
