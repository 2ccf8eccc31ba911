package web

import (
	"strconv"
	"sync"
)

// Live streams are held open for hours, each a connection, a goroutine and a subscription to
// every commit: the request limits (allowRequest) count how often one is opened, not how many
// stay open, so a credential opening one a second would hold thousands within the hour. Each
// account (a user's sessions and tokens together, as its requests) and each wall screen (whose
// link may leak from a screen on the floor) may hold streamsPerAccount at once — a team lead's
// browser tabs and a script or two — and the server streamsInAll, whoever holds them.
const (
	streamsPerAccount = 16
	streamsInAll      = 1024
)

// streams counts the live streams open, by account and in all.
type streams struct {
	mu    sync.Mutex
	open  map[string]int
	total int
}

// streamKey is whose streams p's count with: its wall screen's, else its account's.
func streamKey(p *principal) string {
	if p.wall != nil {
		return "wall:" + strconv.FormatInt(p.wall.ID, 10)
	}
	return "user:" + strconv.FormatInt(p.user.ID, 10)
}

// take counts one more stream of key and returns the function that counts it closed; ok is
// false, and nothing counted, when key or the server holds as many as it may.
func (s *streams) take(key string) (release func(), ok bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.open == nil {
		s.open = map[string]int{}
	}
	if s.open[key] >= streamsPerAccount || s.total >= streamsInAll {
		return nil, false
	}
	s.open[key]++
	s.total++
	var once sync.Once
	return func() {
		once.Do(func() {
			s.mu.Lock()
			defer s.mu.Unlock()
			if s.open[key]--; s.open[key] == 0 {
				delete(s.open, key) // an account without streams holds no entry
			}
			s.total--
		})
	}, true
}

// streamRetry is the Retry-After of a stream refused: a tab closed meanwhile frees its place
// at once, a stream cut off without a goodbye when its next heartbeat cannot be written.
const streamRetry = 2 * heartbeat
