package sqlite

import (
	"github.com/klantpuls/klantpuls/internal/cx"
	"github.com/klantpuls/klantpuls/internal/store"
)

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
