package web

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"testing"
)

// TestFailAfterTheDeadline: an error met after the request's time ran out is the timeout's 503,
// not a 500 (a ClickHouse read reports the deadline as a network timeout, and the handler may
// answer before http.TimeoutHandler does); before the deadline the same error stays a 500.
func TestFailAfterTheDeadline(t *testing.T) {
	s := &Server{log: slog.New(slog.NewTextHandler(io.Discard, nil))}
	err := errors.New("clickhouse: unable to query the tickets: read tcp: i/o timeout")
	for _, c := range []struct {
		name string
		ctx  func() (context.Context, context.CancelFunc)
		want int
	}{
		{"in time", func() (context.Context, context.CancelFunc) { return context.WithCancel(context.Background()) }, http.StatusInternalServerError},
		{"after the deadline", func() (context.Context, context.CancelFunc) { return context.WithTimeout(context.Background(), -1) }, http.StatusServiceUnavailable},
	} {
		t.Run(c.name, func(t *testing.T) {
			ctx, cancel := c.ctx()
			defer cancel()
			w := httptest.NewRecorder()
			s.fail(w, httptest.NewRequest(http.MethodGet, "/api/v1/series", nil).WithContext(ctx), err)
			if w.Code != c.want {
				t.Errorf("status %d; want %d (%s)", w.Code, c.want, w.Body)
			}
		})
	}
}
