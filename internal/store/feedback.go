package store

import (
	"context"
	"maps"
	"slices"
	"strings"

	"github.com/klantpuls/klantpuls/internal/cx"
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

// feedbackColumns are the expressions a feedback filter may compare, in both stores' SQL: an
// answer's channel, team and agent are its own, else its ticket's; its segment its customer's.
var feedbackColumns = map[string]string{
	"channel": "COALESCE(r.channel, t.channel)", "team": "COALESCE(r.team, t.team)",
	"agent": "COALESCE(r.agent, t.agent)", "segment": "c.segment",
}

// FeedbackFilter is one filter of a feedback query: the SQL expression it compares, trimmed
// and lower-cased, with Key. The expression is fixed here, never taken from input; only Key is
// bound.
type FeedbackFilter struct {
	Column string
	Key    string // the filter's value as cx.NameKey
}

// FeedbackFilters returns the filters of filter in key order; cx.EINVALID for a key that is not
// channel, team, agent or segment.
func FeedbackFilters(filter map[string]string) ([]FeedbackFilter, error) {
	var out []FeedbackFilter
	for _, dim := range slices.Sorted(maps.Keys(filter)) {
		col, ok := feedbackColumns[dim]
		if !ok {
			return nil, cx.Errorf(cx.EINVALID, "store: unknown filter %q", dim)
		}
		out = append(out, FeedbackFilter{Column: col, Key: cx.NameKey(filter[dim])})
	}
	return out, nil
}

// RepliedCondition is the condition on replied_at of a Replied filter.
func RepliedCondition(replied bool) string {
	if replied {
		return "replied_at IS NOT NULL"
	}
	return "replied_at IS NULL"
}
