package engine

import (
	"github.com/klantpuls/klantpuls/internal/cx"
	"github.com/klantpuls/klantpuls/internal/metric"
)

// Survey codes.
const (
	surveyNPS = iota + 1
	surveyCSAT
	surveyCES
)

var surveyCodes = map[string]uint8{cx.SurveyNPS: surveyNPS, cx.SurveyCSAT: surveyCSAT, cx.SurveyCES: surveyCES}

// Response flags.
const (
	responseComment    = 1 << iota // has a non-empty comment: a feedback item
	responseReplied                // the team replied to the comment
	responseSuperseded             // a later answer of the same ticket and survey counts instead
	// bits 3 and 4: the comment's sentiment label (query_text.go)
)

// responseColumns holds survey answers by interned response id. The answers of one ticket form
// a linked list (respHead on the ticket, next here), to find the ticket's current rating.
type responseColumns struct {
	ids       keys
	submitted []uint32
	score     []int8
	survey    []uint8
	scale     []uint8 // metric.ScaleCode of the answer's own scale; 0 = the install's
	flags     []uint8
	customer  []uint32 // ref to customers, 0 = none (then the ticket's customer)
	ticket    []uint32 // ref to tickets, 0 = none
	channel   []uint16 // the answer's own; 0 = take the ticket's
	team      []uint16
	agent     []uint16
	next      []uint32    // ref to the next answer of the same ticket
	text      textColumns // the comment's themes and terms
}

func (c *responseColumns) grow(n int) {
	c.submitted = reserveCap(c.submitted, n)
	c.score = reserveCap(c.score, n)
	c.survey = reserveCap(c.survey, n)
	c.scale = reserveCap(c.scale, n)
	c.flags = reserveCap(c.flags, n)
	c.customer = reserveCap(c.customer, n)
	c.ticket = reserveCap(c.ticket, n)
	c.channel = reserveCap(c.channel, n)
	c.team = reserveCap(c.team, n)
	c.agent = reserveCap(c.agent, n)
	c.next = reserveCap(c.next, n)
	c.text.grow(n)
}

func (e *Engine) putResponse(r *cx.Response) {
	c := &e.responses
	i, added := c.ids.intern(r.ID)
	if added {
		c.submitted = append(c.submitted, 0)
		c.score = append(c.score, 0)
		c.survey = append(c.survey, 0)
		c.scale = append(c.scale, 0)
		c.flags = append(c.flags, 0)
		c.customer = append(c.customer, 0)
		c.ticket = append(c.ticket, 0)
		c.channel = append(c.channel, 0)
		c.team = append(c.team, 0)
		c.agent = append(c.agent, 0)
		c.next = append(c.next, 0)
		c.text.add()
	}
	var t uint32
	if r.TicketID != "" {
		t = ref(e.tickets.row(r.TicketID))
	}
	if old := c.ticket[i]; old != t {
		if old != 0 {
			unlink(&e.tickets.respHead[old-1], c.next, i)
			defer e.supersede(old - 1)
		}
		if t != 0 {
			c.next[i] = e.tickets.respHead[t-1]
			e.tickets.respHead[t-1] = ref(i)
		}
		c.ticket[i] = t
	}
	c.submitted[i] = instant(r.SubmittedAt)
	c.score[i] = int8(max(-128, min(127, r.Score)))
	c.survey[i] = surveyCodes[r.Survey]
	// A name the importer would refuse cannot arrive; were it to, the install's scale reads it.
	c.scale[i], _, _ = metric.ScaleCode(r.Scale)
	var f uint8
	if r.Comment != "" {
		f |= responseComment
	}
	// An answer again without replied_at keeps its reply, as the stores do (sqldb columns.kept);
	// a deletion before it has cleared the flags.
	if !r.RepliedAt.IsZero() || c.flags[i]&responseReplied != 0 {
		f |= responseReplied
	}
	f |= toneOf(r.Sentiment) << responseToneShift
	c.flags[i] = f
	e.readText(&c.text, i, r.Comment, r.Language)
	c.customer[i] = 0
	if r.CustomerID != "" {
		c.customer[i] = ref(e.customers.row(r.CustomerID))
	}
	c.channel[i] = e.channels.id(r.Channel)
	c.team[i] = e.teams.id(r.Team)
	c.agent[i] = e.agents.id(r.Agent)
	if t != 0 {
		e.supersede(t - 1)
	}
}

// supersede marks, per survey, every CSAT and CES answer of ticket t but the latest as
// superseded: a customer who changes a rating is counted once, with the new rating, at its
// time (metrics.md section 1). Equal times are broken by response id so the choice does not
// depend on arrival order. It keeps the ticket's latest answer time (answered) too: every
// change of the ticket's answers comes here.
func (e *Engine) supersede(t uint32) {
	c := &e.responses
	var latest [surveyCES + 1]uint32 // ref of the current answer per survey
	answered := uint32(noTime)
	for p := e.tickets.respHead[t]; p != 0; p = c.next[p-1] {
		i := p - 1
		answered = max(answered, c.submitted[i])
		c.flags[i] &^= responseSuperseded
		s := c.survey[i]
		if s == surveyNPS {
			continue
		}
		if cur := latest[s]; cur == 0 || later(c, i, cur-1) {
			latest[s] = p
		}
	}
	e.tickets.answered[t] = answered
	for p := e.tickets.respHead[t]; p != 0; p = c.next[p-1] {
		i := p - 1
		if s := c.survey[i]; s != surveyNPS && latest[s] != p {
			c.flags[i] |= responseSuperseded
		}
	}
}

// later reports whether answer a counts over answer b: submitted later, or at the same second
// with the greater id.
func later(c *responseColumns, a, b uint32) bool {
	if c.submitted[a] != c.submitted[b] { // LaterAnswer's rule: the ids, made strings, only on a tie
		return c.submitted[a] > c.submitted[b]
	}
	return LaterAnswer(c.submitted[a], c.ids.key(a), c.submitted[b], c.ids.key(b))
}

// LaterAnswer is later for answers outside an engine (instants as Instant gives them): the
// ClickHouse shipper marks with it which answer of a ticket counts.
func LaterAnswer(aAt uint32, aID string, bAt uint32, bID string) bool {
	if aAt != bAt {
		return aAt > bAt
	}
	return aID > bID
}

// responseCustomer is the answer's customer, else its ticket's (ref, 0 = none): metrics.md
// section 1 rule 3, which AnswerCustomer states for answers outside an engine.
func (e *Engine) responseCustomer(i uint32) uint32 {
	if c := e.responses.customer[i]; c != 0 {
		return c
	}
	if t := e.responses.ticket[i]; t != 0 {
		return e.tickets.customer[t-1]
	}
	return 0
}

// AnswerCustomer is responseCustomer for an answer outside an engine: its own customer_id,
// else its ticket's (ticketCustomer; "" when the ticket names none or is not known). The
// customer page picks its customer's answers with it, so its NPS is the list's.
func AnswerCustomer(own, ticketCustomer string) string {
	if own != "" {
		return own
	}
	return ticketCustomer
}
