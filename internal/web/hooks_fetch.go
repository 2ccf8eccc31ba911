package web

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"time"

	"github.com/klantpuls/klantpuls/internal/hooks"
)

// Asking a tool's API back for what a webhook names only by its id (hooks/fetch.go says which
// URL; this file does the request). The receiver holds the tool's delivery open meanwhile, so
// the request is bounded: 5 seconds (tools wait some seconds for an answer, Shopify 5), an
// answer of at most hooks.MaxFetched bytes, and no redirect followed (the URL is the source
// file's, and a redirect elsewhere would carry the API token there).
const hookFetchTimeout = 5 * time.Second

// newHookClient is the client of fetching back, bounded by hookFetchTimeout. Tests replace its
// transport to reach a stand-in on loopback, and its timeout; nothing else can change either.
func newHookClient() *http.Client {
	return &http.Client{Timeout: hookFetchTimeout,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
}

// hookFetcher asks the tool's API within ctx (the delivery's request: when the tool hangs up,
// the question is dropped). A 404 is the thing gone (nil, nil: the delivery writes what it
// holds); any other answer but 200, a timeout or a refused connection is an error.
func (s *Server) hookFetcher(ctx context.Context) hooks.Fetcher {
	return func(req *http.Request) ([]byte, error) {
		resp, err := s.hookClient.Do(req.WithContext(ctx))
		if err != nil {
			return nil, err
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
			return nil, fmt.Errorf("reading %s's answer: %v", req.URL.Host, err)
		case len(body) > hooks.MaxFetched:
			return nil, fmt.Errorf("%s answered more than %d bytes", req.URL.Host, hooks.MaxFetched)
		}
		return body, nil
	}
}
