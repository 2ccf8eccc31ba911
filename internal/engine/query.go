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

// Query asks for every metric over the half-open period [From, To), split by a dimension and
// limited to records whose dimensions have the values of Filter (compared as names are:
// trimmed, case-insensitively). From and To are local midnights in the account time zone.
type Query struct {
	From, To time.Time
	By       Dim
	Filter   map[Dim]string
	// Parts limits the work to some families of metrics (a sparkline needs no reply times);
	// zero computes every metric. Metrics of parts left out are nil in the sets.
	Parts Part
}

// Part is a family of metrics computed in one pass.
type Part uint8

const (
	PartSurveys   Part = 1 << iota // NPS, CSAT, CES, feedback response
	PartService                    // tickets: response and resolution times, FCR, waits, counts
	PartReplies                    // reply time (from messages)
	PartCustomers                  // churn, retention, CLV, referral, engagement
	PartQuality                    // IQS
	AllParts      = PartSurveys | PartService | PartReplies | PartCustomers | PartQuality
)

func (q Query) wants(p Part) bool { return q.Parts == 0 || q.Parts&p != 0 }

// Group is the metrics of one value of the dimension; Key is nil when the report is not split.
type Group struct {
	Key     *string
	Metrics metric.Set
}

// Report queries the engine. Groups are sorted by key; only groups with data in the period
// appear (an unsplit report always has its one group).
func (e *Engine) Report(q Query) ([]Group, error) {
	if !q.From.Before(q.To) {
		return nil, errEmptyPeriod(q)
	}
	e.mu.RLock()
	defer e.mu.RUnlock()
	r := e.newRun(q)
	defer e.scratch.Put(r.s)

	var wg sync.WaitGroup
	// Tickets are the largest part; the rest shares the other core.
	if q.wants(PartService) {
		wg.Go(r.service)
	}
	wg.Go(func() {
		if q.wants(PartSurveys) {
			r.surveys()
		}
		if q.wants(PartReplies) {
			r.replyTime()
		}
		if q.wants(PartCustomers) && r.splitsCustomers() {
			r.customerBase()
			r.lifetimeValue()
			r.engagement()
		}
		if q.wants(PartQuality) && r.onlyDims(ByAgent) {
			r.quality()
		}
	})
	wg.Wait()
	r.runLater()
	return r.groups(), nil
}

func errEmptyPeriod(q Query) error {
	return fmt.Errorf("the period is empty: from %s is not before to %s",
		q.From.Format(time.DateOnly), q.To.Format(time.DateOnly))
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
	filters []condition // the query's filter as dimension values
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
	r.nGroups = 1
	if q.By != ByNone {
		r.nGroups = e.dimNames(q.By).len()
	}
	for d, v := range q.Filter {
		if v == "" || d == ByNone {
			continue
		}
		id, ok := e.dimNames(d).find(v)
		if !ok {
			id = noName // a value no record has: nothing passes
		}
		r.filters = append(r.filters, condition{d, id})
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

// noName is a name index no value has (names stop below it).
const noName = math.MaxUint16

// condition is one filter: a dimension and the index of its value.
type condition struct {
	dim Dim
	id  uint16
}

// dimNames is the dictionary of a dimension.
func (e *Engine) dimNames(d Dim) *names {
	switch d {
	case ByChannel:
		return &e.channels
	case ByTeam:
		return &e.teams
	case ByAgent:
		return &e.agents
	}
	return &e.segments
}

// onlyDims tells whether the split and every filter use only the given dimensions: customer
// metrics know segments only, IQS agents only, mentions nothing (metrics.md section 0).
func (r *run) onlyDims(allowed ...Dim) bool {
	ok := func(d Dim) bool { return d == ByNone || slices.Contains(allowed, d) }
	if !ok(r.q.By) {
		return false
	}
	for _, f := range r.filters {
		if !ok(f.dim) {
			return false
		}
	}
	return true
}

// splitsCustomers tells whether customer metrics apply: churn, retention, CLV, referral and
// engagement split and filter by segment only.
func (r *run) splitsCustomers() bool { return r.onlyDims(BySegment) }

// ticketDim is ticket t's value of dimension d (0: none).
func (r *run) ticketDim(t uint32, d Dim) uint16 {
	c := &r.e.tickets
	switch d {
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

// ticketGroup is the group of ticket t.
func (r *run) ticketGroup(t uint32) uint16 { return r.ticketDim(t, r.q.By) }

// ticketKept tells whether ticket t passes the filter.
func (r *run) ticketKept(t uint32) bool {
	for _, f := range r.filters {
		if r.ticketDim(t, f.dim) != f.id {
			return false
		}
	}
	return true
}

// responseDim is answer i's value of d: its own channel, team or agent, else its ticket's; its
// customer's segment.
func (r *run) responseDim(i uint32, d Dim) uint16 {
	c := &r.e.responses
	var own uint16
	switch d {
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
	return r.ticketDim(c.ticket[i]-1, d)
}

func (r *run) responseGroup(i uint32) uint16 { return r.responseDim(i, r.q.By) }

func (r *run) responseKept(i uint32) bool {
	for _, f := range r.filters {
		if r.responseDim(i, f.dim) != f.id {
			return false
		}
	}
	return true
}

// replyDim is agent message i's value of d: its ticket's, but the replying agent for agent.
func (r *run) replyDim(i uint32, d Dim) uint16 {
	m := &r.e.messages
	if d == ByAgent && m.agent[i] != 0 {
		return m.agent[i]
	}
	return r.ticketDim(m.ticket[i], d)
}

func (r *run) replyKept(i uint32) bool {
	for _, f := range r.filters {
		if r.replyDim(i, f.dim) != f.id {
			return false
		}
	}
	return true
}

// customerGroup is the group of a customer index for customer metrics.
func (r *run) customerGroup(c uint32) uint16 {
	if r.q.By == BySegment {
		return r.e.customers.segment[c]
	}
	return 0
}

// customerKept tells whether customer c passes the (segment) filter.
func (r *run) customerKept(c uint32) bool {
	for _, f := range r.filters {
		if r.e.customers.segment[c] != f.id {
			return false
		}
	}
	return true
}

// groups turns the accumulated sets into the report's groups, sorted by key.
func (r *run) groups() []Group {
	if r.q.By == ByNone {
		return []Group{{Metrics: r.sets[0]}}
	}
	d := r.e.dimNames(r.q.By)
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
