package postgres

import "github.com/klantpuls/klantpuls/internal/cx"

// The record kinds: for each, its columns, how a record becomes a row and a row a record. They
// mirror the SQLite store's, column for column; TestSameRowsAsSQLite holds them to it.

var customers = newTable(cx.KindCustomers, []string{
	"id", "acquired_at", "name", "email", "segment", "churned_at", "referred_by", "attrs",
}, bindCustomer, scanCustomer)

func bindCustomer(rec cx.Record, dst []any) ([]any, error) {
	c, ok := rec.(*cx.Customer)
	if !ok || c == nil {
		return dst, wrongRecord("customer", rec)
	}
	attrs, err := bindAttrs(c.Attrs)
	if err != nil {
		return dst, err
	}
	return append(dst, c.ID, bindInstant(c.AcquiredAt), bindText(c.Name), bindText(c.Email),
		bindText(c.Segment), bindInstant(c.ChurnedAt), bindText(c.ReferredBy), attrs), nil
}

func scanCustomer(r *row) cx.Record {
	return &cx.Customer{
		ID:         r.text(),
		AcquiredAt: r.instant(),
		Name:       r.text(),
		Email:      r.text(),
		Segment:    r.text(),
		ChurnedAt:  r.instant(),
		ReferredBy: r.text(),
		Attrs:      r.attrs(),
	}
}

var orders = newTable(cx.KindOrders, []string{
	"id", "customer_id", "ordered_at", "amount", "gross_margin", "attrs",
}, bindOrder, scanOrder)

func bindOrder(rec cx.Record, dst []any) ([]any, error) {
	o, ok := rec.(*cx.Order)
	if !ok || o == nil {
		return dst, wrongRecord("order", rec)
	}
	attrs, err := bindAttrs(o.Attrs)
	if err != nil {
		return dst, err
	}
	return append(dst, o.ID, o.CustomerID, bindInstant(o.OrderedAt), o.Amount,
		bindFloat(o.GrossMargin), attrs), nil
}

func scanOrder(r *row) cx.Record {
	return &cx.Order{
		ID:          r.text(),
		CustomerID:  r.text(),
		OrderedAt:   r.instant(),
		Amount:      r.real(),
		GrossMargin: r.optFloat(),
		Attrs:       r.attrs(),
	}
}

var tickets = newTable(cx.KindTickets, []string{
	"id", "created_at", "customer_id", "channel", "team", "agent", "category", "complaint",
	"direction", "first_reply_at", "first_solved_at", "solved_at", "reopens", "agent_replies",
	"wait_seconds", "handle_seconds", "transfers", "attrs",
}, bindTicket, scanTicket)

func bindTicket(rec cx.Record, dst []any) ([]any, error) {
	t, ok := rec.(*cx.Ticket)
	if !ok || t == nil {
		return dst, wrongRecord("ticket", rec)
	}
	attrs, err := bindAttrs(t.Attrs)
	if err != nil {
		return dst, err
	}
	return append(dst, t.ID, bindInstant(t.CreatedAt), bindText(t.CustomerID),
		bindText(t.Channel), bindText(t.Team), bindText(t.Agent), bindText(t.Category),
		t.Complaint, bindText(t.Direction), bindInstant(t.FirstReplyAt),
		bindInstant(t.FirstSolvedAt), bindInstant(t.SolvedAt), bindInt(t.Reopens),
		bindInt(t.AgentReplies), bindFloat(t.WaitSeconds), bindFloat(t.HandleSeconds),
		bindInt(t.Transfers), attrs), nil
}

func scanTicket(r *row) cx.Record {
	return &cx.Ticket{
		ID:            r.text(),
		CreatedAt:     r.instant(),
		CustomerID:    r.text(),
		Channel:       r.text(),
		Team:          r.text(),
		Agent:         r.text(),
		Category:      r.text(),
		Complaint:     r.flag(),
		Direction:     r.text(),
		FirstReplyAt:  r.instant(),
		FirstSolvedAt: r.instant(),
		SolvedAt:      r.instant(),
		Reopens:       r.optInt(),
		AgentReplies:  r.optInt(),
		WaitSeconds:   r.optFloat(),
		HandleSeconds: r.optFloat(),
		Transfers:     r.optInt(),
		Attrs:         r.attrs(),
	}
}

var messages = newTable(cx.KindMessages, []string{
	"id", "ticket_id", "at", "author", "agent", "attrs",
}, bindMessage, scanMessage)

func bindMessage(rec cx.Record, dst []any) ([]any, error) {
	m, ok := rec.(*cx.Message)
	if !ok || m == nil {
		return dst, wrongRecord("message", rec)
	}
	attrs, err := bindAttrs(m.Attrs)
	if err != nil {
		return dst, err
	}
	return append(dst, m.ID, m.TicketID, bindInstant(m.At), m.Author, bindText(m.Agent), attrs), nil
}

func scanMessage(r *row) cx.Record {
	return &cx.Message{
		ID:       r.text(),
		TicketID: r.text(),
		At:       r.instant(),
		Author:   r.text(),
		Agent:    r.text(),
		Attrs:    r.attrs(),
	}
}

var responses = newTable(cx.KindResponses, []string{
	"id", "survey", "score", "submitted_at", "customer_id", "ticket_id", "channel", "team",
	"agent", "comment", "language", "replied_at", "attrs",
}, bindResponse, scanResponse)

func bindResponse(rec cx.Record, dst []any) ([]any, error) {
	s, ok := rec.(*cx.Response)
	if !ok || s == nil {
		return dst, wrongRecord("response", rec)
	}
	attrs, err := bindAttrs(s.Attrs)
	if err != nil {
		return dst, err
	}
	return append(dst, s.ID, s.Survey, int64(s.Score), bindInstant(s.SubmittedAt),
		bindText(s.CustomerID), bindText(s.TicketID), bindText(s.Channel), bindText(s.Team),
		bindText(s.Agent), bindText(s.Comment), bindText(s.Language), bindInstant(s.RepliedAt),
		attrs), nil
}

func scanResponse(r *row) cx.Record {
	return &cx.Response{
		ID:          r.text(),
		Survey:      r.text(),
		Score:       int(r.integer()),
		SubmittedAt: r.instant(),
		CustomerID:  r.text(),
		TicketID:    r.text(),
		Channel:     r.text(),
		Team:        r.text(),
		Agent:       r.text(),
		Comment:     r.text(),
		Language:    r.text(),
		RepliedAt:   r.instant(),
		Attrs:       r.attrs(),
	}
}

var mentions = newTable(cx.KindMentions, []string{
	"id", "source", "at", "text", "author", "url", "replied_at", "attrs",
}, bindMention, scanMention)

func bindMention(rec cx.Record, dst []any) ([]any, error) {
	m, ok := rec.(*cx.Mention)
	if !ok || m == nil {
		return dst, wrongRecord("mention", rec)
	}
	attrs, err := bindAttrs(m.Attrs)
	if err != nil {
		return dst, err
	}
	return append(dst, m.ID, m.Source, bindInstant(m.At), m.Text, bindText(m.Author),
		bindText(m.URL), bindInstant(m.RepliedAt), attrs), nil
}

func scanMention(r *row) cx.Record {
	return &cx.Mention{
		ID:        r.text(),
		Source:    r.text(),
		At:        r.instant(),
		Text:      r.text(),
		Author:    r.text(),
		URL:       r.text(),
		RepliedAt: r.instant(),
		Attrs:     r.attrs(),
	}
}

// reviews keys a row by cx.ReviewKey and keeps review_id and criterion as they were given, so
// the criterion is shown as first typed while its key compares case-insensitively.
var reviews = newTable(cx.KindReviews, []string{
	"id", "review_id", "criterion", "reviewed_at", "agent", "ticket_id", "reviewer", "rating",
	"attrs",
}, bindReview, scanReview)

func bindReview(rec cx.Record, dst []any) ([]any, error) {
	v, ok := rec.(*cx.Review)
	if !ok || v == nil {
		return dst, wrongRecord("review", rec)
	}
	attrs, err := bindAttrs(v.Attrs)
	if err != nil {
		return dst, err
	}
	return append(dst, v.Key(), v.ReviewID, v.Criterion, bindInstant(v.ReviewedAt), v.Agent,
		bindText(v.TicketID), bindText(v.Reviewer), bindInt(v.Rating), attrs), nil
}

func scanReview(r *row) cx.Record {
	r.text() // id is derived from review_id and criterion
	return &cx.Review{
		ReviewID:   r.text(),
		Criterion:  r.text(),
		ReviewedAt: r.instant(),
		Agent:      r.text(),
		TicketID:   r.text(),
		Reviewer:   r.text(),
		Rating:     r.optInt(),
		Attrs:      r.attrs(),
	}
}

var events = newTable(cx.KindEvents, []string{
	"id", "customer_id", "kind", "at", "attrs",
}, bindEvent, scanEvent)

func bindEvent(rec cx.Record, dst []any) ([]any, error) {
	e, ok := rec.(*cx.Event)
	if !ok || e == nil {
		return dst, wrongRecord("event", rec)
	}
	attrs, err := bindAttrs(e.Attrs)
	if err != nil {
		return dst, err
	}
	return append(dst, e.ID, e.CustomerID, e.Kind, bindInstant(e.At), attrs), nil
}

func scanEvent(r *row) cx.Record {
	return &cx.Event{
		ID:         r.text(),
		CustomerID: r.text(),
		Kind:       r.text(),
		At:         r.instant(),
		Attrs:      r.attrs(),
	}
}
