package engine

import (
	"fmt"
	"math"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/klantpuls/klantpuls/internal/metric"
)

// Dim is a dimension a report can be split by.
type Dim string

const (
	ByNone    Dim = ""
	ByChannel Dim = "channel"
	ByTeam    Dim = "team"
	ByAgent   Dim = "agent"
	BySegment Dim = "segment"
)

// ParseDim reads a --by value.
func ParseDim(s string) (Dim, error) {
	switch d := Dim(strings.ToLower(strings.TrimSpace(s))); d {
	case ByNone, ByChannel, ByTeam, ByAgent, BySegment:
		return d, nil
	}
	return "", fmt.Errorf("unknown dimension %q (want channel, team, agent or segment)", s)
}

// Query asks for every metric over the half-open period [From, To), split by a dimension.
// From and To are local midnights in the account time zone.
type Query struct {
	From, To time.Time
	By       Dim
}

// Group is the metrics of one value of the dimension; Key is nil when the report is not split.
type Group struct {
	Key     *string
	Metrics metric.Set
}

// Report queries the engine. Groups are sorted by key; only groups with data in the period
// appear (an unsplit report always has its one group).
func (e *Engine) Report(q Query) ([]Group, error) {
	if !q.From.Before(q.To) {
		return nil, fmt.Errorf("the period is empty: from %s is not before to %s",
			q.From.Format(time.DateOnly), q.To.Format(time.DateOnly))
	}
	e.mu.RLock()
	defer e.mu.RUnlock()
	r := e.newRun(q)
	defer e.scratch.Put(r.s)

	var wg sync.WaitGroup
	// Tickets are the largest part; the rest shares the other core.
	wg.Go(r.service)
	wg.Go(func() {
		r.surveys()
		r.replyTime()
		if r.splitsCustomers() {
			r.customerBase()
			r.lifetimeValue()
			r.engagement()
		}
		if q.By == ByNone || q.By == ByAgent {
			r.quality()
		}
	})
	wg.Wait()
	r.runLater()
	return r.groups(), nil
}

// span is a period as Unix seconds, [from, to).
type span struct{ from, to uint32 }

func (s span) has(t uint32) bool { return t != noTime && t >= s.from && t < s.to }

func clampInstant(t time.Time) uint32 {
	return uint32(max(1, min(t.Unix(), math.MaxUint32)))
}

// run is one query in progress: the engine under a read lock, the period, the dimension and
// per-group accumulators that each part of the query fills.
type run struct {
	e       *Engine
	q       Query
	span    span
	days    float64
	nGroups int
	s       *scratch
	seen    []bool
	sets    []metric.Set
	muSeen  sync.Mutex
	jobs    []func(*metric.SelectScratch) // summaries to run after the scans
	muJobs  sync.Mutex
}

func (e *Engine) newRun(q Query) *run {
	r := &run{e: e, q: q, span: span{clampInstant(q.From), clampInstant(q.To)}}
	y1, m1, d1 := q.From.Date()
	y2, m2, d2 := q.To.Date()
	// Calendar days, not 24-hour spans: a period across a DST change is still whole days.
	r.days = time.Date(y2, m2, d2, 12, 0, 0, 0, time.UTC).Sub(time.Date(y1, m1, d1, 12, 0, 0, 0, time.UTC)).Hours() / 24
	switch q.By {
	case ByNone:
		r.nGroups = 1
	case ByChannel:
		r.nGroups = e.channels.len()
	case ByTeam:
		r.nGroups = e.teams.len()
	case ByAgent:
		r.nGroups = e.agents.len()
	case BySegment:
		r.nGroups = e.segments.len()
	}
	r.s = e.getScratch()
	r.seen = make([]bool, r.nGroups)
	r.sets = make([]metric.Set, r.nGroups)
	return r
}

// markSeen records that groups hold data; called once per part with that part's flags.
func (r *run) markSeen(seen []bool) {
	r.muSeen.Lock()
	defer r.muSeen.Unlock()
	for g, s := range seen {
		r.seen[g] = r.seen[g] || s
	}
}

// splitsCustomers tells whether customer metrics apply: churn, retention, CLV, referral and
// engagement split by segment only (metrics.md section 0).
func (r *run) splitsCustomers() bool { return r.q.By == ByNone || r.q.By == BySegment }

// ticketGroup is the group of ticket t.
func (r *run) ticketGroup(t uint32) uint16 {
	c := &r.e.tickets
	switch r.q.By {
	case ByChannel:
		return c.channel[t]
	case ByTeam:
		return c.team[t]
	case ByAgent:
		return c.agent[t]
	case BySegment:
		return r.e.segmentOf(c.customer[t])
	}
	return 0
}

// responseGroup is the group of answer i: its own channel, team or agent, else its ticket's;
// its customer's segment.
func (r *run) responseGroup(i uint32) uint16 {
	c := &r.e.responses
	var own uint16
	switch r.q.By {
	case ByNone:
		return 0
	case BySegment:
		return r.e.segmentOf(r.e.responseCustomer(i))
	case ByChannel:
		own = c.channel[i]
	case ByTeam:
		own = c.team[i]
	case ByAgent:
		own = c.agent[i]
	}
	if own != 0 || c.ticket[i] == 0 {
		return own
	}
	return r.ticketGroup(c.ticket[i] - 1)
}

// customerGroup is the group of a customer index for customer metrics.
func (r *run) customerGroup(c uint32) uint16 {
	if r.q.By == BySegment {
		return r.e.customers.segment[c]
	}
	return 0
}

// groups turns the accumulated sets into the report's groups, sorted by key.
func (r *run) groups() []Group {
	if r.q.By == ByNone {
		return []Group{{Metrics: r.sets[0]}}
	}
	var d *names
	switch r.q.By {
	case ByChannel:
		d = &r.e.channels
	case ByTeam:
		d = &r.e.teams
	case ByAgent:
		d = &r.e.agents
	case BySegment:
		d = &r.e.segments
	}
	var out []Group
	for g, seen := range r.seen {
		if seen {
			key := d.name(uint16(g))
			out = append(out, Group{Key: &key, Metrics: r.sets[g]})
		}
	}
	slices.SortFunc(out, func(a, b Group) int { return strings.Compare(*a.Key, *b.Key) })
	return out
}
