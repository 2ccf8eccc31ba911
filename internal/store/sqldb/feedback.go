package sqldb

import (
	"context"
	"maps"
	"math"
	"slices"
	"strings"

	"github.com/klantpuls/klantpuls/internal/cx"
	"github.com/klantpuls/klantpuls/internal/metric"
	"github.com/klantpuls/klantpuls/internal/store"
)

// Feedback reads answers with a comment and mentions, newest first. An answer's channel, team,
// agent and customer are its own, else its ticket's; its segment its customer's. Mentions have
// none of these, so a filter on them or on a score leaves mentions out.
//
// Ties in time are broken by id in byte order: SQLite compares text so, and PostgreSQL's id
// columns are COLLATE "C"; so a page boundary falls where mergeFeedback expects it.
func (s *Store) Feedback(ctx context.Context, q store.FeedbackQuery) ([]store.FeedbackItem, error) {
	return mergeFeedback(ctx, q, s.feedbackAnswers, s.feedbackMentions)
}

func (s *Store) feedbackAnswers(ctx context.Context, q store.FeedbackQuery, limit int) ([]store.FeedbackItem, error) {
	if len(q.IDs) > idsPerRead {
		// In pieces of idsPerRead, as every read by id: binding thousands of numbered
		// parameters in one statement costs SQLite time in their square (the follow-up page's
		// 5,000 picked answers took a third of its time binding). mergeFeedback orders the
		// pieces' rows together and keeps the limit.
		var out []store.FeedbackItem
		for part := range slices.Chunk(q.IDs, idsPerRead) {
			one := q
			one.IDs = part
			got, err := s.feedbackAnswers(ctx, one, limit)
			if err != nil {
				return nil, err
			}
			out = append(out, got...)
		}
		return out, nil
	}
	var args params
	at := "r.submitted_at"
	if q.IDs != nil {
		// Unary plus keeps the period's index out of the plan (SQLite and PostgreSQL alike):
		// reading the answers by id is the point, and with thousands of ids SQLite's planner
		// would rather scan the period.
		at = "+r.submitted_at"
	}
	where := []string{at + " >= " + args.add(q.From.Unix()), at + " < " + args.add(q.To.Unix())}
	if !q.AllAnswers {
		where = append(where, "r.comment IS NOT NULL")
	}
	if q.Survey != "" {
		where = append(where, "r.survey = "+args.add(q.Survey))
	}
	if q.IDs != nil {
		if len(q.IDs) == 0 {
			return nil, nil
		}
		where = append(where, "r.id IN ("+args.in(q.IDs)+")")
	}
	if q.MinScore != nil {
		where = append(where, "r.score >= "+args.add(*q.MinScore))
	}
	if q.MaxScore != nil {
		where = append(where, "r.score <= "+args.add(*q.MaxScore))
	}
	if q.Scales != nil {
		where = append(where, scalesCondition(q.Scales, &args))
	}
	if q.Replied != nil {
		where = append(where, "r."+repliedCondition(*q.Replied))
	}
	filters, err := feedbackFilters(q.Filter, &args)
	if err != nil {
		return nil, err
	}
	where = append(where, filters...)
	tone, err := sentimentCondition(q.Sentiment, "r.sentiment", &args)
	if err != nil {
		return nil, err
	}
	if tone != "" {
		where = append(where, tone)
	}
	query := `SELECT r.id, r.survey, r.score, r.submitted_at, r.comment, r.language,
		COALESCE(r.channel, t.channel), COALESCE(r.team, t.team), COALESCE(r.agent, t.agent),
		COALESCE(r.customer_id, t.customer_id), r.ticket_id, r.replied_at, r.sentiment
		FROM responses r
		LEFT JOIN tickets t ON t.id = r.ticket_id
		LEFT JOIN customers c ON c.id = COALESCE(r.customer_id, t.customer_id)
		WHERE ` + strings.Join(where, " AND ") + ` ORDER BY r.submitted_at DESC, r.id LIMIT ` + args.add(s.noLimit(limit))
	return list(ctx, s, "feedback", scanFeedbackAnswer, query, args...)
}

func scanFeedbackAnswer(r *row) store.FeedbackItem {
	it := store.FeedbackItem{Kind: cx.KindResponses, ID: r.Text(), Survey: r.Text()}
	score := int(r.Integer())
	it.Score, it.At, it.Text, it.Language = &score, r.instant(), r.Text(), r.Text()
	it.Channel, it.Team, it.Agent, it.CustomerID, it.TicketID = r.Text(), r.Text(), r.Text(), r.Text(), r.Text()
	it.RepliedAt, it.Sentiment = r.instant(), optReal(r)
	return it
}

func (s *Store) feedbackMentions(ctx context.Context, q store.FeedbackQuery, limit int) ([]store.FeedbackItem, error) {
	var args params
	where := "at >= " + args.add(q.From.Unix()) + " AND at < " + args.add(q.To.Unix())
	if q.Replied != nil {
		where += " AND " + repliedCondition(*q.Replied)
	}
	tone, err := sentimentCondition(q.Sentiment, "sentiment", &args)
	if err != nil {
		return nil, err
	}
	if tone != "" {
		where += " AND " + tone
	}
	return list(ctx, s, "mentions", scanFeedbackMention, `SELECT id, source, at, text, author, url,
		replied_at, sentiment FROM mentions WHERE `+where+` ORDER BY at DESC, id LIMIT `+args.add(s.noLimit(limit)), args...)
}

func scanFeedbackMention(r *row) store.FeedbackItem {
	return store.FeedbackItem{Kind: cx.KindMentions, ID: r.Text(), Source: r.Text(), At: r.instant(), Text: r.Text(),
		Author: r.Text(), URL: r.Text(), RepliedAt: r.instant(), Sentiment: optReal(r)}
}

// scalesCondition keeps the answers whose score is in the range of their own scale, each
// range bound as parameters, so the rule stays in metric (metric.EveryScale) and the database
// judges as the engine does. An answer names its scale as the importer writes it (canonical,
// metric.ScaleCode); none, stored as NULL or empty, is the install's.
func scalesCondition(scales []metric.ScaleScores, args *params) string {
	if len(scales) == 0 {
		return "1 = 0"
	}
	conds := make([]string, len(scales))
	for i, s := range scales {
		conds[i] = "(COALESCE(r.scale, '') = " + args.add(s.Scale) + " AND r.score BETWEEN " +
			args.add(s.Min) + " AND " + args.add(s.Max) + ")"
	}
	return "(" + strings.Join(conds, " OR ") + ")"
}

// sentimentCondition is the condition on column (a stored score) that keeps the texts of one
// label: metric.SentimentRange's bounds, bound as parameters, so the rule stays in metric. ""
// for no label; cx.EINVALID for a label that is none.
func sentimentCondition(label, column string, args *params) (string, error) {
	if label == "" {
		return "", nil
	}
	r, ok := metric.SentimentRange(label)
	if !ok {
		return "", cx.Errorf(cx.EINVALID, "store: unknown sentiment %q (want positive, neutral or negative)", label)
	}
	above, below := " > ", " < "
	if r.Inclusive {
		above, below = " >= ", " <= "
	}
	var conds []string
	if !math.IsInf(r.Min, -1) {
		conds = append(conds, column+above+args.add(r.Min))
	}
	if !math.IsInf(r.Max, 1) {
		conds = append(conds, column+below+args.add(r.Max))
	}
	return strings.Join(conds, " AND "), nil
}

// mergeFeedback reads the answers and, when the query allows them (q.WithMentions), the
// mentions — each source already newest first and at most Offset+Limit long — then merge them
// and cut the page. Ties in time go by id in byte order.
func mergeFeedback(ctx context.Context, q store.FeedbackQuery,
	answers, mentions func(ctx context.Context, q store.FeedbackQuery, limit int) ([]store.FeedbackItem, error)) ([]store.FeedbackItem, error) {
	limit := q.Limit + q.Offset // each source's rows up to the page's end; 0: every one
	if q.Limit <= 0 {
		limit = 0
	}
	var items []store.FeedbackItem
	if q.WithAnswers() {
		got, err := answers(ctx, q, limit)
		if err != nil {
			return nil, err
		}
		items = append(items, got...)
	}
	if q.WithMentions() {
		got, err := mentions(ctx, q, limit)
		if err != nil {
			return nil, err
		}
		items = append(items, got...)
	}
	slices.SortStableFunc(items, func(a, b store.FeedbackItem) int {
		if c := b.At.Compare(a.At); c != 0 {
			return c
		}
		return strings.Compare(a.ID, b.ID)
	})
	if q.Offset >= len(items) {
		return []store.FeedbackItem{}, nil
	}
	if limit == 0 {
		return items[q.Offset:], nil
	}
	return items[q.Offset:min(len(items), limit)], nil
}

// feedbackColumns are the columns a feedback filter compares, by dimension (names.go): an
// answer's channel, team and agent are its own, else its ticket's; its segment its customer's;
// its category its ticket's (an answer has none of its own).
var feedbackColumns = map[string]string{
	"channel": "COALESCE(r.channel, t.channel)", "team": "COALESCE(r.team, t.team)",
	"agent": "COALESCE(r.agent, t.agent)", "segment": "c.segment", "category": "t.category",
}

// feedbackFilters returns the conditions of filter in key order, their values added to args;
// cx.EINVALID for a key that is not channel, team, agent, segment or category. The columns are
// fixed here, never taken from input; only values are bound.
func feedbackFilters(filter map[string]string, args *params) ([]string, error) {
	var out []string
	for _, dim := range slices.Sorted(maps.Keys(filter)) {
		col, ok := feedbackColumns[dim]
		if !ok {
			return nil, cx.Errorf(cx.EINVALID, "store: unknown filter %q", dim)
		}
		out = append(out, nameIn(col, dim, filter[dim], args))
	}
	return out, nil
}

// repliedCondition is the condition on replied_at of a Replied filter.
func repliedCondition(replied bool) string {
	if replied {
		return "replied_at IS NOT NULL"
	}
	return "replied_at IS NULL"
}
