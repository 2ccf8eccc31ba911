package sqlite

import (
	"github.com/klantpuls/klantpuls/internal/cx"
	"github.com/klantpuls/klantpuls/internal/store"
)

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
	return append(dst, c.ID, store.BindInstant(c.AcquiredAt), store.BindText(c.Name), store.BindText(c.Email), store.BindText(c.Segment),
		store.BindInstant(c.ChurnedAt), store.BindText(c.ReferredBy), attrs), nil
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
