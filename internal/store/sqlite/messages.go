package sqlite

import (
	"github.com/klantpuls/klantpuls/internal/cx"
	"github.com/klantpuls/klantpuls/internal/store"
)

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
