package engine

import (
	"cmp"
	"errors"
	"fmt"
	"math"
	"slices"
	"time"

	"github.com/klantpuls/klantpuls/internal/metric"
)

// Drill-down: the records behind a figure. Drill runs the same scan a report runs, with a
// collector that the scan's loops call at exactly the point where they add a record to the
// query's own period for the metric asked (note, noteIn). The list is therefore the figure's
// count by construction: there is no second copy of any metric's rules here, only which part
// computes the metric and what kind of record its count counts.

// RecordKind is what one record of a drill-down list is.
type RecordKind string

const (
	RecordTicket   RecordKind = "ticket"   // a ticket (ticket_id)
	RecordAnswer   RecordKind = "answer"   // a survey answer (response_id)
	RecordReply    RecordKind = "reply"    // an agent's message that is a reply-time sample (message_id)
	RecordMention  RecordKind = "mention"  // a mention on a review site or social medium (mention_id)
	RecordCustomer RecordKind = "customer" // a customer (customer_id)
	RecordReview   RecordKind = "review"   // a quality review of a conversation (review_id)
)

// ListKind is what a whole list counts, for its heading ("3 tickets").
type ListKind string

const (
	ListTickets   ListKind = "tickets"
	ListAnswers   ListKind = "answers"
	ListReplies   ListKind = "replies"
	ListTexts     ListKind = "texts" // answers with a comment and mentions
	ListCustomers ListKind = "customers"
	ListReviews   ListKind = "reviews"
)

// drillable says, for each metric with a list, the part that computes it and what its count
// counts (metric.Descriptor's Headline.N, or the headline itself for tickets).
type drillable struct {
	part Part
	list ListKind
}

var drillables = map[string]drillable{
	// The answers that count: NPS one voice per customer (the latest answer in the period),
	// CSAT and CES the answers a later answer of the same ticket did not supersede.
	"nps": {PartSurveys, ListAnswers}, "csat": {PartSurveys, ListAnswers}, "ces": {PartSurveys, ListAnswers},
	// The tickets measured: first reply, final and first solution, complaint solution, FCR
	// (solved tickets whose replies are known), wait and handle time; tickets: those created.
	"first_response": {PartService, ListTickets}, "resolution": {PartService, ListTickets},
	"first_resolution": {PartService, ListTickets}, "complaint_resolution": {PartService, ListTickets},
	"fcr": {PartService, ListTickets}, "wait_time": {PartService, ListTickets},
	"handle_time": {PartService, ListTickets}, "tickets": {PartService, ListTickets},
	// The transfer rate's: solved tickets whose transfers are known.
	"transfers": {PartService, ListTickets},
	// The agent messages that are reply-time samples.
	"reply_time": {PartReplies, ListReplies},
	// Churn's and retention's n is the base at the start: the customers in it at from. CLV's
	// is the buyers of the period, referral's the customers acquired in it.
	"churn": {PartCustomers, ListCustomers}, "retention": {PartCustomers, ListCustomers},
	"clv": {PartCustomers, ListCustomers}, "referral": {PartCustomers, ListCustomers},
	// Engagement's n is the base at the end: the customers in it at to, whose share took part.
	"engagement": {PartCustomers, ListCustomers},
	// The reviews with a score.
	"iqs": {PartQuality, ListReviews},
	// The texts: answers with a comment and mentions (feedback response); those with a tone
	// (sentiment).
	"feedback_response": {PartSurveys, ListTexts}, "sentiment": {PartSurveys, ListTexts},
}

// Drillable tells whether a metric has a list of records behind it, and what the list counts.
func Drillable(key string) (ListKind, bool) {
	d, ok := drillables[key]
	return d.list, ok
}

// Errors of Drill; the web answers them in the user's language.
var (
	// ErrNoList: the metric's headline rests on no count of records, or the key names no
	// metric.
	ErrNoList = errors.New("the metric has no list of records")
	// ErrNotApplicable: the metric does not apply under the query's filter (churn by channel).
	ErrNotApplicable = errors.New("the metric does not apply under this filter")
)

// Record is one record behind a figure, with what a list shows of it. Dimension values are
// the ones the metric's rules read (an answer's own channel, else its ticket's).
type Record struct {
	Kind RecordKind
	ID   string
	// At is the instant that put the record in the period (its attribution: a ticket's
	// creation, solution or first reply as the metric has it); a customer's acquisition.
	At                            time.Time
	Churned                       time.Time // a customer's churn, zero when still a customer
	Ticket                        string    // the ticket the record belongs to; a ticket's own id
	Customer                      string
	Channel, Team, Agent, Segment string
	// Value is what the record adds to the figure: seconds (business seconds where the
	// headline is a business mean), a score, a review's score; nil when it adds only to n.
	Value   *float64
	Replied bool   // an answer's comment or a mention was replied to
	Tone    string // a text's sentiment label (metric.SentimentPositive …), "" none
}

// Records is the list behind one metric's headline count for a query's period and filter.
type Records struct {
	Metric string
	List   ListKind
	N      int // the figure's count from the same scan; len(Items) equals it
	Items  []Record
}

// collector gathers the records added to one metric in the query's own period.
type collector struct {
	key   string
	slot  int // the own period's slot (the run is not split)
	local int // the own period's position on row 0, for counts kept as ranges
	hits  []hit
}

type hit struct {
	kind  RecordKind
	i     uint32  // the record's row of its kind (for a review: its review index)
	at    uint32  // the attribution instant
	value float64 // NaN: none
}

// note tells the collector, when there is one, that record i was added to slot k of metric
// key. Without a collector it costs one nil check.
func (r *run) note(key string, k int, kind RecordKind, i, at uint32, value float64) {
	if c := r.collect; c != nil && k == c.slot && key == c.key {
		c.hits = append(c.hits, hit{kind, i, at, value})
	}
}

// noteIn is note for a count kept as a range of periods lo up to hi of row j (ranges.add).
func (r *run) noteIn(key string, j, lo, hi int, kind RecordKind, i, at uint32) {
	if c := r.collect; c != nil && j == 0 && lo <= c.local && c.local < hi && key == c.key {
		c.hits = append(c.hits, hit{kind, i, at, math.NaN()})
	}
}

// Drill lists the records behind metric key's headline count for q's period and filter
// (q.By, Step and PreviousFrom are not read). Items are in the order of their instant, then id.
func (e *Engine) Drill(q Query, key string) (*Records, error) {
	d, ok := drillables[key]
	desc, described := metric.Lookup(key)
	if !ok || !described {
		return nil, fmt.Errorf("%w: %q", ErrNoList, key)
	}
	if !q.From.Before(q.To) {
		return nil, errEmptyPeriod(q)
	}
	q.By, q.Step, q.PreviousFrom, q.Parts = ByNone, NoStep, time.Time{}, d.part
	e.mu.RLock()
	defer e.mu.RUnlock()
	r := e.newRun(q, nil)
	defer e.scratch.put(r.s)
	c := &collector{key: key, slot: r.slot(r.whole, 0), local: r.whole - r.lines[0].first}
	r.collect = c
	r.scan()
	set := &r.sets[c.slot]
	f, applies := desc.Read(set)
	if !applies {
		return nil, fmt.Errorf("%s: %w", key, ErrNotApplicable)
	}
	out := &Records{Metric: key, List: d.list, N: f.N, Items: make([]Record, 0, len(c.hits))}
	if desc.Headline.N == "" && f.Value != nil { // a count as the headline (tickets created)
		out.N = int(*f.Value)
	}
	for _, h := range c.hits {
		out.Items = append(out.Items, r.record(h))
	}
	slices.SortStableFunc(out.Items, func(a, b Record) int {
		return cmp.Or(a.At.Compare(b.At), cmp.Compare(a.ID, b.ID))
	})
	return out, nil
}

// record reads what a list shows of one collected record.
func (r *run) record(h hit) Record {
	e := r.e
	rec := Record{Kind: h.kind}
	if h.at != noTime {
		rec.At = e.at(h.at)
	}
	if !math.IsNaN(h.value) {
		v := h.value
		rec.Value = &v
	}
	switch h.kind {
	case RecordTicket:
		rec.ID = e.tickets.ids.key(h.i)
		r.ticketRecord(&rec, h.i)
	case RecordReply:
		m := &e.messages
		rec.ID = m.ids.key(h.i)
		r.ticketRecord(&rec, m.ticket[h.i])
		rec.Agent = e.agents.name(r.replyDim(h.i, ByAgent))
	case RecordAnswer:
		c := &e.responses
		rec.ID = c.ids.key(h.i)
		if t := c.ticket[h.i]; t != 0 {
			rec.Ticket = e.tickets.ids.key(t - 1)
		}
		if cust := e.responseCustomer(h.i); cust != 0 {
			rec.Customer = e.customers.ids.key(cust - 1)
		}
		rec.Channel = e.channels.name(r.responseDim(h.i, ByChannel))
		rec.Team = e.teams.name(r.responseDim(h.i, ByTeam))
		rec.Agent = e.agents.name(r.responseDim(h.i, ByAgent))
		rec.Segment = e.segments.name(r.responseDim(h.i, BySegment))
		rec.Replied = c.flags[h.i]&responseReplied != 0
		rec.Tone = toneName(responseTone(c.flags[h.i]))
	case RecordMention:
		m := &e.mentions
		rec.ID = m.ids.key(h.i)
		rec.Replied, rec.Tone = m.replied[h.i], toneName(m.tone[h.i])
	case RecordCustomer:
		c := &e.customers
		rec.ID, rec.Customer = c.ids.key(h.i), c.ids.key(h.i)
		rec.Segment = e.segments.name(c.segment[h.i])
		if ch := c.churned[h.i]; ch != noTime {
			rec.Churned = e.at(ch)
		}
	case RecordReview:
		rec.ID = e.reviews.reviewIDs.key(h.i)
		rec.Agent = e.agents.name(r.s.reviewed[h.i].agent)
	}
	return rec
}

// ticketRecord fills in a ticket's id, customer and dimensions.
func (r *run) ticketRecord(rec *Record, t uint32) {
	e := r.e
	rec.Ticket = e.tickets.ids.key(t)
	if cust := e.tickets.customer[t]; cust != 0 {
		rec.Customer = e.customers.ids.key(cust - 1)
	}
	rec.Channel = e.channels.name(r.ticketDim(t, ByChannel))
	rec.Team = e.teams.name(r.ticketDim(t, ByTeam))
	rec.Agent = e.agents.name(r.ticketDim(t, ByAgent))
	rec.Segment = e.segments.name(r.ticketDim(t, BySegment))
}

func toneName(tone uint8) string {
	switch tone {
	case tonePositive:
		return metric.SentimentPositive
	case toneNeutral:
		return metric.SentimentNeutral
	case toneNegative:
		return metric.SentimentNegative
	}
	return ""
}
