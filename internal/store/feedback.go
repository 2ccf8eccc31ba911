package store

import (
	"context"
	"slices"
	"strings"
)

// Feedback is the part of the feedback stream both stores share: read the answers and, when
// the query allows them, the mentions — each source already newest first and at most
// Offset+Limit long — then merge them and cut the page. Mentions have no channel, team, agent,
// segment or score, so any such filter leaves them out. Ties in time go by id in byte order.
func Feedback(ctx context.Context, q FeedbackQuery,
	answers, mentions func(ctx context.Context, q FeedbackQuery, limit int) ([]FeedbackItem, error)) ([]FeedbackItem, error) {
	limit := q.Limit + q.Offset
	var items []FeedbackItem
	if q.Survey != "mention" {
		got, err := answers(ctx, q, limit)
		if err != nil {
			return nil, err
		}
		items = append(items, got...)
	}
	if !q.AllAnswers && (q.Survey == "" || q.Survey == "mention") && q.MinScore == nil && q.MaxScore == nil && len(q.Filter) == 0 {
		got, err := mentions(ctx, q, limit)
		if err != nil {
			return nil, err
		}
		items = append(items, got...)
	}
	slices.SortStableFunc(items, func(a, b FeedbackItem) int {
		if c := b.At.Compare(a.At); c != 0 {
			return c
		}
		return strings.Compare(a.ID, b.ID)
	})
	if q.Offset >= len(items) {
		return []FeedbackItem{}, nil
	}
	return items[q.Offset:min(len(items), limit)], nil
}
