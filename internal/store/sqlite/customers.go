package sqlite

import "github.com/klantpuls/klantpuls/internal/cx"

var customers = newTable(cx.KindCustomers, []string{
	"id", "acquired_at", "name", "email", "segment", "churned_at", "referred_by", "attrs",
}, bindCustomer, scanCustomer)

func bindCustomer(rec cx.Record, dst []any) ([]any, error) {
	c, ok := rec.(*cx.Customer)
	if !ok || c == nil {
		return dst, wrongType("customer", rec)
	}
	attrs, err := attrsJSON(c.Attrs)
	if err != nil {
		return dst, err
	}
	return append(dst, c.ID, instant(c.AcquiredAt), text(c.Name), text(c.Email), text(c.Segment),
		instant(c.ChurnedAt), text(c.ReferredBy), attrs), nil
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
