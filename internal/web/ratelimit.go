package web

import (
	"sync"
	"time"

	"golang.org/x/time/rate"
)

// limiter keeps one token bucket per key (an API token, or the failed sign-ins of an address).
// Buckets unused for a while are dropped, so the map does not grow with every caller ever seen.
type limiter struct {
	mu      sync.Mutex
	perSec  rate.Limit
	burst   int
	buckets map[string]*bucket
	swept   time.Time
}

type bucket struct {
	lim  *rate.Limiter
	used time.Time
}

func newLimiter(perSecond float64, burst int) *limiter {
	return &limiter{perSec: rate.Limit(perSecond), burst: burst, buckets: map[string]*bucket{}}
}

// allow takes one request from key's bucket; when it is empty it returns how long to wait.
func (l *limiter) allow(key string, now time.Time) (ok bool, retry time.Duration) {
	l.mu.Lock()
	defer l.mu.Unlock()
	b := l.bucket(key, now)
	res := b.lim.ReserveN(now, 1)
	if d := res.DelayFrom(now); d > 0 {
		res.CancelAt(now)
		return false, d
	}
	return true, 0
}

// bucket returns key's bucket, made full when new; the caller holds l.mu.
func (l *limiter) bucket(key string, now time.Time) *bucket {
	if now.Sub(l.swept) > time.Minute {
		for k, b := range l.buckets {
			if now.Sub(b.used) > 10*time.Minute {
				delete(l.buckets, k)
			}
		}
		l.swept = now
	}
	b, found := l.buckets[key]
	if !found {
		b = &bucket{lim: rate.NewLimiter(l.perSec, l.burst)}
		l.buckets[key] = b
	}
	b.used = now
	return b
}

// unspent tells whether key's bucket holds a whole token, without taking one; when not, it
// returns how long until it does. With spend it makes a limiter of failures: a caller asks
// unspent before an attempt and spends only when the attempt fails, so successes cost nothing.
func (l *limiter) unspent(key string, now time.Time) (ok bool, retry time.Duration) {
	l.mu.Lock()
	defer l.mu.Unlock()
	tokens := l.bucket(key, now).lim.TokensAt(now)
	if tokens >= 1 {
		return true, 0
	}
	return false, time.Duration((1 - tokens) / float64(l.perSec) * float64(time.Second))
}

// spend takes a token from key's bucket, if it holds one.
func (l *limiter) spend(key string, now time.Time) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.bucket(key, now).lim.AllowN(now, 1)
}

// counter counts the uses of each key up to max, for keep from its first use: a number of
// uses that does not come back, as a bucket's does (a widget showing's answer and two changes
// for as long as its token is valid). It holds at most size keys, swept of those past keep
// once a minute; a new key when it is full is refused until a sweep makes room.
type counter struct {
	mu     sync.Mutex
	max    int
	keep   time.Duration
	size   int
	counts map[string]*count
	swept  time.Time
}

type count struct {
	n     int
	until time.Time
}

func newCounter(max int, keep time.Duration, size int) *counter {
	return &counter{max: max, keep: keep, size: size, counts: map[string]*count{}}
}

// take counts one use of key; past max, or when a new key finds the counter full, it returns
// how long until the key (or room) is forgotten.
func (c *counter) take(key string, now time.Time) (ok bool, retry time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if now.Sub(c.swept) > time.Minute {
		for k, e := range c.counts {
			if !now.Before(e.until) {
				delete(c.counts, k)
			}
		}
		c.swept = now
	}
	e, found := c.counts[key]
	switch {
	case !found && len(c.counts) >= c.size:
		return false, time.Minute
	case !found:
		e = &count{until: now.Add(c.keep)}
		c.counts[key] = e
	case !now.Before(e.until): // past keep, not yet swept
		e.n, e.until = 0, now.Add(c.keep)
	case e.n >= c.max:
		return false, e.until.Sub(now)
	}
	e.n++
	return true, 0
}
