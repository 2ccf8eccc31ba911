package store

import "github.com/klantpuls/klantpuls/internal/cx"

// The columns of each record kind, the key column "id" first, and how a record becomes their
// values: both stores' tables are made from these, so they hold the same rows. Reading a row
// back stays with each store, in the same column order, because it is the start-up hot path and
// each driver hands values over its own way.

var CustomerColumns = []string{
	"id", "acquired_at", "name", "email", "segment", "churned_at", "referred_by", "attrs",
}

// BindCustomer appends the values of customer rec in CustomerColumns order.
func BindCustomer(rec cx.Record, dst []any) ([]any, error) {
	c, ok := rec.(*cx.Customer)
	if !ok || c == nil {
		return dst, WrongRecord("customer", rec)
	}
	attrs, err := BindAttrs(c.Attrs)
	if err != nil {
		return dst, err
	}
	return append(dst, c.ID, BindInstant(c.AcquiredAt), BindText(c.Name), BindText(c.Email),
		BindText(c.Segment), BindInstant(c.ChurnedAt), BindText(c.ReferredBy), attrs), nil
}

var OrderColumns = []string{
	"id", "customer_id", "ordered_at", "amount", "gross_margin", "attrs",
}

// BindOrder appends the values of order rec in OrderColumns order.
func BindOrder(rec cx.Record, dst []any) ([]any, error) {
	o, ok := rec.(*cx.Order)
	if !ok || o == nil {
		return dst, WrongRecord("order", rec)
	}
	attrs, err := BindAttrs(o.Attrs)
	if err != nil {
		return dst, err
	}
	return append(dst, o.ID, o.CustomerID, BindInstant(o.OrderedAt), o.Amount,
		BindFloat(o.GrossMargin), attrs), nil
}

var TicketColumns = []string{
	"id", "created_at", "customer_id", "channel", "team", "agent", "category", "complaint",
	"direction", "first_reply_at", "first_solved_at", "solved_at", "reopens", "agent_replies",
	"wait_seconds", "handle_seconds", "transfers", "attrs",
}

// BindTicket appends the values of ticket rec in TicketColumns order.
func BindTicket(rec cx.Record, dst []any) ([]any, error) {
	t, ok := rec.(*cx.Ticket)
	if !ok || t == nil {
		return dst, WrongRecord("ticket", rec)
	}
	attrs, err := BindAttrs(t.Attrs)
	if err != nil {
		return dst, err
	}
	// Complaint goes as a bool: modernc.org/sqlite binds it as 0 or 1, pgx as a boolean.
	return append(dst, t.ID, BindInstant(t.CreatedAt), BindText(t.CustomerID),
		BindText(t.Channel), BindText(t.Team), BindText(t.Agent), BindText(t.Category),
		t.Complaint, BindText(t.Direction), BindInstant(t.FirstReplyAt),
		BindInstant(t.FirstSolvedAt), BindInstant(t.SolvedAt), BindInt(t.Reopens),
		BindInt(t.AgentReplies), BindFloat(t.WaitSeconds), BindFloat(t.HandleSeconds),
		BindInt(t.Transfers), attrs), nil
}

var MessageColumns = []string{
	"id", "ticket_id", "at", "author", "agent", "attrs",
}

// BindMessage appends the values of message rec in MessageColumns order.
func BindMessage(rec cx.Record, dst []any) ([]any, error) {
	m, ok := rec.(*cx.Message)
	if !ok || m == nil {
		return dst, WrongRecord("message", rec)
	}
	attrs, err := BindAttrs(m.Attrs)
	if err != nil {
		return dst, err
	}
	return append(dst, m.ID, m.TicketID, BindInstant(m.At), m.Author, BindText(m.Agent), attrs), nil
}

var ResponseColumns = []string{
	"id", "survey", "score", "submitted_at", "customer_id", "ticket_id", "channel", "team",
	"agent", "comment", "language", "replied_at", "attrs",
}

// BindResponse appends the values of response rec in ResponseColumns order.
func BindResponse(rec cx.Record, dst []any) ([]any, error) {
	s, ok := rec.(*cx.Response)
	if !ok || s == nil {
		return dst, WrongRecord("response", rec)
	}
	attrs, err := BindAttrs(s.Attrs)
	if err != nil {
		return dst, err
	}
	return append(dst, s.ID, s.Survey, int64(s.Score), BindInstant(s.SubmittedAt),
		BindText(s.CustomerID), BindText(s.TicketID), BindText(s.Channel), BindText(s.Team),
		BindText(s.Agent), BindText(s.Comment), BindText(s.Language), BindInstant(s.RepliedAt),
		attrs), nil
}

var MentionColumns = []string{
	"id", "source", "at", "text", "author", "url", "replied_at", "attrs",
}

// BindMention appends the values of mention rec in MentionColumns order.
func BindMention(rec cx.Record, dst []any) ([]any, error) {
	m, ok := rec.(*cx.Mention)
	if !ok || m == nil {
		return dst, WrongRecord("mention", rec)
	}
	attrs, err := BindAttrs(m.Attrs)
	if err != nil {
		return dst, err
	}
	return append(dst, m.ID, m.Source, BindInstant(m.At), m.Text, BindText(m.Author),
		BindText(m.URL), BindInstant(m.RepliedAt), attrs), nil
}

// A review's row is keyed by cx.ReviewKey and keeps review_id and criterion as they were given,
// so the criterion is shown as first typed while its key compares case-insensitively.
var ReviewColumns = []string{
	"id", "review_id", "criterion", "reviewed_at", "agent", "ticket_id", "reviewer", "rating",
	"attrs",
}

// BindReview appends the values of review rec in ReviewColumns order.
func BindReview(rec cx.Record, dst []any) ([]any, error) {
	v, ok := rec.(*cx.Review)
	if !ok || v == nil {
		return dst, WrongRecord("review", rec)
	}
	attrs, err := BindAttrs(v.Attrs)
	if err != nil {
		return dst, err
	}
	return append(dst, v.Key(), v.ReviewID, v.Criterion, BindInstant(v.ReviewedAt), v.Agent,
		BindText(v.TicketID), BindText(v.Reviewer), BindInt(v.Rating), attrs), nil
}

var EventColumns = []string{
	"id", "customer_id", "kind", "at", "attrs",
}

// BindEvent appends the values of event rec in EventColumns order.
func BindEvent(rec cx.Record, dst []any) ([]any, error) {
	e, ok := rec.(*cx.Event)
	if !ok || e == nil {
		return dst, WrongRecord("event", rec)
	}
	attrs, err := BindAttrs(e.Attrs)
	if err != nil {
		return dst, err
	}
	return append(dst, e.ID, e.CustomerID, e.Kind, BindInstant(e.At), attrs), nil
}
