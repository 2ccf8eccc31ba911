package importer

import (
	"math"
	"strconv"
	"strings"

	"github.com/klantpuls/klantpuls/internal/cx"
	"github.com/klantpuls/klantpuls/internal/metric"
)

// kindSpec is a kind's columns (the key first) and how a row becomes a record.
type kindSpec struct {
	columns []column
	build   func(*row) cx.Record
}

func cols(required []string, optional ...string) []column {
	var c []column
	for _, n := range required {
		c = append(c, column{name: n, required: true})
	}
	for _, n := range optional {
		c = append(c, column{name: n})
	}
	return c
}

// columnNames is k's columns by name, in data.md's order.
func columnNames(k cx.Kind) []string {
	var names []string
	for _, c := range kinds[k].columns {
		names = append(names, c.name)
	}
	return names
}

// kinds is data.md section 2, one entry per import file kind.
var kinds = map[cx.Kind]kindSpec{
	cx.KindCustomers: {cols([]string{"customer_id", "acquired_at"}, "name", "email", "segment", "churned_at", "referred_by"), buildCustomer},
	cx.KindOrders:    {cols([]string{"order_id", "customer_id", "ordered_at", "amount"}, "gross_margin", "refund_of", "currency"), buildOrder},
	cx.KindTickets: {cols([]string{"ticket_id", "created_at"}, "customer_id", "channel", "team", "agent", "category",
		"complaint", "direction", "first_reply_at", "first_solved_at", "solved_at", "reopens", "agent_replies",
		"wait_seconds", "handle_seconds", "transfers"), buildTicket},
	cx.KindMessages: {cols([]string{"message_id", "ticket_id", "at", "author"}, "agent"), buildMessage},
	cx.KindResponses: {cols([]string{"response_id", "survey", "score", "submitted_at"}, "customer_id", "ticket_id",
		"channel", "team", "agent", "comment", "language", "replied_at", "scale"), buildResponse},
	cx.KindMentions: {cols([]string{"mention_id", "source", "at", "text"}, "author", "url", "replied_at"), buildMention},
	cx.KindReviews:  {cols([]string{"review_id", "reviewed_at", "agent", "criterion"}, "ticket_id", "reviewer", "rating"), buildReview},
	cx.KindEvents:   {cols([]string{"event_id", "customer_id", "kind", "at"}), buildEvent},
}

func buildCustomer(r *row) cx.Record {
	c := &cx.Customer{
		ID:         r.id("customer_id", true),
		AcquiredAt: r.time("acquired_at", true),
		Name:       r.str("name", false),
		Email:      r.str("email", false),
		Segment:    r.str("segment", false),
		ChurnedAt:  r.time("churned_at", false),
		ReferredBy: r.id("referred_by", false),
		Attrs:      r.attrs(),
	}
	r.notBefore("churned_at", c.ChurnedAt, "acquired_at", c.AcquiredAt)
	return c
}

func buildOrder(r *row) cx.Record {
	o := &cx.Order{
		ID:          r.id("order_id", true),
		CustomerID:  r.id("customer_id", true),
		OrderedAt:   r.time("ordered_at", true),
		GrossMargin: r.fraction("gross_margin"),
		RefundOf:    r.id("refund_of", false),
		Attrs:       r.attrs(),
	}
	if o.RefundOf != "" && o.RefundOf == o.ID {
		r.errorf("refund_of", msgRefundOfItself)
	}
	a, euro := r.amount("amount", true)
	if a == nil {
		return o
	}
	if o.RefundOf != "" && *a >= 0 {
		r.errorf("amount", msgRefundNotNegative, *a, o.RefundOf)
	}
	r.money(o, *a, euro)
	return o
}

// euroCode is the currency € names (cells.Euros).
const euroCode = "EUR"

// money sets an order's amount in the account's currency, converting one in another currency
// at the configured rate and keeping what came (cx.Money.Convert is the rule). An amount in a
// currency without a rate is refused: summed with the others it would mix currencies. A €
// with the amount (euro) names its currency as the column currency does, and must agree with it.
func (r *row) money(o *cx.Order, amount float64, euro bool) {
	o.Amount = amount
	m := r.p.cfg.Money
	v := strings.TrimSpace(r.raw("currency"))
	if !r.textual("currency") {
		return
	}
	if v == "" && euro && m.Currency != euroCode {
		v = euroCode
	}
	if v == "" {
		return
	}
	code, ok := cx.CurrencyCode(v)
	switch {
	case !ok:
		r.errorf("currency", msgNotCurrency, v)
		return
	case euro && code != euroCode:
		r.errorf("currency", msgNotEuro, code)
		return
	}
	o.Currency = code
	converted, ok := m.Convert(amount, code)
	switch {
	case !ok:
		r.errorf("currency", msgNoRate, code, m.Currency, code)
	case math.Abs(converted) > cx.MaxAmount:
		r.tooLarge("amount", strconv.FormatFloat(converted, 'f', -1, 64)+" "+m.Currency, cx.MaxAmount, whatAmount)
	case code != m.Currency:
		o.Amount, o.OriginalAmount = converted, &amount
	}
}

func buildTicket(r *row) cx.Record {
	t := &cx.Ticket{
		ID:            r.id("ticket_id", true),
		CreatedAt:     r.time("created_at", true),
		CustomerID:    r.id("customer_id", false),
		Channel:       r.str("channel", false),
		Team:          r.str("team", false),
		Agent:         r.str("agent", false),
		Category:      r.str("category", false),
		Complaint:     r.boolean("complaint"),
		Direction:     r.oneOf("direction", false, cx.Inbound, cx.Inbound, cx.Outbound),
		FirstReplyAt:  r.time("first_reply_at", false),
		FirstSolvedAt: r.time("first_solved_at", false),
		SolvedAt:      r.time("solved_at", false),
		Reopens:       r.count("reopens"),
		AgentReplies:  r.count("agent_replies"),
		WaitSeconds:   r.seconds("wait_seconds"),
		HandleSeconds: r.seconds("handle_seconds"),
		Transfers:     r.count("transfers"),
		Attrs:         r.attrs(),
	}
	r.notBefore("first_reply_at", t.FirstReplyAt, "created_at", t.CreatedAt)
	r.notBefore("first_solved_at", t.FirstSolvedAt, "created_at", t.CreatedAt)
	r.notBefore("solved_at", t.SolvedAt, "created_at", t.CreatedAt)
	return t
}

func buildMessage(r *row) cx.Record {
	return &cx.Message{
		ID:       r.id("message_id", true),
		TicketID: r.id("ticket_id", true),
		At:       r.time("at", true),
		Author:   r.oneOf("author", true, "", cx.AuthorCustomer, cx.AuthorAgent, cx.AuthorBot, cx.AuthorNote),
		Agent:    r.str("agent", false),
		Attrs:    r.attrs(),
	}
}

func buildResponse(r *row) cx.Record {
	resp := &cx.Response{
		ID:          r.id("response_id", true),
		Survey:      r.oneOf("survey", true, "", cx.SurveyNPS, cx.SurveyCSAT, cx.SurveyCES),
		SubmittedAt: r.time("submitted_at", true),
		CustomerID:  r.id("customer_id", false),
		TicketID:    r.id("ticket_id", false),
		Channel:     r.str("channel", false),
		Team:        r.str("team", false),
		Agent:       r.str("agent", false),
		Comment:     r.text("comment"),
		Language:    r.str("language", false),
		RepliedAt:   r.time("replied_at", false),
		Attrs:       r.attrs(),
	}
	own, scaled := responseScale(r, resp)
	if score, ok := r.integer("score", true); ok {
		resp.Score = score
		switch lo, hi, known := surveyScale(r, resp.Survey); {
		case scaled && !own.Valid(score):
			r.errorf("score", msgOffOwnScale, score, own.Name, scalePoints(own))
		case !scaled && known && (score < lo || score > hi):
			r.errorf("score", msgOffScale, score, resp.Survey, lo, hi)
		}
	}
	r.notBefore("replied_at", resp.RepliedAt, "submitted_at", resp.SubmittedAt)
	return resp
}

// responseScale reads a CSAT answer's own scale (metric.CSATScales), when it names one: its
// score is then checked on that scale instead of the install's.
func responseScale(r *row, resp *cx.Response) (metric.CSATScale, bool) {
	v := strings.TrimSpace(r.raw("scale"))
	if v == "" || !r.textual("scale") {
		return metric.CSATScale{}, false
	}
	code, name, ok := metric.ScaleCode(v)
	switch {
	case !ok:
		r.errorf("scale", msgNotOneOf, v, metric.ScaleNames())
		return metric.CSATScale{}, false
	case resp.Survey != cx.SurveyCSAT && resp.Survey != "":
		r.errorf("scale", msgScaleNotCSAT, resp.Survey)
		return metric.CSATScale{}, false
	}
	resp.Scale = name
	return metric.ScaleOf(code, metric.CSATScale{}), true
}

// scalePoints writes a scale's scores for a message: 1..5, or each of Freshdesk's points.
func scalePoints(s metric.CSATScale) string {
	if s.Points == nil {
		return strconv.Itoa(s.Min) + ".." + strconv.Itoa(s.Max)
	}
	p := make([]string, len(s.Points))
	for i, x := range s.Points {
		p[i] = strconv.Itoa(x)
	}
	return strings.Join(p, ", ")
}

// surveyScale is the scale of a survey kind: NPS is always 0–10, CSAT and CES from the config.
func surveyScale(r *row, survey string) (lo, hi int, known bool) {
	switch survey {
	case cx.SurveyNPS:
		return 0, 10, true
	case cx.SurveyCSAT:
		return r.p.cfg.CSAT.Min, r.p.cfg.CSAT.Max, true
	case cx.SurveyCES:
		return r.p.cfg.CES.Min, r.p.cfg.CES.Max, true
	}
	return 0, 0, false
}

func buildMention(r *row) cx.Record {
	m := &cx.Mention{
		ID:        r.id("mention_id", true),
		Source:    r.str("source", true),
		At:        r.time("at", true),
		Text:      r.text("text"),
		Author:    r.str("author", false),
		URL:       r.str("url", false),
		RepliedAt: r.time("replied_at", false),
		Attrs:     r.attrs(),
	}
	if m.Text == "" {
		r.errorf("text", msgRequired)
	}
	r.notBefore("replied_at", m.RepliedAt, "at", m.At)
	return m
}

func buildReview(r *row) cx.Record {
	v := &cx.Review{
		ReviewID:   r.id("review_id", true),
		Criterion:  r.id("criterion", true),
		ReviewedAt: r.time("reviewed_at", true),
		Agent:      r.str("agent", true),
		TicketID:   r.id("ticket_id", false),
		Reviewer:   r.str("reviewer", false),
		Attrs:      r.attrs(),
	}
	if rating, ok := r.integer("rating", false); ok {
		v.Rating = &rating
		c, configured := r.p.cfg.CriterionOrDefault(v.Criterion)
		switch {
		case rating >= c.Min && rating <= c.Max:
		case configured:
			r.errorf("rating", msgOffCriterion, rating, c.Name, c.Min, c.Max)
		default:
			r.errorf("rating", msgOffDefault, rating, c.Min, c.Max)
		}
	}
	return v
}

func buildEvent(r *row) cx.Record {
	return &cx.Event{
		ID:         r.id("event_id", true),
		CustomerID: r.id("customer_id", true),
		Kind:       r.str("kind", true),
		At:         r.time("at", true),
		Attrs:      r.attrs(),
	}
}
