package web

import (
	"container/list"
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
// for as long as its token is valid). Keys come in groups (a widget's sites), each holding at
// most share keys of its own: a group at its share waits until its oldest key is forgotten,
// and takes no room of another's — in one table for all, a dozen sites answered at their limit
// all day would leave every other site's answers waiting for room. Memory is share keys a
// group; the groups are what the caller keeps (the sites stored), not what a request makes up.
type counter struct {
	mu     sync.Mutex
	max    int
	keep   time.Duration
	share  int
	groups map[string]*countGroup
	swept  time.Time
}

// countGroup is one group's keys, the oldest (the first forgotten) first.
type countGroup struct {
	counts map[string]*list.Element // of *count
	order  *list.List
}

type count struct {
	key   string
	n     int
	until time.Time
}

func newCounter(max int, keep time.Duration, share int) *counter {
	return &counter{max: max, keep: keep, share: share, groups: map[string]*countGroup{}}
}

// take counts one use of key in group; past max, or when a new key finds its group's share
// full, it returns how long until the key (or the group's oldest) is forgotten.
func (c *counter) take(group, key string, now time.Time) (ok bool, retry time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if now.Sub(c.swept) > time.Minute { // the groups not counted in since: a site gone quiet
		for name, g := range c.groups {
			if g.forgetPast(now) == 0 {
				delete(c.groups, name)
			}
		}
		c.swept = now
	}
	g, found := c.groups[group]
	if !found {
		g = &countGroup{counts: map[string]*list.Element{}, order: list.New()}
		c.groups[group] = g
	}
	g.forgetPast(now)
	e, found := g.counts[key]
	if !found {
		if len(g.counts) >= c.share {
			return false, g.order.Front().Value.(*count).until.Sub(now)
		}
		e = g.order.PushBack(&count{key: key, until: now.Add(c.keep)})
		g.counts[key] = e
	}
	k := e.Value.(*count)
	switch {
	case !now.Before(k.until): // past keep but not forgotten: out of order, by a clock read before another request's
		k.n, k.until = 0, now.Add(c.keep)
		g.order.MoveToBack(e)
	case k.n >= c.max:
		return false, k.until.Sub(now)
	}
	k.n++
	return true, 0
}

// forgetPast forgets the keys past keep at now — the oldest, as each is kept as long — and
// says how many are left.
func (g *countGroup) forgetPast(now time.Time) int {
	for e := g.order.Front(); e != nil && !now.Before(e.Value.(*count).until); e = g.order.Front() {
		delete(g.counts, g.order.Remove(e).(*count).key)
	}
	return len(g.counts)
}
