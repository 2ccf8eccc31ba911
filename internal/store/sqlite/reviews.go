package sqlite

import (
	"github.com/klantpuls/klantpuls/internal/cx"
	"github.com/klantpuls/klantpuls/internal/store"
)

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
