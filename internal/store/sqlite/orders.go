package sqlite

import "github.com/klantpuls/klantpuls/internal/cx"

var orders = newTable(cx.KindOrders, []string{
	"id", "customer_id", "ordered_at", "amount", "gross_margin", "attrs",
}, bindOrder, scanOrder)

func bindOrder(rec cx.Record, dst []any) ([]any, error) {
	o, ok := rec.(*cx.Order)
	if !ok || o == nil {
		return dst, wrongType("order", rec)
	}
	attrs, err := attrsJSON(o.Attrs)
	if err != nil {
		return dst, err
	}
	return append(dst, o.ID, o.CustomerID, instant(o.OrderedAt), o.Amount,
		optFloat(o.GrossMargin), attrs), nil
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
