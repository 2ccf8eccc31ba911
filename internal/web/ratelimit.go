package web

import (
	"container/list"
	"sync"
	"time"

	"golang.org/x/time/rate"
)

// limiterKeys is the most buckets a limiter holds, about 250 bytes each: 5 MB. Its keys are
// mostly client networks, which an attacker makes up (an IPv6 /48 holds 65,536 /64s), so
// without a bound every new one would grow the server's memory. Real clients do not come near
// it: a bucket is kept only while it refills (at most 10 minutes for an address), and a small
// company's sign-ins or widget visitors are not 20,000 networks in 10 minutes.
const limiterKeys = 20_000

// limiter keeps one token bucket per key (an API token, a site, the requests or the failed
// sign-ins of a client network). A bucket unused until it is full again is forgotten: a new key
// gets a full bucket, so forgetting it gives nobody anything. Forgotten after a fixed while, a
// bucket slower to fill (a widget site's, 33 minutes) would come back full before its time.
// The limiter holds at most size buckets (limiterKeys), the least recently used last.
type limiter struct {
	mu      sync.Mutex
	perSec  rate.Limit
	burst   int
	size    int
	buckets map[string]*list.Element // of *bucket, in order
	order   *list.List               // the most recently used first
}

type bucket struct {
	key  string
	lim  *rate.Limiter
	used time.Time
}

func newLimiter(perSecond float64, burst int) *limiter {
	return &limiter{perSec: rate.Limit(perSecond), burst: burst, size: limiterKeys,
		buckets: map[string]*list.Element{}, order: list.New()}
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
//
// When the limiter is full of buckets still refilling, a new key's bucket takes the place of
// the least recently used one. Refusing new keys instead would let whoever holds size networks
// shut every other client out — sign-in included — for as long as they kept it full. Evicting
// gives them nothing they do not have: to push out one bucket, a victim's or one of their own
// held back, they bring size networks, each with a full bucket of its own anyway; a bucket in
// use (held back and tried again) is the last to go. What bounds an attacker with many networks
// is the limit per account (sign-in, kept in the store) and per site (the widget), whose keys
// they cannot make up.
func (l *limiter) bucket(key string, now time.Time) *bucket {
	fill := l.fillTime()
	for e := l.order.Back(); e != nil && now.Sub(e.Value.(*bucket).used) >= fill; e = l.order.Back() {
		l.forget(e)
	}
	e, found := l.buckets[key]
	if found {
		l.order.MoveToFront(e)
	} else {
		if len(l.buckets) >= l.size {
			l.forget(l.order.Back())
		}
		e = l.order.PushFront(&bucket{key: key, lim: rate.NewLimiter(l.perSec, l.burst)})
		l.buckets[key] = e
	}
	b := e.Value.(*bucket)
	b.used = now
	return b
}

// fillTime is how long an empty bucket takes to fill: after it, unused, it is as a new one.
func (l *limiter) fillTime() time.Duration {
	if l.perSec <= 0 {
		return 1<<63 - 1 // never refills: never forgotten for its age
	}
	return time.Duration(float64(l.burst) / float64(l.perSec) * float64(time.Second))
}

func (l *limiter) forget(e *list.Element) {
	delete(l.buckets, l.order.Remove(e).(*bucket).key)
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
// A key is counted once whatever group it comes in (a showing's token is its survey's, which
// several sites may show), in the room of the group it came in first.
type counter struct {
	mu     sync.Mutex
	max    int
	keep   time.Duration
	share  int
	counts map[string]*list.Element // of *count, in its group's order
	groups map[string]*list.List    // each group's keys (of *count), the oldest (the first forgotten) first
	swept  time.Time
}

type count struct {
	key   string
	n     int
	until time.Time
	group *list.List // whose room it takes
}

func newCounter(max int, keep time.Duration, share int) *counter {
	return &counter{max: max, keep: keep, share: share, counts: map[string]*list.Element{}, groups: map[string]*list.List{}}
}

// take counts one use of key in group; past max, or when a new key finds its group's share
// full, it returns how long until the key (or the group's oldest) is forgotten.
func (c *counter) take(group, key string, now time.Time) (ok bool, retry time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if now.Sub(c.swept) > time.Minute { // the groups not counted in since: a site gone quiet
		for name, g := range c.groups {
			if c.forgetPast(g, now) == 0 {
				delete(c.groups, name)
			}
		}
		c.swept = now
	}
	g, found := c.groups[group]
	if !found {
		g = list.New()
		c.groups[group] = g
	}
	c.forgetPast(g, now)
	e, found := c.counts[key]
	if !found {
		if g.Len() >= c.share {
			return false, g.Front().Value.(*count).until.Sub(now)
		}
		e = g.PushBack(&count{key: key, until: now.Add(c.keep), group: g})
		c.counts[key] = e
	}
	k := e.Value.(*count)
	switch {
	case !now.Before(k.until): // past keep but not forgotten: out of order, by a clock read before another request's
		k.n, k.until = 0, now.Add(c.keep)
		k.group.MoveToBack(e)
	case k.n >= c.max:
		return false, k.until.Sub(now)
	}
	k.n++
	return true, 0
}

// forgetPast forgets group g's keys past keep at now — the oldest, as each is kept as long —
// and says how many are left.
func (c *counter) forgetPast(g *list.List, now time.Time) int {
	for e := g.Front(); e != nil && !now.Before(e.Value.(*count).until); e = g.Front() {
		delete(c.counts, g.Remove(e).(*count).key)
	}
	return g.Len()
}
