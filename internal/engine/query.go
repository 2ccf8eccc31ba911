package engine

import (
	"fmt"
	"math"
	"strings"
	"sync"
	"sync/atomic"
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
	// ByCategory is the ticket's category (contact reason); an answer and a reply have their
	// ticket's. Customers, reviews and mentions have none (metrics.md section 0).
	ByCategory Dim = "category"
)

// grouping tells whether d is one of the dimensions records are split and filtered by.
func (d Dim) grouping() bool {
	switch d {
	case ByChannel, ByTeam, ByAgent, BySegment, ByCategory:
		return true
	}
	return false
}

// ParseDim reads a --by value.
func ParseDim(s string) (Dim, error) {
	if d := Dim(strings.ToLower(strings.TrimSpace(s))); d == ByNone || d.grouping() {
		return d, nil
	}
	return "", fmt.Errorf("unknown dimension %q (want channel, team, agent, segment or category)", s)
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
	// Step asks for the period's buckets as well (days, weeks or months in the account time
	// zone), each with exactly the figures a query of that bucket alone gives.
	Step Step
	// PreviousFrom, when set, asks for the period [PreviousFrom, From) as well: what a tile
	// compares with.
	PreviousFrom time.Time
	// Metrics, when set, names the only metrics the caller reads (keys of the report JSON):
	// the query computes only those (metrics.go); the others are nil. A split query lists the
	// same groups as without it.
	Metrics []string
	// Headline asks, of Metrics, only what each descriptor's headline reads (metric.Descriptor's
	// Read, Interval and Change): a page of tiles. A duration has its n and mean but no median
	// or p90, the CLV no historical value, first response no backlog.
	Headline bool
}

// Part is a family of metrics computed in one pass.
type Part uint8

const (
	PartSurveys   Part = 1 << iota // NPS, CSAT, CES, feedback response, sentiment
	PartService                    // tickets: response and resolution times, FCR, waits, counts
	PartReplies                    // reply time (from messages)
	PartCustomers                  // churn, retention, CLV, referral, engagement
	PartQuality                    // IQS
	// PartModel is the predictive CLV, with PartCustomers: a model fitted on the orders up to
	// the period's end (0.6 s on the demo year, once per day and orders version). A list of
	// buyers, or a bucket's report compared with a series, does without it.
	PartModel
	// PartChurn is churn, retention and referral alone: the part of PartCustomers a series
	// of the customer base needs, without the CLV's pass over the orders of each bucket's
	// year (most of the customers page's time at a million records).
	PartChurn
	// PartTicketCounts is the tickets created and solved (and per channel) alone: the part of
	// PartService a chart of volumes needs, without the summaries of the service times, which
	// a series split by channel or agent asks for thousands of times.
	PartTicketCounts
	AllParts = PartSurveys | PartService | PartReplies | PartCustomers | PartQuality | PartModel
)

func (q Query) wants(p Part) bool { return q.Parts == 0 || q.Parts&p != 0 }

// Group is the metrics of one value of the dimension; Key is nil when the report is not split.
type Group struct {
	Key     *string
	Metrics metric.Set
}

// Result is the answer to a query: the groups of its period, of the previous period when
// asked (PreviousFrom), and of each bucket when asked (Step).
type Result struct {
	Groups   []Group
	Previous []Group
	Buckets  []Bucket
}

// Bucket is one step of a series: its period, in the account time zone, and its groups.
type Bucket struct {
	From, To time.Time
	Groups   []Group
}

// Report queries the engine for the period alone (Step and PreviousFrom are not read). Groups
// are sorted by key; only groups with data in the period appear (an unsplit report always has
// its one group).
func (e *Engine) Report(q Query) ([]Group, error) {
	q.Step, q.PreviousFrom = NoStep, time.Time{}
	res, err := e.Query(q)
	if err != nil {
		return nil, err
	}
	return res.Groups, nil
}

// checkPeriods refuses a query whose period, or previous period when it asks for one, is
// empty: every querier's first rule.
func (q Query) checkPeriods() error {
	if !q.From.Before(q.To) {
		return errEmptyPeriod(q)
	}
	if !q.PreviousFrom.IsZero() && !q.PreviousFrom.Before(q.From) {
		return fmt.Errorf("the previous period is empty: it starts %s, not before %s",
			q.PreviousFrom.Format(time.DateOnly), q.From.Format(time.DateOnly))
	}
	return nil
}

// Query answers q in one pass over the columns, however many buckets it asks for: each
// record is added to the period, the previous period and the bucket its instant falls in.
func (e *Engine) Query(q Query) (*Result, error) {
	if err := q.checkPeriods(); err != nil {
		return nil, err
	}
	if q.Metrics != nil {
		var err error
		if q, err = q.narrowed(); err != nil {
			return nil, err
		}
	}
	var buckets []time.Time
	if q.Step != NoStep {
		var err error
		if buckets, err = q.Step.bounds(q.From, q.To, e.opts.Timezone); err != nil {
			return nil, err
		}
	}
	e.mu.RLock()
	defer e.mu.RUnlock()
	r := e.newRun(q, buckets)
	defer e.scratch.put(r.s)
	r.scan()
	return r.result(), nil
}

// scan runs every part the query wants over the columns, then the summaries: after it the
// run's sets hold the figures. The parts are tasks that two workers take in turn, the
// longest first, and the answers' and the tickets' passes are in chunks: both cores stay busy
// to the end.
func (r *run) scan() {
	q := r.q
	var tasks []func()
	if q.AsksCustomers() {
		// The CLV is the longest task of an unsplit report: the base (which engagement
		// reads) runs beside it when the CLV keeps its buyers in the bit grid, not in the
		// slots engagement uses. A drill-down's list is filled by one task at a time.
		clvApart := q.wants(PartCustomers) && r.collect == nil &&
			gridFits(len(r.periods), r.e.customers.ids.len())
		if clvApart {
			tasks = append(tasks, r.lifetimeValue)
		}
		tasks = append(tasks, func() {
			r.customerBase()
			if q.wants(PartCustomers) {
				if !clvApart {
					r.lifetimeValue()
				}
				if r.shows("engagement") {
					r.engagement()
				}
			}
		})
	}
	var surveysDone, serviceDone func()
	var voices []func() // wait for the survey chunks: last, when those have long been taken
	if q.wants(PartSurveys) {
		var chunks []func()
		chunks, voices, surveysDone = r.surveys()
		tasks = append(tasks, chunks...)
	}
	if q.wants(PartService) || q.wants(PartTicketCounts) {
		var chunks []func()
		chunks, serviceDone = r.service()
		tasks = append(tasks, chunks...)
	}
	if q.wants(PartReplies) {
		tasks = append(tasks, r.replyTime)
	}
	if q.AsksQuality() {
		tasks = append(tasks, r.quality)
	}
	runTasks(append(tasks, voices...))
	for _, done := range []func(){surveysDone, serviceDone} {
		if done != nil {
			done()
		}
	}
	r.runLater()
	r.trimToMetrics()
}

// scanWorkers is how many tasks of a query run at once: the cores of the machine issue 17
// measures on.
const scanWorkers = 2

// runTasks runs the tasks on scanWorkers goroutines, each taking the next task in order when
// it is free, and returns when all are done. A task may wait for tasks before it: those were
// all taken by then, and wait for none.
func runTasks(tasks []func()) {
	var next atomic.Int64
	var wg sync.WaitGroup
	for range min(scanWorkers, len(tasks)) {
		wg.Go(func() {
			for i := int(next.Add(1) - 1); i < len(tasks); i = int(next.Add(1) - 1) {
				tasks[i]()
			}
		})
	}
	wg.Wait()
}

func errEmptyPeriod(q Query) error {
	return fmt.Errorf("the period is empty: from %s is not before to %s",
		q.From.Format(time.DateOnly), q.To.Format(time.DateOnly))
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
	case ByCategory:
		return &e.categories
	}
	return &e.segments
}

// onlyDims tells whether the split and every filter use only the given dimensions: customer
// metrics know segments only, IQS agents only, mentions nothing (metrics.md section 0).
func (r *run) onlyDims(allowed ...Dim) bool { return r.q.OnlyDims(allowed...) }

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
	case ByCategory:
		return c.category[t]
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
// customer's segment; its ticket's category (an answer has none of its own: without a ticket
// it has none).
func (r *run) responseDim(i uint32, d Dim) uint16 {
	c := &r.e.responses
	var own uint16
	switch d {
	case ByNone:
		return 0
	case BySegment:
		return r.e.segmentOf(r.e.responseCustomer(i))
	case ByCategory: // none of its own: its ticket's below
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
