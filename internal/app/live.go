package app

import (
	"sync"
	"time"

	"github.com/klantpuls/klantpuls/internal/cx"
)

// Change tells listeners that records were committed and applied: the next report shows them.
// With reports from ClickHouse it is told once they are shipped there (KeepAnswersWarm): Kinds
// are then the kinds whose shipped position moved (a ticket's messages and the survey answers
// ship in its step, and move with it) and Count is 0.
type Change struct {
	Kinds []cx.Kind `json:"kinds"`
	Count int       `json:"count"`
	At    time.Time `json:"at"`
}

// broker fans committed changes out to listeners (dashboards over server-sent events). A slow
// listener misses changes rather than holding up a write: each change is a hint to refresh,
// and the next one carries the same meaning.
type broker struct {
	mu        sync.Mutex
	listeners map[chan Change]struct{}
}

// Subscribe returns a channel of changes and a function that ends the subscription.
func (a *App) Subscribe() (<-chan Change, func()) {
	ch := make(chan Change, 1)
	a.live.mu.Lock()
	if a.live.listeners == nil {
		a.live.listeners = map[chan Change]struct{}{}
	}
	a.live.listeners[ch] = struct{}{}
	a.live.mu.Unlock()
	return ch, func() {
		a.live.mu.Lock()
		delete(a.live.listeners, ch)
		a.live.mu.Unlock()
	}
}

// publishCommitted tells the listeners of committed records — when reports show them once
// committed: with reports from ClickHouse they show them once shipped, and KeepAnswersWarm
// tells then.
func (a *App) publishCommitted(c Change) {
	if a.reports.Load() == nil {
		a.publish(c)
	}
}

func (a *App) publish(c Change) {
	a.live.mu.Lock()
	defer a.live.mu.Unlock()
	for ch := range a.live.listeners {
		select {
		case ch <- c:
		default: // a change is already waiting to be read: that one will do
		}
	}
}

// changeOf describes a set of committed records.
func changeOf(recs []cx.Record, now time.Time) Change {
	c := Change{Kinds: []cx.Kind{}, Count: len(recs), At: now}
	seen := map[cx.Kind]bool{}
	for _, r := range recs {
		if k := r.RecordKind(); !seen[k] {
			seen[k] = true
			c.Kinds = append(c.Kinds, k)
		}
	}
	return c
}
