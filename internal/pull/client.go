package pull

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/klantpuls/klantpuls/internal/config"
	"github.com/klantpuls/klantpuls/internal/hook"
	"github.com/klantpuls/klantpuls/internal/importer"
)

// Client asks one service's API for pages of JSON: with its credentials, at the pace the
// service allows, waiting as long as a 429 Too Many Requests asks (within MaxWait), and turning
// every answer that is not a page of JSON into an error that names the URL and what to check.
type Client struct {
	Service string       // Zendesk or Freshdesk, for messages
	Base    *url.URL     // https://acme.zendesk.com; BaseURL checks it
	User    string       // basic auth: Zendesk's {email}/token, Freshdesk's API key
	Secret  string       // basic auth: Zendesk's API token, Freshdesk's X
	Check   *Said        // what a 401 or 403 asks the user to check
	HTTP    *http.Client // nil: one with a 60 s timeout
	// MaxWait bounds a wait a 429 asks for: a longer one stops the sync with an error (the
	// next run continues where it stopped); 0 is 5 minutes.
	MaxWait time.Duration
	// Sleep waits d or until ctx ends (tests record the waits instead); nil sleeps.
	Sleep func(ctx context.Context, d time.Duration) error
	Now   func() time.Time

	next  time.Time // the earliest time of the next request (a wait asked for, a limit used up)
	paced time.Time // the earliest time of the next request with a gap
}

// maxPage bounds a page's size: the largest documented page (1,000 Zendesk tickets with their
// metric sets) is a few megabytes.
const maxPage = 64 << 20

// maxRetries is how many 429s in a row one request takes before it gives up.
const maxRetries = 5

// HTTPError is an answer with a status other than 200, or one that is not a page of JSON.
type HTTPError struct {
	URL    string
	Status int
	Reason *Said
}

func (e *HTTPError) Error() string { return e.URL + ": " + e.Reason.Error() }

// In words e in l (Said).
func (e *HTTPError) In(l importer.Lang) string { return e.URL + ": " + e.Reason.In(l) }

// BaseURL checks a service's address (config.ServiceURL: https, or http to this machine).
func BaseURL(setting, raw string) (*url.URL, error) { return config.ServiceURL(setting, raw) }

// URL makes the address of path with query on the service.
func (c *Client) URL(path string, query url.Values) string {
	u := *c.Base
	u.Path = path
	u.RawQuery = query.Encode()
	return u.String()
}

// Get fetches one page and decodes it into v. gap is the least time since the previous
// request (a documented per-minute limit); the answer's headers are returned for the caller's
// own limits. Every error names the URL.
func (c *Client) Get(ctx context.Context, u string, gap time.Duration, v any) (http.Header, error) {
	for attempt := 0; ; attempt++ {
		until := c.next
		if gap > 0 && c.paced.After(until) {
			until = c.paced
		}
		if err := c.sleep(ctx, until.Sub(c.now())); err != nil {
			return nil, err
		}
		if gap > 0 {
			c.paced = c.now().Add(gap)
		}
		body, h, status, err := c.fetch(ctx, u)
		if err != nil {
			return nil, err
		}
		if status == http.StatusTooManyRequests || status == http.StatusServiceUnavailable && h.Get("Retry-After") != "" {
			wait, err := c.retryAfter(u, status, h.Get("Retry-After"))
			if err != nil {
				return nil, err
			}
			if attempt == maxRetries {
				return nil, &HTTPError{URL: u, Status: status, Reason: said(msgLimited, status, http.StatusText(status), maxRetries, c.Service)}
			}
			c.next = c.now().Add(wait)
			c.paced = c.next // the refused request is not counted twice: its retry is the pace's
			continue
		}
		if err := c.page(u, status, h, body, v); err != nil {
			return nil, err
		}
		return h, nil
	}
}

// fetch sends one GET and reads its answer, at most maxPage bytes of it.
func (c *Client) fetch(ctx context.Context, u string) ([]byte, http.Header, int, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		return nil, nil, 0, err
	}
	req.SetBasicAuth(c.User, c.Secret)
	req.Header.Set("Accept", "application/json")
	req.Header.Set("User-Agent", "klantpuls-sync")
	hc := c.HTTP
	if hc == nil {
		hc = &http.Client{Timeout: 60 * time.Second}
	}
	resp, err := hc.Do(req)
	if err != nil {
		if ctx.Err() != nil {
			return nil, nil, 0, ctx.Err()
		}
		return nil, nil, 0, &Said{Msg: msgUnreachable, Args: []any{u, err, c.Base.Host}, Cause: err}
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, maxPage+1))
	if err != nil {
		if ctx.Err() != nil {
			return nil, nil, 0, ctx.Err()
		}
		return nil, nil, 0, said(msgBrokeOff, u, len(body), err)
	}
	if len(body) > maxPage {
		return nil, nil, 0, &HTTPError{URL: u, Status: resp.StatusCode, Reason: said(msgTooLarge, maxPage>>20, c.Service)}
	}
	return body, resp.Header, resp.StatusCode, nil
}

// retryAfter reads Retry-After (seconds, or an HTTP date) and bounds it by MaxWait.
func (c *Client) retryAfter(u string, status int, h string) (time.Duration, error) {
	wait := hook.RetryAfter(h, c.now())
	if wait < 0 {
		wait = time.Minute // none given: the limits are per minute
	}
	limit := c.MaxWait
	if limit == 0 {
		limit = 5 * time.Minute
	}
	if wait > limit {
		return 0, &HTTPError{URL: u, Status: status, Reason: said(msgWaitTooLong, status, http.StatusText(status), c.Service, wait, h, limit)}
	}
	return wait, nil
}

// page checks that an answer is a page of JSON and decodes it.
func (c *Client) page(u string, status int, h http.Header, body []byte, v any) error {
	if status != http.StatusOK {
		return &HTTPError{URL: u, Status: status, Reason: c.statusReason(status, body)}
	}
	if t := strings.TrimLeft(string(body[:min(len(body), 64)]), " \t\r\n\ufeff"); t == "" || t[0] != '{' && t[0] != '[' {
		return &HTTPError{URL: u, Status: status, Reason: said(msgNotJSON, orNone(h.Get("Content-Type")), start(body), c.Base, c.Service)}
	}
	if err := json.Unmarshal(body, v); err != nil {
		var se *json.SyntaxError
		var te *json.UnmarshalTypeError
		switch {
		case errors.As(err, &se) && se.Offset >= int64(len(bytes.TrimRight(body, " \t\r\n"))) || errors.Is(err, io.ErrUnexpectedEOF):
			return &HTTPError{URL: u, Status: status, Reason: said(msgJSONBrokeOff, len(body))}
		case errors.As(err, &te):
			return &HTTPError{URL: u, Status: status, Reason: said(msgFieldType, te.Field, te.Value, c.Service)}
		}
		return &HTTPError{URL: u, Status: status, Reason: said(msgBadJSON, err)}
	}
	return nil
}

func (c *Client) statusReason(status int, body []byte) *Said {
	text := http.StatusText(status)
	switch {
	case status == http.StatusUnauthorized || status == http.StatusForbidden:
		return said(msgCredentials, status, text, c.Service, c.Check)
	case status == http.StatusNotFound:
		return said(msgNotFound, status, text, c.Base.String(), c.Service)
	case status >= 500:
		return said(msgServiceTrouble, status, text, c.Service)
	}
	return said(msgStatus, status, text, start(body))
}

func start(body []byte) string {
	s := strings.TrimSpace(string(body[:min(len(body), 80)]))
	return strings.ToValidUTF8(s, "?")
}

func orNone(s string) any {
	if s == "" {
		return said(msgNoContentType)
	}
	return s
}

func (c *Client) now() time.Time {
	if c.Now != nil {
		return c.Now()
	}
	return time.Now()
}

func (c *Client) sleep(ctx context.Context, d time.Duration) error {
	if d <= 0 {
		return ctx.Err()
	}
	if c.Sleep != nil {
		return c.Sleep(ctx, d)
	}
	return hook.Sleep(ctx, d)
}

// PauseUntil makes the next request wait until t (a limit used up, as Freshdesk's
// X-RateLimit-Remaining: 0 says).
func (c *Client) PauseUntil(t time.Time) {
	if t.After(c.next) {
		c.next = t
	}
}
