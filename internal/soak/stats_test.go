package soak

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"slices"
	"strconv"
	"sync"
	"time"
)

// stats counts every answer of the server by route and status, with latencies, and keeps the
// answers no client expected.
type stats struct {
	mu         sync.Mutex
	routes     map[string]*routeStats
	unexpected []string
	nUnexpect  int
	// polite503 counts 503 answers with Retry-After: the server asked to come back (an import
	// holds SQLite's write lock), which the issue allows; every other 5xx is a failure.
	polite503 int
}

type routeStats struct {
	status  map[int]int // 0: no answer (connection refused or reset, timeout)
	latency []time.Duration
}

func newStats() *stats { return &stats{routes: map[string]*routeStats{}} }

func (s *stats) record(route string, status int, took time.Duration) {
	s.mu.Lock()
	defer s.mu.Unlock()
	r := s.routes[route]
	if r == nil {
		r = &routeStats{status: map[int]int{}}
		s.routes[route] = r
	}
	r.status[status]++
	r.latency = append(r.latency, took)
}

// unexpectedAnswer keeps an answer nobody expected (the first 20 in full).
func (s *stats) unexpectedAnswer(route string, status int, detail string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.nUnexpect++
	if len(s.unexpected) < 20 {
		if len(detail) > 300 {
			detail = detail[:300] + "…"
		}
		s.unexpected = append(s.unexpected, fmt.Sprintf("%s → %d %s", route, status, detail))
	}
}

// answer is what the server said.
type answer struct {
	status int
	header http.Header
	body   []byte
}

// client sends requests to the server and counts every answer.
type client struct {
	http  *http.Client
	base  string
	stats *stats
}

// do sends req and counts its answer under route. A request that ctx cancelled (the run
// ended) is not counted: it says nothing about the server.
func (c *client) do(ctx context.Context, route string, req *http.Request) (answer, error) {
	start := time.Now()
	res, err := c.http.Do(req.WithContext(ctx))
	if err != nil {
		if ctx.Err() == nil {
			c.stats.record(route, 0, time.Since(start))
			c.stats.unexpectedAnswer(route, 0, err.Error())
		}
		return answer{}, err
	}
	body, err := io.ReadAll(res.Body)
	res.Body.Close()
	if err != nil && ctx.Err() != nil {
		return answer{}, err
	}
	c.stats.record(route, res.StatusCode, time.Since(start))
	if res.StatusCode >= 500 {
		if _, polite := retryAfter(res.Header); polite && res.StatusCode == http.StatusServiceUnavailable {
			c.stats.mu.Lock()
			c.stats.polite503++
			c.stats.mu.Unlock()
		} else {
			c.stats.unexpectedAnswer(route, res.StatusCode, string(body))
		}
	}
	return answer{status: res.StatusCode, header: res.Header, body: body}, err
}

// retryAfter reads an answer's Retry-After (seconds or an HTTP date).
func retryAfter(h http.Header) (time.Duration, bool) {
	v := h.Get("Retry-After")
	if v == "" {
		return 0, false
	}
	if secs, err := strconv.Atoi(v); err == nil && secs >= 0 {
		return time.Duration(secs) * time.Second, true
	}
	if at, err := http.ParseTime(v); err == nil {
		return max(time.Until(at), 0), true
	}
	return 0, false
}

// fiveXX counts answers with a 5xx status, and of them the 503s with Retry-After.
func (s *stats) fiveXX() (all, polite int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, r := range s.routes {
		for code, n := range r.status {
			if code >= 500 {
				all += n
			}
		}
	}
	return all, s.polite503
}

// percentile of sorted durations, nearest rank.
func percentile(sorted []time.Duration, q float64) time.Duration {
	if len(sorted) == 0 {
		return 0
	}
	i := int(q*float64(len(sorted)-1) + 0.5)
	return sorted[i]
}

// routeLines are the rows of the request table: route, count per status, p50 and p99 in ms.
func (s *stats) routeLines() (codes []int, rows [][]string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	seen := map[int]bool{}
	for _, r := range s.routes {
		for code := range r.status {
			if !seen[code] {
				seen[code] = true
				codes = append(codes, code)
			}
		}
	}
	slices.Sort(codes)
	var names []string
	for name := range s.routes {
		names = append(names, name)
	}
	slices.Sort(names)
	for _, name := range names {
		r := s.routes[name]
		row := []string{name}
		for _, code := range codes {
			row = append(row, strconv.Itoa(r.status[code]))
		}
		lat := slices.Clone(r.latency)
		slices.Sort(lat)
		row = append(row, ms(percentile(lat, 0.5)), ms(percentile(lat, 0.99)), ms(slices.Max(lat)))
		rows = append(rows, row)
	}
	return codes, rows
}

func ms(d time.Duration) string {
	return strconv.FormatFloat(float64(d.Microseconds())/1000, 'f', 1, 64)
}
