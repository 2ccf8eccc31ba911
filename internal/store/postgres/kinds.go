package postgres

import (
	"github.com/klantpuls/klantpuls/internal/cx"
	"github.com/klantpuls/klantpuls/internal/store"
)

// The record kinds: for each, its columns, how a record becomes a row and a row a record. They
// mirror the SQLite store's, column for column; TestSameRowsAsSQLite holds them to it.

var customers = newTable(cx.KindCustomers, []string{
	"id", "acquired_at", "name", "email", "segment", "churned_at", "referred_by", "attrs",
}, bindCustomer, scanCustomer)

func bindCustomer(rec cx.Record, dst []any) ([]any, error) {
	c, ok := rec.(*cx.Customer)
	if !ok || c == nil {
		return dst, store.WrongRecord("customer", rec)
	}
	attrs, err := store.BindAttrs(c.Attrs)
	if err != nil {
		return dst, err
	}
	return append(dst, c.ID, store.BindInstant(c.AcquiredAt), store.BindText(c.Name), store.BindText(c.Email),
		store.BindText(c.Segment), store.BindInstant(c.ChurnedAt), store.BindText(c.ReferredBy), attrs), nil
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
		return dst, store.WrongRecord("order", rec)
	}
	attrs, err := store.BindAttrs(o.Attrs)
	if err != nil {
		return dst, err
	}
	return append(dst, o.ID, o.CustomerID, store.BindInstant(o.OrderedAt), o.Amount,
		store.BindFloat(o.GrossMargin), attrs), nil
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
		return dst, store.WrongRecord("ticket", rec)
	}
	attrs, err := store.BindAttrs(t.Attrs)
	if err != nil {
		return dst, err
	}
	return append(dst, t.ID, store.BindInstant(t.CreatedAt), store.BindText(t.CustomerID),
		store.BindText(t.Channel), store.BindText(t.Team), store.BindText(t.Agent), store.BindText(t.Category),
		t.Complaint, store.BindText(t.Direction), store.BindInstant(t.FirstReplyAt),
		store.BindInstant(t.FirstSolvedAt), store.BindInstant(t.SolvedAt), store.BindInt(t.Reopens),
		store.BindInt(t.AgentReplies), store.BindFloat(t.WaitSeconds), store.BindFloat(t.HandleSeconds),
		store.BindInt(t.Transfers), attrs), nil
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
		return dst, store.WrongRecord("message", rec)
	}
	attrs, err := store.BindAttrs(m.Attrs)
	if err != nil {
		return dst, err
	}
	return append(dst, m.ID, m.TicketID, store.BindInstant(m.At), m.Author, store.BindText(m.Agent), attrs), nil
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
		return dst, store.WrongRecord("response", rec)
	}
	attrs, err := store.BindAttrs(s.Attrs)
	if err != nil {
		return dst, err
	}
	return append(dst, s.ID, s.Survey, int64(s.Score), store.BindInstant(s.SubmittedAt),
		store.BindText(s.CustomerID), store.BindText(s.TicketID), store.BindText(s.Channel), store.BindText(s.Team),
		store.BindText(s.Agent), store.BindText(s.Comment), store.BindText(s.Language), store.BindInstant(s.RepliedAt),
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
		return dst, store.WrongRecord("mention", rec)
	}
	attrs, err := store.BindAttrs(m.Attrs)
	if err != nil {
		return dst, err
	}
	return append(dst, m.ID, m.Source, store.BindInstant(m.At), m.Text, store.BindText(m.Author),
		store.BindText(m.URL), store.BindInstant(m.RepliedAt), attrs), nil
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
		return dst, store.WrongRecord("review", rec)
	}
	attrs, err := store.BindAttrs(v.Attrs)
	if err != nil {
		return dst, err
	}
	return append(dst, v.Key(), v.ReviewID, v.Criterion, store.BindInstant(v.ReviewedAt), v.Agent,
		store.BindText(v.TicketID), store.BindText(v.Reviewer), store.BindInt(v.Rating), attrs), nil
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
		return dst, store.WrongRecord("event", rec)
	}
	attrs, err := store.BindAttrs(e.Attrs)
	if err != nil {
		return dst, err
	}
	return append(dst, e.ID, e.CustomerID, e.Kind, store.BindInstant(e.At), attrs), nil
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
