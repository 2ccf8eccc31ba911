// Package hook delivers alerts as JSON webhooks: in the shape Slack's incoming webhooks take
// (an object with at least a "text" field), which Mattermost, Rocket.Chat, Google Chat and most
// automation tools accept as well, or as a Microsoft Teams card (format.go).
package hook

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/klantpuls/klantpuls/internal/cx"
)

// Defaults for a zero Hook.
const (
	DefaultRetries = 3
	DefaultBackoff = 2 * time.Second
	// MaxRetryAfter caps how long a Retry-After header may make Post wait: an alert that
	// arrives an hour late has lost its point, and a misbehaving endpoint must not hold the
	// caller for that long.
	MaxRetryAfter = 30 * time.Second
	// attemptTimeout bounds one attempt on the default client; chat services answer in well
	// under a second.
	attemptTimeout = 10 * time.Second
)

// defaultClient refuses redirects: following one turns the POST into a GET and the alert
// would be lost while the endpoint answers 200.
var defaultClient = &http.Client{
	Timeout: attemptTimeout,
	CheckRedirect: func(*http.Request, []*http.Request) error {
		return http.ErrUseLastResponse
	},
}

// Hook posts webhooks. The zero value is ready to use; a Hook is safe for concurrent use.
type Hook struct {
	Client  *http.Client  // nil: a client with a 10 s timeout per attempt that follows no redirects
	Retries int           // attempts after the first; 0: DefaultRetries; negative: none
	Backoff time.Duration // wait before the first retry, doubled before each next; 0: DefaultBackoff
	// Secret, when set, signs each post (SignatureHeader, sign.go) so a receiver can tell an
	// alert of this klantpuls from anyone's POST. klantpuls serve takes it from
	// $KLANTPULS_WEBHOOK_SECRET.
	Secret []byte
	// now is the clock of the signature's time; tests set it.
	now func() time.Time

	// wait pauses between attempts; tests replace it to see the waits without taking them.
	wait func(ctx context.Context, d time.Duration) error
}

// Post sends payload as JSON to rawURL. It returns nil once the endpoint answered 2xx. A 4xx
// answer (other than 408 and 429) means the request itself is wrong and is returned at once; a
// 5xx, 408 or 429 answer or a network error is retried after the backoff, or after the time a
// Retry-After header asks for (at most MaxRetryAfter). When every attempt failed, or ctx ended,
// Post returns the last error.
//
// Errors name the endpoint's host but never its full URL: the path of a Slack webhook is its
// secret, and errors end up in logs.
func (h *Hook) Post(ctx context.Context, rawURL string, payload any) error {
	if err := ValidateURL(rawURL); err != nil {
		return err
	}
	rawURL = strings.TrimSpace(rawURL)
	body, err := marshal(payload)
	if err != nil {
		return err
	}
	retries, backoff := h.Retries, h.Backoff
	if retries == 0 {
		retries = DefaultRetries
	}
	if backoff <= 0 {
		backoff = DefaultBackoff
	}
	wait := h.wait
	if wait == nil {
		wait = Sleep
	}
	for attempt := 0; ; attempt++ {
		retryAfter, err := h.attempt(ctx, rawURL, body)
		if err == nil {
			return nil
		}
		var p *permanentError
		if errors.As(err, &p) || attempt >= retries {
			return err
		}
		if ctx.Err() != nil {
			return err
		}
		delay := backoff << min(attempt, 16) // bounded shift: no overflow whatever Retries says
		if retryAfter >= 0 {
			delay = min(retryAfter, MaxRetryAfter)
		}
		if werr := wait(ctx, delay); werr != nil {
			return fmt.Errorf("%w; last attempt: %w", werr, err)
		}
	}
}

// PostOnce is Post with one attempt and no retries, for a caller that keeps its own (package
// alert's queue): a failing endpoint then costs it one attempt, not the waits between retries.
func (h *Hook) PostOnce(ctx context.Context, rawURL string, payload any) error {
	once := *h
	once.Retries = -1
	return once.Post(ctx, rawURL, payload)
}

// attempt posts once. It returns the delay a Retry-After header asks for, or -1 without one.
func (h *Hook) attempt(ctx context.Context, rawURL string, body []byte) (time.Duration, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, rawURL, bytes.NewReader(body))
	if err != nil {
		return -1, &permanentError{fmt.Errorf("hook: %w", err)}
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("User-Agent", "klantpuls")
	if len(h.Secret) > 0 {
		now := h.now
		if now == nil {
			now = time.Now
		}
		req.Header.Set(SignatureHeader, Sign(h.Secret, body, now()))
	}
	host := req.URL.Host
	client := h.Client
	if client == nil {
		client = defaultClient
	}
	resp, err := client.Do(req)
	if err != nil {
		// *url.Error repeats the whole URL, secret path included; keep only its cause.
		var uerr *url.Error
		if errors.As(err, &uerr) {
			err = uerr.Err
		}
		if ctx.Err() != nil {
			err = ctx.Err()
		}
		return -1, fmt.Errorf("hook: post to %s: %w", host, err)
	}
	defer resp.Body.Close()
	// Read a little of the answer for the error message (Slack says why: "invalid_payload"),
	// and drain a bounded amount so the connection can be reused.
	excerpt, _ := io.ReadAll(io.LimitReader(resp.Body, 200))
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10))
	if resp.StatusCode >= 200 && resp.StatusCode < 300 {
		return -1, nil
	}
	err = fmt.Errorf("hook: post to %s: %s%s", host, resp.Status, quote(excerpt))
	switch {
	case resp.StatusCode == http.StatusRequestTimeout, resp.StatusCode == http.StatusTooManyRequests,
		resp.StatusCode >= 500:
		return RetryAfter(resp.Header.Get("Retry-After"), time.Now()), err
	}
	// A redirect (not followed, see defaultClient) or a 4xx: the same request will fail again.
	return -1, &permanentError{err}
}

// RetryAfter reads a Retry-After header, seconds or an HTTP date (RFC 9110 section 10.2.3);
// -1 when absent or unreadable. internal/pull reads a 429's header with it too.
func RetryAfter(v string, now time.Time) time.Duration {
	v = strings.TrimSpace(v)
	if v == "" {
		return -1
	}
	s, err := strconv.Atoi(v)
	switch {
	case err == nil && s > int(math.MaxInt64/time.Second), errors.Is(err, strconv.ErrRange) && v[0] != '-':
		// More seconds than a Duration holds: the longest wait, which every caller bounds or
		// refuses. Multiplied, they wrapped round to any wait, a short one too (18446744074 s
		// to 0.29 s), and the next request went long before the server allowed it.
		return math.MaxInt64
	case err == nil && s >= 0:
		return time.Duration(s) * time.Second
	}
	if t, err := http.ParseTime(v); err == nil {
		return max(t.Sub(now), 0)
	}
	return -1
}

func quote(excerpt []byte) string {
	s := strings.TrimSpace(strings.ToValidUTF8(string(excerpt), "?"))
	if s == "" {
		return ""
	}
	return ": " + strconv.Quote(s)
}

// marshal encodes payload and checks it is what a chat endpoint takes: an object with a
// non-empty string "text" (Slack and its kin), or with a non-empty "attachments" array (a
// Teams card). Anything else fails there with a 400, or posts an empty alert.
func marshal(payload any) ([]byte, error) {
	body, err := json.Marshal(payload)
	if err != nil {
		return nil, &permanentError{fmt.Errorf("hook: payload: %w", err)}
	}
	var fields struct {
		Text        *string           `json:"text"`
		Attachments []json.RawMessage `json:"attachments"`
	}
	err = json.Unmarshal(body, &fields)
	hasText := fields.Text != nil && strings.TrimSpace(*fields.Text) != ""
	if err != nil || (!hasText && len(fields.Attachments) == 0) {
		return nil, &permanentError{cx.Errorf(cx.EINVALID, "hook: payload: want a JSON object with a \"text\" field or \"attachments\"")}
	}
	return body, nil
}

// URLProblem is what CheckURL finds wrong with a webhook URL.
type URLProblem string

// The problems of a webhook URL.
const (
	URLFine     URLProblem = ""
	URLRequired URLProblem = "required"
	URLNotURL   URLProblem = "not_url"
	URLNoScheme URLProblem = "no_scheme"
	URLScheme   URLProblem = "scheme" // a scheme other than http or https, returned beside it
	URLNoHost   URLProblem = "no_host"
)

// urlProblems say the problems in English, for ValidateURL; package alert says them in the
// page's language.
var urlProblems = map[URLProblem]string{
	URLRequired: "required", URLNotURL: "not a URL", URLNoScheme: "no scheme: start it with https://",
	URLScheme: "scheme %q not allowed: use http or https", URLNoHost: "no host",
}

// CheckURL tells what keeps u from being a webhook, an absolute http or https URL with a host
// (URLFine: nothing), and the scheme it has when that is the problem.
func CheckURL(u string) (URLProblem, string) {
	parsed, err := url.Parse(strings.TrimSpace(u))
	switch {
	case strings.TrimSpace(u) == "":
		return URLRequired, ""
	case err != nil:
		return URLNotURL, ""
	case parsed.Scheme == "":
		return URLNoScheme, ""
	case parsed.Scheme != "http" && parsed.Scheme != "https":
		return URLScheme, parsed.Scheme
	case parsed.Hostname() == "":
		return URLNoHost, ""
	}
	return URLFine, ""
}

// ValidateURL checks that u can be a webhook (CheckURL). It says what is wrong without
// repeating the URL, whose path may be a secret.
func ValidateURL(u string) error {
	problem, scheme := CheckURL(u)
	switch problem {
	case URLFine:
		return nil
	case URLScheme:
		return cx.Errorf(cx.EINVALID, "webhook url: "+urlProblems[problem], scheme)
	}
	return cx.Errorf(cx.EINVALID, "webhook url: %s", urlProblems[problem])
}

// permanentError marks a failure that retrying cannot fix.
type permanentError struct{ err error }

func (e *permanentError) Error() string { return e.err.Error() }
func (e *permanentError) Unwrap() error { return e.err }

// Sleep waits d or until ctx ends, whichever comes first (internal/pull waits with it too).
func Sleep(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}
