package engine

import (
	"math"

	"github.com/klantpuls/klantpuls/internal/metric"
)

// The churn risk model's features (issue 16): one row per customer as of an instant, built
// from the engine's columns in one pass per kind of record. churnFeatureNames is their order;
// the segment indicators follow, one per segment name.
var churnFeatureNames = []string{
	"recency_days", "orders_365", "spend_365", "tenure_days",
	"tickets_90", "complaints_90", "reopens_90", "sla_breaches_90", "open_tickets",
	"nps_detractor", "nps_promoter", "csat_low", "negative_share", "events_90",
}

// Feature indices, by which the reasons (churn_reasons.go) read a row.
const (
	featRecency = iota
	featOrders
	featSpend
	featTenure
	featTickets
	featComplaints
	featReopens
	featBreaches
	featOpen
	featDetractor
	featPromoter
	featCSATLow
	featNegative
	featEvents
	featSegments // first segment indicator
)

const (
	day90  = 90 * 86400
	day365 = 365 * 86400
)

// churnFacts are one customer's figures as of an instant: the features' raw material plus what
// the reasons quote (the last NPS answer and the lowest CSAT with their dates).
type churnFacts struct {
	firstOrder, lastOrder uint32
	orders365             int
	spend365              float64
	tickets90, complaints int
	reopens, breaches     int
	open, events          int
	contacted             bool   // ever an inbound ticket or a survey answer
	lastTicket            uint32 // the latest inbound ticket's creation, for its team
	team                  uint16
	npsAt                 uint32
	nps                   int8
	csatAt                uint32
	csat                  int8
	csatLow               float64 // 1 − the lowest answer's place on its scale; 0 = none
	csatPositive          bool    // the lowest answer is a satisfied one: the model reads it, no reason quotes it
	toned, negative       int
	npsRef, csatRef       uint32 // refs of the last NPS and the lowest CSAT answer, 0 = none
}

// churnFactsAsOf gathers every customer's facts as of instant t (records at or before t).
// target is the first-response target per team for SLA breaches; nil leaves breaches at 0.
func (e *Engine) churnFactsAsOf(t uint32, target func(team string) int64) []churnFacts {
	f := make([]churnFacts, e.customers.ids.len())
	e.churnOrders(f, t)
	e.churnTickets(f, t, target)
	e.churnAnswers(f, t)
	// Engagement events are those of the kinds engagement is measured over (README: the
	// configured ones, else every kind), not an order confirmation a shop also sends as one.
	engaging := make([]bool, e.eventKinds.len())
	for _, k := range e.engagementKinds() {
		if id, ok := e.eventKinds.find(k.Kind); ok {
			engaging[id] = true
		}
	}
	ev := &e.events
	for i, at := range ev.at {
		if at != noTime && at <= t && at > t-day90 && int(ev.customer[i]) < len(f) && engaging[ev.kind[i]] {
			f[ev.customer[i]].events++
		}
	}
	return f
}

func (e *Engine) churnOrders(f []churnFacts, t uint32) {
	o := &e.orders
	for i, at := range o.at {
		c := o.customer[i]
		if at == noTime || at > t || o.amount[i] < 0 || int(c) >= len(f) {
			continue
		}
		x := &f[c]
		if x.firstOrder == noTime || at < x.firstOrder {
			x.firstOrder = at
		}
		x.lastOrder = max(x.lastOrder, at)
		if at > t-day365 {
			x.orders365++
			x.spend365 += o.amount[i]
		}
	}
}

func (e *Engine) churnTickets(f []churnFacts, t uint32, target func(string) int64) {
	c := &e.tickets
	var targets []int64
	if target != nil {
		targets = e.slaTargets(target)
	}
	for k := range uint32(len(c.flags)) {
		cust, at := c.customer[k], c.created[k]
		if c.flags[k]&(ticketExists|ticketOutbound) != ticketExists || cust == 0 || at == noTime || at > t {
			continue
		}
		x := &f[cust-1]
		x.contacted = true
		if at >= x.lastTicket {
			x.lastTicket, x.team = at, c.team[k]
		}
		// Open whatever its age: a ticket left unsolved for a year weighs more, not less.
		if s := c.solved[k]; s == noTime || s > t {
			x.open++
		}
		if at <= t-day90 {
			continue
		}
		x.tickets90++
		if c.flags[k]&ticketComplaint != 0 {
			x.complaints++
		}
		x.reopens += c.reopensAsOf(k, t)
		if targets != nil {
			if due, breached := e.slaDue(k, targets[c.team[k]]); breached && due <= int64(t) {
				x.breaches++
			}
		}
	}
}

// reopensAsOf is ticket k's reopens as of instant t. reopens has no date: a ticket is reopened
// after a solve, so before its first solve (first_solved_at, else solved_at) it has none yet;
// counting the later ones would teach the backtest what happened after its instant.
func (c *ticketColumns) reopensAsOf(k, t uint32) int {
	if first := c.firstSolvedAt(k); first == noTime || first > t {
		return 0
	}
	return int(c.reopens[k])
}

func (e *Engine) churnAnswers(f []churnFacts, t uint32) {
	c := &e.responses
	for i := range uint32(len(c.submitted)) {
		at := c.submitted[i]
		cust := e.responseCustomer(i)
		if cust == 0 || at == noTime || at > t {
			continue
		}
		x := &f[cust-1]
		x.contacted = true
		if at <= t-day365 {
			continue
		}
		score := int(c.score[i])
		switch c.survey[i] {
		case surveyNPS:
			if at >= x.npsAt {
				x.npsAt, x.nps, x.npsRef = at, c.score[i], ref(i)
			}
		case surveyCSAT:
			scale := metric.ScaleOf(c.scale[i], e.opts.CSAT)
			if low := 1 - scale.Fraction(score); x.csatAt == noTime || low > x.csatLow {
				x.csatAt, x.csat, x.csatLow, x.csatRef = at, c.score[i], low, ref(i)
				x.csatPositive = scale.Positive(score)
			}
		}
		switch responseTone(c.flags[i]) {
		case toneNegative:
			x.toned++
			x.negative++
		case tonePositive, toneNeutral:
			x.toned++
		}
	}
}

// churnRow is one customer's feature vector as of t (see churnFeatureNames).
func (e *Engine) churnRow(i uint32, x *churnFacts, t uint32, segments int) []float64 {
	row := make([]float64, featSegments+segments)
	e.churnRowInto(row, i, x, t, segments)
	return row
}

// churnRowInto writes churnRow into row, featSegments+segments long and zeroed.
func (e *Engine) churnRowInto(row []float64, i uint32, x *churnFacts, t uint32, segments int) {
	acq := e.customers.acquired[i]
	if acq == noTime { // orders without a customer row (an orders-only shop): since the first order
		acq = x.firstOrder
	}
	since := func(at uint32) float64 { return float64(int64(t)-int64(at)) / 86400 }
	row[featTenure] = since(acq)
	row[featRecency] = row[featTenure]
	if x.lastOrder != noTime {
		row[featRecency] = since(x.lastOrder)
	}
	row[featOrders] = float64(x.orders365)
	row[featSpend] = math.Log1p(max(x.spend365, 0)) // spend is skewed: a log keeps one big buyer from dominating
	row[featTickets] = float64(x.tickets90)
	row[featComplaints] = float64(x.complaints)
	row[featReopens] = float64(x.reopens)
	row[featBreaches] = float64(x.breaches)
	row[featOpen] = float64(x.open)
	if x.npsAt != noTime {
		switch metric.NPSClass(int(x.nps)) {
		case metric.Detractor:
			row[featDetractor] = 1
		case metric.Promoter:
			row[featPromoter] = 1
		}
	}
	row[featCSATLow] = x.csatLow
	if x.toned > 0 {
		row[featNegative] = float64(x.negative) / float64(x.toned)
	}
	row[featEvents] = float64(x.events)
	if s := int(e.customers.segment[i]); s > 0 && s <= segments {
		row[featSegments+s-1] = 1
	}
}
