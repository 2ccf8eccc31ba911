package sqlite

import (
	"github.com/klantpuls/klantpuls/internal/cx"
	"github.com/klantpuls/klantpuls/internal/store"
)

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
		store.BindText(s.CustomerID), store.BindText(s.TicketID), store.BindText(s.Channel), store.BindText(s.Team), store.BindText(s.Agent),
		store.BindText(s.Comment), store.BindText(s.Language), store.BindInstant(s.RepliedAt), attrs), nil
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
