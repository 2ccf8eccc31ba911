package clickhouse

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/klantpuls/klantpuls/internal/cx"
	"github.com/klantpuls/klantpuls/internal/engine"
)

// answerCache keeps the answers of recent questions while the records shipped stay as they
// are. A dashboard's page costs ClickHouse seconds at tens of millions of records (issue 18),
// and the same page is asked again and again: by every viewer, by a wall screen, by every
// open page when the live updates say something changed. An answer is a function of the
// question, the records shipped (the positions: every shipped change moves one, a deletion
// too), the settings ClickHouse holds (a rebuild under other business hours ships the same
// positions again with other derived columns, and writes its settings first) and the day (the
// models' as-of day): that is the key, and every entry of another state of the records is
// dropped. The answer is worked out at the positions its key was read with (positionsNow). An answer is shared by the requests that ask it: callers do not change it.
type answerCache struct {
	mu      sync.Mutex
	state   string
	entries map[string]*answerEntry
	order   []string // the keys, oldest first
	groups  int      // the groups of the answers kept
}

// answerEntry is one question's answer; done is closed when res and err are set, so that the
// requests asking an answer being worked out wait for it rather than ask ClickHouse again.
type answerEntry struct {
	done   chan struct{}
	res    *engine.Result
	err    error
	groups int // counted in the cache's groups once the answer is kept
}

// The cache holds at most maxCachedAnswers answers of maxCachedGroups groups together (a
// group's figures take a few kilobytes: some ten megabytes in all, as a node must stay small);
// the oldest go first.
const (
	maxCachedAnswers = 32
	maxCachedGroups  = 2000
)

// answer returns the answer of key in state from the cache, or works it out with work and keeps
// it. A request that waited for another's work that failed works it out itself (the other's
// request may have ended); a failed work is not kept, nor an answer larger than the cache.
func (c *answerCache) answer(state, key string, work func() (*engine.Result, error)) (*engine.Result, error) {
	c.mu.Lock()
	if state != c.state || c.entries == nil {
		c.state, c.entries, c.order, c.groups = state, map[string]*answerEntry{}, nil, 0
	}
	en, ok := c.entries[key]
	if !ok {
		en = &answerEntry{done: make(chan struct{})}
		c.entries[key] = en
		c.order = append(c.order, key)
		c.trim()
	}
	c.mu.Unlock()
	if ok {
		<-en.done
		if en.err == nil {
			return en.res, nil
		}
		return work()
	}
	en.res, en.err = work()
	close(en.done)
	c.mu.Lock()
	if c.entries[key] == en {
		if n := groupsOf(en.res); en.err != nil || n > maxCachedGroups {
			c.drop(key)
		} else {
			en.groups = n
			c.groups += n
			c.trim()
		}
	}
	c.mu.Unlock()
	return en.res, en.err
}

// trim drops the oldest answers while the cache holds more than it may (c.mu held).
func (c *answerCache) trim() {
	for len(c.order) > maxCachedAnswers || c.groups > maxCachedGroups {
		c.drop(c.order[0])
	}
}

// drop takes key's answer out of the cache (c.mu held).
func (c *answerCache) drop(key string) {
	c.groups -= c.entries[key].groups
	delete(c.entries, key)
	c.order = slices.DeleteFunc(c.order, func(k string) bool { return k == key })
}

// groupsOf counts an answer's groups: the period's, the previous period's and the buckets'.
func groupsOf(res *engine.Result) int {
	if res == nil {
		return 0
	}
	n := len(res.Groups) + len(res.Previous)
	for _, b := range res.Buckets {
		n += len(b.Groups)
	}
	return n
}

// answerKey is q as a string, with the day: every field of the question an answer depends on.
func answerKey(q engine.Query, day string) string {
	var b strings.Builder
	at := func(t time.Time) string {
		if t.IsZero() {
			return "-"
		}
		return fmt.Sprintf("%d@%s", t.UnixNano(), t.Location())
	}
	fmt.Fprintf(&b, "%s|%s|%s|%q|%d|%q|%s|%q|%t|", day, at(q.From), at(q.To), q.By, q.Parts, q.Step, at(q.PreviousFrom), q.Metrics, q.Headline)
	for _, d := range slices.Sorted(maps.Keys(q.Filter)) {
		fmt.Fprintf(&b, "%q=%q;", d, q.Filter[d])
	}
	return b.String()
}

// positionsNow is the positions of every kind as read once (shipped): as one string, and by kind.
type positionsNow struct {
	key     string
	kinds   map[cx.Kind]uint64
	written uint64 // when a setting was last written (read by state, with the positions)
	store   string // the identity of the store the positions count the changes of (StoreSetting)
}

// state is what the records shipped and the settings ClickHouse holds are now, as a string —
// the positions of every kind and the last time a setting was written — and the positions,
// which the answer is then worked out at.
func (db *DB) state(ctx context.Context) (string, positionsNow, error) {
	var at positionsNow
	var err error
	if at.key, at.kinds, err = db.shipped(ctx); err != nil {
		return "", at, err
	}
	var written uint64
	q := "SELECT max(written), argMaxIf(value, written, key = ?) FROM " + db.name + ".settings"
	if err := db.conn.QueryRow(ctx, q, StoreSetting).Scan(&written, &at.store); err != nil {
		return "", at, fmt.Errorf("clickhouse: unable to read the settings on %s: %w", db.Where(), err)
	}
	at.written = written
	return fmt.Sprintf("%s| %d", at.key, written), at, nil
}

// today is the account's date now (the models' as-of day follows it).
func (q *Querier) today() string {
	loc := q.opts.Timezone
	if loc == nil {
		loc = time.UTC
	}
	return q.now().In(loc).Format(time.DateOnly)
}

// now is the querier's clock: the settings' (engine.Options.Now), else the time.
func (q *Querier) now() time.Time {
	if q.opts.Now != nil {
		return q.opts.Now()
	}
	return time.Now()
}
