package clickhouse

import (
	"context"
	"maps"
	"slices"
	"sync"
	"time"

	"github.com/klantpuls/klantpuls/internal/cx"
	"github.com/klantpuls/klantpuls/internal/engine"
)

// A cold page costs ClickHouse one to two seconds at tens of millions of records (issue 18),
// and records arrive all day: every shipped change makes the kept answers (answerCache) those
// of another state of the records, so the next viewer of each page would wait again. A serve
// node therefore keeps warm the questions asked on it lately: when the records shipped or the
// settings have moved, it works out those questions' answers at once, in the background, one
// after another, newest first. A viewer who comes then finds the answer kept, or shares the
// work under way (answerCache); it is the same answer a cold question gets, worked out at the
// positions read just before. A question no one has asked for warmFor is left to go cold.
const (
	warmEvery = time.Second      // how often the state of the records is read
	warmFor   = 10 * time.Minute // how long a question stays warm after it was asked
	maxWarm   = 8                // the most questions kept warm: the newest asked
)

// askedQuestions are the questions asked lately (by Answer; keeping them warm does not count),
// by their key without the day, each with when it was last asked.
type askedQuestions struct {
	mu   sync.Mutex
	last map[string]askedQuestion
}

type askedQuestion struct {
	query engine.Query
	at    time.Time
}

// note records that query was asked at now.
func (a *askedQuestions) note(query engine.Query, now time.Time) {
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.last == nil {
		a.last = map[string]askedQuestion{}
	}
	a.last[answerKey(query, "")] = askedQuestion{query, now}
}

// since is the questions asked at or after t, newest first, at most n; older ones are forgotten.
func (a *askedQuestions) since(t time.Time, n int) []engine.Query {
	a.mu.Lock()
	defer a.mu.Unlock()
	maps.DeleteFunc(a.last, func(_ string, q askedQuestion) bool { return q.at.Before(t) })
	asked := slices.SortedFunc(maps.Values(a.last), func(x, y askedQuestion) int { return y.at.Compare(x.at) })
	var out []engine.Query
	for _, q := range asked[:min(n, len(asked))] {
		out = append(out, q.query)
	}
	return out
}

// KeepWarm follows the state of the records shipped (and of the settings) until ctx ends,
// reading it every warmEvery — three small reads — and when it has moved, answers the questions
// asked lately again (warm) and then calls moved with the kinds whose position moved (none when
// only the settings did): what a dashboard's live update waits for, so that the pages reloading
// on it show the records just shipped, at once. serve runs it beside the shipper; a command's
// one report has no use for it.
func (q *Querier) KeepWarm(ctx context.Context, moved func(kinds []cx.Kind)) {
	t := time.NewTicker(warmEvery)
	defer t.Stop()
	var seen watched
	for {
		q.watch(ctx, &seen, moved)
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

// watched is the state KeepWarm saw last ("" before its first reading) and its positions.
type watched struct {
	state string
	at    map[cx.Kind]uint64
}

// watch is one reading of KeepWarm: when the state differs from seen, the questions are warmed,
// then moved is told (not at the first reading: nothing moved that a page shows), and seen is
// the new state.
func (q *Querier) watch(ctx context.Context, seen *watched, moved func(kinds []cx.Kind)) {
	state, at, err := q.db.state(ctx)
	if err != nil || state == seen.state {
		return // not reachable: the shipper and the viewers' requests say so
	}
	q.warm(ctx)
	if seen.state != "" && moved != nil {
		moved(movedKinds(seen.at, at.kinds))
	}
	seen.state, seen.at = state, at.kinds
}

// movedKinds are the kinds whose position differs between two readings, in the order of
// cx.Kinds.
func movedKinds(before, now map[cx.Kind]uint64) []cx.Kind {
	kinds := []cx.Kind{}
	for _, k := range cx.Kinds {
		if before[k] != now[k] {
			kinds = append(kinds, k)
		}
	}
	return kinds
}

// warm answers each question asked in the last warmFor (the newest maxWarm) whose answer at the
// state of the records now is not kept. A failure is left for the viewer's own request to meet
// and report: a warm answer is only ever a head start.
func (q *Querier) warm(ctx context.Context) {
	for _, query := range q.asked.since(q.now().Add(-warmFor), maxWarm) {
		// The state is read before each answer: one worked out at a state a viewer's request
		// has already left behind would be kept for no one.
		state, at, err := q.db.state(ctx)
		if err != nil || q.trust(ctx, at) != nil {
			return
		}
		key := answerKey(query, q.today())
		if q.answers.has(state, key) {
			continue
		}
		_, _ = q.answers.answer(state, key, func() (*engine.Result, error) { return q.answerAfresh(ctx, query, &at) })
	}
}

// has tells whether the answer of key in state is kept or being worked out.
func (c *answerCache) has(state, key string) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	_, ok := c.entries[key]
	return ok && state == c.state
}
