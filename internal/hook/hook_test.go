package hook

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"math"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/klantpuls/klantpuls/internal/cx"
)

// reply is one answer of the test endpoint.
type reply struct {
	status     int
	retryAfter string
	body       string
}

// endpoint is a webhook receiver that gives the replies in order (the last one again once
// they run out) and records what it received.
type endpoint struct {
	*httptest.Server
	mu       sync.Mutex
	replies  []reply
	requests []*http.Request
	bodies   []string
}

func newEndpoint(t *testing.T, replies ...reply) *endpoint {
	e := &endpoint{replies: replies}
	e.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		e.mu.Lock()
		n := len(e.requests)
		e.requests = append(e.requests, r)
		e.bodies = append(e.bodies, string(body))
		rep := e.replies[min(n, len(e.replies)-1)]
		e.mu.Unlock()
		if rep.retryAfter != "" {
			w.Header().Set("Retry-After", rep.retryAfter)
		}
		if rep.status == http.StatusFound {
			w.Header().Set("Location", "/elsewhere")
		}
		w.WriteHeader(rep.status)
		io.WriteString(w, rep.body)
	}))
	t.Cleanup(e.Close)
	return e
}

func (e *endpoint) attempts() int {
	e.mu.Lock()
	defer e.mu.Unlock()
	return len(e.requests)
}

// secretPath stands for the token in a Slack webhook URL, which no error may repeat.
const secretPath = "/services/T0000/B0000/XXXXSECRETXXXX"

func TestPost(t *testing.T) {
	const backoff = 100 * time.Millisecond
	tests := []struct {
		name      string
		replies   []reply
		retries   int
		wantErr   string // part of the error, "" for success
		attempts  int
		waits     []time.Duration
		permanent bool
	}{
		{name: "delivered", replies: []reply{{status: 200, body: "ok"}}, attempts: 1},
		{name: "204 is delivered too", replies: []reply{{status: 204}}, attempts: 1},
		{
			name:     "retried after a 503, then delivered",
			replies:  []reply{{status: 503}, {status: 200}},
			attempts: 2, waits: []time.Duration{backoff},
		},
		{
			name:     "backoff doubles until the retries run out",
			replies:  []reply{{status: 502, body: "bad gateway"}},
			wantErr:  `502 Bad Gateway: "bad gateway"`,
			attempts: 4, waits: []time.Duration{backoff, 2 * backoff, 4 * backoff},
		},
		{
			name:    "fewer retries",
			replies: []reply{{status: 500}}, retries: 1,
			wantErr: "500", attempts: 2, waits: []time.Duration{backoff},
		},
		{
			name:    "no retries",
			replies: []reply{{status: 500}}, retries: -1,
			wantErr: "500", attempts: 1,
		},
		{
			name:    "no retry after a 400",
			replies: []reply{{status: 400, body: "invalid_payload"}},
			wantErr: `400 Bad Request: "invalid_payload"`, attempts: 1, permanent: true,
		},
		{
			name:    "no retry after a 404",
			replies: []reply{{status: 404, body: "no_service"}},
			wantErr: "404", attempts: 1, permanent: true,
		},
		{
			name:    "redirect not followed",
			replies: []reply{{status: http.StatusFound}},
			wantErr: "302", attempts: 1, permanent: true,
		},
		{
			name:     "408 is retried",
			replies:  []reply{{status: 408}, {status: 200}},
			attempts: 2, waits: []time.Duration{backoff},
		},
		{
			name:     "Retry-After in seconds honoured",
			replies:  []reply{{status: 429, retryAfter: "7"}, {status: 200}},
			attempts: 2, waits: []time.Duration{7 * time.Second},
		},
		{
			name:     "Retry-After capped at 30 s",
			replies:  []reply{{status: 503, retryAfter: "3600"}, {status: 200}},
			attempts: 2, waits: []time.Duration{MaxRetryAfter},
		},
		{
			name:     "unreadable Retry-After falls back to the backoff",
			replies:  []reply{{status: 503, retryAfter: "soon"}, {status: 200}},
			attempts: 2, waits: []time.Duration{backoff},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := newEndpoint(t, tt.replies...)
			var waits []time.Duration
			h := &Hook{Retries: tt.retries, Backoff: backoff, wait: func(_ context.Context, d time.Duration) error {
				waits = append(waits, d)
				return nil
			}}
			err := h.Post(context.Background(), e.URL+secretPath, map[string]any{"text": "NPS daalde naar 31 — €", "channel": "#cx"})
			switch {
			case tt.wantErr == "" && err != nil:
				t.Fatalf("err = %v", err)
			case tt.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tt.wantErr)):
				t.Fatalf("err = %v, want one with %q", err, tt.wantErr)
			case err != nil && strings.Contains(err.Error(), "SECRET"):
				t.Errorf("error shows the secret path: %v", err)
			}
			var p *permanentError
			if got := errors.As(err, &p); got != tt.permanent {
				t.Errorf("permanent = %v, want %v", got, tt.permanent)
			}
			if got := e.attempts(); got != tt.attempts {
				t.Errorf("%d attempts, want %d", got, tt.attempts)
			}
			if !equal(waits, tt.waits) {
				t.Errorf("waits %v, want %v", waits, tt.waits)
			}
			checkRequest(t, e)
		})
	}
}

func equal(a, b []time.Duration) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// checkRequest checks the first request: a JSON POST to the given path with the payload.
func checkRequest(t *testing.T, e *endpoint) {
	t.Helper()
	e.mu.Lock()
	defer e.mu.Unlock()
	r, body := e.requests[0], e.bodies[0]
	if r.Method != http.MethodPost || r.URL.Path != secretPath {
		t.Errorf("request %s %s, want POST %s", r.Method, r.URL.Path, secretPath)
	}
	if ct := r.Header.Get("Content-Type"); ct != "application/json" {
		t.Errorf("Content-Type = %q", ct)
	}
	var got map[string]string
	if err := json.Unmarshal([]byte(body), &got); err != nil || got["text"] != "NPS daalde naar 31 — €" || got["channel"] != "#cx" {
		t.Errorf("body %s (%v)", body, err)
	}
}

func TestPostRetriesNetworkErrors(t *testing.T) {
	e := newEndpoint(t, reply{status: 200})
	url := e.URL + secretPath
	e.Close() // nothing listens any more: connection refused
	var waits int
	h := &Hook{Retries: 2, wait: func(context.Context, time.Duration) error { waits++; return nil }}
	err := h.Post(context.Background(), url, map[string]string{"text": "x"})
	if err == nil || !strings.Contains(err.Error(), "refused") {
		t.Fatalf("err = %v, want connection refused", err)
	}
	if strings.Contains(err.Error(), "SECRET") {
		t.Errorf("error shows the secret path: %v", err)
	}
	if waits != 2 {
		t.Errorf("%d waits, want 2", waits)
	}
}

func TestPostWaitsForReal(t *testing.T) {
	e := newEndpoint(t, reply{status: 503}, reply{status: 200})
	h := &Hook{Backoff: time.Millisecond}
	if err := h.Post(context.Background(), e.URL, struct {
		Text string `json:"text"`
	}{"x"}); err != nil {
		t.Fatal(err)
	}
	if got := e.attempts(); got != 2 {
		t.Errorf("%d attempts, want 2", got)
	}
}

// TestPostOnce: a caller that keeps its own retries (package alert's queue) posts once, however
// many retries the Hook is set to, and learns of the failure at once.
func TestPostOnce(t *testing.T) {
	e := newEndpoint(t, reply{status: 503}, reply{status: 200})
	h := &Hook{Retries: 3, wait: func(context.Context, time.Duration) error { t.Error("PostOnce waited"); return nil }}
	if err := h.PostOnce(context.Background(), e.URL, map[string]string{"text": "x"}); err == nil || !strings.Contains(err.Error(), "503") {
		t.Errorf("err = %v, want the 503", err)
	}
	if got := e.attempts(); got != 1 {
		t.Errorf("%d attempts, want 1", got)
	}
	if h.Retries != 3 {
		t.Errorf("the Hook's retries became %d", h.Retries)
	}
}

func TestPostStopsWhenCancelled(t *testing.T) {
	e := newEndpoint(t, reply{status: 503})
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	// The real wait, for an hour, cancelled as it starts: Post must return at once.
	h := &Hook{Backoff: time.Hour, wait: func(ctx context.Context, d time.Duration) error {
		cancel()
		return Sleep(ctx, d)
	}}
	start := time.Now()
	err := h.Post(ctx, e.URL, map[string]string{"text": "x"})
	if !errors.Is(err, context.Canceled) || !strings.Contains(err.Error(), "503") {
		t.Fatalf("err = %v, want context.Canceled with the last attempt's 503", err)
	}
	if elapsed := time.Since(start); elapsed > 5*time.Second {
		t.Errorf("returned after %s", elapsed)
	}
	if got := e.attempts(); got != 1 {
		t.Errorf("%d attempts, want 1", got)
	}
}

func TestPostCancelledDuringAnAttempt(t *testing.T) {
	release := make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select { // hang until the client gives up or the test ends
		case <-r.Context().Done():
		case <-release:
		}
	}))
	t.Cleanup(srv.Close)
	t.Cleanup(func() { close(release) })
	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	err := (&Hook{Backoff: time.Hour}).Post(ctx, srv.URL, map[string]string{"text": "x"})
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("err = %v, want context.DeadlineExceeded", err)
	}
}

func TestPostRefusesBadInput(t *testing.T) {
	e := newEndpoint(t, reply{status: 200})
	tests := []struct {
		name    string
		url     string
		payload any
		want    string
	}{
		{name: "no text field", url: e.URL, payload: map[string]int{"count": 1}, want: `"text"`},
		{name: "empty text", url: e.URL, payload: map[string]string{"text": " "}, want: `"text"`},
		{name: "not an object", url: e.URL, payload: []string{"text"}, want: `"text"`},
		{name: "not JSON", url: e.URL, payload: func() {}, want: "payload"},
		{name: "bad URL", url: "ftp://example.com/x", payload: map[string]string{"text": "x"}, want: "scheme"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := (&Hook{}).Post(context.Background(), tt.url, tt.payload)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("err = %v, want one with %q", err, tt.want)
			}
		})
	}
	if got := e.attempts(); got != 0 {
		t.Errorf("%d requests sent for bad input", got)
	}
}

func TestValidateURL(t *testing.T) {
	tests := []struct {
		url  string
		want string // the error, "" for valid
	}{
		{url: "https://hooks.slack.com/services/T0/B0/x"},
		{url: "http://127.0.0.1:8065/hooks/abc"},
		{url: " https://chat.example.nl/hook "},
		{url: "HTTPS://chat.example.nl/hook"},
		{url: "javascript:alert(1)", want: `webhook url: scheme "javascript" not allowed: use http or https`},
		{url: "ftp://x", want: `webhook url: scheme "ftp" not allowed: use http or https`},
		{url: "file:///etc/passwd", want: `webhook url: scheme "file" not allowed: use http or https`},
		{url: "http://", want: "webhook url: no host"},
		{url: "https://:443/x", want: "webhook url: no host"},
		{url: "hooks.slack.com/services/x", want: "webhook url: no scheme: start it with https://"},
		{url: "", want: "webhook url: required"},
		{url: "https://exa mple.com", want: "webhook url: not a URL"},
	}
	for _, tt := range tests {
		t.Run(tt.url, func(t *testing.T) {
			err := ValidateURL(tt.url)
			if tt.want == "" {
				if err != nil {
					t.Fatalf("err = %v, want none", err)
				}
				return
			}
			if err == nil || err.Error() != tt.want {
				t.Fatalf("err = %v, want %q", err, tt.want)
			}
			if cx.ErrorCode(err) != cx.EINVALID {
				t.Errorf("code %q, want %q", cx.ErrorCode(err), cx.EINVALID)
			}
		})
	}
}

func TestRetryAfter(t *testing.T) {
	now := time.Date(2026, 3, 2, 10, 0, 0, 0, time.UTC)
	tests := []struct {
		header string
		want   time.Duration
	}{
		{"", -1},
		{"0", 0},
		{"12", 12 * time.Second},
		{"-3", -1},
		{"Mon, 02 Mar 2026 10:00:45 GMT", 45 * time.Second},
		{"Mon, 02 Mar 2026 09:00:00 GMT", 0},
		{"later", -1},
		// Seconds past what a Duration holds (2^63-1 ns, 9223372036.85 s) are the longest wait,
		// not wrapped round: 18446744074 s times 10^9 ns is 2^64 ns and 290448384 ns more.
		{"9223372036", 9223372036 * time.Second},
		{"9223372037", math.MaxInt64},
		{"18446744074", math.MaxInt64},
		{"99999999999999999999", math.MaxInt64},
	}
	for _, tt := range tests {
		if got := RetryAfter(tt.header, now); got != tt.want {
			t.Errorf("RetryAfter(%q) = %s, want %s", tt.header, got, tt.want)
		}
	}
}

func TestDefaultClientTimesOutEachAttempt(t *testing.T) {
	if defaultClient.Timeout != 10*time.Second {
		t.Errorf("default client timeout %s, want 10s", defaultClient.Timeout)
	}
}
