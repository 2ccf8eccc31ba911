package clickhouse

import (
	"fmt"
	"maps"
	"reflect"
	"slices"
	"strings"
	"sync"

	"github.com/klantpuls/klantpuls/internal/cx"
	"github.com/klantpuls/klantpuls/internal/engine"
	"github.com/klantpuls/klantpuls/internal/metric"
)

// Records arrive all day, and each moves the state an answer is kept for (answerCache): a page
// is then worked out again whole, though most of it reads records that did not change — a
// ticket shipped changes no CLV, an order no resolution time, and the customer figures of a
// series (a twelve-month CLV window per day) are the costliest statement of the overview (1.3 s
// of ClickHouse's time at 5M orders). So each part's figures of a question are kept too, for as
// long as the positions of the kinds it reads (queryPart.reads, the customers' too where
// segments are joined), the settings, the day and the groups stay as they were: its figures
// are a function of those alone (its statements read those kinds' rows; the shown names of
// other kinds' records enter only as the groups, which are in the key), so a part kept is the
// part worked out again. Each part runs in a view of the plan with sets of its own (partView);
// the parts fill fields of their own, and their views are put together (take).

// The parts kept: at most maxCachedParts, of maxCachedPartSlots slots together (a slot is a
// period and group), the oldest going first.
const (
	maxCachedParts     = 64
	maxCachedPartSlots = 8000
)

// partCache keeps parts' figures by partKey.
type partCache struct {
	mu      sync.Mutex
	entries map[string]*partFigures
	order   []string // oldest first
	slots   int
}

// partFigures are a part's sets and seen flags, as it filled them in its view of a plan.
type partFigures struct {
	sets []metric.Set
	seen []bool
}

// get is the figures kept for key, or nil ("" keeps nothing).
func (c *partCache) get(key string) *partFigures {
	if key == "" {
		return nil
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.entries[key]
}

// keep keeps f for key; figures larger than the cache are not kept.
func (c *partCache) keep(key string, f *partFigures) {
	n := len(f.sets)
	if n > maxCachedPartSlots {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.entries == nil {
		c.entries = map[string]*partFigures{}
	}
	if old, ok := c.entries[key]; ok {
		c.slots -= len(old.sets)
		c.order = slices.DeleteFunc(c.order, func(k string) bool { return k == key })
	}
	c.entries[key], c.order, c.slots = f, append(c.order, key), c.slots+n
	for len(c.order) > maxCachedParts || c.slots > maxCachedPartSlots {
		c.slots -= len(c.entries[c.order[0]].sets)
		delete(c.entries, c.order[0])
		c.order = c.order[1:]
	}
}

// partKey is the key of part i's figures of query on day in this plan: "" when the plan was
// made without reading the state (the settings' time unknown), which keeps nothing.
func (p *plan) partKey(i int, query engine.Query, day string) string {
	if !p.stateRead {
		return ""
	}
	var b strings.Builder
	fmt.Fprintf(&b, "%d|%s|%d|", i, answerKey(query, day), p.written)
	reads := queryParts[i].reads
	if p.uses(engine.BySegment) {
		reads = append(slices.Clip(reads), cx.KindCustomers)
	}
	for _, k := range reads {
		fmt.Fprintf(&b, "%s=%d;", k, p.positions[positionOf(k)])
	}
	fmt.Fprintf(&b, "|%q|%t|", p.keys, p.noMatch)
	for _, d := range slices.Sorted(maps.Keys(p.filters)) {
		fmt.Fprintf(&b, "%q=%q;", d, p.filters[d])
	}
	return b.String()
}

// partView is a view of the plan for one part: sets, seen flags and their lock of its own, the
// rest shared.
func (p *plan) partView() *plan {
	view := *p
	view.sets, view.seen, view.muSeen = make([]metric.Set, len(p.sets)), make([]bool, len(p.seen)), &sync.Mutex{}
	return &view
}

// take puts a part's figures into the plan: the fields its sets have, and its seen flags.
func (p *plan) take(f *partFigures) {
	for k := range f.sets {
		dst, src := reflect.ValueOf(&p.sets[k]).Elem(), reflect.ValueOf(f.sets[k])
		for f := range src.NumField() {
			if v := src.Field(f); !v.IsNil() {
				dst.Field(f).Set(v)
			}
		}
		p.seen[k] = p.seen[k] || f.seen[k]
	}
}
