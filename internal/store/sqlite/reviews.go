package sqlite

import "github.com/klantpuls/klantpuls/internal/cx"

// reviews keys a row by cx.ReviewKey and keeps review_id and criterion as they were given, so
// the criterion is shown as first typed while its key compares case-insensitively.
var reviews = newTable(cx.KindReviews, []string{
	"id", "review_id", "criterion", "reviewed_at", "agent", "ticket_id", "reviewer", "rating",
	"attrs",
}, bindReview, scanReview)

func bindReview(rec cx.Record, dst []any) ([]any, error) {
	v, ok := rec.(*cx.Review)
	if !ok || v == nil {
		return dst, wrongType("review", rec)
	}
	attrs, err := attrsJSON(v.Attrs)
	if err != nil {
		return dst, err
	}
	return append(dst, v.Key(), v.ReviewID, v.Criterion, instant(v.ReviewedAt), v.Agent,
		text(v.TicketID), text(v.Reviewer), optInt(v.Rating), attrs), nil
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
