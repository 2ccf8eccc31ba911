package sqlite

import (
	"github.com/klantpuls/klantpuls/internal/cx"
	"github.com/klantpuls/klantpuls/internal/store"
)

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
