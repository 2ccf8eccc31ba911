package sqlite

import "github.com/klantpuls/klantpuls/internal/cx"

var events = newTable(cx.KindEvents, []string{
	"id", "customer_id", "kind", "at", "attrs",
}, bindEvent, scanEvent)

func bindEvent(rec cx.Record, dst []any) ([]any, error) {
	e, ok := rec.(*cx.Event)
	if !ok || e == nil {
		return dst, wrongType("event", rec)
	}
	attrs, err := attrsJSON(e.Attrs)
	if err != nil {
		return dst, err
	}
	return append(dst, e.ID, e.CustomerID, e.Kind, instant(e.At), attrs), nil
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
