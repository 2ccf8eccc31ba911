package sqlite

import (
	"github.com/klantpuls/klantpuls/internal/cx"
	"github.com/klantpuls/klantpuls/internal/store"
)

// The record kinds: for each, its table and how a row becomes a record again. The columns and
// binds are shared with the PostgreSQL store (store.CustomerColumns, store.BindCustomer, …).

var customers = newTable(cx.KindCustomers, store.CustomerColumns, store.BindCustomer, scanCustomer)

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

var orders = newTable(cx.KindOrders, store.OrderColumns, store.BindOrder, scanOrder)

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

var tickets = newTable(cx.KindTickets, store.TicketColumns, store.BindTicket, scanTicket)

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

var messages = newTable(cx.KindMessages, store.MessageColumns, store.BindMessage, scanMessage)

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

var responses = newTable(cx.KindResponses, store.ResponseColumns, store.BindResponse, scanResponse)

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

var mentions = newTable(cx.KindMentions, store.MentionColumns, store.BindMention, scanMention)

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

var reviews = newTable(cx.KindReviews, store.ReviewColumns, store.BindReview, scanReview)

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

var events = newTable(cx.KindEvents, store.EventColumns, store.BindEvent, scanEvent)

func scanEvent(r *row) cx.Record {
	return &cx.Event{
		ID:         r.text(),
		CustomerID: r.text(),
		Kind:       r.text(),
		At:         r.instant(),
		Attrs:      r.attrs(),
	}
}
