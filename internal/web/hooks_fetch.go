package web

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"time"

	"github.com/klantpuls/klantpuls/internal/cx"
	"github.com/klantpuls/klantpuls/internal/hooks"
)

// Asking a tool's API back for what a webhook names only by its id (hooks/fetch.go says which
// URL; this file does the request). The receiver holds the tool's delivery open meanwhile, so
// the request is bounded: 5 seconds (tools wait some seconds for an answer, Shopify 5), an
// answer of at most hooks.MaxFetched bytes, and no redirect followed (the URL is the source
// file's, and a redirect elsewhere would carry the API token there).
const hookFetchTimeout = 5 * time.Second

// newHookClient is the client of fetching back, bounded by hookFetchTimeout. Tests replace it
// (Server.hookClient) with one whose transport reaches a stand-in on loopback; nothing else can.
func newHookClient() *http.Client {
	return &http.Client{Timeout: hookFetchTimeout,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
}

// hookFetcher asks the tool's API within ctx (the delivery's request: when the tool hangs up,
// the question is dropped). A 404 is the thing gone (nil, nil: the delivery writes what it
// holds); any other answer but 200, a timeout or a refused connection is an error.
func (s *Server) hookFetcher(ctx context.Context) hooks.Fetcher {
	return func(req *http.Request) ([]byte, error) {
		client := s.hookClient.Load()
		resp, err := client.Do(req.WithContext(ctx))
		if err != nil {
			return nil, hookFetchFailed(client, req, err)
		}
		defer resp.Body.Close()
		switch resp.StatusCode {
		case http.StatusOK:
		case http.StatusNotFound:
			return nil, nil
		default:
			return nil, fmt.Errorf("%s answered %s", req.URL.Host, resp.Status)
		}
		body, err := io.ReadAll(io.LimitReader(resp.Body, hooks.MaxFetched+1))
		switch {
		case err != nil:
			return nil, hookFetchFailed(client, req, err)
		case len(body) > hooks.MaxFetched:
			return nil, fmt.Errorf("%s answered more than %d bytes", req.URL.Host, hooks.MaxFetched)
		}
		return body, nil
	}
}

// hookFetchFailed says why a request of fetching back failed; a timeout (which the client
// reports in more than one way) as such.
func hookFetchFailed(client *http.Client, req *http.Request, err error) error {
	var ne net.Error
	if errors.Is(err, context.DeadlineExceeded) || errors.As(err, &ne) && ne.Timeout() {
		return fmt.Errorf("%s gave no answer within %v", req.URL.Host, client.Timeout)
	}
	return fmt.Errorf("asking %s: %v", req.URL.Host, err)
}

// hookReadRefusal is the answer to a verified delivery that could not be read. One whose tool's
// API could not be asked (a timeout, a refused token, its own error, hooks.ErrFetch) holds only
// ids: written now it would lack what the connection's token is there to add, and answered 2xx
// it would never come again. So it is answered 503, which the tool retries, with Retry-After
// set on w. Any other is 422. Nothing of either is written.
func hookReadRefusal(w http.ResponseWriter, err error) Problem {
	if errors.Is(err, hooks.ErrFetch) {
		setRetryAfter(w, time.Minute)
		return hookRefused(http.StatusServiceUnavailable, cx.Refuse(cx.EUNAVAILABLE, "", "hook_fetch_failed",
			"%v; nothing was written, send it again (a refused token: give the connection a new one)", err))
	}
	return hookRefused(http.StatusUnprocessableEntity, cx.Refuse(cx.EINVALID, "", "hook_unreadable", "%v; nothing was written", err))
}
