package web

import (
	"encoding/json"
	"fmt"
	"log/slog"
	"net/http"
	"time"
)

// heartbeat keeps a live stream open through proxies that close idle connections.
const heartbeat = 15 * time.Second

// live streams server-sent events: an "update" event each time records are committed (the
// next report shows them), and a comment line as a heartbeat. Dashboards reload their figures
// on each update.
func (s *Server) live(w http.ResponseWriter, r *http.Request) {
	release, ok := s.streams.take(streamKey(principalOf(r)))
	if !ok {
		s.problem(w, r, Problem{Status: http.StatusTooManyRequests,
			Detail: fmt.Sprintf("too many live streams open (at most %d for an account or wall screen); close a tab or screen", streamsPerAccount),
			cause:  retryAfter(w, streamRetry)})
		return
	}
	defer release()
	rc := http.NewResponseController(w)
	w.Header().Set("Content-Type", "text/event-stream")
	w.Header().Set("Cache-Control", "no-store")
	w.Header().Set("X-Accel-Buffering", "no") // nginx: do not buffer the stream
	changes, stop := s.app.Subscribe()
	defer stop()
	write := func(format string, args ...any) bool {
		// Without a deadline of its own the stream would end at the server's write timeout.
		if err := rc.SetWriteDeadline(time.Now().Add(heartbeat + 10*time.Second)); err != nil {
			s.log.WarnContext(r.Context(), "live stream ended: its write deadline cannot be set", slog.Any("error", err))
			return false
		}
		if _, err := fmt.Fprintf(w, format, args...); err != nil {
			return false
		}
		return rc.Flush() == nil
	}
	if !write("retry: 3000\n: connected\n\n") {
		return
	}
	tick := time.NewTicker(heartbeat)
	defer tick.Stop()
	for {
		select {
		case <-r.Context().Done():
			return
		case <-s.done:
			return
		case c := <-changes:
			if !s.stillAllowed(r) {
				return
			}
			data, err := json.Marshal(c)
			if err != nil { // the stream has begun: no problem can be answered, only logged
				s.log.ErrorContext(r.Context(), "live update cannot be written as JSON", slog.Any("error", err))
				continue
			}
			if !write("event: update\ndata: %s\n\n", data) {
				return
			}
		case <-tick.C:
			if !s.stillAllowed(r) || !write(": heartbeat\n\n") {
				return
			}
		}
	}
}

// stillAllowed looks the stream's credential up again (session, token or wall screen): a
// session ended, a token or wall screen revoked, ends the stream at the next update or
// heartbeat. One indexed lookup per update is little beside the pages each update makes a
// dashboard fetch again.
func (s *Server) stillAllowed(r *http.Request) bool {
	was := principalOf(r)
	p, err := s.whoAsks(r, was != nil && was.wall != nil)
	return err == nil && p != nil
}
